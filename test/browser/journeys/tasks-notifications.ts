/**
 * Tasks and notifications (issue 13): an officer submits a visit and the station's manager — on a
 * phone — sees the bell's count, opens the notification's link and finds it read after a reload;
 * an officer's task list puts an overdue follow-up first and closes it in place.
 */
import type { Page } from 'playwright-core';
import { newOrganization, newVisit } from '../data';
import {
  assert,
  eventually,
  horizontalOverflow,
  jstDay,
  login,
  PHONE,
  reload,
  shot,
  toast,
  uniq,
  type Scenario,
  type World,
} from '../harness';

interface NotificationList {
  items: {
    id: string;
    kind: string;
    title: string;
    link: { type: string; id: string };
    readAt: string | null;
  }[];
  unread: number;
}

async function bellCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('notification-count').getAttribute('data-count'));
}

async function managerNotificationOf(w: World, visitId: string) {
  const manager = await w.api('manager');
  const list = await manager.must<NotificationList>('GET', '/notifications?limit=200');
  return list.items.find((n) => n.kind === 'visit_submitted' && n.link.id === visitId);
}

export const taskNotificationJourneys: Scenario[] = [
  {
    name: 'notifications: an officer submits a visit; the manager (phone) sees the count, opens the link, it stays read',
    async run(w, s) {
      const org = await newOrganization(w, { name: `通知検証工業株式会社 ${uniq()}` });
      const visit = await newVisit(w, org);

      // the manager's screen is open before the visit is submitted
      const manager = await s.page(PHONE);
      await login(manager, 'manager');
      // the count the server has now (other journeys of this worker left notifications), and the
      // bell showing it: a 0 read before the bell's first answer would make any count look new
      const managerApi = await w.api('manager');
      const before = (await managerApi.must<NotificationList>('GET', '/notifications?limit=1')).unread;
      await eventually(
        'the bell shows the unread count',
        () => bellCount(manager),
        (n) => n === before,
      );

      const officer = await s.page();
      await login(officer, 'officer');
      await officer.goto(`/visits/${visit.id}`);
      await officer.getByTestId('visit-detail-submit').click();
      await toast(officer, '提出しました。');
      assert(await managerNotificationOf(w, visit.id), 'the manager has a visit_submitted notification');

      // the bell refetches when the window is shown again (TanStack Query listens for
      // visibilitychange on the window) once its answer is 5 s old, and every minute anyway
      await manager.bringToFront();
      await eventually(
        'the count went up',
        async () => {
          await manager.evaluate(`window.dispatchEvent(new Event('visibilitychange'))`);
          return bellCount(manager);
        },
        (n) => n >= before + 1,
        20_000,
      );
      await manager.getByTestId('notification-bell').click();
      const popover = manager.getByTestId('notification-popover');
      const link = popover.getByRole('link', { name: new RegExp(org.name) });
      await link.waitFor();
      await shot(manager, 'notifications-bell-phone', false);
      assert(!(await horizontalOverflow(manager)), 'the header with the bell fits a phone');
      await link.click();
      await manager.waitForURL(`**/visits/${visit.id}`);
      await manager
        .getByTestId('visit-detail-submit')
        .or(manager.getByRole('heading', { level: 1 }))
        .first()
        .waitFor();
      await eventually(
        'the notification is read',
        async () => (await managerNotificationOf(w, visit.id))?.readAt ?? null,
        (readAt) => readAt !== null,
      );

      // after a reload it is read on the notifications page too
      await manager.goto('/notifications');
      await reload(manager);
      const item = manager.getByTestId('notification-item').filter({ hasText: org.name });
      await item.waitFor();
      assert((await item.getAttribute('data-unread')) === 'false', 'the opened notification is read');
      w.log(`bell ${before} → ${before + 1}, opened and read`);
    },
  },
  {
    name: 'tasks: the officer’s overdue follow-up comes first and is closed in place (after a reload)',
    async run(w, s) {
      const org = await newOrganization(w);
      const api = await w.api('officer');
      const tag = uniq();
      const late = `期限超過の確認 ${tag}`;
      const later = `来月の確認 ${tag}`;
      const created = await api.must<{ id: string; version: number }>('POST', '/visits', {
        organizationId: org.id,
        visitedAt: `${jstDay(-10)}T10:00:00+09:00`,
        format: 'on_site',
        officerIds: [api.me.id],
        topics: ['leak_cases'],
        summary: `タスク検証 ${tag}`,
        followUps: [
          { title: later, dueOn: jstDay(30), ownerId: api.me.id },
          { title: late, dueOn: jstDay(-2), ownerId: api.me.id },
        ],
      });
      await api.must('POST', `/visits/${created.id}/submit`, { version: created.version });

      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: 'タスク', exact: true }).click();
      await page.waitForURL('**/tasks');
      const rows = page.getByTestId('task-row');
      await rows.filter({ hasText: late }).waitFor();
      const titles = await rows.allTextContents();
      const iLate = titles.findIndex((t) => t.includes(late));
      const iLater = titles.findIndex((t) => t.includes(later));
      assert(iLate >= 0 && iLater > iLate, `overdue first: ${iLate} before ${iLater}`);
      const row = rows.filter({ hasText: late });
      assert((await row.getAttribute('data-overdue')) === 'true', 'marked overdue');
      assert(
        (await row.getByRole('link', { name: late }).getAttribute('href')) === `/visits/${created.id}`,
        'the task links to its visit',
      );

      await row.getByRole('button', { name: '完了にする' }).click();
      await page.getByTestId('follow-up-result').fill(`窓口の設置を確認した ${tag}`);
      await page.getByTestId('follow-up-save').click();
      await toast(page, 'フォローアップを更新しました。');

      await reload(page);
      await rows.filter({ hasText: later }).waitFor();
      assert((await rows.filter({ hasText: late }).count()) === 0, 'a closed task leaves the open list');
      await page.goto('/tasks?status=done');
      const done = rows.filter({ hasText: late });
      await done.waitFor();
      await done.getByText('完了').first().waitFor();
      const visit = await api.must<{
        status: string;
        followUps: { title: string; status: string; result: string }[];
      }>('GET', `/visits/${created.id}`);
      assert(visit.status === 'submitted', `the visit is untouched: ${visit.status}`);
      assert(
        visit.followUps.find((f) => f.title === late)?.result === `窓口の設置を確認した ${tag}`,
        'the result is kept',
      );
    },
  },
];
