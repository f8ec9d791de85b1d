import { describe, expect, it } from 'vitest';
import {
  addDays,
  corporateNumberCheckDigit,
  endOfMonth,
  fiscalQuarterRange,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearRange,
  formatDate,
  formatDateTime,
  formatEraDate,
  formatEraMonth,
  formatNumber,
  formatPercent,
  formatPostalCode,
  formatTotal,
  isIsoDate,
  isValidCorporateNumber,
  jstToIso,
  lastMonthEnds,
  normalizeDigits,
  nowJst,
  toJstDate,
  toJstTime,
} from './format';

describe('era dates', () => {
  it('formats the seed date as official documents do', () => {
    expect(formatEraDate('2023-06-21')).toBe('令和5年6月21日');
  });
  it('uses 元年 for the first year and switches era on the right day', () => {
    expect(formatEraDate('2019-04-30')).toBe('平成31年4月30日');
    expect(formatEraDate('2019-05-01')).toBe('令和元年5月1日');
    expect(formatEraDate('1989-01-07')).toBe('昭和64年1月7日');
    expect(formatEraDate('1989-01-08')).toBe('平成元年1月8日');
  });
  it('reads an instant in Japan time', () => {
    // 15:30 UTC on 31 March is already 1 April in Japan
    expect(formatEraDate('2024-03-31T15:30:00Z')).toBe('令和6年4月1日');
  });
  it('formats months and English dates', () => {
    expect(formatEraMonth(2023, 6)).toBe('令和5年6月');
    expect(formatDate('2023-06-21', 'en')).toBe('21 Jun 2023');
    expect(formatDate('2023-06-21', 'ja')).toBe('令和5年6月21日');
    expect(formatDate(null)).toBe('');
  });
  it('formats date-times in JST', () => {
    expect(formatDateTime('2023-06-21T05:30:00Z')).toBe('令和5年6月21日 14:30');
    expect(formatDateTime('2023-06-21T14:30:00+09:00', 'en')).toBe('21 Jun 2023 14:30');
  });
});

describe('JST conversions', () => {
  it('converts instants to Japanese days and times whatever the machine zone', () => {
    expect(toJstDate('2023-06-20T15:00:00Z')).toBe('2023-06-21');
    expect(toJstTime('2023-06-20T15:05:00Z')).toBe('00:05');
    expect(toJstDate('2023-06-20T14:59:59Z')).toBe('2023-06-20');
  });
  it('builds ISO instants with the +09:00 offset', () => {
    expect(jstToIso('2023-06-21', '9:05')).toBe('2023-06-21T09:05:00+09:00');
    expect(new Date(jstToIso('2023-06-21', '00:30')).toISOString()).toBe('2023-06-20T15:30:00.000Z');
  });
  it('defaults forms to now in Japan', () => {
    expect(nowJst(new Date('2024-03-31T16:10:00Z'))).toEqual({ date: '2024-04-01', time: '01:10' });
  });
  it('validates calendar days', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-6-1')).toBe(false);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});

describe('fiscal years', () => {
  it('starts the year on 1 April', () => {
    expect(fiscalYearOf('2024-03-31')).toBe(2023);
    expect(fiscalYearOf('2024-04-01')).toBe(2024);
    expect(fiscalYearRange(2023)).toEqual({ from: '2023-04-01', to: '2024-03-31' });
  });
  it('names fiscal years by era', () => {
    expect(fiscalYearLabel(2023)).toBe('令和5年度（2023年度）');
    expect(fiscalYearLabel(2019)).toBe('令和元年度（2019年度）');
    expect(fiscalYearLabel(2018)).toBe('平成30年度（2018年度）');
    expect(fiscalYearLabel(2023, 'en')).toBe('FY2023 (Apr 2023 – Mar 2024)');
  });
  it('splits fiscal quarters', () => {
    expect(fiscalQuarterRange(2023, 1)).toEqual({ from: '2023-04-01', to: '2023-06-30' });
    expect(fiscalQuarterRange(2023, 4)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(endOfMonth(2024, 2)).toBe('2024-02-29');
  });
  it('lists the last 12 month ends, ending today', () => {
    const ends = lastMonthEnds(12, '2024-03-15');
    expect(ends).toHaveLength(12);
    expect(ends[0]).toBe('2023-04-30');
    expect(ends[10]).toBe('2024-02-29');
    expect(ends[11]).toBe('2024-03-15');
  });
});

describe('numbers', () => {
  it('formats for ja-JP', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatPercent(0.8765)).toBe('87.7%');
    expect(formatPercent(null)).toBe('—');
  });
  it('shows capped totals', () => {
    expect(formatTotal(10000, true)).toBe('10,000件以上');
    expect(formatTotal(42, false)).toBe('42件');
    expect(formatTotal(10000, true, 'en')).toBe('10,000+ records');
  });
});

describe('corporate numbers', () => {
  it('computes the NTA check digit', () => {
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    expect(isValidCorporateNumber('7000012050002')).toBe(true);
    expect(isValidCorporateNumber('8000012050002')).toBe(false);
    expect(isValidCorporateNumber('700001205000')).toBe(false);
  });
  it('normalizes pasted digits', () => {
    expect(normalizeDigits('７０００ ０１２-０５０００２')).toBe('7000012050002');
  });
});

describe('formatPostalCode', () => {
  it('writes seven digits as 〒740-0061 and leaves anything else alone', () => {
    expect(formatPostalCode('7400061')).toBe('〒740-0061');
    expect(formatPostalCode('740-0061')).toBe('〒740-0061');
    expect(formatPostalCode(null)).toBe('');
    expect(formatPostalCode('')).toBe('');
    expect(formatPostalCode('74006')).toBe('74006');
  });
});
