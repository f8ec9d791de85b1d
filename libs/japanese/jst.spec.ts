import {
  addDays,
  addMonths,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  isIsoDate,
  jstDateOf,
  jstDateTimeOf,
  jstInstantRange,
  jstStartOfDay,
  parseIsoDate,
  toJstDate,
  toJstIsoString,
  toJstWallClock,
  todayJst,
  weekdayJa,
} from './jst';

describe('jstDateOf', () => {
  it('00:30 JST on 1 April belongs to 1 April', () => {
    expect(jstDateOf(new Date('2023-03-31T15:30:00Z'))).toBe('2023-04-01');
  });

  it('23:59:59.999 JST is still the same day; 00:00 JST starts the next', () => {
    expect(jstDateOf(new Date('2023-03-31T14:59:59.999Z'))).toBe('2023-03-31');
    expect(jstDateOf(new Date('2023-03-31T15:00:00.000Z'))).toBe('2023-04-01');
  });

  it('handles year ends, leap days and dates before 1970', () => {
    expect(jstDateOf(new Date('2023-12-31T15:00:00Z'))).toBe('2024-01-01');
    expect(jstDateOf(new Date('2024-02-28T15:00:00Z'))).toBe('2024-02-29');
    expect(jstDateOf(new Date('1965-06-30T20:00:00Z'))).toBe('1965-07-01');
    expect(jstDateOf(new Date('1969-12-31T14:59:59Z'))).toBe('1969-12-31');
  });

  it('does not depend on the process time zone', () => {
    // Whatever TZ this runs under, the answer is the same: computed from the instant only.
    const d = new Date(Date.UTC(2023, 5, 20, 16, 0));
    expect(jstDateOf(d)).toBe('2023-06-21');
  });

  it('throws for an invalid Date', () => {
    expect(() => jstDateOf(new Date('nope'))).toThrow(RangeError);
  });
});

describe('jstDateTimeOf / toJstIsoString / toJstWallClock', () => {
  it('formats Japanese wall-clock time', () => {
    const d = new Date('2023-06-21T01:05:09.250Z');
    expect(jstDateTimeOf(d)).toBe('2023-06-21 10:05');
    expect(jstDateTimeOf(d, true)).toBe('2023-06-21 10:05:09');
    expect(toJstIsoString(d)).toBe('2023-06-21T10:05:09.250+09:00');
    expect(toJstIsoString(new Date('2023-03-31T15:30:00Z'))).toBe('2023-04-01T00:30:00+09:00');
    expect(new Date(toJstIsoString(d)).getTime()).toBe(d.getTime());
  });

  it('toJstWallClock shifts by 9 hours', () => {
    expect(toJstWallClock(new Date('2023-03-31T15:30:00Z')).toISOString()).toBe('2023-04-01T00:30:00.000Z');
  });
});

describe('jstStartOfDay / jstInstantRange / todayJst', () => {
  it('is 00:00 JST = 15:00 UTC the day before', () => {
    expect(jstStartOfDay('2023-04-01').toISOString()).toBe('2023-03-31T15:00:00.000Z');
    expect(jstDateOf(jstStartOfDay('2024-02-29'))).toBe('2024-02-29');
  });

  it('rejects non-dates', () => {
    expect(() => jstStartOfDay('2023-02-30')).toThrow(RangeError);
    expect(() => jstStartOfDay('20230401')).toThrow(RangeError);
  });

  it('gives a half-open instant range', () => {
    const { start, end } = jstInstantRange('2023-04-01', '2023-04-30');
    expect(start.toISOString()).toBe('2023-03-31T15:00:00.000Z');
    expect(end.toISOString()).toBe('2023-04-30T15:00:00.000Z');
  });

  it('todayJst uses the given clock', () => {
    expect(todayJst(new Date('2023-03-31T15:30:00Z'))).toBe('2023-04-01');
    expect(isIsoDate(todayJst())).toBe(true);
  });
});

describe('isIsoDate / parseIsoDate / daysInMonth', () => {
  it.each(['2023-01-01', '2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01', '9999-12-31'])(
    '%s is a date',
    (s) => expect(isIsoDate(s)).toBe(true),
  );

  it.each([
    '2023-02-30',
    '2023-02-29',
    '1900-02-29',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '0000-01-01',
    '2023-1-01',
    '2023/01/01',
    '2023-01-01T00:00:00Z',
    ' 2023-01-01',
    '',
    null,
    20230101,
  ])('%j is not a date', (s) => expect(isIsoDate(s)).toBe(false));

  it('parses parts', () => {
    expect(parseIsoDate('2023-06-21')).toEqual({ year: 2023, month: 6, day: 21 });
    expect(() => parseIsoDate('2023-02-30')).toThrow(RangeError);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
  });
});

describe('addDays / addMonths / daysBetween', () => {
  it('adds days across month, year and leap boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(addDays('2023-06-21', 0)).toBe('2023-06-21');
    expect(addDays('2023-01-01', 365)).toBe('2024-01-01');
    expect(addDays('1969-12-31', 1)).toBe('1970-01-01');
    expect(() => addDays('2023-06-21', 1.5)).toThrow(RangeError);
  });

  it('adds months, clamping the day', () => {
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-11-15', 3)).toBe('2024-02-15');
    expect(addMonths('2023-03-31', -1)).toBe('2023-02-28');
    expect(addMonths('2023-01-15', -13)).toBe('2021-12-15');
  });

  it('counts signed days', () => {
    expect(daysBetween('2023-01-01', '2023-01-31')).toBe(30);
    expect(daysBetween('2023-01-31', '2023-01-01')).toBe(-30);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2023-06-21', '2023-06-21')).toBe(0);
    expect(daysBetween('2023-03-31', addDays('2023-03-31', 180))).toBe(180);
  });

  it('agrees with Date.UTC over a long range', () => {
    let d = '1899-12-25';
    for (let i = 0; i < 60_000; i += 97) {
      const expected = new Date(Date.UTC(1899, 11, 25 + i)).toISOString().slice(0, 10);
      d = addDays('1899-12-25', i);
      expect(d).toBe(expected);
      expect(daysBetween('1899-12-25', d)).toBe(i);
    }
  });
});

describe('weekdays', () => {
  it('knows the day of week', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2023-06-21')).toBe(3);
    expect(weekdayJa('2023-06-21')).toBe('水');
    expect(weekdayJa('1969-12-28')).toBe('日');
  });
});

describe('toJstDate', () => {
  it('accepts dates, Date objects and timestamps', () => {
    expect(toJstDate('2023-06-21')).toBe('2023-06-21');
    expect(toJstDate(new Date('2023-03-31T15:30:00Z'))).toBe('2023-04-01');
    expect(toJstDate('2023-03-31T15:30:00Z')).toBe('2023-04-01');
    expect(toJstDate('2023-03-31T15:30:00+00:00')).toBe('2023-04-01');
    expect(toJstDate('2023-04-01T00:30:00')).toBe('2023-04-01'); // no offset: Japanese time
    expect(toJstDate('2023-03-31 23:59')).toBe('2023-03-31');
  });

  it('rejects anything else', () => {
    expect(() => toJstDate('2023-02-30')).toThrow(RangeError);
    expect(() => toJstDate('令和5年')).toThrow(RangeError);
    expect(() => toJstDate(new Date(NaN))).toThrow(RangeError);
  });
});
