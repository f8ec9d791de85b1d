import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import type { PeriodReport } from './api';
import { PeriodReportView } from './PeriodReportView';

const report: PeriodReport = {
  period: {
    from: '2026-04-01',
    to: '2027-03-31',
    label: '令和8年度',
    range: '令和8年4月1日～令和9年3月31日',
    kind: 'fiscal_year',
  },
  stationId: null,
  stationName: null,
  visits: {
    total: 1234,
    organizations: 456,
    bySector: [
      { key: 'university', label: '大学・研究機関', count: 30 },
      { key: 'medical', label: '医療機関', count: 10 },
    ],
    byMunicipality: [],
    byTopic: [],
  },
  organizations: {
    reached: 500,
    coverageAtEnd: {
      asOf: '2027-03-31',
      organizations: 800,
      reached: 600,
      overdue: 100,
      never: 100,
      coverage: 0.75,
    },
  },
  seminars: { count: 12, attendees: 340, organizations: 40, byKind: [] },
  consultations: { total: 8, escalated: 2, byCategory: [] },
  followUps: { opened: 20, done: 15, overdue: 3 },
  liaisons: { count: 5 },
  jointVisits: { total: 7, byPartner: [] },
  activities: { total: 9, training: { count: 4, participants: 60 }, pr: { count: 5 }, byKind: [] },
  byStation: [
    {
      stationId: 's1',
      stationName: '岩国警察署',
      visits: 600,
      organizationsVisited: 200,
      jointVisits: 3,
      organizationsReached: 250,
      seminars: 6,
      seminarAttendees: 170,
      consultations: 4,
      activities: 5,
    },
  ],
} as unknown as PeriodReport;

describe('PeriodReportView', () => {
  it('shows the report as officials read it: 令和N年度, figures, breakdowns with bars, stations side by side', () => {
    renderWithApp(<PeriodReportView report={report} />);
    expect(screen.getByRole('heading', { name: '令和8年度 全警察署' })).toBeTruthy();
    const view = screen.getByTestId('period-view');
    expect(view.textContent).toContain('個別訪問（決裁済み）1,234件');
    expect(view.textContent).toContain('75');
    expect(screen.getByRole('table', { name: '業種別の訪問' }).textContent).toContain('大学・研究機関');
    expect(screen.getByRole('table', { name: '警察署別' }).textContent).toContain('岩国警察署');
    expect(view.textContent).not.toMatch(/"total"|"visits"/);
  });
});
