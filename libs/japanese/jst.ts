/**
 * Calendar dates and instants in Japan (Asia/Tokyo).
 *
 * Japan has had no daylight saving time since 1951, so JST is a fixed UTC+09:00 and all of this is
 * plain arithmetic: nothing here depends on the server's TZ or on the ICU time-zone database.
 * A calendar date is the string 'YYYY-MM-DD' (ISO 8601, the API's format) and always means a day in
 * Japan. Date ranges are {from, to}, both inclusive.
 */

export const JST_OFFSET_MINUTES = 9 * 60;
export const JST_OFFSET_MS = JST_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** Inclusive range of calendar dates, both 'YYYY-MM-DD'. */
export interface DateRange {
  from: string;
  to: string;
}

export interface YearMonthDay {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of daysFromCivil. */
function civilFromDays(z: number): YearMonthDay {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  if (n < 0 || n > 9999) throw new RangeError(`year out of range for YYYY-MM-DD: ${n}`);
  return String(n).padStart(4, '0');
}

/** 'YYYY-MM-DD' from its parts (no validation beyond the year range). */
export function formatIsoDate(year: number, month: number, day: number): string {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/** True for a real calendar date written 'YYYY-MM-DD' (2023-02-30 and 2023-2-3 are false). */
export function isIsoDate(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parts of a 'YYYY-MM-DD' date; RangeError when it is not a real calendar date. */
export function parseIsoDate(s: string): YearMonthDay {
  if (!isIsoDate(s)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(s)}`);
  return { year: Number(s.slice(0, 4)), month: Number(s.slice(5, 7)), day: Number(s.slice(8, 10)) };
}

function epochDay(dateStr: string): number {
  const { year, month, day } = parseIsoDate(dateStr);
  return daysFromCivil(year, month, day);
}

function fromEpochDay(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return formatIsoDate(year, month, day);
}

function assertValidDate(d: Date): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return t;
}

/** The calendar date in Japan of an instant: 2023-03-31T15:30:00Z → '2023-04-01' (00:30 JST). */
export function jstDateOf(d: Date): string {
  return fromEpochDay(Math.floor((assertValidDate(d) + JST_OFFSET_MS) / DAY_MS));
}

/** Japanese wall-clock time of an instant, 'YYYY-MM-DD HH:mm' (the form Excel reads as a date-time). */
export function jstDateTimeOf(d: Date, withSeconds = false): string {
  const shifted = assertValidDate(d) + JST_OFFSET_MS;
  const days = Math.floor(shifted / DAY_MS);
  const msOfDay = shifted - days * DAY_MS;
  const hh = Math.floor(msOfDay / 3_600_000);
  const mm = Math.floor((msOfDay % 3_600_000) / 60_000);
  const base = `${fromEpochDay(days)} ${pad2(hh)}:${pad2(mm)}`;
  return withSeconds ? `${base}:${pad2(Math.floor((msOfDay % 60_000) / 1000))}` : base;
}

/** ISO 8601 with the Japanese offset: '2023-06-21T10:05:00+09:00' (no milliseconds unless non-zero). */
export function toJstIsoString(d: Date): string {
  const t = assertValidDate(d);
  const ms = ((t % 1000) + 1000) % 1000;
  const frac = ms ? `.${String(ms).padStart(3, '0')}` : '';
  return `${jstDateTimeOf(d, true).replace(' ', 'T')}${frac}+09:00`;
}

/**
 * A Date whose UTC fields show the Japanese wall-clock time of `d` (d + 9 h). Only for libraries
 * that write a Date's UTC fields as "local" time (exceljs date cells): never store it.
 */
export function toJstWallClock(d: Date): Date {
  return new Date(assertValidDate(d) + JST_OFFSET_MS);
}

/** The instant 00:00 JST of a calendar date: '2023-04-01' → 2023-03-31T15:00:00.000Z. */
export function jstStartOfDay(dateStr: string): Date {
  return new Date(epochDay(dateStr) * DAY_MS - JST_OFFSET_MS);
}

/**
 * Half-open instant range covering the calendar days from..to (inclusive) in Japan, for queries
 * like `at >= start AND at < end`.
 */
export function jstInstantRange(from: string, to: string): { start: Date; end: Date } {
  return { start: jstStartOfDay(from), end: jstStartOfDay(addDays(to, 1)) };
}

/** Today's date in Japan ('YYYY-MM-DD'); pass `now` for a clock you control (tests). */
export function todayJst(now: Date = new Date()): string {
  return jstDateOf(now);
}

/** Calendar arithmetic: addDays('2024-02-28', 1) → '2024-02-29'; n may be negative. */
export function addDays(dateStr: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer: ${n}`);
  return fromEpochDay(epochDay(dateStr) + n);
}

/**
 * Calendar months arithmetic, clamping the day to the target month's length:
 * addMonths('2023-01-31', 1) → '2023-02-28'.
 */
export function addMonths(dateStr: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths: n must be an integer: ${n}`);
  const { year, month, day } = parseIsoDate(dateStr);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatIsoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Signed number of days from a to b: daysBetween('2023-01-01', '2023-01-31') → 30 (and b→a → −30). */
export function daysBetween(a: string, b: string): number {
  return epochDay(b) - epochDay(a);
}

/** Day of week of a calendar date, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(dateStr: string): number {
  return (((epochDay(dateStr) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'] as const;

/** '水' for 2023-06-21: the one-character Japanese weekday used in dates like 6月21日（水）. */
export function weekdayJa(dateStr: string): string {
  return WEEKDAYS_JA[dayOfWeek(dateStr)];
}

/**
 * A calendar date from a Date (its day in Japan), a 'YYYY-MM-DD' string, or an ISO timestamp string
 * with a time ('2023-03-31T15:30:00Z' → '2023-04-01'; without an offset the time is read as Japanese
 * time). RangeError otherwise.
 */
export function toJstDate(input: Date | string): string {
  if (input instanceof Date) return jstDateOf(input);
  if (isIsoDate(input)) return input;
  if (typeof input === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(input)) {
    const d = new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(input) ? input : `${input.replace(' ', 'T')}+09:00`);
    if (!Number.isNaN(d.getTime())) return jstDateOf(d);
  }
  throw new RangeError(`not a date: ${JSON.stringify(input)}`);
}
