import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { isConflict } from '../api/errors';
import { notifyError } from './notify';
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
  }, [focusFirstError, t]);

  return {
    submit,
    busy,
    error,
    setError,
    formRef,
    /** the newest version after a stale-version answer, for ConflictModal; null otherwise */
    conflict: { latest, clear: () => setLatest(null) },
  };
}
