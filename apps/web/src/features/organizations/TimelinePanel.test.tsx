import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me, TimelineEntry } from '../../api/types';
import { jsonResponse, mockFetch, officer, renderWithApp } from '../../test/render';
import { TimelinePanel } from './TimelinePanel';

const entries: TimelineEntry[] = [
  {
    date: '2025-06-21',
    at: '2025-06-21T10:00:00+09:00',
    kind: 'visit',
    summary: '田中 一郎が訪問し、「技術流出事案の紹介」ほか1件について話しました（決裁済み）',
    linkId: 'v1',
    refId: 'v1',
    status: 'approved',
  },
  {
    date: '2025-05-10',
    at: '2025-05-10T00:00:00+09:00',
    kind: 'seminar',
    summary: 'セミナー「経済安全保障セミナー」に2名が参加しました',
    linkId: 's1',
    refId: 's1',
  },
  {
    date: '2025-04-01',
    at: '2025-04-01T00:00:00+09:00',
    kind: 'organization_change',
    summary: '所在地が「岩国市麻里布町」から「岩国市今津町」に変わりました',
    linkId: 'ch1',
    refId: 'ch1',
  },
];

const hq: Me = { ...officer, id: '44444444-4444-4444-8444-444444444444', role: 'hq', stationId: null };

function mockTimeline() {
  return mockFetch({
    'GET /organizations/o1/timeline': () =>
      jsonResponse({ items: entries, total: entries.length, page: 1, pageSize: 20 }),
  });
}

describe('TimelinePanel', () => {
  it('shows the server entries (kind, summary, day) and links visits and seminars for the station', async () => {
    const calls = mockTimeline();
    renderWithApp(<TimelinePanel organizationId="o1" />);
    const visit = await screen.findByRole('link', { name: entries[0].summary });
    expect(visit.getAttribute('href')).toBe('/visits/v1');
    expect(screen.getByRole('link', { name: entries[1].summary }).getAttribute('href')).toBe('/seminars/s1');
    // a register change has no page of its own
    expect(screen.queryByRole('link', { name: entries[2].summary })).toBeNull();
    expect(screen.getByText(entries[2].summary)).toBeTruthy();
    expect(screen.getByText('訪問')).toBeTruthy();
    expect(screen.getByText('組織情報の変更')).toBeTruthy();
    expect(calls[0].url.searchParams.get('pageSize')).toBe('20');
  });

  it('hq opens visits (read only) but gets no links to the station-only screens', async () => {
    mockTimeline();
    renderWithApp(<TimelinePanel organizationId="o1" />, { user: hq });
    const visit = await screen.findByRole('link', { name: entries[0].summary });
    expect(visit.getAttribute('href')).toBe('/visits/v1');
    expect(screen.getByText(entries[1].summary)).toBeTruthy();
    expect(screen.queryAllByRole('link')).toHaveLength(1);
  });
});
