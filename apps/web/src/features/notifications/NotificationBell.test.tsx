import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Notification, NotificationList } from '../../api/types';
import { jsonResponse, mockFetch, renderWithApp } from '../../test/render';
import { NotificationBell } from './NotificationBell';

const item = (id: string, over: Partial<Notification> = {}): Notification => ({
  id,
  kind: 'visit_submitted',
  title: '決裁依頼：株式会社テスト（2025-06-21 の訪問）',
  link: { type: 'visit', id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' },
  createdAt: '2025-06-21T10:00:00+09:00',
  readAt: null,
  ...over,
});

describe('NotificationBell', () => {
  it('shows the unread count; the popover lists the newest as links; read-all clears the count', async () => {
    let answer: NotificationList = {
      items: [item('n1'), item('n2', { kind: 'visit_returned', readAt: '2025-06-22T09:00:00+09:00' })],
      unread: 3,
    };
    const calls = mockFetch({
      'GET /notifications': () => jsonResponse(answer),
      'POST /notifications/read-all': () => {
        answer = {
          items: answer.items.map((n) => ({ ...n, readAt: n.readAt ?? '2025-06-23T09:00:00+09:00' })),
          unread: 0,
        };
        return jsonResponse({ updated: 3, unread: 0 });
      },
    });
    renderWithApp(<NotificationBell />);
    const bell = await screen.findByRole('button', { name: 'お知らせ（未読 3 件）' });
    expect(screen.getByTestId('notification-count').getAttribute('data-count')).toBe('3');
    expect(calls.find((c) => c.path === '/notifications')!.url.searchParams.get('limit')).toBe('8');

    fireEvent.click(bell);
    const links = await screen.findAllByRole('link', { name: /決裁依頼：株式会社テスト/ });
    expect(links[0].getAttribute('href')).toBe('/visits/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
    expect(screen.getAllByTestId('notification-item').map((el) => el.getAttribute('data-unread'))).toEqual([
      'true',
      'false',
    ]);
    expect(screen.getByText(/差戻し/)).toBeTruthy();
    expect(screen.getByText('すべてのお知らせを見る').closest('a')?.getAttribute('href')).toBe(
      '/notifications',
    );

    fireEvent.click(screen.getByRole('button', { name: 'すべて既読にする' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.path === '/notifications/read-all')).toBe(true),
    );
    await screen.findByRole('button', { name: 'お知らせ（未読 0 件）' });
  });

  it('opening a notification marks it read', async () => {
    const calls = mockFetch({
      'GET /notifications': () =>
        jsonResponse({
          items: [item('n1', { kind: 'follow_up_overdue', link: { type: 'meeting', id: 'm1' } })],
          unread: 1,
        }),
      'POST /notifications/n1/read': () => jsonResponse(item('n1', { readAt: '2025-06-23T09:00:00+09:00' })),
    });
    renderWithApp(<NotificationBell />);
    fireEvent.click(await screen.findByRole('button', { name: 'お知らせ（未読 1 件）' }));
    const link = await screen.findByRole('link', { name: /決裁依頼/ });
    expect(link.getAttribute('href')).toBe('/council/meetings/m1');
    fireEvent.click(link);
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.path === '/notifications/n1/read')).toBe(true),
    );
  });
});
