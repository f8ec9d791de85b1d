import { describe, expect, it } from 'vitest';
import {
  dayOfWeek,
  holidayName,
  holidaysBetween,
  loadWeekStart,
  monthGrid,
  saveWeekStart,
  shiftAnchor,
  viewRange,
  weekDays,
  weekdayOrder,
} from './calendarGrid';

describe('calendar grid', () => {
  it('lays a month out in whole weeks starting on Sunday', () => {
    // June 2025: the 1st is a Sunday, the 30th a Monday
    const weeks = monthGrid('2025-06', 0);
    expect(weeks).toHaveLength(5);
    expect(weeks[0][0]).toBe('2025-06-01');
    expect(weeks[4]).toEqual([
      '2025-06-29',
      '2025-06-30',
      '2025-07-01',
      '2025-07-02',
      '2025-07-03',
      '2025-07-04',
      '2025-07-05',
    ]);
    for (const week of weeks) expect(dayOfWeek(week[0])).toBe(0);
  });

  it('lays the same month out starting on Monday', () => {
    const weeks = monthGrid('2025-06', 1);
    expect(weeks).toHaveLength(6);
    expect(weeks[0][0]).toBe('2025-05-26');
    expect(weeks[0][6]).toBe('2025-06-01');
    expect(weeks[5][0]).toBe('2025-06-30');
    for (const week of weeks) expect(dayOfWeek(week[0])).toBe(1);
    expect(weekdayOrder(1)).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(weekdayOrder(0)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('handles February of a leap year and the week that holds a day', () => {
    expect(monthGrid('2024-02', 0).flat()).toContain('2024-02-29');
    expect(monthGrid('2026-02', 0)).toHaveLength(4); // 1 Feb 2026 is a Sunday: exactly four weeks
    expect(weekDays('2025-06-18', 0)).toEqual([
      '2025-06-15',
      '2025-06-16',
      '2025-06-17',
      '2025-06-18',
      '2025-06-19',
      '2025-06-20',
      '2025-06-21',
    ]);
    expect(weekDays('2025-06-15', 1)[0]).toBe('2025-06-09'); // a Sunday belongs to the week before
  });

  it('gives each view the days to ask the API for, and moves by a month or a week', () => {
    expect(viewRange('month', '2025-06-18', 0)).toEqual({ from: '2025-06-01', to: '2025-07-05' });
    expect(viewRange('month', '2025-06-18', 1)).toEqual({ from: '2025-05-26', to: '2025-07-06' });
    expect(viewRange('week', '2025-06-18', 1)).toEqual({ from: '2025-06-16', to: '2025-06-22' });
    expect(shiftAnchor('month', '2025-01-31', 1)).toBe('2025-02-01');
    expect(shiftAnchor('month', '2025-01-15', -1)).toBe('2024-12-01');
    expect(shiftAnchor('week', '2025-06-18', 1)).toBe('2025-06-25');
  });

  it('marks Japan’s holidays with their names, substitute holidays too', () => {
    expect(holidayName('2025-01-01')).toBe('元日');
    expect(holidayName('2025-05-06')).toBe('こどもの日 振替休日'); // みどりの日 fell on a Sunday
    expect(holidayName('2025-06-18')).toBeNull();
    expect(holidayName('2025-01-01', 'en')).toBe("New Year's Day");
    const may = holidaysBetween('2025-05-01', '2025-05-31');
    expect([...may.keys()]).toEqual(['2025-05-03', '2025-05-04', '2025-05-05', '2025-05-06']);
    expect(may.get('2025-05-05')).toBe('こどもの日');
  });

  it('keeps the week start in local storage (Sunday by default)', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(loadWeekStart(storage)).toBe(0);
    saveWeekStart(1, storage);
    expect(loadWeekStart(storage)).toBe(1);
    saveWeekStart(0, storage);
    expect(loadWeekStart(storage)).toBe(0);
  });
});
