import { ActionIcon, Loader, Popover, TextInput, type TextInputProps } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeDigits } from '../lib/format';

/** The calendar, with @mantine/dates and dayjs: loaded when a user opens it (not with the form). */
const DayPicker = lazy(() => import('./DayPicker'));

/** Accepts 2023-06-21, 2023/6/21, 2023.6.21 and full-width digits; answers YYYY-MM-DD. */
export function parseDayText(text: string): string | null {
  const s = normalizeDigits(text.trim())
    .replace(/[年月]/g, '/')
    .replace(/日$/, '');
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

type Props = Omit<TextInputProps, 'value' | 'onChange' | 'defaultValue' | 'type'> & {
  value: string | null;
  onChange: (value: string | null) => void;
};

const CalendarIcon = () => (
  <svg
    width="16"
    height="16"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    aria-hidden
  >
    <rect x="3" y="5" width="18" height="16" rx="2" />
    <path d="M16 3v4M8 3v4M3 10h18" />
  </svg>
);

/**
 * A calendar-day field whose value is the API's `YYYY-MM-DD` string. Typing works (any form
 * parseDayText takes, taken as soon as it is a day, shown as YYYY-MM-DD when the field is left;
 * emptied: null); the button beside it opens a calendar, loaded on first use.
 */
export function DayInput({ value, onChange, disabled, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  const [open, setOpen] = useState(false);

  // a value set from outside (reset, loaded record, the calendar) shows as it is
  useEffect(() => {
    setText((current) =>
      parseDayText(current) === value || (!value && !current.trim()) ? current : (value ?? ''),
    );
  }, [value]);

  return (
    <Popover opened={open} onChange={setOpen} position="bottom-end" shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <TextInput
          placeholder="YYYY-MM-DD"
          inputMode="numeric"
          autoComplete="off"
          {...rest}
          disabled={disabled}
          value={text}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setText(next);
            if (!next.trim()) onChange(null);
            else {
              const day = parseDayText(next);
              if (day) onChange(day);
            }
          }}
          onBlur={(e) => {
            setText(parseDayText(text) ?? (text.trim() ? (value ?? '') : ''));
            rest.onBlur?.(e);
          }}
          rightSection={
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('app.pickDay')}
              disabled={disabled}
              onClick={() => setOpen((o) => !o)}
            >
              <CalendarIcon />
            </ActionIcon>
          }
        />
      </Popover.Target>
      <Popover.Dropdown>
        {open && (
          <Suspense fallback={<Loader size="sm" aria-label={t('app.loading')} />}>
            <DayPicker
              value={value}
              onPick={(day) => {
                onChange(day);
                setText(day);
                setOpen(false);
              }}
            />
          </Suspense>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
