/**
 * Local drafts of forms being typed (issue 17: nothing typed is ever lost). A form's values are
 * kept in the browser's storage while they differ from what the form opened with, per user and
 * page, and given back when the user comes back (after navigating away, Back, a crash, or a
 * re-login after the session ended). Saving clears the draft. Forms with secrets (passwords,
 * one-time codes) are never kept.
 */

const PREFIX = 'outreach.draft.v1:';
/** drafts older than this are dropped: a draft is for coming back soon, not an archive */
export const DRAFT_MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;
const SECRET_KEY = /password|otp|secret|recovery/i;

interface StoredDraft {
  savedAt: number;
  values: unknown;
}

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null; // storage disabled (private mode, policy)
  }
}

/** The key of a form's draft: the user, the page, and the form's field names (two forms on one page differ). */
export function draftKey(userId: string, path: string, values: object): string | null {
  const fields = Object.keys(values).sort();
  if (fields.length === 0 || fields.some((f) => SECRET_KEY.test(f))) return null;
  return `${PREFIX}${userId}:${path}:${fields.join(',')}`;
}

export function readDraft<T>(key: string, now = Date.now()): T | null {
  const s = storage();
  const raw = s?.getItem(key);
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as StoredDraft;
    if (typeof draft.savedAt !== 'number' || now - draft.savedAt > DRAFT_MAX_AGE_MS) {
      s?.removeItem(key);
      return null;
    }
    return draft.values as T;
  } catch {
    s?.removeItem(key);
    return null;
  }
}

export function writeDraft(key: string, values: unknown, now = Date.now()): void {
  try {
    storage()?.setItem(key, JSON.stringify({ savedAt: now, values } satisfies StoredDraft));
  } catch {
    // full or refused storage: the form still works, only without a draft
  }
}

export function clearDraft(key: string): void {
  storage()?.removeItem(key);
}

/** Drops every expired draft (called once at start-up). */
export function pruneDrafts(now = Date.now()): void {
  const s = storage();
  if (!s) return;
  for (let i = s.length - 1; i >= 0; i--) {
    const key = s.key(i);
    if (key?.startsWith(PREFIX)) readDraft(key, now);
  }
}

// Forms with unsaved changes on the page now: the leave guard asks before a link takes the user away.
const dirtyForms = new Set<symbol>();
export function markDirty(id: symbol, dirty: boolean): void {
  if (dirty) dirtyForms.add(id);
  else dirtyForms.delete(id);
}
export function hasDirtyForms(): boolean {
  return dirtyForms.size > 0;
}
