import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../api/types';
import { jsonResponse, mockFetch, renderWithApp } from '../../test/render';
import { TasksPage } from './TasksPage';

const task = (over: Partial<Task>): Task => ({
  id: 't1',
  source: 'visit',
  title: '相談窓口設置状況の確認',
  dueOn: '2025-06-01',
  status: 'open',
  link: { type: 'visit', id: 'v1' },
  overdue: true,
  ownerId: 'u1',
  ownerName: '田中 一郎',
  organizationName: '株式会社テスト',
  meetingHeldOn: null,
  result: null,
  closedAt: null,
  version: 1,
  ...over,
});

describe('TasksPage', () => {
  it('asks for my tasks by default and shows each as a link, overdue marked', async () => {
    const calls = mockFetch({
      'GET /tasks': () =>
        jsonResponse({
          items: [
            task({}),
            task({
              id: 't2',
              source: 'council',
              title: '学校での講演',
              overdue: false,
              dueOn: '2025-12-31',
              link: { type: 'meeting', id: 'm1' },
              organizationName: null,
              meetingHeldOn: '2025-06-21',
            }),
          ],
          total: 2,
          page: 1,
          pageSize: 50,
        }),
    });
    renderWithApp(<TasksPage />, { route: '/tasks' });
    const rows = await screen.findAllByTestId('task-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].getAttribute('data-overdue')).toBe('true');
    expect(within(rows[0]).getByText('期限超過')).toBeTruthy();
    expect(within(rows[0]).getByRole('link', { name: '相談窓口設置状況の確認' }).getAttribute('href')).toBe(
      '/visits/v1',
    );
    expect(within(rows[0]).getByRole('button', { name: '完了にする' })).toBeTruthy();
    expect(within(rows[1]).getByRole('link', { name: '学校での講演' }).getAttribute('href')).toBe(
      '/council/meetings/m1',
    );
    const call = calls.find((c) => c.path === '/tasks')!;
    expect(call.url.searchParams.get('assignee')).toBe('me');
  });

  it('the station view asks without an assignee and shows owners', async () => {
    const calls = mockFetch({
      'GET /tasks': () => jsonResponse({ items: [task({})], total: 1, page: 1, pageSize: 50 }),
    });
    renderWithApp(<TasksPage />, { route: '/tasks?scope=station&overdue=true' });
    const row = await screen.findByTestId('task-row');
    expect(within(row).getByText('田中 一郎')).toBeTruthy();
    const call = calls.find((c) => c.path === '/tasks')!;
    expect(call.url.searchParams.get('assignee')).toBeNull();
    expect(call.url.searchParams.get('overdue')).toBe('true');
  });
});
