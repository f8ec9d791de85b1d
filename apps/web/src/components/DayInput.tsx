import { ActionIcon, Loader, Popover, TextInput, type TextInputProps } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatEraDate } from '../lib/format';

/** The calendar, with @mantine/dates and dayjs: loaded when a user opens it (not with the form). */
const DayPicker = lazy(() => import('./DayPicker'));

const ERA_START: Record<string, { startYear: number; start: string; end: string }> = {
  令和: { startYear: 2019, start: '2019-05-01', end: '9999-12-31' },
  平成: { startYear: 1989, start: '1989-01-08', end: '2019-04-30' },
  昭和: { startYear: 1926, start: '1926-12-25', end: '1989-01-07' },
  大正: { startYear: 1912, start: '1912-07-30', end: '1926-12-24' },
  明治: { startYear: 1868, start: '1868-01-25', end: '1912-07-29' },
};
const ERA_LETTER: Record<string, string> = { R: '令和', H: '平成', S: '昭和', T: '大正', M: '明治' };

function isoDay(y: number, mo: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * What people type for a day, answered as YYYY-MM-DD (null when it is not a day):
 * 令和8年11月30日, 令和元年5月1日, R8.11.30, H31/4/30 (era names or their letters, 元年), and
 * 2026-11-30, 2026/11/30, 2026年11月30日, 20261130 — with full- or half-width digits and letters.
 * An era date outside its era (平成31年5月1日) is not a day.
 */
export function parseDayText(text: string): string | null {
  const s = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const era = /^(令和|平成|昭和|大正|明治|[RHSTM])\.?(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$/.exec(
    s,
  );
  if (era) {
    const name = ERA_LETTER[era[1]] ?? era[1];
    const def = ERA_START[name];
    const eraYear = era[2] === '元' ? 1 : Number(era[2]);
    if (!def || eraYear < 1) return null;
    const day = isoDay(def.startYear + eraYear - 1, Number(era[3]), Number(era[4]));
    return day && day >= def.start && day <= def.end ? day : null;
  }
  const w = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!w) return null;
  return isoDay(Number(w[1]), Number(w[2]), Number(w[3]));
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
 * parseDayText takes: 和暦 or western, taken as soon as it is a day, shown as YYYY-MM-DD when the
 * field is left; emptied: null), the day is shown in 和暦 under the field, and an entry that is not
 * a day says so instead of quietly going back; the button beside it opens a calendar, loaded on
 * first use.
 */
export function DayInput({ value, onChange, disabled, description, error, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  const [open, setOpen] = useState(false);
  const [unreadable, setUnreadable] = useState(false);

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
          placeholder={t('app.dayPlaceholder')}
          autoComplete="off"
          {...rest}
          disabled={disabled}
          value={text}
          description={value && !unreadable ? formatEraDate(value) : description}
          error={error ?? (unreadable ? t('validation.notADay') : undefined)}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setText(next);
            setUnreadable(false);
            if (!next.trim()) onChange(null);
            else {
              const day = parseDayText(next);
              if (day) onChange(day);
            }
          }}
          onBlur={(e) => {
            const day = parseDayText(text);
            // an entry that is not a day stays as typed, marked, so the user can correct it
            if (day) setText(day);
            else if (!text.trim()) setText('');
            setUnreadable(!day && text.trim() !== '');
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
                setUnreadable(false);
                setOpen(false);
              }}
            />
          </Suspense>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
