/**
 * The calendar's arithmetic, on calendar days written 'YYYY-MM-DD' (days in Japan, as the API
 * writes them; computed on UTC dates so the browser's time zone never shifts a day) and Japan's
 * public holidays from @holiday-jp/holiday_jp (the Cabinet Office's list, with substitute
 * holidays and 国民の休日).
 */
import holidayJp from '@holiday-jp/holiday_jp';

/** 0: weeks start on Sunday (日), 1: on Monday (月). */
export type WeekStart = 0 | 1;
export type CalendarView = 'month' | 'week';

const DAY_MS = 86_400_000;
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromTime = (t: number) => new Date(t).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return fromTime(toTime(day) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: string): number {
  return new Date(toTime(day)).getUTCDay();
}

/** The first day of the week that holds `day`. */
export function startOfWeek(day: string, weekStart: WeekStart): string {
  return addDays(day, -((dayOfWeek(day) - weekStart + 7) % 7));
}

/** The seven days of the week that holds `day`. */
export function weekDays(day: string, weekStart: WeekStart): string[] {
  const first = startOfWeek(day, weekStart);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** 'YYYY-MM' → its first and last day. */
export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number);
  const first = `${month}-01`;
  const last = fromTime(Date.UTC(y, m, 0));
  return { first, last };
}

/** The weeks (rows of seven days) that show a month, from the week of its 1st to that of its last day. */
export function monthGrid(month: string, weekStart: WeekStart): string[][] {
  const { first, last } = monthBounds(month);
  const weeks: string[][] = [];
  for (let start = startOfWeek(first, weekStart); start <= last; start = addDays(start, 7))
    weeks.push(weekDays(start, weekStart));
  return weeks;
}

/** The days a view shows around `anchor`: the whole weeks of its month, or its week. */
export function viewRange(
  view: CalendarView,
  anchor: string,
  weekStart: WeekStart,
): { from: string; to: string } {
  if (view === 'week') {
    const days = weekDays(anchor, weekStart);
    return { from: days[0], to: days[6] };
  }
  const weeks = monthGrid(anchor.slice(0, 7), weekStart);
  return { from: weeks[0][0], to: weeks[weeks.length - 1][6] };
}

/** The anchor of the previous or next month or week. */
export function shiftAnchor(view: CalendarView, anchor: string, by: -1 | 1): string {
  if (view === 'week') return addDays(anchor, 7 * by);
  const [y, m] = anchor.split('-').map(Number);
  return fromTime(Date.UTC(y, m - 1 + by, 1));
}

/** Weekday indexes (0 = Sunday) in display order. */
export function weekdayOrder(weekStart: WeekStart): number[] {
  return Array.from({ length: 7 }, (_, i) => (weekStart + i) % 7);
}

const HOLIDAYS = holidayJp.holidays as unknown as Record<
  string,
  { name: string; name_en: string } | undefined
>;

/** Japan's public holiday on a day (its Japanese or English name), or null. */
export function holidayName(day: string, lang: string = 'ja'): string | null {
  const h = HOLIDAYS[day];
  if (!h) return null;
  return lang.startsWith('en') ? h.name_en : h.name;
}

/** The holidays between two days, inclusive: day → name. */
export function holidaysBetween(from: string, to: string, lang: string = 'ja'): Map<string, string> {
  const out = new Map<string, string>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const name = holidayName(d, lang);
    if (name) out.set(d, name);
  }
  return out;
}

const WEEK_START_KEY = 'outreach.calendar.weekStart';

/** The user's week start, kept in this browser (default Sunday, as Japanese wall calendars). */
export function loadWeekStart(
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage,
): WeekStart {
  try {
    return storage?.getItem(WEEK_START_KEY) === '1' ? 1 : 0;
  } catch {
    return 0;
  }
}

export function saveWeekStart(
  value: WeekStart,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(WEEK_START_KEY, String(value));
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}
