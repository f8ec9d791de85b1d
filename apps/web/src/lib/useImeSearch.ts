import { useCallback, useEffect, useRef, useState, type ChangeEvent, type CompositionEvent } from 'react';

/**
 * A search box value that is safe for Japanese input: while an IME composition is in progress
 * (compositionstart … compositionend) the committed value does not change, so no search fires
 * for half-converted kana; after the composition ends, and after ordinary typing, the value is
 * committed once the user pauses for `delay` ms.
 */
export function useImeSearch(initial = '', delay = 300, onCommit?: (value: string) => void) {
  const [value, setValue] = useState(initial);
  const [committed, setCommitted] = useState(initial);
  const composing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const commitRef = useRef(onCommit);
  commitRef.current = onCommit;

  const schedule = useCallback(
    (next: string) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        setCommitted(next);
        commitRef.current?.(next);
      }, delay);
    },
    [delay],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  /** A new box value from any source (change event, a component's onSearchChange). */
  const onValue = useCallback(
    (next: string, isComposing = false) => {
      setValue(next);
      if (composing.current || isComposing) {
        if (timer.current) clearTimeout(timer.current);
        return;
      }
      schedule(next);
    },
    [schedule],
  );

  const onChange = useCallback(
    (e: ChangeEvent<HTMLInputElement>) => {
      const native = e.nativeEvent as InputEvent | undefined;
      onValue(e.currentTarget.value, native?.isComposing === true);
    },
    [onValue],
  );

  const onCompositionStart = useCallback(() => {
    composing.current = true;
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const onCompositionEnd = useCallback(
    (e: CompositionEvent<HTMLInputElement>) => {
      composing.current = false;
      const next = e.currentTarget.value;
      setValue(next);
      schedule(next);
    },
    [schedule],
  );

  /** Set both values at once (clearing the box, restoring from the URL). */
  const reset = useCallback((next: string) => {
    if (timer.current) clearTimeout(timer.current);
    setValue(next);
    setCommitted(next);
  }, []);

  return {
    value,
    committed,
    reset,
    onValue,
    compositionProps: { onCompositionStart, onCompositionEnd },
    inputProps: { value, onChange, onCompositionStart, onCompositionEnd },
  };
}
