import { useCallback, useMemo, useState } from 'react';

/**
 * Minimal form state: values, per-field errors (client or server), and a field setter that clears
 * its error. `dirty` compares the values with what the form opened with (or was last reset or
 * saved to); drafts and the leave warning use it.
 */
export function useFormState<T extends object>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [baseline, setBaselineText] = useState(() => JSON.stringify(values));

  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => {
      const k = String(key);
      if (!(k in e)) return e;
      const next = { ...e };
      delete next[k];
      return next;
    });
  }, []);

  const reset = useCallback((next: T) => {
    setValues(next);
    setErrors({});
    setBaselineText(JSON.stringify(next));
  }, []);

  /** the values are now what the server has (after a save): nothing unsaved remains */
  const setBaseline = useCallback((next: T) => setBaselineText(JSON.stringify(next)), []);

  const dirty = useMemo(() => JSON.stringify(values) !== baseline, [values, baseline]);

  /** value, onChange and error of a text input bound to a string field: `<TextInput {...textField('name')} />`. */
  const textField = useCallback(
    <K extends StringKeys<T>>(key: K) => ({
      value: values[key] as string,
      onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value as T[K]),
      error: errors[String(key)],
    }),
    [values, errors, set],
  );

  return { values, setValues, set, errors, setErrors, reset, setBaseline, dirty, textField };
}

type StringKeys<T> = { [P in keyof T]: T[P] extends string ? P : never }[keyof T];

export type FormState<T extends object> = ReturnType<typeof useFormState<T>>;

/** Empty strings become null so optional fields are cleared rather than stored blank. */
export function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
