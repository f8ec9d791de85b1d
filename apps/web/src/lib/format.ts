/**
 * Date, number and era helpers for the UI. Everything that represents a calendar day is a
 * `YYYY-MM-DD` string meaning a day in Japan (Asia/Tokyo); instants are ISO 8601 strings.
 * JST has no daylight saving, so conversions are a fixed +9 hours and need no time-zone data.
 */

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

interface Era {
  name: string;
  nameEn: string;
  /** first day of the era, YYYY-MM-DD */
  start: string;
  startYear: number;
}

/** Newest first. */
const ERAS: Era[] = [
  { name: '令和', nameEn: 'Reiwa', start: '2019-05-01', startYear: 2019 },
  { name: '平成', nameEn: 'Heisei', start: '1989-01-08', startYear: 1989 },
  { name: '昭和', nameEn: 'Showa', start: '1926-12-25', startYear: 1926 },
  { name: '大正', nameEn: 'Taisho', start: '1912-07-30', startYear: 1912 },
  { name: '明治', nameEn: 'Meiji', start: '1868-01-25', startYear: 1868 },
];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** True for a well-formed, existing calendar date `YYYY-MM-DD`. */
export function isIsoDate(value: string | null | undefined): value is string {
  if (!value) return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** The Japanese calendar day (YYYY-MM-DD) of an instant. */
export function toJstDate(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Japanese wall-clock time (HH:mm) of an instant. */
export function toJstTime(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() + JST_OFFSET_MS).toISOString().slice(11, 16);
}

/** Today in Japan, YYYY-MM-DD. `now` is injectable for tests. */
export function todayJst(now: Date = new Date()): string {
  return toJstDate(now);
}

/** Current JST date and time (minutes), for form defaults. */
export function nowJst(now: Date = new Date()): { date: string; time: string } {
  return { date: toJstDate(now), time: toJstTime(now) };
}

/** A JST wall-clock date + time (HH:mm) as an ISO 8601 instant with the +09:00 offset. */
export function jstToIso(date: string, time: string): string {
  const t = /^\d{1,2}:\d{2}$/.test(time) ? time.padStart(5, '0') : '00:00';
  return `${date}T${t}:00+09:00`;
}

function parseDay(date: string): { y: number; m: number; d: number } | null {
  if (!isIsoDate(date)) return null;
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d };
}

/** The era of a calendar day, with the era year (1 = 元年). */
export function eraOf(date: string): { era: Era; year: number } | null {
  const p = parseDay(date);
  if (!p) return null;
  const era = ERAS.find((e) => date >= e.start);
  if (!era) return null;
  return { era, year: p.y - era.startYear + 1 };
}

function eraYearText(year: number): string {
  return year === 1 ? '元' : String(year);
}

/** 令和5年6月21日 — the form official documents use. Accepts a day or an ISO instant (read in JST). */
export function formatEraDate(value: string | null | undefined): string {
  if (!value) return '';
  const day = isIsoDate(value) ? value : toJstDate(value);
  const p = parseDay(day);
  const e = eraOf(day);
  if (!p || !e) return value;
  return `${e.era.name}${eraYearText(e.year)}年${p.m}月${p.d}日`;
}

