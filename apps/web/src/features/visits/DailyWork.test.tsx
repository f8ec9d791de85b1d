import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { ApprovalsPage, bulkFailureMessage } from './ApprovalsPage';
import { createPlanBody, emptyPlanValues, validatePlan } from './PlanVisitForm';
import { recordDefaults } from './RecordPlannedModal';

const t = i18n.getFixedT('ja');
const manager = { ...officer, id: '44444444-4444-4444-8444-444444444444', role: 'manager' as const };

const visit = (id: string, name: string, version = 2) => ({
  id,
  stationId: officer.stationId,
  organizationId: `o-${id}`,
  organizationName: name,
  visitedAt: '2025-06-21T10:00:00+09:00',
  visitedOn: '2025-06-21',
  format: 'on_site',
  officerIds: [officer.id],
  officers: [{ id: officer.id, displayName: officer.displayName }],
  jointWith: null,
  attendees: [],
  topics: [],
  materials: [],
  summary: '概要',
  concernsRaised: null,
  status: 'submitted',
  followUps: [],
  councilItemIds: [],
  createdBy: officer.id,
  submittedAt: null,
  approvedAt: null,
  approvedBy: null,
  staffHidden: false,
  returnReason: null,
  purpose: null,
  cancelledAt: null,
  cancelReason: null,
  createdAt: '2025-06-21T10:00:00+09:00',
  updatedAt: '2025-06-21T10:00:00+09:00',
  version,
});

describe('planned visits (web rules)', () => {
  it('plans tomorrow in Japan at 10:00 by the signed-in officer, sent as status planned', () => {
    const v = emptyPlanValues('u1', { id: 'o1', name: '岩国精機' }, new Date('2024-03-31T16:10:00Z'));
    expect(v).toMatchObject({ date: '2024-04-02', time: '10:00', officerIds: ['u1'] });
    expect(createPlanBody({ ...v, purpose: '  ', topics: ['leak_cases'] })).toMatchObject({
      status: 'planned',
      organizationId: 'o1',
      visitedAt: '2024-04-02T10:00:00+09:00',
      officerIds: ['u1'],
      topics: ['leak_cases'],
      purpose: null,
    });
    expect(validatePlan({ ...v, organization: null, officerIds: [] }, t)).toMatchObject({
      organization: expect.any(String),
      officerIds: '担当者を1人以上選択してください。',
    });
  });

  it('records at the planned time, or now when the plan lies ahead', () => {
    const now = new Date('2025-06-21T03:00:00Z'); // 12:00 JST
    expect(recordDefaults('2025-06-20T14:30:00+09:00', now)).toEqual({ date: '2025-06-20', time: '14:30' });
    expect(recordDefaults('2025-06-28T14:30:00+09:00', now)).toEqual({ date: '2025-06-21', time: '12:00' });
  });
});

describe('bulk approval', () => {
  it('says in Japanese why one failed, by its code', () => {
    expect(bulkFailureMessage(t, 'visit.stale_version', 'x')).toContain('他の利用者が先に更新しました');
    expect(bulkFailureMessage(t, 'visit.not_found', 'x')).toContain('所属外');
    expect(bulkFailureMessage(t, 'visit.something_new', 'サーバーの説明')).toBe('サーバーの説明');
  });

  it('approves the selected visits after a confirm and lists the ones that failed', async () => {
    const calls = mockFetch({
      'GET /visits': () =>
        jsonResponse({
          items: [visit('v1', '岩国精機'), visit('v2', '周南化学'), visit('v3', '下松電子')],
          total: 3,
          page: 1,
          pageSize: 50,
        }),
      'POST /visits/approve': () =>
        jsonResponse({
          approved: ['v1'],
          failed: [{ id: 'v3', code: 'visit.stale_version', message: 'stale' }],
        }),
    });
    renderWithApp(<ApprovalsPage />, { user: manager });
    const bulk = await screen.findByTestId('bulk-approve');
    expect(bulk).toHaveProperty('disabled', true);
    fireEvent.click(await screen.findByRole('checkbox', { name: /選択: 岩国精機/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /選択: 下松電子/ }));
    fireEvent.click(bulk);
    expect(await screen.findByText('選択した2件の訪問記録を承認します。よろしいですか？')).toBeTruthy();
    fireEvent.click(screen.getByTestId('bulk-approve-confirm'));
    await waitFor(() => expect(calls.some((c) => c.path === '/visits/approve')).toBe(true));
    expect(calls.find((c) => c.path === '/visits/approve')?.body).toEqual({
      items: [
        { id: 'v1', version: 2 },
        { id: 'v3', version: 2 },
      ],
    });
    const failures = await screen.findByTestId('bulk-failures');
    expect(failures.textContent).toContain('1件は承認できませんでした');
    expect(failures.textContent).toContain('下松電子');
    expect(failures.textContent).toContain('他の利用者が先に更新しました');
    expect(failures.textContent).not.toContain('岩国精機');
  });

  it('selects all on the page at once', async () => {
    mockFetch({
      'GET /visits': () =>
        jsonResponse({ items: [visit('v1', 'A社'), visit('v2', 'B社')], total: 2, page: 1, pageSize: 50 }),
    });
    renderWithApp(<ApprovalsPage />, { user: manager });
    await screen.findByRole('checkbox', { name: /選択: B社/ });
    fireEvent.click(screen.getByTestId('bulk-select-all'));
    await waitFor(() => expect(screen.getByTestId('bulk-approve').textContent).toContain('（2）'));
  });
});
