import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CoverageResponse, Me, WorklistEntry } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { CoveragePage } from './CoveragePage';

const manager: Me = { ...officer, role: 'manager' };

const coverage = (groupBy: CoverageResponse['groupBy']): CoverageResponse => ({
  asOf: '2025-06-30',
  groupBy,
  stationId: officer.stationId,
  cadenceDays: { A: 180, B: 365, C: 730 },
  totals: { organizations: 4, reached: 1, overdue: 2, never: 1, coverage: 0.25, candidates: 137 },
  groups: [
    { key: 'advanced_tech', label: '先端技術', organizations: 3, reached: 1, overdue: 1, never: 1, coverage: 0.3333 },
    { key: null, label: '未設定', organizations: 1, reached: 0, overdue: 1, never: 0, coverage: 0 },
  ],
});

const overdue: WorklistEntry = {
  organizationId: 'o1',
  stationId: officer.stationId!,
  name: '岩国精機株式会社',
  corporateNumber: '7000012050002',
  tier: 'A',
  sector: 'advanced_tech',
  sectorLabel: '先端技術',
  municipality: '岩国市',
  municipalityCode: '35208',
  state: 'overdue',
  lastReachedOn: '2024-10-01',
  nextDueOn: '2025-03-30',
  daysOverdue: 92,
};

describe('CoveragePage', () => {
  it('shows the totals, the groups and the worklist as the server sends them', async () => {
    const calls = mockFetch({
      'GET /coverage': ({ url }) =>
        jsonResponse(coverage((url.searchParams.get('groupBy') ?? 'sector') as CoverageResponse['groupBy'])),
      'GET /coverage/worklist': () =>
        jsonResponse({ asOf: '2025-06-30', items: [overdue], total: 1, page: 1, pageSize: 50 }),
    });
    renderWithApp(<CoveragePage />, { user: manager });

    const worklist = await screen.findByTestId('worklist');
    const link = await within(worklist).findByRole('link', { name: '岩国精機株式会社' });
    expect(link.getAttribute('href')).toBe('/organizations/o1');
    expect(within(worklist).getByText('岩国市')).toBeTruthy();
    expect(within(worklist).getByText('92日超過')).toBeTruthy();

    expect((await screen.findByTestId('cov-orgs')).textContent).toBe('4');
    expect(screen.getByTestId('cov-ratio').textContent).toContain('25');
    // candidates beside the figures, never in them; the number opens the candidate list
    const candidates = screen.getByTestId('cov-candidates');
    expect(candidates.textContent).toBe('137');
    expect(candidates.getAttribute('href')).toBe('/organizations?target=false');
    const groups = screen.getByTestId('coverage-groups');
    expect(await within(groups).findByText('未設定')).toBeTruthy();

    const worklistCall = calls.find((c) => c.path === '/coverage/worklist');
    expect(worklistCall?.url.searchParams.get('pageSize')).toBe('50');
    const current = calls.find((c) => c.path === '/coverage' && c.url.searchParams.get('groupBy') === 'sector');
    expect(current?.url.searchParams.get('asOf')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
