import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DuplicateCandidate, Job, Me } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { DuplicatesPage } from './DuplicatesPage';

const org = (id: string, name: string, corporateNumber: string | null, version = 1) => ({
  id,
  name,
  corporateNumber,
  municipalityName: '岩国市',
  address: '山口県岩国市今津町1-1',
  tier: null,
  status: 'active',
  version,
});

const pair: DuplicateCandidate = {
  id: 'd1',
  stationId: 's1',
  reason: 'name_municipality',
  status: 'pending',
  a: org('o1', '株式会社岩国精密', '1500000007919', 4),
  b: org('o2', '岩国精密', null),
  createdAt: '2026-12-01T00:00:00Z',
};

const job = (status: Job['status']): Job => ({
  id: 'j1',
  // JobDto lists the import's kind only (the jobs feature's enum); the API answers duplicate_scan
  kind: 'duplicate_scan',
  status,
  progress: { done: status === 'done' ? 1 : 0, total: 1 },
  result: status === 'done' ? { found: 1, added: 1 } : null,
  error: null,
  cancelRequested: false,
  stationId: 's1',
  attempts: 1,
  createdAt: '2026-12-01T00:00:00Z',
  startedAt: '2026-12-01T00:00:01Z',
  finishedAt: status === 'done' ? '2026-12-01T00:00:02Z' : null,
});

describe('duplicates page', () => {
  it('scans as a job, shows the pairs with links, merges keeping the chosen record (manager)', async () => {
    let polls = 0;
    let merged = false;
    const calls = mockFetch({
      'POST /duplicates/scan': () => jsonResponse({ jobId: 'j1' }, 202),
      'GET /jobs/j1': () => jsonResponse(job(++polls > 1 ? 'done' : 'running')),
      'GET /duplicates': () => jsonResponse({ items: merged ? [] : [pair] }),
      'POST /duplicates/d1/merge': () => {
        merged = true;
        return jsonResponse({ id: 'd1', status: 'merged', keptId: 'o1' });
      },
    });
    const manager: Me = { ...officer, role: 'manager' };
    renderWithApp(<DuplicatesPage />, { user: manager });
    fireEvent.click(await screen.findByTestId('duplicates-scan'));
    expect(await screen.findByTestId('duplicates-scanning')).toBeTruthy();
    expect((await screen.findByTestId('duplicates-scan-done', {}, { timeout: 4000 })).textContent).toContain(
      '1 組が見つかり',
    );
    expect((await screen.findByRole('link', { name: '株式会社岩国精密' })).getAttribute('href')).toBe(
      '/organizations/o1',
    );
    fireEvent.click(screen.getByRole('button', { name: '「株式会社岩国精密」を残して統合' }));
    expect(await screen.findByTestId('duplicates-empty')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST' && c.path === '/duplicates/d1/merge');
    expect(post?.body).toEqual({ keepId: 'o1', version: 4 });
  });

  it('an officer marks a pair as not a duplicate (no merge buttons)', async () => {
    let dismissed = false;
    const calls = mockFetch({
      'GET /duplicates': () => jsonResponse({ items: dismissed ? [] : [pair] }),
      'POST /duplicates/d1/dismiss': () => {
        dismissed = true;
        return jsonResponse({ id: 'd1', status: 'dismissed', keptId: null });
      },
    });
    renderWithApp(<DuplicatesPage />);
    fireEvent.click(await screen.findByTestId('duplicate-dismiss'));
    await waitFor(() => expect(screen.queryByTestId('duplicate')).toBeNull());
    expect(screen.queryByTestId('duplicate-merge')).toBeNull();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/duplicates/d1/dismiss')).toBe(true);
  });
});
