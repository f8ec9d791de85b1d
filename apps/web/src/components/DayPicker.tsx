import '@mantine/dates/styles.css';
import 'dayjs/locale/ja';
import { DatePicker, DatesProvider } from '@mantine/dates';
import { useTranslation } from 'react-i18next';

/**
 * The calendar of DayInput: a chunk of its own (with @mantine/dates, dayjs and their styles),
 * loaded when a user opens it, so forms show without any date-picker code.
 */
export default function DayPicker({
  value,
  onPick,
}: {
  value: string | null;
  onPick: (day: string) => void;
}) {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language.startsWith('ja') ? 'ja' : 'en', firstDayOfWeek: 0 }}>
      <DatePicker
        value={value}
        defaultDate={value ?? undefined}
        onChange={(v) => {
          if (v) onPick(String(v).slice(0, 10));
        }}
      />
    </DatesProvider>
  );
}
