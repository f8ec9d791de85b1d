import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarAnswer } from '../../api/types';
import { jsonResponse, mockFetch, renderWithApp } from '../../test/render';
import { CalendarPage } from './CalendarPage';

const visitId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const seminarId = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const station = '22222222-2222-4222-8222-222222222222';

function answer(from: string, to: string): CalendarAnswer {
  return {
    from,
    to,
    items: [
      {
        kind: 'visit',
        id: visitId,
        title: '岩国精機株式会社',
        start: '2025-05-07T14:00:00+09:00',
        date: '2025-05-07',
        allDay: false,
        status: 'planned',
        stationId: station,
        link: { type: 'visit', id: visitId },
      },
      {
        kind: 'seminar',
        id: seminarId,
        title: '情報セキュリティ講演会',
        start: '2025-05-20',
        date: '2025-05-20',
        allDay: true,
        status: 'scheduled',
        stationId: station,
        link: { type: 'seminar', id: seminarId },
      },
    ],
  };
}

describe('CalendarPage', () => {
  afterEach(() => localStorage.clear());

  it('shows the month from Sunday, holidays by name, each entry a link to its record', async () => {
    const calls = mockFetch({
      'GET /calendar': ({ url }) =>
        jsonResponse(answer(url.searchParams.get('from')!, url.searchParams.get('to')!)),
    });
    renderWithApp(<CalendarPage />, { route: '/calendar?date=2025-05-07' });
    expect(screen.getByTestId('calendar-label').textContent).toBe('2025年5月');
    const grid = screen.getByTestId('calendar-grid');
    const weekdays = within(grid)
      .getAllByTestId('calendar-weekday')
      .map((th) => th.textContent);
    expect(weekdays).toEqual(['日', '月', '火', '水', '木', '金', '土']);
    // May 2025 from Sunday 27 April to Saturday 31 May
    await waitFor(() => expect(calls.some((c) => c.path === '/calendar')).toBe(true));
    const call = calls.find((c) => c.path === '/calendar')!;
    expect(call.url.searchParams.get('from')).toBe('2025-04-27');
    expect(call.url.searchParams.get('to')).toBe('2025-05-31');
    const days = within(grid).getAllByTestId('calendar-day');
    expect(days[0].getAttribute('data-day')).toBe('2025-04-27');
    const may5 = days.find((d) => d.getAttribute('data-day') === '2025-05-05')!;
    expect(within(may5).getByTestId('calendar-holiday').textContent).toBe('こどもの日');
    const apr29 = days.find((d) => d.getAttribute('data-day') === '2025-04-29')!;
    expect(within(apr29).getByTestId('calendar-holiday').textContent).toBe('昭和の日');
    const may7 = days.find((d) => d.getAttribute('data-day') === '2025-05-07')!;
    const link = await within(may7).findByRole('link', { name: /岩国精機株式会社/ });
    expect(link.getAttribute('href')).toBe(`/visits/${visitId}`);
    expect(link.textContent).toContain('14:00');
    const may20 = days.find((d) => d.getAttribute('data-day') === '2025-05-20')!;
    expect(
      within(may20)
        .getByRole('link', { name: /情報セキュリティ講演会/ })
        .getAttribute('href'),
    ).toBe(`/seminars/${seminarId}`);
  });

  it('starts weeks on Monday when chosen, remembers it, and asks for the new range', async () => {
    const calls = mockFetch({
      'GET /calendar': ({ url }) =>
        jsonResponse(answer(url.searchParams.get('from')!, url.searchParams.get('to')!)),
    });
    renderWithApp(<CalendarPage />, { route: '/calendar?date=2025-05-07' });
    fireEvent.click(screen.getByRole('textbox', { name: '週の始まり' }));
    fireEvent.click(await screen.findByRole('option', { name: '月曜始まり' }));
    const grid = screen.getByTestId('calendar-grid');
    await waitFor(() =>
      expect(
        within(grid)
          .getAllByTestId('calendar-weekday')
          .map((th) => th.textContent),
      ).toEqual(['月', '火', '水', '木', '金', '土', '日']),
    );
    expect(localStorage.getItem('outreach.calendar.weekStart')).toBe('1');
    await waitFor(() =>
      expect(
        calls.some(
          (c) =>
            c.url.searchParams.get('from') === '2025-04-28' && c.url.searchParams.get('to') === '2025-06-01',
        ),
      ).toBe(true),
    );
  });

  it('shows a week of the chosen start day', async () => {
    localStorage.setItem('outreach.calendar.weekStart', '1');
    const calls = mockFetch({
      'GET /calendar': ({ url }) =>
        jsonResponse(answer(url.searchParams.get('from')!, url.searchParams.get('to')!)),
    });
    renderWithApp(<CalendarPage />, { route: '/calendar?view=week&date=2025-05-07' });
    await waitFor(() => expect(calls.some((c) => c.path === '/calendar')).toBe(true));
    const call = calls.find((c) => c.path === '/calendar')!;
    expect([call.url.searchParams.get('from'), call.url.searchParams.get('to')]).toEqual([
      '2025-05-05',
      '2025-05-11',
    ]);
    expect(screen.getByTestId('calendar-grid').getAttribute('data-view')).toBe('week');
    expect(within(screen.getByTestId('calendar-grid')).getAllByTestId('calendar-day')).toHaveLength(7);
  });
});
