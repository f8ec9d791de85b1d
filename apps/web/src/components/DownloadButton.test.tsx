import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../api/types';
import { jsonResponse, mockFetch, renderWithApp } from '../test/render';
import { DownloadButton } from './DownloadButton';

const job = (over: Partial<Job>): Job => ({
  id: 'j1',
  kind: 'export',
  status: 'running',
  progress: { done: 250_000, total: 1_000_000, phase: 'writing', rowsPerSecond: 50_000, etaSeconds: 15 },
  result: null,
  error: null,
  cancelRequested: false,
  stationId: 's1',
  attempts: 1,
  createdAt: '2026-12-01T00:00:00Z',
  startedAt: '2026-12-01T00:00:01Z',
  finishedAt: null,
  ...over,
});

const file = (expiresAt: string) => ({
  file: {
    name: '訪問記録_-20261201.csv',
    size: 3 * 1024 * 1024,
    contentType: 'text/csv; charset=utf-8',
    expiresAt,
  },
  rows: 1_000_000,
});

describe('DownloadButton', () => {
  beforeEach(() => {
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('a 202 shows the job’s progress with キャンセル; cancel ends it', async () => {
    let cancelled = false;
    const calls = mockFetch({
      'GET /exports/visits.csv': () => jsonResponse({ jobId: 'j1' }, 202),
      'GET /jobs/j1': () =>
        jsonResponse(cancelled ? job({ status: 'cancelled', cancelRequested: true }) : job({})),
      'POST /jobs/j1/cancel': () => {
        cancelled = true;
        return jsonResponse(job({ cancelRequested: true }));
      },
    });
    renderWithApp(
      <DownloadButton path="/exports/visits.csv" params={{ from: '2026-04-01' }} filename="visits.csv">
        CSV
      </DownloadButton>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'CSV' }));
    expect((await screen.findByTestId('file-job-rows')).textContent).toBe('250,000 / 1,000,000 件');
    expect(screen.getByTestId('file-job-eta').textContent).toBe('残り約 15 秒');
    expect(screen.getByTestId('file-job-phase').textContent).toBe('ファイルを作成しています');
    fireEvent.click(screen.getByTestId('file-job-cancel'));
    expect(await screen.findByTestId('file-job-cancelled', {}, { timeout: 3000 })).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/jobs/j1/cancel')).toBe(true);
  });

  it('a finished job offers its file; a 410 says it has expired', async () => {
    let gone = false;
    const calls = mockFetch({
      'GET /exports/visits.csv': () => jsonResponse({ jobId: 'j1' }, 202),
      'GET /jobs/j1': () =>
        jsonResponse(job({ status: 'done', result: file(new Date(Date.now() + 3600_000).toISOString()) })),
      'GET /jobs/j1/file': () =>
        gone
          ? jsonResponse({ statusCode: 410, code: 'job_file.expired', message: 'expired' }, 410)
          : new Response('a,b\n', {
              status: 200,
              headers: { 'Content-Disposition': "attachment; filename*=UTF-8''visits.csv" },
            }),
    });
    renderWithApp(
      <DownloadButton path="/exports/visits.csv" filename="visits.csv">
        CSV
      </DownloadButton>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'CSV' }));
    expect((await screen.findByTestId('file-job-ready')).textContent).toBe('ファイルができました（3.0 MB）');
    fireEvent.click(screen.getByTestId('file-job-save'));
    await screen.findByText('visits.csv をダウンロードしました。');
    expect(calls.filter((c) => c.path === '/jobs/j1/file')).toHaveLength(1);
    gone = true;
    fireEvent.click(screen.getByTestId('file-job-save'));
    expect((await screen.findByTestId('file-job-expired')).textContent).toBe(
      '保存期間が過ぎました。もう一度出力してください。',
    );
  });

  it('a 200 saves the file at once, as before', async () => {
    mockFetch({
      'GET /exports/visits.csv': () =>
        new Response('a,b\n', {
          status: 200,
          headers: { 'Content-Disposition': "attachment; filename*=UTF-8''%E8%A8%AA%E5%95%8F.csv" },
        }),
    });
    renderWithApp(
      <DownloadButton path="/exports/visits.csv" filename="visits.csv">
        CSV
      </DownloadButton>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'CSV' }));
    await screen.findByText('訪問.csv をダウンロードしました。');
    expect(screen.queryByTestId('file-job')).toBeNull();
  });
});
