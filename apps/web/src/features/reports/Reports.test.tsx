import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Me } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { organizationExportFile, visitExportFile, type StrategyTask } from './api';
import { StrategyTaskForm } from './StrategyTasks';

const admin: Me = { ...officer, id: 'a1', username: 'admin', role: 'admin', stationId: null };
const hq: Me = { ...officer, id: 'h1', username: 'hq', role: 'hq', stationId: null };

const task: StrategyTask = {
  id: 't1',
  prefectureCode: '35',
  number: '1',
  heading: '技術流出防止に向けたアウトリーチ活動の推進',
  title: '技術流出防止に向けたアウトリーチ活動の推進',
  description: '',
  leadAgencies: ['県警察本部', '各警察署'],
  topics: ['leak_cases'],
  actionsSoFar: [{ text: '個別訪問 12件', repeated: false }],
  plannedActions: [],
  sortOrder: 10,
  version: 3,
};

const suggestions = () =>
  jsonResponse({
    from: null,
    asOf: '2024-03-31',
    items: [
      {
        taskId: 't1',
        bullets: [
          { text: '個別訪問 12件', repeated: false, source: 'visits' },
          { text: '令和5年5月18日、担当者向け研修会（教養、24名）', repeated: false, source: 'activity' },
        ],
      },
    ],
  });

describe('strategy task form', () => {
  it('an administrator creates with exactly CreateStrategyTaskDto fields, bullets with 再掲', async () => {
    const calls = mockFetch({
      'GET /stations': () =>
        jsonResponse({
          items: [
            {
              id: 's1',
              code: 'iwakuni',
              name: '岩国警察署',
              prefectureCode: '35',
              municipalityCodes: [],
              version: 1,
            },
          ],
        }),
      'POST /reports/strategy-tasks': ({ body }) => jsonResponse({ ...task, ...(body as object), id: 't2' }),
    });
    const onDone = vi.fn();
    renderWithApp(<StrategyTaskForm onDone={onDone} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^番号/), { target: { value: '(3)' } });
    fireEvent.change(screen.getByLabelText(/^課題（見出し）/), { target: { value: ' 大学との連携 ' } });
    fireEvent.change(screen.getByLabelText(/^課題の説明/), { target: { value: '産学官の連携を強化する。' } });
    const planned = within(screen.getByTestId('planned-actions'));
    fireEvent.click(planned.getByRole('button', { name: /取組を追加/ }));
    fireEvent.change(planned.getByLabelText('今後の取組 1'), { target: { value: '研究室訪問を続ける' } });
    fireEvent.click(planned.getByLabelText('再掲 1'));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      prefectureCode: '35',
      number: '(3)',
      heading: '大学との連携',
      description: '産学官の連携を強化する。',
      leadAgencies: [],
      topics: [],
      actionsSoFar: [],
      plannedActions: [{ text: '研究室訪問を続ける', repeated: true }],
    });
  });

  it('an administrator edits with exactly UpdateStrategyTaskDto fields', async () => {
    const calls = mockFetch({
      'GET /reports/strategy-tasks/suggestions': suggestions,
      'PATCH /reports/strategy-tasks/t1': ({ body }) =>
        jsonResponse({ ...task, ...(body as object), version: 4 }),
    });
    const onDone = vi.fn();
    renderWithApp(<StrategyTaskForm task={task} onDone={onDone} />, { user: admin });
    fireEvent.change(screen.getByLabelText(/^課題の説明/), { target: { value: '継続する' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      number: '1',
      heading: task.heading,
      description: '継続する',
      leadAgencies: task.leadAgencies,
      topics: task.topics,
      actionsSoFar: task.actionsSoFar,
      plannedActions: [],
      sortOrder: 10,
      version: 3,
    });
  });

  it('hq accepts a suggested bullet and sends only the bullets (the server refuses any other field from hq)', async () => {
    const calls = mockFetch({
      'GET /reports/strategy-tasks/suggestions': suggestions,
      'PATCH /reports/strategy-tasks/t1': ({ body }) =>
        jsonResponse({ ...task, ...(body as object), version: 4 }),
    });
    const onDone = vi.fn();
    renderWithApp(<StrategyTaskForm task={task} onDone={onDone} />, { user: hq });
    expect(screen.queryByLabelText(/^担当機関/)).toBeNull();
    const box = within(await screen.findByTestId('strategy-suggestions'));
    // the kept bullet is shown as accepted; the other is offered
    expect(await box.findByText('採用済み')).toBeTruthy();
    fireEvent.click(box.getByRole('button', { name: '採用' }));
    const kept = within(screen.getByTestId('actions-so-far'));
    fireEvent.click(kept.getByLabelText('再掲 2'));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      actionsSoFar: [
        { text: '個別訪問 12件', repeated: false },
        { text: '令和5年5月18日、担当者向け研修会（教養、24名）', repeated: true },
      ],
      plannedActions: [],
      version: 3,
    });
  });
});

describe('export files', () => {
  it('asks for personal data only with a reason, and the encoding only for CSV', () => {
    const filters = {
      sector: null,
      tier: 'A' as const,
      municipality: null,
      coverage: 'overdue' as const,
      status: null,
    };
    const csv = organizationExportFile('csv', filters, 'shift_jis', { reason: ' 監査 ' }, '20240401');
    expect(csv.path).toBe('/exports/organizations.csv');
    expect(JSON.parse(JSON.stringify(csv.params))).toEqual({
      tier: 'A',
      coverage: 'overdue',
      encoding: 'shift_jis',
      includePersonal: 'true',
      reason: '監査',
    });
    const xlsx = visitExportFile('xlsx', { from: '2024-04-01', to: '2024-06-30' }, 'shift_jis');
    expect(JSON.parse(JSON.stringify(xlsx.params))).toEqual({ from: '2024-04-01', to: '2024-06-30' });
  });
});
