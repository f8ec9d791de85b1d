import { fireEvent, screen, waitFor } from '@testing-library/react';
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
  title: '技術流出防止に向けたアウトリーチ活動の推進',
  leadAgencies: ['県警察本部', '各警察署'],
  topics: ['leak_cases'],
  plannedActions: '',
  sortOrder: 10,
  version: 3,
};

describe('strategy task form', () => {
  it('an administrator creates with exactly CreateStrategyTaskDto fields', async () => {
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
    fireEvent.change(screen.getByLabelText(/^基本戦略における課題/), { target: { value: ' 大学との連携 ' } });
    fireEvent.change(screen.getByLabelText('今後の取組'), { target: { value: '研究室訪問を続ける' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      prefectureCode: '35',
      title: '大学との連携',
      leadAgencies: [],
      topics: [],
      plannedActions: '研究室訪問を続ける',
    });
  });

  it('an administrator edits with exactly UpdateStrategyTaskDto fields', async () => {
    const calls = mockFetch({
      'PATCH /reports/strategy-tasks/t1': ({ body }) =>
        jsonResponse({ ...task, ...(body as object), version: 4 }),
    });
    const onDone = vi.fn();
    renderWithApp(<StrategyTaskForm task={task} onDone={onDone} />, { user: admin });
    fireEvent.change(screen.getByLabelText('今後の取組'), { target: { value: '継続する' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      title: task.title,
      leadAgencies: task.leadAgencies,
      topics: task.topics,
      plannedActions: '継続する',
      sortOrder: 10,
      version: 3,
    });
  });

  it('hq sends only the planned actions (the server refuses any other field from hq)', async () => {
    const calls = mockFetch({
      'PATCH /reports/strategy-tasks/t1': ({ body }) =>
        jsonResponse({ ...task, ...(body as object), version: 4 }),
    });
    const onDone = vi.fn();
    renderWithApp(<StrategyTaskForm task={task} onDone={onDone} />, { user: hq });
    expect(screen.queryByLabelText(/^担当機関/)).toBeNull();
    fireEvent.change(screen.getByLabelText('今後の取組'), { target: { value: '県内全署で実施' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      plannedActions: '県内全署で実施',
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
