import { TextInput, type TextInputProps } from '@mantine/core';
import { useState, type ChangeEvent, type FocusEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * What people type for a time of day, answered as 24-hour `HH:mm` (null when it is not a time):
 * 14:30, 1430, 9:05, 14時30分, 14時, 午後2時50分, 午前9時, full-width digits.
 */
export function parseTimeText(text: string): string | null {
  const s = text.normalize('NFKC').replace(/\s+/g, '');
  if (!s) return null;
  let m = /^(午前|午後)?(\d{1,2})時(?:(\d{1,2})分)?$/.exec(s);
  let h: number;
  let min: number;
  if (m) {
    h = Number(m[2]);
    min = m[3] ? Number(m[3]) : 0;
    if (m[1] === '午後' && h < 12) h += 12;
    if (m[1] === '午前' && h === 12) h = 0;
  } else if ((m = /^(\d{1,2})[:：.](\d{1,2})$/.exec(s) ?? /^(\d{2})(\d{2})$/.exec(s))) {
    h = Number(m[1]);
    min = Number(m[2]);
  } else return null;
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/**
 * A time of day in the 24-hour Japanese form (`HH:mm`), typed: whatever the browser's locale,
 * never 午前/午後 pickers or "PM". The entry is tidied to HH:mm when the field is left, and an
 * entry that is not a time says so.
 */
export function TimeField({ onChange, onBlur, error, value, ...props }: Omit<TextInputProps, 'type'>) {
  const { t } = useTranslation();
  const [unreadable, setUnreadable] = useState(false);
  const emit = (next: string) =>
    onChange?.({ currentTarget: { value: next }, target: { value: next } } as ChangeEvent<HTMLInputElement>);
  return (
    <TextInput
      placeholder="14:30"
      inputMode="numeric"
      autoComplete="off"
      maxLength={12}
      {...props}
      value={value}
      error={error ?? (unreadable ? t('validation.notATime') : undefined)}
      onChange={(e) => {
        setUnreadable(false);
        onChange?.(e);
      }}
      onBlur={(e: FocusEvent<HTMLInputElement>) => {
        const text = e.currentTarget.value;
        const time = parseTimeText(text);
        if (time && time !== text) emit(time);
        setUnreadable(!time && text.trim() !== '');
        onBlur?.(e);
      }}
    />
  );
}
