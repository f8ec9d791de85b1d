import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportReport, Job } from '../../api/types';
import { jsonResponse, mockFetch, renderWithApp } from '../../test/render';
import { importForm } from './api';
import { ImportPage } from './ImportPage';

const report: ImportReport = {
  importId: 'i1',
  mode: 'full',
  history: 1,
  archived: 0,
  possibleMatches: [],
  possibleMatchCount: 0,
  changes: [
    { kind: 'new', organizationId: 'o1', name: '株式会社岩国マテリアル', oldValue: null },
    { kind: 'renamed', organizationId: 'o2', name: '株式会社ミライ', oldValue: '株式会社旧名' },
  ],
  changeCounts: { new: 3, renamed: 1, moved: 0, closed: 0, updated: 0 },
  statisticsRefreshed: false,
  inserted: 3,
  updated: 1,
  unchanged: 5,
  closed: 0,
  skipped: 2,
  rejected: [{ line: 7, reason: '法人番号のチェックデジットが不正です: 1000012050002' }],
  rejectedCount: 1,
  dryRun: true,
  rows: 12,
  stationId: 's1',
  fileName: 'register.csv',
  changesRecorded: 0,
  durationMs: 40,
};

/** A stand-in for XMLHttpRequest (uploads report progress through it): answers with `answer`. */
function stubXhr(answer: (form: FormData) => { status: number; body: unknown }) {
  const sent: { method: string; url: string; form: FormData }[] = [];
  class FakeXhr {
    upload: { onprogress?: (e: ProgressEvent) => void; onload?: () => void } = {};
    status = 0;
    responseText = '';
    onload?: () => void;
    onerror?: () => void;
    onabort?: () => void;
    private method = '';
    private url = '';
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader() {}
    getResponseHeader() {
      return null;
    }
    abort() {
      this.onabort?.();
    }
    send(form: FormData) {
      sent.push({ method: this.method, url: this.url, form });
      const { status, body } = answer(form);
      setTimeout(() => {
        this.upload.onload?.();
        this.status = status;
        this.responseText = JSON.stringify(body);
        this.onload?.();
      }, 0);
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return sent;
}

afterEach(() => vi.unstubAllGlobals());

describe('register import', () => {
  it('builds the multipart body with the field names the server declares', () => {
    const file = new File(['a'], 'r.csv', { type: 'text/csv' });
    const form = importForm({ file, dryRun: 'true' });
    expect([...form.keys()]).toEqual(['dryRun', 'file']);
    expect(form.get('dryRun')).toBe('true');
    expect((form.get('file') as File).name).toBe('r.csv');
  });

  it('a dry run uploads the file with dryRun=true and shows the report', async () => {
    const sent = stubXhr((form) => ({
      status: 200,
      body: { ...report, dryRun: form.get('dryRun') === 'true' },
    }));
    const { container } = renderWithApp(<ImportPage />);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, { target: { files: [new File(['x'], 'register.csv', { type: 'text/csv' })] } });
    fireEvent.click(await screen.findByRole('button', { name: '試行（取込前の確認）' }));

    expect(await screen.findByText('試行が完了しました。データは変更されていません。')).toBeTruthy();
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe('POST');
    expect(sent[0].url).toBe('/api/v1/organizations/import');
    expect(sent[0].form.get('dryRun')).toBe('true');
    expect((sent[0].form.get('file') as File).name).toBe('register.csv');
    expect(screen.getByTestId('import-rows').textContent).toBe('12');
    expect(screen.getByTestId('import-inserted').textContent).toBe('3');
    expect(screen.getByText('法人番号のチェックデジットが不正です: 1000012050002')).toBeTruthy();
  });

  it('the import itself sends dryRun=false; an error answer is shown', async () => {
    const sent = stubXhr(() => ({
      status: 415,
      body: {
        statusCode: 415,
        error: 'Unsupported Media Type',
        code: 'organization_import.unsupported_file',
        message: 'CSV または zip を送信してください',
      },
    }));
    const { container } = renderWithApp(<ImportPage />);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, { target: { files: [new File(['x'], 'register.pdf')] } });
    fireEvent.click(await screen.findByRole('button', { name: '取り込む' }));
    fireEvent.click(await screen.findByTestId('import-confirm-run'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].form.get('dryRun')).toBe('false');
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByTestId('import-report')).toBeNull();
  });

  it('the import runs as a job: rows, rate and ETA by polling; cancel stops it and says nothing changed', async () => {
    const sent = stubXhr(() => ({ status: 202, body: { jobId: 'j1' } }));
    const job = (over: Partial<Job>): Job => ({
      id: 'j1',
      kind: 'register_import',
      status: 'running',
      progress: { done: 50_000, total: 200_000, phase: 'reading', rowsPerSecond: 25_000, etaSeconds: 6 },
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
    let cancelled = false;
    const calls = mockFetch({
      'GET /jobs/j1': () =>
        jsonResponse(cancelled ? job({ status: 'cancelled', cancelRequested: true }) : job({})),
      'POST /jobs/j1/cancel': () => {
        cancelled = true;
        return jsonResponse(job({ cancelRequested: true }));
      },
    });
    const { container } = renderWithApp(<ImportPage />);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, { target: { files: [new File(['x'], 'register.csv', { type: 'text/csv' })] } });
    fireEvent.click(await screen.findByRole('button', { name: '取り込む' }));
    fireEvent.click(await screen.findByTestId('import-confirm-run'));
    expect((await screen.findByTestId('import-job-rows')).textContent).toBe('50,000 / 200,000 件');
    expect(sent[0].form.get('async')).toBe('true');
    expect(sent[0].form.get('dryRun')).toBe('false');
    expect(screen.getByTestId('import-job-rate').textContent).toBe('25,000 件/秒');
    expect(screen.getByTestId('import-job-eta').textContent).toBe('残り約 6 秒');
    expect(screen.getByTestId('import-job-phase').textContent).toBe('ファイルを読み込んでいます');
    fireEvent.click(screen.getByTestId('import-job-cancel'));
    expect(await screen.findByText('中止しています…')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/jobs/j1/cancel')).toBe(true);
    expect((await screen.findByTestId('import-job-cancelled', {}, { timeout: 3000 })).textContent).toBe(
      '取込を中止しました。登録内容は変更されていません。',
    );
    expect(screen.queryByTestId('import-job')).toBeNull();
  });

  it('a finished import job shows its report', async () => {
    stubXhr(() => ({ status: 202, body: { jobId: 'j2' } }));
    mockFetch({
      'GET /jobs/j2': () =>
        jsonResponse({
          id: 'j2',
          kind: 'register_import',
          status: 'done',
          progress: { done: 12, total: 12, phase: 'done' },
          result: { ...report, dryRun: false },
          error: null,
          cancelRequested: false,
          stationId: 's1',
          attempts: 1,
          createdAt: '2026-12-01T00:00:00Z',
          startedAt: '2026-12-01T00:00:01Z',
          finishedAt: '2026-12-01T00:00:02Z',
        } satisfies Job),
    });
    const { container } = renderWithApp(<ImportPage />);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, { target: { files: [new File(['x'], 'register.csv', { type: 'text/csv' })] } });
    fireEvent.click(await screen.findByRole('button', { name: '取り込む' }));
    fireEvent.click(await screen.findByTestId('import-confirm-run'));
    expect(await screen.findByText('取込が完了しました。')).toBeTruthy();
    expect(screen.getByTestId('import-inserted').textContent).toBe('3');
  });

  it('asks before importing, with the file and its rows', async () => {
    const sent = stubXhr(() => ({ status: 200, body: { ...report, dryRun: false } }));
    const { container } = renderWithApp(<ImportPage />);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, {
      target: { files: [new File(['a\r\nb\r\nc\r\n'], 'yamaguchi.csv', { type: 'text/csv' })] },
    });
    fireEvent.click(await screen.findByRole('button', { name: '取り込む' }));
    expect((await screen.findByTestId('import-confirm-file')).textContent).toBe('yamaguchi.csv');
    await waitFor(() => expect(screen.getByTestId('import-confirm-rows').textContent).toBe('3'));
    expect(sent).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: '戻る' }));
    await waitFor(() => expect(screen.queryByTestId('import-confirm-file')).toBeNull());
    expect(sent).toHaveLength(0);
  });

  it('shows what changed with names and links, and the possible matches to link or create', async () => {
    stubXhr(() => ({
      status: 200,
      body: {
        ...report,
        dryRun: false,
        possibleMatchCount: 1,
        possibleMatches: [
          {
            line: 4,
            corporateNumber: '1234567890123',
            name: '岩国精機株式会社',
            organizationId: 'o9',
            matchId: 'm1',
          },
        ],
      },
    }));
    let linked = false;
    const calls = mockFetch({
      'GET /register-import/matches': () =>
        jsonResponse({
          items: linked
            ? []
            : [
                {
                  id: 'm1',
                  importId: 'i1',
                  stationId: 's1',
                  line: 4,
                  corporateNumber: '1234567890123',
                  name: '岩国精機株式会社',
                  nameKana: null,
                  municipalityName: '岩国市',
                  address: '山口県岩国市今津町',
                  organizationId: 'o9',
                  organizationName: '岩国精機',
                  organizationAddress: null,
                  organizationVersion: 3,
                  resolution: null,
                  resolvedOrganizationId: null,
                  createdAt: '2026-12-01T00:00:00Z',
                },
              ],
        }),
      'POST /register-import/matches/m1/link': () => {
        linked = true;
        return jsonResponse({ matchId: 'm1', resolution: 'linked', organizationId: 'o9' });
      },
    });
    const { container } = renderWithApp(<ImportPage />);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    fireEvent.change(input, { target: { files: [new File(['x'], 'register.csv', { type: 'text/csv' })] } });
    fireEvent.click(await screen.findByRole('button', { name: '取り込む' }));
    fireEvent.click(await screen.findByTestId('import-confirm-run'));
    const created = await screen.findByRole('link', { name: '株式会社岩国マテリアル' });
    expect(created.getAttribute('href')).toBe('/organizations/o1');
    expect(screen.getByTestId('import-changes-new').textContent).toContain('新規（候補） (3)');
    expect(screen.getByTestId('import-changes-new').textContent).toContain('ほか 2 件');
    expect(screen.getByTestId('import-changes-renamed').textContent).toContain('旧: 株式会社旧名');
    expect((await screen.findByRole('link', { name: '岩国精機' })).getAttribute('href')).toBe(
      '/organizations/o9',
    );
    fireEvent.click(screen.getByTestId('possible-match-link'));
    expect(await screen.findByTestId('possible-matches-empty')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST' && c.path === '/register-import/matches/m1/link');
    expect(post?.body).toEqual({ version: 3 });
  });
});
