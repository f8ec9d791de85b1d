import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from './client';

/** The i18n key of the user-facing message for an error. */
export function errorMessageKey(err: unknown): string {
  if (err instanceof NetworkError) return 'errors.network';
  if (!(err instanceof ApiError)) return 'errors.unknown';
  const s = err.status;
  if (s === 400 || s === 422) return 'errors.badRequest';
  if (s === 401) return 'errors.unauthorized';
  if (s === 403) return 'errors.forbidden';
  if (s === 404) return 'errors.notFound';
  if (s === 409) return err.isStaleVersion ? 'errors.conflict' : 'errors.conflictState';
  if (s === 413) return 'errors.tooLarge';
  if (s === 415) return 'errors.unsupportedMedia';
  if (s === 429) return 'errors.tooMany';
  if (s >= 500) return 'errors.server';
  return 'errors.unknown';
}

export interface DescribedError {
  /** the message in the user's language */
  message: string;
  /** the server's own message, when it adds something (shown as secondary detail) */
  detail?: string;
  /** field path → message, shown beside the fields */
  fields: Record<string, string>;
  requestId?: string;
  status?: number;
  /** the contract's code, e.g. `visit.locked` */
  code?: string;
  /** an existing record the error points at (a duplicate), to link to */
  existing?: { id: string; name: string };
}

export function describeError(err: unknown, t: TFunction): DescribedError {
  const message = t(errorMessageKey(err));
  if (!(err instanceof ApiError)) return { message, fields: {} };
  const fields = err.fieldErrors;
  // The server's text is useful only when it is not a mere restatement of the status.
  const raw = err.message.trim();
  const generic = !raw || raw === err.body.error || /^HTTP \d+$/.test(raw);
  // A conflict other than a stale version (locked, illegal transition, duplicate) is its own
  // message: the server's words say what happened; only a stale version opens the conflict dialog.
  const ownMessage = err.status === 409 && !err.isStaleVersion && !generic;
  const detail =
    !generic && !ownMessage && err.status !== 401 && err.status < 500 && Object.keys(fields).length === 0
      ? raw
      : undefined;
  const { existingId, existingName } = err.body;
  const existing =
    typeof existingId === 'string'
      ? { id: existingId, name: typeof existingName === 'string' ? existingName : '' }
      : undefined;
  return {
    message: ownMessage ? serverText(raw) : message,
    detail,
    fields,
    requestId: err.requestId,
    status: err.status,
    code: err.code || undefined,
    existing,
  };
}

/** Login errors have their own wording: same message for unknown user and wrong password. */
export function loginErrorMessage(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return t('auth.invalidCredentials');
    if (err.status === 429) {
      if (err.retryAfter && err.retryAfter > 0) {
        return t('auth.lockedOutMinutes', { minutes: Math.max(1, Math.ceil(err.retryAfter / 60)) });
      }
      return t('auth.lockedOut');
    }
  }
  return t(errorMessageKey(err));
}

/**
 * Look up a field error by path, accepting the spellings validators use for nested fields:
 * `attendees.0.name`, `attendees[0].name`.
 */
export function fieldError(fields: Record<string, string>, path: string): string | undefined {
  if (fields[path]) return fields[path];
  const dotted = path.replace(/\[(\d+)\]/g, '.$1');
  if (fields[dotted]) return fields[dotted];
  const bracketed = dotted.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  return fields[bracketed];
}

/** The server's Japanese text without its English gloss: 「… (cannot approve a draft visit)」 → 「…」. */
function serverText(raw: string): string {
  return raw.replace(/\s*\([^()]*[A-Za-z][^()]*\)\s*$/, '').trim() || raw;
}

/** Only a stale version is a conflict for the dialog; every other 409 has its own message. */
export function isConflict(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 409 && err.isStaleVersion;
}
