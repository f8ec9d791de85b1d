import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { periodOf } from '../reports/PeriodPicker';
import { followUpFields, linkBody, NEXT_STATUSES, validateFollowUp } from './FollowUpBoard';

const t = i18n.getFixedT('ja');

describe('follow-up rules', () => {
  it('offers only the moves the server allows (done and dropped may be reopened)', () => {
    expect(NEXT_STATUSES.open).toEqual(['in_progress', 'done', 'dropped']);
    expect(NEXT_STATUSES.done).toEqual(['in_progress']);
    expect(NEXT_STATUSES.dropped).toEqual(['open']);
  });

  it('needs a title, a due day, and a result to mark it done', () => {
    const e = validateFollowUp({ title: ' ', status: 'done', ownerId: null, dueOn: null, result: '' }, t);
    expect(Object.keys(e).sort()).toEqual(['dueOn', 'result', 'title']);
  });

  it('an edit sends exactly UpdateFollowUpDto fields; a blank result is null', () => {
    expect(
      followUpFields({
        title: ' 講演 ',
        status: 'in_progress',
        ownerId: 'u1',
        dueOn: '2024-03-31',
        result: ' ',
      }),
    ).toEqual({ title: '講演', status: 'in_progress', ownerId: 'u1', dueOn: '2024-03-31', result: null });
  });

  it('a link names a visit or a seminar, never both', () => {
    expect(linkBody({ type: 'visit', selected: 'v1' })).toEqual({ visitId: 'v1' });
    expect(linkBody({ type: 'seminar', selected: 's1' })).toEqual({ seminarId: 's1' });
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
