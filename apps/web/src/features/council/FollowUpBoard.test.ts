import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../api/types';
import { isOverdue } from './FollowUpBoard';
import { periodOf } from '../reports/PeriodPicker';

const base: FollowUp = {
  id: 'f',
  councilItemId: 'i',
  title: '学校での講演の検討',
  ownerId: null,
  dueOn: '2024-03-31',
  status: 'open',
  result: null,
  links: [],
};

describe('follow-up overdue', () => {
  it('is overdue when open past its due day (JST) unless the server says otherwise', () => {
    expect(isOverdue(base, '2024-04-01')).toBe(true);
    expect(isOverdue(base, '2024-03-31')).toBe(false);
    expect(isOverdue({ ...base, status: 'done' }, '2024-05-01')).toBe(false);
    expect(isOverdue({ ...base, overdue: false }, '2024-05-01')).toBe(false);
  });
});

describe('period picker', () => {
  const none = { from: null, to: null };
  it('knows fiscal years, fiscal quarters and months of a fiscal year', () => {
    expect(periodOf('fiscalYear', 2023, 1, 4, none)).toEqual({ from: '2023-04-01', to: '2024-03-31' });
    expect(periodOf('quarter', 2023, 4, 4, none)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    // February of fiscal 2023 is February 2024
    expect(periodOf('month', 2023, 1, 2, none)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodOf('custom', 2023, 1, 1, { from: '2024-05-01', to: '2024-04-01' })).toBeNull();
  });
});
