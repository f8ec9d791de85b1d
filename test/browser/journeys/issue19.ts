/**
 * Issue 19: the approval comment and history on the visit page, hq reading a visit from an
 * organization's timeline (read only, staff names hidden), the manager's workload screen (never
 * hq's), the visit form's sticky action bar never covering the field being edited (1366×900), and
 * the organization page's tab in the URL.
 */
import type { Locator, Page } from 'playwright-core';
import { newOrganization, newVisit } from '../data';
import { assert, eventually, jstDay, login, navigate, reload, toast, uniq, type Scenario } from '../harness';

interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

async function rectOf(target: Locator): Promise<Rect> {
  return target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });
}

const intersects = (a: Rect, b: Rect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The focused field and the action bar do not overlap (after the page has settled). */
async function expectClearOfBar(page: Page, field: Locator, bar: Locator, what: string): Promise<void> {
  await eventually(
    `${what}: the focused 概要 is clear of the action bar`,
    async () => {
      const [f, b, focused] = await Promise.all([
        rectOf(field),
        rectOf(bar),
        field.evaluate((el) => el === el.ownerDocument.activeElement),
      ]);
      return { f, b, focused };
    },
    ({ f, b, focused }) => focused && !intersects(f, b) && f.bottom <= b.top,
    3_000,
  );
}

export const issue19Journeys: Scenario[] = [
  {
    name: 'issue 19: manager approves on the visit page with a 決裁コメント; the history shows every step after a reload',
    async run(w, s) {
      const org = await newOrganization(w);
      const visit = await newVisit(w, org, { status: 'returned', returnReason: `出席者を追記 ${uniq()}` });
      const officer = await w.api('officer');
      await officer.must('POST', `/visits/${visit.id}/submit`, { version: visit.version });

      const page = await s.page();
      await login(page, 'manager');
      await page.goto(`/visits/${visit.id}`);
      await page.getByTestId('visit-approve').click();
      const dialog = page.getByRole('dialog', { name: '承認（決裁）' });
      const comment = `決裁コメント ${uniq()}: 了承。フォローアップを継続のこと。`;
      await dialog.getByRole('textbox', { name: '決裁コメント（任意）' }).fill(comment);
      await dialog.getByTestId('approve-confirm').click();
      await toast(page, '承認しました。');

      await reload(page);
      await page.getByRole('heading', { level: 1, name: /訪問記録.*決裁済み/ }).waitFor();
      const rows = page.getByTestId('approval-history').getByRole('row');
      // header + submitted, returned, submitted, approved
      await eventually(
        'four steps in the history',
        () => rows.count(),
        (n) => n === 5,
      );
      const texts = await rows.allTextContents();
      assert(/提出/.test(texts[1]) && texts[1].includes(officer.me.displayName), `1: ${texts[1]}`);
      assert(/差戻し/.test(texts[2]) && texts[2].includes('出席者を追記'), `2: ${texts[2]}`);
      assert(/提出/.test(texts[3]), `3: ${texts[3]}`);
      const manager = await w.api('manager');
      assert(
        /承認/.test(texts[4]) && texts[4].includes(comment) && texts[4].includes(manager.me.displayName),
        `4: ${texts[4]}`,
      );
      const saved = await manager.get<{ approvalHistory: { action: string; comment: string | null }[] }>(
        `/visits/${visit.id}`,
      );
      assert(
        saved.body.approvalHistory.map((e) => e.action).join() === 'submitted,returned,submitted,approved' &&
          saved.body.approvalHistory[3].comment === comment,
        `saved history: ${JSON.stringify(saved.body.approvalHistory)}`,
      );
    },
  },
  {
    name: 'issue 19: hq opens a visit from an organization’s timeline: read only, no staff names',
    async run(w, s) {
      const org = await newOrganization(w);
      const visit = await newVisit(w, org, { status: 'submitted' });
      const manager = await w.api('manager');
      const comment = `本部も読む決裁コメント ${uniq()}`;
      await manager.must('POST', `/visits/${visit.id}/approve`, { version: visit.version, comment });
      const officer = await w.api('officer');

      const page = await s.page();
      await login(page, 'hq');
      // the tab is in the URL: a shared link opens the timeline
      await page.goto(`/organizations/${org.id}?tab=timeline`);
      const timeline = page.getByTestId('org-timeline');
      await timeline.getByRole('link', { name: /訪問/ }).first().click();
      await page.waitForURL(`**/visits/${visit.id}`);
      await page.getByRole('heading', { level: 1, name: /訪問記録.*決裁済み/ }).waitFor();
      await page.getByTestId('visit-staff-hidden').waitFor();
      await page.getByText(visit.summary, { exact: true }).waitFor();
      await page.getByTestId('approval-history').getByText(comment).waitFor();
      await reload(page);
      await page.getByTestId('approval-history').getByText(comment).waitFor();
      const body = (await page.locator('main').textContent()) ?? '';
      for (const name of [officer.me.displayName, manager.me.displayName])
        assert(!body.includes(name), `no staff name on hq's page: ${name}`);
      assert(!body.includes('担当者（警察側）'), 'no officers row for hq');
      for (const label of ['編集', '承認', '差戻し', '提出', '承認を取り消して再編集'])
        assert(
          (await page.getByRole('button', { name: label, exact: true }).count()) === 0,
          `no ${label} button for hq`,
        );
      assert(new URL(page.url()).pathname === `/visits/${visit.id}`, `stays on the visit: ${page.url()}`);
    },
  },
  {
    name: 'issue 19: the manager’s workload screen; hq is told whose screen it is and the API refuses it',
    async run(w, s) {
      const org = await newOrganization(w);
      const visit = await newVisit(w, org, { status: 'submitted' });
      const manager = await w.api('manager');
      await manager.must('POST', `/visits/${visit.id}/approve`, { version: visit.version });
      const officer = await w.api('officer');
      const from = jstDay(-30);
      const to = jstDay(0);
      const api = await manager.get<{
        officers: { userId: string; visits: number; approvedVisits: number }[];
        totals: { visits: number };
      }>(`/workload?from=${from}&to=${to}`);
      assert(api.status === 200, `GET /workload: HTTP ${api.status}`);
      const mine = api.body.officers.find((o) => o.userId === officer.me.id);
      assert(mine && mine.visits >= 1, `the officer has visits: ${JSON.stringify(mine)}`);

      const page = await s.page();
      await login(page, 'manager');
      await navigate(page, '業務量');
      await page.waitForURL('**/workload');
      await page.getByRole('heading', { name: '業務量（担当者別）' }).waitFor();
      await page.goto(`/workload?from=${from}&to=${to}`);
      const row = page.getByTestId('workload-row').filter({ hasText: officer.me.displayName });
      await eventually(
        'the officer’s visits as the API counts them',
        async () => ((await row.count()) ? await row.locator('td').first().textContent() : null),
        (t) => t === String(mine.visits),
      );
      await reload(page);
      await row.waitFor();
      assert(new URL(page.url()).searchParams.get('from') === from, 'the period stays in the URL');

      const hq = await w.api('hq');
      const refused = await hq.get(`/workload?from=${from}&to=${to}`);
      assert(refused.status === 403, `hq GET /workload: HTTP ${refused.status}`);
      const hqPage = await s.page();
      await login(hqPage, 'hq');
      assert(
        (await hqPage.getByRole('navigation').getByRole('link', { name: '業務量' }).count()) === 0,
        'no workload link for hq',
      );
      await hqPage.goto('/workload');
      // not silently redirected: the screen says whose it is (issue 17)
      await hqPage.getByText(/課長・署長の方が使う画面です/).waitFor();
    },
  },
  {
    name: 'issue 19: at 1366×900 the visit form’s action bar never covers the 概要 being edited',
    async run(w, s) {
      await newOrganization(w);
      const page = await s.page({ width: 1366, height: 900 });
      await login(page, 'officer');
      await page.goto('/visits/new');
      await page.getByRole('heading', { name: '訪問の記録' }).waitFor();
      const form = page.getByTestId('visit-form');
      const summary = form.getByRole('textbox', { name: '概要', exact: true });
      const bar = page.getByTestId('visit-form-actions');
      await summary.waitFor();
      // three attendees typed in push 概要 down to the bar (as on a real visit)
      for (let i = 0; i < 3; i++) await form.getByRole('button', { name: /出席者を入力して追加/ }).click();

      // 1. the field sits mostly under the bar; the user clicks its visible top edge
      const place = async () => {
        await page.evaluate('window.scrollTo(0, 0)');
        const [f, b] = await Promise.all([rectOf(summary), rectOf(bar)]);
        await page.evaluate(`window.scrollBy(0, ${f.top - (b.top - 14)})`);
        const [f2, b2] = await Promise.all([rectOf(summary), rectOf(bar)]);
        assert(intersects(f2, b2), `set-up: 概要 under the bar (${JSON.stringify({ f2, b2 })})`);
        return f2;
      };
      const f = await place();
      await page.mouse.click(f.left + 40, f.top + 6);
      await expectClearOfBar(page, summary, bar, 'clicked');

      // 2. typing line after line: the growing field stays clear
      for (let i = 1; i <= 14; i++) {
        await page.keyboard.type(`${i}行目: 技術流出の手口を説明した。`);
        await page.keyboard.press('Enter');
      }
      await expectClearOfBar(page, summary, bar, 'after typing 14 lines');

      // 3. reaching it with Tab from the field before
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await place();
      const materials = form.getByRole('textbox', { name: '配布資料', exact: true });
      await materials.focus();
      await page.keyboard.press('Tab');
      await expectClearOfBar(page, summary, bar, 'tabbed into');
    },
  },
  {
    name: 'issue 19: the organization page keeps its tab in the URL across a reload',
    async run(w, s) {
      const org = await newOrganization(w);
      const page = await s.page();
      await login(page, 'officer');
      await page.goto(`/organizations/${org.id}`);
      await page.getByRole('tab', { name: '担当者' }).click();
      await page.waitForURL(/[?&]tab=contacts/);
      await reload(page);
      await eventually(
        '担当者 still selected after a reload',
        () => page.getByRole('tab', { name: '担当者' }).getAttribute('aria-selected'),
        (v) => v === 'true',
      );
      await page.getByRole('tab', { name: '経過' }).click();
      await page.waitForURL(/[?&]tab=timeline/);
      await reload(page);
      await eventually(
        '経過 selected after a reload',
        () => page.getByRole('tab', { name: '経過' }).getAttribute('aria-selected'),
        (v) => v === 'true',
      );
      await page.getByRole('tab', { name: '基本情報' }).click();
      await eventually(
        'the default tab leaves the URL clean',
        async () => new URL(page.url()).searchParams.get('tab'),
        (v) => v === null,
      );
    },
  },
];
