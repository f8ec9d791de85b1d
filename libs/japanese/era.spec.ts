import {
  asOfHeading,
  eraOf,
  eraYear,
  eraYearLabel,
  findEra,
  formatJapaneseDate,
  formatJapaneseDateRange,
  formatJapaneseDateWithWeekday,
  formatJapaneseYearMonth,
  gregorianYearOf,
  parseJapaneseDate,
} from './era';

describe('formatJapaneseDate', () => {
  it.each([
    ['2023-06-21', '令和5年6月21日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['2020-01-01', '令和2年1月1日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1989-01-08', '平成元年1月8日'],
    ['1926-12-24', '大正15年12月24日'],
    ['1926-12-25', '昭和元年12月25日'],
    ['1912-07-29', '明治45年7月29日'],
    ['1912-07-30', '大正元年7月30日'],
    ['1873-01-01', '明治6年1月1日'],
  ])('%s → %s', (iso, expected) => {
    expect(formatJapaneseDate(iso)).toBe(expected);
  });

  it('takes the day in Japan of a Date', () => {
    // 2019-04-30T15:00Z is 2019-05-01 00:00 JST: the first minute of 令和.
    expect(formatJapaneseDate(new Date('2019-04-30T15:00:00Z'))).toBe('令和元年5月1日');
    expect(formatJapaneseDate(new Date('2019-04-30T14:59:59Z'))).toBe('平成31年4月30日');
  });

  it('rejects invalid and unsupported dates', () => {
    expect(() => formatJapaneseDate('2023-02-30')).toThrow(RangeError);
    expect(() => formatJapaneseDate('1872-12-31')).toThrow(RangeError);
  });

  it('with weekday and ranges', () => {
    expect(formatJapaneseDateWithWeekday('2023-06-21')).toBe('令和5年6月21日（水）');
    expect(formatJapaneseDateRange('2023-04-01', '2024-03-31')).toBe('令和5年4月1日～令和6年3月31日');
  });
});

describe('eraYear / eraOf / eraYearLabel', () => {
  it('gives era and year', () => {
    expect(eraYear('2023-06-21')).toEqual({ era: '令和', year: 5 });
    expect(eraYear('2019-04-30')).toEqual({ era: '平成', year: 31 });
    expect(eraYear('2019-05-01')).toEqual({ era: '令和', year: 1 });
    expect(eraYear('2018-11-05')).toEqual({ era: '平成', year: 30 });
    expect(eraOf('1988-12-31').name).toBe('昭和');
    expect(eraYearLabel(1)).toBe('元');
    expect(eraYearLabel(12)).toBe('12');
  });
});

describe('formatJapaneseYearMonth / asOfHeading', () => {
  it('formats year and month', () => {
    expect(formatJapaneseYearMonth('2018-11-05')).toBe('平成30年11月');
    expect(formatJapaneseYearMonth('2019-05')).toBe('令和元年5月');
    expect(formatJapaneseYearMonth('2019-04')).toBe('平成31年4月');
    expect(formatJapaneseYearMonth(new Date('2023-05-31T15:00:00Z'))).toBe('令和5年6月');
  });

  it('asOfHeading matches the strategy table heading', () => {
    expect(asOfHeading('2018-11-05')).toBe('平成30年11月現在');
    expect(asOfHeading('2023-06-21')).toBe('令和5年6月現在');
    expect(asOfHeading('2019-05-01')).toBe('令和元年5月現在');
  });
});

describe('gregorianYearOf / findEra', () => {
  it('converts era years', () => {
    expect(gregorianYearOf('令和', 5)).toBe(2023);
    expect(gregorianYearOf('令和', 1)).toBe(2019);
    expect(gregorianYearOf('H', 31)).toBe(2019);
    expect(gregorianYearOf('s', 64)).toBe(1989);
    expect(() => gregorianYearOf('平成', 32)).toThrow(RangeError);
    expect(() => gregorianYearOf('令和', 0)).toThrow(RangeError);
    expect(() => gregorianYearOf('天平', 1)).toThrow(RangeError);
    expect(findEra('reiwa')?.name).toBe('令和');
  });
});

describe('parseJapaneseDate', () => {
  it.each([
    ['令和5年6月21日', '2023-06-21'],
    ['令和元年5月1日', '2019-05-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['令和５年６月２１日', '2023-06-21'],
    ['令和 5年 6月 21日', '2023-06-21'],
    ['R5.6.21', '2023-06-21'],
    ['H31/4/30', '2019-04-30'],
    ['s64-1-7', '1989-01-07'],
  ])('%s → %s', (s, iso) => {
    expect(parseJapaneseDate(s)).toBe(iso);
  });

  it.each([
    '平成31年5月1日',
    '令和元年4月30日',
    '令和5年2月30日',
    '昭和65年1月1日',
    '令和0年1月1日',
    '2023-06-21',
    '',
    null,
  ])('rejects %j', (s) => expect(parseJapaneseDate(s)).toBeNull());

  it('round-trips with formatJapaneseDate', () => {
    for (const iso of ['1926-12-25', '1989-01-08', '2019-04-30', '2019-05-01', '2024-02-29']) {
      expect(parseJapaneseDate(formatJapaneseDate(iso))).toBe(iso);
    }
  });
});
