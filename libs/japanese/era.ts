/**
 * Japanese era (元号) dates, as official documents and reports write them: 令和5年6月21日.
 * The first year of an era is written 元年 (令和元年5月1日).
 *
 * Supported from 1873-01-01 (明治6年, when Japan adopted the Gregorian calendar) onwards; earlier
 * dates throw a RangeError.
 */
import { isIsoDate, parseIsoDate, toJstDate, weekdayJa } from './jst';

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';

export interface EraInfo {
  name: EraName;
  /** Latin initial used in short forms: R5, H31. */
  initial: 'M' | 'T' | 'S' | 'H' | 'R';
  romaji: string;
  /** First day of the era (ISO); for 明治 the first supported (Gregorian) day. */
  start: string;
  /** Gregorian year of the era's first year (元年). */
  firstYear: number;
  /** Last era year, for eras that have ended. */
  lastYear?: number;
}

/** Newest first. */
export const ERAS: readonly EraInfo[] = [
  { name: '令和', initial: 'R', romaji: 'Reiwa', start: '2019-05-01', firstYear: 2019 },
  { name: '平成', initial: 'H', romaji: 'Heisei', start: '1989-01-08', firstYear: 1989, lastYear: 31 },
  { name: '昭和', initial: 'S', romaji: 'Showa', start: '1926-12-25', firstYear: 1926, lastYear: 64 },
  { name: '大正', initial: 'T', romaji: 'Taisho', start: '1912-07-30', firstYear: 1912, lastYear: 15 },
  { name: '明治', initial: 'M', romaji: 'Meiji', start: '1873-01-01', firstYear: 1868, lastYear: 45 },
];

export interface EraYear {
  era: EraName;
  year: number;
}

/** The era in force on a calendar date. */
export function eraOf(date: string | Date): EraInfo {
  const iso = toJstDate(date);
  for (const era of ERAS) {
    if (iso >= era.start) return era; // ISO dates compare correctly as strings
  }
  throw new RangeError(`dates before 1873-01-01 are not supported: ${iso}`);
}

/** eraYear('2023-06-21') → {era: '令和', year: 5}; eraYear('2019-04-30') → {era: '平成', year: 31}. */
export function eraYear(date: string | Date): EraYear {
  const era = eraOf(date);
  return { era: era.name, year: parseIsoDate(toJstDate(date)).year - era.firstYear + 1 };
}

/** 1 → '元', otherwise the number ('5'). */
export function eraYearLabel(year: number): string {
  return year === 1 ? '元' : String(year);
}

/** '令和5年6月21日'; '2019-05-01' → '令和元年5月1日'. Accepts 'YYYY-MM-DD' or a Date (its day in Japan). */
export function formatJapaneseDate(date: string | Date): string {
  const iso = toJstDate(date);
  const { era, year } = eraYear(iso);
  const { month, day } = parseIsoDate(iso);
  return `${era}${eraYearLabel(year)}年${month}月${day}日`;
}

/** '令和5年6月21日（水）' */
export function formatJapaneseDateWithWeekday(date: string | Date): string {
  const iso = toJstDate(date);
  return `${formatJapaneseDate(iso)}（${weekdayJa(iso)}）`;
}

/**
 * '平成30年11月' for '2018-11-05'. Accepts also 'YYYY-MM' (read as the first day of the month) or a
 * Date.
 */
export function formatJapaneseYearMonth(date: string | Date): string {
  const iso = typeof date === 'string' && /^\d{4}-\d{2}$/.test(date) ? `${date}-01` : toJstDate(date);
  const { era, year } = eraYear(iso);
  return `${era}${eraYearLabel(year)}年${parseIsoDate(iso).month}月`;
}

/** The "as of" heading of progress tables: '令和5年6月現在' (the seed writes 平成30年11月現在). */
export function asOfHeading(date: string | Date): string {
  return `${formatJapaneseYearMonth(date)}現在`;
}

/** '令和5年4月1日～令和6年3月31日' (the era is repeated, as official documents do). */
export function formatJapaneseDateRange(from: string | Date, to: string | Date): string {
  return `${formatJapaneseDate(from)}～${formatJapaneseDate(to)}`;
}

/** Gregorian year of an era year: (令和, 5) → 2023. RangeError for a year the era never had (平成32). */
export function gregorianYearOf(era: string, year: number): number {
  const info = findEra(era);
  if (!info) throw new RangeError(`unknown era: ${era}`);
  if (!Number.isInteger(year) || year < 1 || (info.lastYear !== undefined && year > info.lastYear)) {
    throw new RangeError(`${info.name} has no year ${year}`);
  }
  return info.firstYear + year - 1;
}

/** Era by its kanji name, its Latin initial (R, h) or its romaji (Reiwa). */
export function findEra(nameOrInitial: string): EraInfo | undefined {
  const key = nameOrInitial.trim().toLowerCase();
  return ERAS.find(
    (e) => e.name === key || e.initial.toLowerCase() === key || e.romaji.toLowerCase() === key,
  );
}

const ERA_DATE =
  /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})(?:年|[./-])(\d{1,2})(?:月|[./-])(\d{1,2})日?$/i;

/**
 * Parses an era date to 'YYYY-MM-DD', or null: '令和5年6月21日', '令和元年5月1日', 'R5.6.21',
 * 'H31/4/30', full-width digits and spaces are accepted. A date outside its era (平成31年5月1日) is null.
 */
export function parseJapaneseDate(s: string | null | undefined): string | null {
  if (typeof s !== 'string') return null;
  const m = ERA_DATE.exec(s.normalize('NFKC').replace(/\s+/gu, ''));
  if (!m) return null;
  const era = findEra(m[1]);
  if (!era) return null;
  const eraYearNumber = m[2] === '元' ? 1 : Number(m[2]);
  if (eraYearNumber < 1 || (era.lastYear !== undefined && eraYearNumber > era.lastYear)) return null;
  const year = era.firstYear + eraYearNumber - 1;
  const iso = `${year}-${m[3].padStart(2, '0')}-${m[4].padStart(2, '0')}`;
  if (!isIsoDate(iso)) return null;
  try {
    return eraOf(iso).name === era.name ? iso : null;
  } catch {
    return null;
  }
}
