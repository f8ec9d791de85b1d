import { DateInput, type DateInputProps } from '@mantine/dates';
import { normalizeDigits } from '../lib/format';

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

type Props = Omit<DateInputProps, 'value' | 'onChange'> & {
  value: string | null;
  onChange: (value: string | null) => void;
};

/** A calendar-day field whose value is the API's `YYYY-MM-DD` string; typing works as well as picking. */
export function DayInput({ value, onChange, ...rest }: Props) {
  return (
    <DateInput
      valueFormat="YYYY-MM-DD"
      placeholder="YYYY-MM-DD"
      dateParser={parseDayText}
      value={value}
      onChange={(v) => onChange(v ? String(v).slice(0, 10) : null)}
      clearable={!rest.required}
      {...rest}
    />
  );
}