/** 2023年6月21日 (Western calendar in Japanese notation). */
export function formatJaDate(value: string | null | undefined): string {
  if (!value) return '';
  const day = isIsoDate(value) ? value : toJstDate(value);
  const p = parseDay(day);
  if (!p) return value;
  return `${p.y}年${p.m}月${p.d}日`;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A day for display in the given UI language: era date in Japanese, "21 Jun 2023" in English. */
export function formatDate(value: string | null | undefined, lang: string = 'ja'): string {
  if (!value) return '';
  if (lang.startsWith('ja')) return formatEraDate(value);
  const day = isIsoDate(value) ? value : toJstDate(value);
  const p = parseDay(day);
  if (!p) return value;
  return `${p.d} ${EN_MONTHS[p.m - 1]} ${p.y}`;
}

/** An instant for display in JST: 令和5年6月21日 14:30 / 21 Jun 2023 14:30. */
export function formatDateTime(value: string | null | undefined, lang: string = 'ja'): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${formatDate(toJstDate(d), lang)} ${toJstTime(d)}`;
}

const numberFormat = new Intl.NumberFormat('ja-JP');

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  return numberFormat.format(n);
}

/** Percentage with one decimal, from a ratio 0..1. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}

/** List totals: "1,234件", or "10,000件以上" when the server stopped counting. */
export function formatTotal(total: number, capped: boolean | undefined, lang: string = 'ja'): string {
  if (lang.startsWith('ja')) return capped ? `${formatNumber(total)}件以上` : `${formatNumber(total)}件`;
  return capped ? `${formatNumber(total)}+ records` : `${formatNumber(total)} records`;
}

/* ---------- fiscal years (年度, April–March) and periods ---------- */

export interface Period {
  from: string;
  to: string;
}

/** The fiscal year (年度) a day belongs to: 2024-03-31 → 2023, 2024-04-01 → 2024. */
export function fiscalYearOf(date: string): number {
  const p = parseDay(date);
  if (!p) throw new Error(`not a date: ${date}`);
  return p.m >= 4 ? p.y : p.y - 1;
}

export function fiscalYearRange(fy: number): Period {
  return { from: `${fy}-04-01`, to: `${fy + 1}-03-31` };
}

/**
 * 令和5年度 for fiscal year 2023. The year that began in April 2019 is called 令和元年度 by
 * convention, so the era is the one in force in May of the fiscal year.
 */
export function fiscalYearLabel(fy: number, lang: string = 'ja'): string {
  if (!lang.startsWith('ja')) return `FY${fy} (Apr ${fy} – Mar ${fy + 1})`;
  const e = eraOf(`${fy}-05-01`);
  if (!e) return `${fy}年度`;
  return `${e.era.name}${eraYearText(e.year)}年度（${fy}年度）`;
}

/** Last day of a month (month 1–12). */
export function endOfMonth(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad2(month)}-${pad2(last)}`;
}

export function monthRange(year: number, month: number): Period {
  return { from: `${year}-${pad2(month)}-01`, to: endOfMonth(year, month) };
}

/** Quarter of a fiscal year: Q1 = Apr–Jun, Q2 = Jul–Sep, Q3 = Oct–Dec, Q4 = Jan–Mar. */
export function fiscalQuarterRange(fy: number, quarter: 1 | 2 | 3 | 4): Period {
  const startMonth = [4, 7, 10, 1][quarter - 1];
  const year = quarter === 4 ? fy + 1 : fy;
  return { from: `${year}-${pad2(startMonth)}-01`, to: endOfMonth(year, startMonth + 2) };
}

/** 令和5年6月 — a month in era notation. */
export function formatEraMonth(year: number, month: number): string {
  const e = eraOf(`${year}-${pad2(month)}-01`);
  if (!e) return `${year}年${month}月`;
  return `${e.era.name}${eraYearText(e.year)}年${month}月`;
}

/**
 * The month-end days of the last `n` months, oldest first, ending with today's month (whose
 * "end" is today itself, since the future cannot be measured).
 */
export function lastMonthEnds(n: number, today: string = todayJst()): string[] {
  const p = parseDay(today);
  if (!p) return [];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    let y = p.y;
    let m = p.m - i;
    while (m < 1) {
      m += 12;
      y -= 1;
    }
    out.push(i === 0 ? today : endOfMonth(y, m));
  }
  return out;
}

/** Add days to a calendar day. */
export function addDays(date: string, days: number): string {
  const p = parseDay(date);
  if (!p) return date;
  return new Date(Date.UTC(p.y, p.m - 1, p.d + days)).toISOString().slice(0, 10);
}

/* ---------- corporate numbers (法人番号) ---------- */

/**
 * National Tax Agency rule: 13 digits, the first is a check digit equal to
 * 9 − (Σ Pn × Qn mod 9), where Pn is the n-th digit of the 12-digit base counted from the
 * right and Qn is 1 for odd n, 2 for even n.
 */
export function corporateNumberCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base12[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function isValidCorporateNumber(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  return Number(value[0]) === corporateNumberCheckDigit(value.slice(1));
}

/** Full-width digits to ASCII, spaces and hyphens removed: what people paste from documents. */
export function normalizeDigits(value: string): string {
  return value
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-－ー‐]/g, '');
}

/**
 * A postal code as it is written: '7400061' → '〒740-0061'. Anything that is not seven digits
 * (with or without the hyphen) is shown as it is; empty stays empty.
 */
export function formatPostalCode(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{3})-?(\d{4})$/.exec(value.trim());
  return m ? `〒${m[1]}-${m[2]}` : value;
}
