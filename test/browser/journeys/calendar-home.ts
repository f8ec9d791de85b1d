/**
 * Issue 13: the calendar (month and week, the week start kept after a reload, Japan's holidays
 * named, an entry opens its record; an agenda on a phone) and the home screen of each role, the
 * landing page after login, at desktop width and at 390×844.
 */
import type { Page } from 'playwright-core';
import { newOrganization, type OrgRef } from '../data';
import {
  assert,
  eventually,
  horizontalOverflow,
  jstDay,
  login,
  navigate,
  PHONE,
  reload,
  uniq,
  type Scenario,
  type World,
} from '../harness';

/** A planned visit of the officer at `org` on `day` (JST). */
async function plannedVisit(w: World, org: OrgRef, day: string, time = '14:30') {
  const officer = await w.api('officer');
  return officer.must<{ id: string; version: number }>('POST', '/visits', {
    status: 'planned',
    organizationId: org.id,
    visitedAt: `${day}T${time}:00+09:00`,
    officerIds: [officer.me.id],
    topics: ['leak_cases'],
    purpose: '経済安全保障に関する情報提供',
  });
}

const dayCell = (page: Page, day: string) => page.locator(`[data-testid="calendar-day"][data-day="${day}"]`);

export const calendarHomeJourneys: Scenario[] = [
  {
    name: 'calendar: month and week views, Monday start kept after a reload, holidays named, an entry opens its visit',
    async run(w, s) {
      const org = await newOrganization(w, { name: `カレンダー精機株式会社 ${uniq()}` });
      const day = jstDay(3);
      const visit = await plannedVisit(w, org, day);

      const page = await s.page();
      await login(page, 'officer');
      await navigate(page, 'カレンダー');
      await page.waitForURL(/\/calendar/);
      await page.getByTestId('calendar-grid').waitFor();
      await page.goto(`/calendar?date=${day}`);
      const entry = dayCell(page, day).getByRole('link', { name: new RegExp(org.name) });
      await entry.waitFor();
      assert((await entry.textContent())?.includes('14:30'), 'the planned visit shows its time');

      // holidays of Japan, by name (January 2026: 元日, 成人の日 on the second Monday)
      await page.goto('/calendar?date=2026-01-15');
      await eventually(
        'January 2026 names its holidays',
        async () => [
          await dayCell(page, '2026-01-01').getByTestId('calendar-holiday').textContent(),
          await dayCell(page, '2026-01-12').getByTestId('calendar-holiday').textContent(),
        ],
        ([a, b]) => a === '元日' && b === '成人の日',
      );
      const headers = () => page.getByTestId('calendar-weekday').allTextContents();
      assert((await headers())[0] === '日', 'weeks start on Sunday by default');

      // the week view, starting on Monday: kept in this browser across a reload
      await page.goto(`/calendar?date=${day}`);
      await page.getByText('週', { exact: true }).click();
      await eventually(
        'the week view shows seven days',
        () =>
          page
            .locator('[data-testid="calendar-grid"][data-view="week"] [data-testid="calendar-day"]')
            .count(),
        (n) => n === 7,
      );
      await page.getByRole('textbox', { name: '週の始まり' }).click();
      await page.getByRole('option', { name: '月曜始まり' }).click();
      await eventually('the week starts on Monday', headers, (h) => h[0] === '月' && h[6] === '日');
      await reload(page);
      await eventually('still Monday after a reload', headers, (h) => h[0] === '月');
      assert(new URL(page.url()).searchParams.get('view') === 'week', 'the view is in the URL');
      const inWeek = dayCell(page, day).getByRole('link', { name: new RegExp(org.name) });
      await inWeek.click();
      await page.waitForURL(new RegExp(`/visits/${visit.id}$`));
      await page.getByText(org.name).first().waitFor();
    },
  },
  {
    name: 'calendar on a phone (390×844): an agenda list, no sideways scrolling, an entry opens its visit',
    async run(w, s) {
      const org = await newOrganization(w, { name: `予定一覧工業株式会社 ${uniq()}` });
      const day = jstDay(2);
      const visit = await plannedVisit(w, org, day, '10:00');
      const page = await s.page(PHONE);
      await login(page, 'officer');
      await navigate(page, 'カレンダー');
      await page.goto(`/calendar?date=${day}`);
      const agendaDay = page.locator(`[data-testid="calendar-agenda-day"][data-day="${day}"]`);
      const entry = agendaDay.getByRole('link', { name: new RegExp(org.name) });
      await entry.waitFor();
      assert(!(await page.getByTestId('calendar-grid').isVisible()), 'the month grid is hidden on a phone');
      const overflow = await horizontalOverflow(page);
      assert(overflow === null, `no sideways scrolling on a phone: ${overflow}`);
      await page.getByRole('button', { name: '.ics をダウンロード' }).waitFor();
      await entry.click();
      await page.waitForURL(new RegExp(`/visits/${visit.id}$`));
    },
  },
  {
    name: 'home: each role lands on its own home screen after login, at desktop width and at 390×844',
    timeoutMs: 150_000,
    async run(w, s) {
      const org = await newOrganization(w, { name: `ホーム訪問株式会社 ${uniq()}` });
      await plannedVisit(w, org, jstDay(0), '09:00');
      const expected: Record<string, string[]> = {
        officer: [
          'home-planned-today',
          'home-planned-week',
          'home-tasks',
          'home-my-visits',
          'home-notifications',
        ],
        manager: ['home-approvals', 'home-overdue', 'home-urgent', 'home-trend'],
        hq: ['home-stations'],
        admin: ['home-passwords', 'home-failed-logins'],
      };
      for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
        for (const [user, sections] of Object.entries(expected)) {
          const page = await s.page(viewport);
          await login(page, user);
          await page.waitForURL(/\/home$/);
          await page.getByRole('heading', { level: 1, name: 'ホーム' }).waitFor();
          for (const id of sections) await page.getByTestId(id).waitFor();
          if (user === 'officer') {
            const today = page.getByTestId('home-planned-today');
            await today.getByRole('link', { name: org.name }).waitFor();
          }
          if (user === 'hq') {
            const rows = await page.getByTestId('home-station').count();
            assert(rows >= 2, `hq sees the stations side by side (${rows})`);
          }
          const overflow = await horizontalOverflow(page);
          assert(overflow === null, `${user} at ${viewport.width}px: no sideways scrolling (${overflow})`);
          await page.context().close();
        }
      }
      // reload keeps the home screen
      const page = await s.page();
      await login(page, 'manager');
      await page.waitForURL(/\/home$/);
      await reload(page);
      await page.getByTestId('home-approvals').waitFor();
    },
  },
];
