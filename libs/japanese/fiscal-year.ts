/**
 * Japanese fiscal year (年度): 1 April to 31 March; FY2023 = 2023-04-01 .. 2024-03-31 = 令和5年度.
 * Fiscal quarters: Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar of the next calendar year.
 */
import { eraYear, eraYearLabel, findEra, gregorianYearOf } from './era';
import { DateRange, daysInMonth, formatIsoDate, isIsoDate, parseIsoDate, toJstDate } from './jst';

export type FiscalQuarter = 1 | 2 | 3 | 4;

function assertYear(fy: number): void {
  if (!Number.isInteger(fy) || fy < 1 || fy > 9998) throw new RangeError(`not a fiscal year: ${fy}`);
}

/** 2023 for any day from 2023-04-01 to 2024-03-31. Accepts 'YYYY-MM-DD' or a Date (its day in Japan). */
export function fiscalYearOf(date: string | Date): number {
  const { year, month } = parseIsoDate(toJstDate(date));
  return month >= 4 ? year : year - 1;
}

/** {from: '2023-04-01', to: '2024-03-31'} for 2023. */
export function fiscalYearRange(fy: number): DateRange {
  assertYear(fy);
  return { from: formatIsoDate(fy, 4, 1), to: formatIsoDate(fy + 1, 3, 31) };
}

/**
 * '令和5年度' for 2023. The era is the one in force at the end of the calendar year in which the
 * fiscal year starts, which gives the customary names across era changes: 2019 → '令和元年度' (the
 * era changed on 1 May 2019), 2018 → '平成30年度', 1989 → '平成元年度', 1988 → '昭和63年度'.
 */
export function fiscalYearLabel(fy: number): string {
  assertYear(fy);
  const { era, year } = eraYear(formatIsoDate(fy, 12, 31));
  return `${era}${eraYearLabel(year)}年度`;
}

/** Short form 'R5年度' / 'H30年度'. */
export function fiscalYearShortLabel(fy: number): string {
  assertYear(fy);
  const { era, year } = eraYear(formatIsoDate(fy, 12, 31));
  return `${findEra(era)?.initial ?? era}${year}年度`;
}

const ERA_FY = /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})(?:年度?)?$/i;
const GREGORIAN_FY = /^(?:FY)?(\d{4})(?:年度?)?$/i;

/**
 * Fiscal year from a label, or null: '令和5年度', '令和元年度', 'R5', 'R5年度', 'r05', '2023年度',
 * '2023', 'FY2023'; full-width digits/letters and spaces are accepted ('令和５年度', 'Ｒ５').
 * A year an era never had (平成35年度) is null.
 */
export function parseFiscalYearLabel(s: string | null | undefined): number | null {
  if (typeof s !== 'string') return null;
  const t = s.normalize('NFKC').replace(/\s+/gu, '');
  const g = GREGORIAN_FY.exec(t);
  if (g) {
    const fy = Number(g[1]);
    return fy >= 1 && fy <= 9998 ? fy : null;
  }
  const m = ERA_FY.exec(t);
  if (!m) return null;
  try {
    return gregorianYearOf(m[1], m[2] === '元' ? 1 : Number(m[2]));
  } catch {
    return null;
  }
}

/** {from: '2023-06-01', to: '2023-06-30'} for '2023-06' (also accepts a 'YYYY-MM-DD' inside the month). */
export function monthRange(yearMonth: string): DateRange {
  const m = /^(\d{4})-(\d{2})$/.exec(yearMonth);
  const { year, month } = m
    ? { year: Number(m[1]), month: Number(m[2]) }
    : isIsoDate(yearMonth)
      ? parseIsoDate(yearMonth)
      : { year: NaN, month: NaN };
  if (!(year >= 1 && month >= 1 && month <= 12)) {
    throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(yearMonth)}`);
  }
  return { from: formatIsoDate(year, month, 1), to: formatIsoDate(year, month, daysInMonth(year, month)) };
}

/** Fiscal quarter range: (2023, 1) → 2023-04-01..2023-06-30; (2023, 4) → 2024-01-01..2024-03-31. */
export function quarterRange(fy: number, quarter: FiscalQuarter): DateRange {
  assertYear(fy);
  if (![1, 2, 3, 4].includes(quarter)) throw new RangeError(`quarter must be 1..4: ${quarter}`);
  const startMonthIndex = 3 + (quarter - 1) * 3; // 0-based months from January of fy
  const year = fy + Math.floor(startMonthIndex / 12);
  const first = (startMonthIndex % 12) + 1;
  const last = first + 2;
  return { from: formatIsoDate(year, first, 1), to: formatIsoDate(year, last, daysInMonth(year, last)) };
}

/** The fiscal year and quarter of a day: '2024-02-10' → {fiscalYear: 2023, quarter: 4}. */
export function fiscalQuarterOf(date: string | Date): { fiscalYear: number; quarter: FiscalQuarter } {
  const { month } = parseIsoDate(toJstDate(date));
  const quarter = (Math.floor(((month + 8) % 12) / 3) + 1) as FiscalQuarter;
  return { fiscalYear: fiscalYearOf(date), quarter };
}

/** '令和5年度第1四半期' */
export function fiscalQuarterLabel(fy: number, quarter: FiscalQuarter): string {
  quarterRange(fy, quarter); // validates
  return `${fiscalYearLabel(fy)}第${quarter}四半期`;
}
