import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Home, Me } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { HomePage } from './HomePage';

const visitId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const orgId = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

const officerHome: Home = {
  role: 'officer',
  asOf: '2025-06-21',
  officer: {
    plannedToday: [
      {
        id: visitId,
        organizationId: orgId,
        organizationName: '岩国精機株式会社',
        visitedAt: '2025-06-21T14:00:00+09:00',
        visitedOn: '2025-06-21',
        status: 'planned',
      },
    ],
    plannedThisWeek: [],
    plannedPast: [],
    openTasks: {
      total: 1,
      overdue: 1,
      items: [
        {
          id: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd',
          source: 'council',
          title: '学校講演の調整',
          dueOn: '2025-06-01',
          status: 'open',
          overdue: true,
          link: { type: 'follow_up', id: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd' },
        },
      ],
    },
    myVisits: { items: [], total: 0 },
    notifications: { items: [], unread: 0 },
  },
};

describe('HomePage', () => {
  it('shows an officer today’s plans and open tasks from one request', async () => {
    const calls = mockFetch({ 'GET /home': () => jsonResponse(officerHome) });
    renderWithApp(<HomePage />);
    const today = await screen.findByTestId('home-planned-today');
    const link = within(today).getByRole('link', { name: '岩国精機株式会社' });
    expect(link.getAttribute('href')).toBe(`/visits/${visitId}`);
    expect(today.textContent).toContain('14:00');
    const tasks = screen.getByTestId('home-tasks');
    expect(tasks.textContent).toContain('1 件（うち期限切れ 1 件）');
    expect(within(tasks).getByRole('link', { name: '学校講演の調整' }).getAttribute('href')).toBe(
      '/council/follow-ups',
    );
    expect(screen.getByTestId('home-my-visits').textContent).toContain('差戻し・下書きはありません');
    expect(calls.filter((c) => c.path === '/home')).toHaveLength(1);
    expect(calls.filter((c) => c.path !== '/home')).toHaveLength(0);
  });

  it('shows an admin the password and sign-in watch', async () => {
    const admin: Me = { ...officer, role: 'admin', stationId: null };
    mockFetch({
      'GET /home': () =>
        jsonResponse({
          role: 'admin',
          asOf: '2025-06-21',
          admin: {
            passwords: [
              {
                id: officer.id,
                username: 'tanaka',
                displayName: '田中 一郎',
                role: 'officer',
                stationName: '岩国警察署',
                state: 'expired',
                since: '2025-06-01T09:00:00+09:00',
              },
            ],
            failedLogins: [
              {
                occurredAt: '2025-06-21T08:00:00+09:00',
                username: 'tanaka',
                reason: 'wrong_password',
                clientIp: '10.0.0.1',
              },
            ],
            failedLast24h: 1,
          },
        } satisfies Home),
    });
    renderWithApp(<HomePage />, { user: admin });
    const passwords = await screen.findByTestId('home-passwords');
    expect(passwords.textContent).toContain('期限切れ');
    expect(screen.getByTestId('home-failed-logins').textContent).toContain('パスワード誤り');
  });
  it('shows a manager the approval queue, overdue follow-ups, urgent firms and the coverage trend', async () => {
    const manager: Me = { ...officer, role: 'manager' };
    const days = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-21'];
    mockFetch({
      'GET /home': () =>
        jsonResponse({
          role: 'manager',
          asOf: '2025-06-21',
          manager: {
            approvalQueue: {
              total: 3,
              items: [
                {
                  id: visitId,
                  organizationId: orgId,
                  organizationName: '岩国精機株式会社',
                  visitedAt: '2025-06-18T10:00:00+09:00',
                  visitedOn: '2025-06-18',
                  status: 'submitted',
                  submittedAt: '2025-06-18T17:00:00+09:00',
                },
              ],
            },
            overdueFollowUps: { items: [], total: 0, overdue: 0 },
            urgentFirms: [
              {
                organizationId: orgId,
                name: '未訪問工業株式会社',
                tier: 'A',
                state: 'never',
                lastReachedOn: null,
                daysOverdue: null,
              },
            ],
            worklistTotal: 12,
            coverageTrend: days.map((asOf, i) => ({ asOf, organizations: 10, reached: i, coverage: i / 10 })),
          },
        } satisfies Home),
    });
    renderWithApp(<HomePage />, { user: manager });
    const queue = await screen.findByTestId('home-approvals');
    expect(queue.textContent).toContain('決裁待ちの訪問（3）');
    expect(within(queue).getByRole('link', { name: '岩国精機株式会社' }).getAttribute('href')).toBe(
      `/visits/${visitId}`,
    );
    expect(screen.getByTestId('home-overdue').textContent).toContain('期限切れのフォローアップはありません');
    const urgent = screen.getByTestId('home-urgent');
    expect(within(urgent).getByRole('link', { name: '未訪問工業株式会社' }).getAttribute('href')).toBe(
      `/organizations/${orgId}`,
    );
    expect(urgent.textContent).toContain('12 件');
    expect(screen.getAllByTestId('home-trend-point')).toHaveLength(6);
    expect(screen.getByTestId('home-trend').textContent).toContain('50.0%');
  });
});
