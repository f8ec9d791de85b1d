import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me, Workload } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { WorkloadPage } from './WorkloadPage';

const manager: Me = { ...officer, id: '33333333-3333-4333-8333-333333333333', role: 'manager' };

const answer: Workload = {
  stationId: officer.stationId!,
  from: '2025-06-01',
  to: '2025-06-30',
  asOf: '2025-07-01',
  officers: [
    {
      userId: officer.id,
      displayName: officer.displayName,
      role: 'officer',
      disabled: false,
      visits: 3,
      approvedVisits: 2,
      seminars: 1,
      openFollowUps: 4,
      overdueFollowUps: 1,
    },
  ],
  totals: { visits: 3, approvedVisits: 2, seminars: 1, openFollowUps: 4, overdueFollowUps: 1 },
};

describe('WorkloadPage', () => {
  it('asks for the period of the URL and shows each officer’s figures with the totals', async () => {
    const calls = mockFetch({ 'GET /workload': () => jsonResponse(answer) });
    renderWithApp(<WorkloadPage />, { user: manager, route: '/workload?from=2025-06-01&to=2025-06-30' });
    const row = await screen.findByRole('row', { name: new RegExp(officer.displayName) });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['3', '2', '1', '4', '1']);
    expect(screen.getByTestId('workload-total').textContent).toContain('3');
    const call = calls.find((c) => c.path === '/workload')!;
    expect(call.url.searchParams.get('from')).toBe('2025-06-01');
    expect(call.url.searchParams.get('to')).toBe('2025-06-30');
  });
});
