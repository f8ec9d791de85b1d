import {
  fiscalQuarterLabel,
  fiscalQuarterOf,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearRange,
  fiscalYearShortLabel,
  monthRange,
  parseFiscalYearLabel,
  quarterRange,
} from './fiscal-year';
import { addDays } from './jst';

describe('fiscalYearOf', () => {
  it('changes on 1 April', () => {
    expect(fiscalYearOf('2023-03-31')).toBe(2022);
    expect(fiscalYearOf('2023-04-01')).toBe(2023);
    expect(fiscalYearOf('2023-12-31')).toBe(2023);
    expect(fiscalYearOf('2024-01-01')).toBe(2023);
    expect(fiscalYearOf('2024-03-31')).toBe(2023);
    expect(fiscalYearOf('2024-04-01')).toBe(2024);
  });

  it('00:30 JST on 1 April (2023-03-31T15:30Z) is in the new fiscal year', () => {
    expect(fiscalYearOf(new Date('2023-03-31T15:30:00Z'))).toBe(2023);
    expect(fiscalYearOf(new Date('2023-03-31T14:59:59Z'))).toBe(2022);
  });

  it('every day of the range maps back to its fiscal year', () => {
    const { from, to } = fiscalYearRange(2023);
    expect(fiscalYearOf(addDays(from, -1))).toBe(2022);
    expect(fiscalYearOf(addDays(to, 1))).toBe(2024);
    for (let d = from; d <= to; d = addDays(d, 1)) expect(fiscalYearOf(d)).toBe(2023);
  });
});

describe('fiscalYearRange', () => {
  it('runs April to March', () => {
    expect(fiscalYearRange(2023)).toEqual({ from: '2023-04-01', to: '2024-03-31' });
    expect(fiscalYearRange(2019)).toEqual({ from: '2019-04-01', to: '2020-03-31' });
    expect(() => fiscalYearRange(2023.5)).toThrow(RangeError);
  });
});

describe('fiscalYearLabel', () => {
  it.each([
    [2023, '令和5年度'],
    [2020, '令和2年度'],
    [2019, '令和元年度'],
    [2018, '平成30年度'],
    [1989, '平成元年度'],
    [1988, '昭和63年度'],
  ])('%i → %s', (fy, label) => {
    expect(fiscalYearLabel(fy)).toBe(label);
    expect(parseFiscalYearLabel(label)).toBe(fy);
  });

  it('short labels', () => {
    expect(fiscalYearShortLabel(2023)).toBe('R5年度');
    expect(fiscalYearShortLabel(2018)).toBe('H30年度');
  });
});

describe('parseFiscalYearLabel', () => {
  it.each([
    ['令和5年度', 2023],
    ['令和５年度', 2023],
    ['令和 5 年度', 2023],
    ['令和元年度', 2019],
    ['R5', 2023],
    ['R5年度', 2023],
    ['r05', 2023],
    ['Ｒ５', 2023],
    ['H30', 2018],
    ['平成30年度', 2018],
    ['H31', 2019],
    ['2023年度', 2023],
    ['２０２３年度', 2023],
    ['2023', 2023],
    ['FY2023', 2023],
    ['令和5年', 2023],
  ])('%j → %i', (s, fy) => {
    expect(parseFiscalYearLabel(s)).toBe(fy);
  });

  it.each([
    '',
    '令和',
    '平成32年度',
    '昭和65年度',
    'R0',
    'X5',
    '5年度',
    '2023年度末',
    '0000',
    null,
    undefined,
  ])('rejects %j', (s) => expect(parseFiscalYearLabel(s)).toBeNull());
});

describe('monthRange', () => {
  it('covers the whole month', () => {
    expect(monthRange('2023-06')).toEqual({ from: '2023-06-01', to: '2023-06-30' });
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthRange('2023-02')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(monthRange('2023-12-15')).toEqual({ from: '2023-12-01', to: '2023-12-31' });
  });

  it.each(['2023-13', '2023-00', '2023-6', '202306', '2023-02-30', ''])('rejects %j', (s) => {
    expect(() => monthRange(s)).toThrow(RangeError);
  });
});

describe('quarterRange / fiscalQuarterOf', () => {
  it('uses fiscal quarters (Q1 = Apr–Jun … Q4 = Jan–Mar of the next year)', () => {
    expect(quarterRange(2023, 1)).toEqual({ from: '2023-04-01', to: '2023-06-30' });
    expect(quarterRange(2023, 2)).toEqual({ from: '2023-07-01', to: '2023-09-30' });
    expect(quarterRange(2023, 3)).toEqual({ from: '2023-10-01', to: '2023-12-31' });
    expect(quarterRange(2023, 4)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(() => quarterRange(2023, 5 as never)).toThrow(RangeError);
  });

  it('the four quarters tile the fiscal year', () => {
    const fy = fiscalYearRange(2023);
    expect(quarterRange(2023, 1).from).toBe(fy.from);
    expect(quarterRange(2023, 4).to).toBe(fy.to);
    for (const q of [1, 2, 3] as const) {
      expect(addDays(quarterRange(2023, q).to, 1)).toBe(quarterRange(2023, (q + 1) as 2 | 3 | 4).from);
    }
  });

  it('finds the quarter of a day', () => {
    expect(fiscalQuarterOf('2023-04-01')).toEqual({ fiscalYear: 2023, quarter: 1 });
    expect(fiscalQuarterOf('2023-06-30')).toEqual({ fiscalYear: 2023, quarter: 1 });
    expect(fiscalQuarterOf('2023-07-01')).toEqual({ fiscalYear: 2023, quarter: 2 });
    expect(fiscalQuarterOf('2023-12-31')).toEqual({ fiscalYear: 2023, quarter: 3 });
    expect(fiscalQuarterOf('2024-01-01')).toEqual({ fiscalYear: 2023, quarter: 4 });
    expect(fiscalQuarterOf('2024-03-31')).toEqual({ fiscalYear: 2023, quarter: 4 });
    expect(fiscalQuarterLabel(2023, 1)).toBe('令和5年度第1四半期');
  });
});
