import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { isConflict } from '../api/errors';
import { AuthContext } from '../auth/AuthContext';
import { clearDraft, draftKey, markDirty, readDraft, writeDraft } from './formDrafts';
import { requestLeave } from './leaveGuard';
import { notifyDraftRestored, notifyError } from './notify';
import type { FormState } from './useFormState';

/** Server field paths (`attendees[0].name`, `organizationId`) → the form's own keys. */
export type FieldMapper = (serverField: string) => string;

const dotted: FieldMapper = (field) => field.replace(/\[(\d+)\]/g, '.$1');

export interface SaveAttempt {
  idempotencyKey: string;
}

export interface SaveFormOptions<TValues extends object, TResult, TLatest = unknown> {
  form: FormState<TValues>;
  /** client-side checks; field key → message. Nothing is sent while any remain. */
  validate?: (values: TValues) => Record<string, string>;
  /**
   * The write itself: a mutation of the feature's data layer. `attempt.idempotencyKey` stays the
   * same while the values do, so a create sent again after a lost answer (a network error, a
   * second click) gets the first record back instead of making another (`Idempotency-Key`).
   */
  save: (values: TValues, attempt: SaveAttempt) => Promise<TResult>;
  onSaved?: (result: TResult, values: TValues) => void;
  /** maps the server's `details[].field` onto the form's keys (default: `a[0].b` → `a.0.b`) */
  mapField?: FieldMapper;
  /** reads the newest version for the conflict dialog; without it a stale version is a plain error */
  fetchLatest?: () => Promise<TLatest>;
  /**
   * Keep a local draft while typing (default on). Off for forms whose values must not stay in the
   * browser; forms with password or one-time-code fields are never kept anyway.
   */
  draft?: boolean;
}

/**
 * The one save flow of every form: client validation, one request at a time, a 400's `details`
 * onto the fields (focus moves to the first), a stale version (`*.stale_version`) to the conflict
 * dialog with the newest version, and every other code (locked, illegal transition, duplicate)
 * shown with its own message. Screens keep only their fields.
 */
export function useSaveForm<TValues extends object, TResult, TLatest = unknown>(
  options: SaveFormOptions<TValues, TResult, TLatest>,
) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [latest, setLatest] = useState<TLatest | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const inFlight = useRef(false);
  const attemptRef = useRef<{ values: string; key: string } | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const { form } = options;

  // The local draft: per user, page and form, written while the values differ from what the form
  // opened with, given back when the user returns, cleared by a save.
  const userId = useContext(AuthContext)?.user?.id ?? 'anonymous';
  const [key] = useState(() =>
    options.draft === false
      ? null
      : draftKey(userId, window.location.pathname + window.location.search, form.values),
  );
  const [formId] = useState(() => Symbol('form'));
  const [opened] = useState(() => form.values);
  useEffect(() => {
    if (!key) return;
    const draft = readDraft<typeof opened>(key);
    if (draft && JSON.stringify(draft) !== JSON.stringify(opened)) {
      form.setValues(draft);
      notifyDraftRestored(t, () => {
        clearDraft(key);
        form.reset(opened);
      });
    }
    // only when the form opens
  }, [key]);
  useEffect(() => {
    markDirty(formId, form.dirty);
    if (!key) return;
    if (form.dirty) writeDraft(key, form.values);
    else clearDraft(key);
  }, [key, formId, form.dirty, form.values]);
  useEffect(() => () => markDirty(formId, false), [formId]);

  // A form page (…/new, …/edit, …/plan) opens with the cursor in its first field, not on the page body.
  useEffect(() => {
    if (!/\/(new|edit|plan)(\/|$)/.test(window.location.pathname)) return;
    const first =
      formRef.current?.querySelector<HTMLElement>('[data-autofocus]:not([aria-haspopup])') ??
      formRef.current?.querySelector<HTMLElement>(
        // not a picker: focusing one opens its list over the form
        'input:not([type="hidden"]):not([disabled]):not([readonly]):not([role="combobox"]):not([aria-haspopup]), textarea:not([disabled]), select:not([disabled])',
      );
    if (first && !formRef.current?.contains(document.activeElement)) first.focus();
  }, []);

  const focusFirstError = useCallback(() => {
    setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
  }, []);

  const submit = useCallback(async (): Promise<TResult | undefined> => {
    const { form, validate, save, onSaved, mapField = dotted, fetchLatest } = optionsRef.current;
    if (inFlight.current) return undefined;
    const values = form.values;
    const clientErrors = validate?.(values) ?? {};
    form.setErrors(clientErrors);
    if (Object.keys(clientErrors).length > 0) {
      focusFirstError();
      return undefined;
    }
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const sent = JSON.stringify(values);
    if (attemptRef.current?.values !== sent) attemptRef.current = { values: sent, key: crypto.randomUUID() };
    try {
      const result = await save(values, { idempotencyKey: attemptRef.current.key });
      attemptRef.current = null; // saved: the next save is a new write
      form.setBaseline(values); // nothing unsaved remains: no draft, no leave warning
      if (key) clearDraft(key);
      markDirty(formId, false);
      onSaved?.(result, values);
      return result;
    } catch (err) {
      if (isConflict(err) && fetchLatest) {
        try {
          setLatest(await fetchLatest());
        } catch (e) {
          notifyError(e, t);
        }
        return undefined;
      }
      if (err instanceof ApiError && err.details.length > 0) {
        const fields: Record<string, string> = {};
        for (const d of err.details) {
          const key = mapField(d.field);
          if (!(key in fields)) fields[key] = d.message;
        }
        form.setErrors(fields);
        focusFirstError();
      }
      setError(err);
      return undefined;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, [focusFirstError, t, key, formId]);

  /**
   * キャンセル and other ways out of the form: asks first when something typed is unsaved, and
   * drops the draft when the user chooses to discard it.
   */
  const cancel = useCallback(
    (leave: () => void) => {
      if (!form.dirty) return leave();
      requestLeave(() => {
        if (key) clearDraft(key);
        markDirty(formId, false);
        leave();
      }, 'discard');
    },
    [form.dirty, key, formId],
  );

  return {
    submit,
    busy,
    error,
    setError,
    formRef,
    cancel,
    /** the newest version after a stale-version answer, for ConflictModal; null otherwise */
    conflict: { latest, clear: () => setLatest(null) },
  };
}
