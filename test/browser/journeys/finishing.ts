/**
 * Issue 17 — every screen finished as a Japanese office user expects: nothing typed is lost
 * (local drafts across navigation and a re-login), 和暦 in date fields, the cursor in the first
 * field, lists as cards on a phone, a wrong id or another role's screen explained, the audit trail
 * in words, and the visit record sheet with its 決裁欄.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import {
  assert,
  eventually,
  horizontalOverflow,
  login,
  navigate,
  PHONE,
  reload,
  type Scenario,
} from '../harness';

const SUMMARY = () => `下書きテスト ${Math.random().toString(36).slice(2, 8)}: 相談窓口の設置を提案`;

async function summaryField(page: Page) {
  const field = page.getByTestId('visit-form').getByRole('textbox', { name: '概要', exact: true });
  await field.waitFor();
  return field;
}

export const finishingJourneys: Scenario[] = [
  {
    name: 'issue 17: a half-typed visit survives the sidebar (asked first), Back and a reload; キャンセル asks before discarding',
    async run(_w, s) {
      const page = await s.page();
      await login(page, 'officer');
      await page.goto('/visits/new');
      const text = SUMMARY();
      await (await summaryField(page)).fill(text);

      // leaving through the sidebar asks first; staying keeps the input
      await navigate(page, '組織');
      const dialog = page.getByRole('dialog', { name: '保存していない入力があります' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: '入力を続ける' }).click();
      assert(new URL(page.url()).pathname === '/visits/new', `still on the form: ${page.url()}`);
      assert((await (await summaryField(page)).inputValue()) === text, 'the input is still there');

      // leaving anyway keeps a draft that comes back with Back, and after a reload
      await navigate(page, '組織');
      await dialog.getByRole('button', { name: '離れる（下書きを残す）' }).click();
      await page.waitForURL('**/organizations');
      await page.goBack();
      await eventually(
        'the draft is restored after Back',
        async () => (await summaryField(page)).inputValue(),
        (v) => v === text,
      );
      await reload(page);
      await eventually(
        'the draft is restored after a reload',
        async () => (await summaryField(page)).inputValue(),
        (v) => v === text,
      );
      await page.getByText('入力途中の内容を復元しました').first().waitFor();

      // キャンセル on a changed form asks; discarding drops the draft for good
      await page.getByTestId('visit-form').getByRole('button', { name: 'キャンセル', exact: true }).click();
      const discard = page.getByRole('dialog', { name: '入力を破棄しますか' });
      await discard.waitFor();
      await discard.getByRole('button', { name: '破棄して閉じる' }).click();
      await page.waitForURL((url) => url.pathname !== '/visits/new');
      await page.goto('/visits/new');
      await page.waitForTimeout(500);
      assert((await (await summaryField(page)).inputValue()) === '', 'a discarded draft does not come back');
    },
  },
  {
    name: 'issue 17: when the session ends, 提出 leads to the login and back to the form with what was typed',
    async run(w, s) {
      const officer2 = await w.api('officer2');
      const orgs = await officer2.get<{ items: { id: string; name: string }[] }>('/organizations?pageSize=1');
      const org = orgs.body.items[0];
      assert(org, 'the station has an organization');
      const page = await s.page();
      await login(page, 'officer2');
      await page.goto('/visits/new');
      const text = SUMMARY();
      await (await summaryField(page)).fill(text);
      const picker = page.getByTestId('visit-form').getByRole('textbox', { name: '訪問先', exact: true });
      await picker.click();
      await picker.fill(org.name.slice(0, 4));
      await page.getByRole('option', { name: org.name, exact: true }).click();
      // the session ends on the server (expiry, sign-out elsewhere)
      await w.sql(
        `UPDATE sessions SET revoked_at = now()
          WHERE user_id = (SELECT id FROM users WHERE username = 'officer2') AND revoked_at IS NULL`,
      );
      await page.getByTestId('visit-submit').click();
      await page.waitForURL('**/login');
      await page.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill('officer2');
      await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill('browser-test-pass');
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      await page.waitForURL('**/visits/new');
      await eventually(
        'the typed summary is back after the re-login',
        async () => (await summaryField(page)).inputValue(),
        (v) => v === text,
      );

      // a deep link pasted into a new tab asks for the login, then opens that page
      const tab = await s.page();
      await tab.goto('/calendar');
      await tab.waitForURL('**/login');
      await tab.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill('officer2');
      await tab.getByRole('textbox', { name: 'パスワード', exact: true }).fill('browser-test-pass');
      await tab.getByRole('button', { name: 'ログイン', exact: true }).click();
      await tab.waitForURL('**/calendar');
    },
  },
  {
    name: 'issue 17: 和暦 in a date field, shown beside it, and an entry that is not a day said so; the cursor starts in the form',
    async run(_w, s) {
      const page = await s.page();
      await login(page, 'officer');
      await page.goto('/visits/new');
      await summaryField(page);
      const focused = await page.evaluate(
        `(() => { const f = document.querySelector('[data-testid="visit-form"]'); return !!f && f.contains(document.activeElement) && document.activeElement.tagName === 'INPUT'; })()`,
      );
      assert(focused, 'the form opens with the cursor in its first field');

      const day = page.getByTestId('visit-form').getByRole('textbox', { name: '訪問日', exact: true });
      await day.fill('R7.11.28');
      await day.press('Tab');
      await page.getByTestId('visit-form').getByText('令和7年11月28日', { exact: true }).waitFor();
      assert((await day.inputValue()) === '2025-11-28', `the day is taken: ${await day.inputValue()}`);
      await day.fill('令和７年１１月３１日');
      await day.press('Tab');
      await page
        .getByText(/日付として読めません/)
        .first()
        .waitFor();

      // + 対応を追加 puts the cursor in the new row (its 内容 field), not on the button
      await page
        .getByTestId('visit-form')
        .getByRole('button', { name: /対応を追加/ })
        .click();
      await eventually(
        'the new follow-up row has the cursor',
        () =>
          page.evaluate(
            `(() => { const el = document.activeElement; const l = el && el.id && document.querySelector('label[for="' + el.id + '"]'); return l ? l.textContent : ''; })()`,
          ),
        (label) => /内容/.test(String(label)),
      );

      // times are typed in the 24-hour form
      const time = page
        .getByTestId('visit-form')
        .getByRole('textbox', { name: '時刻（日本時間）', exact: true });
      await time.fill('午後2時50分');
      await time.press('Tab');
      assert((await time.inputValue()) === '14:50', `24-hour time: ${await time.inputValue()}`);
    },
  },
  {
    name: 'issue 17: lists are cards on a phone (no sideways scrolling, the status on screen)',
    async run(_w, s) {
      const page = await s.page(PHONE);
      await login(page, 'officer');
      for (const path of ['/visits', '/organizations', '/seminars', '/consultations']) {
        await page.goto(path);
        await page.locator('#main table tbody tr:not([data-skeleton])').first().waitFor();
        const overflow = await horizontalOverflow(page);
        assert(overflow === null, `${path} does not scroll sideways at 390 px: ${overflow}`);
        const table = await page.locator('#main table').first().boundingBox();
        assert(table && table.x >= 0 && table.x + table.width <= PHONE.width + 1, `${path}: the list fits`);
      }
      await page.goto('/visits');
      const badge = page
        .locator('#main table tbody tr:not([data-skeleton])')
        .first()
        .locator('.mantine-Badge-root')
        .first();
      const box = await badge.boundingBox();
      assert(
        box && box.x + box.width <= PHONE.width,
        `the status badge is on screen: ${JSON.stringify(box)}`,
      );
    },
  },
  {
    name: 'issue 17: a wrong record id and another role’s screen say what happened and where to go',
    async run(_w, s) {
      const page = await s.page();
      await login(page, 'officer');
      await page.goto('/visits/00000000-0000-4000-8000-000000000000');
      await page.getByText('お探しの記録は見つかりません').waitFor();
      await page.getByRole('link', { name: '訪問記録の一覧へ' }).click();
      await page.waitForURL('**/visits');
      await page.goto('/approvals');
      await page.getByText(/課長・署長の方が使う画面です/).waitFor();
      assert(new URL(page.url()).pathname === '/approvals', 'not silently redirected');
    },
  },
  {
    name: 'issue 17: the audit trail reads as words with names and links, changes field by field',
    async run(w, s) {
      const manager = await w.api('manager');
      const list = await manager.get<{ items: { id: string }[] }>('/organizations?pageSize=1');
      const org = list.body.items[0];
      const page = await s.page();
      await login(page, 'manager');
      await page.goto(`/admin/audit`);
      const table = page.getByTestId('audit-table');
      await table.locator('tbody tr:not([data-skeleton])').first().waitFor();
      const text = (await table.textContent()) ?? '';
      assert(!/\bauth\.login\b|\bvisit\.create\b/.test(text), 'no action codes in the trail');
      assert(/ログイン|訪問記録の|事業者の/.test(text), 'actions in Japanese');
      assert(org, 'an organization exists');
    },
  },
  {
    name: 'issue 17: an approved visit prints with its 決裁欄 and downloads as a 訪問記録票 PDF',
    async run(w, s) {
      const [visit] = await w.sql<{ id: string }>(
        `SELECT v.id FROM visits v JOIN stations st ON st.id = v.station_id
          WHERE st.code = 'iwakuni' AND v.status = 'approved' ORDER BY v.visited_at DESC LIMIT 1`,
      );
      assert(visit, 'the demo has an approved visit');
      const page = await s.page();
      await login(page, 'manager');
      await page.goto(`/visits/${visit.id}`);
      await page.getByRole('heading', { level: 1, name: /訪問記録.*決裁済み/ }).waitFor();
      await page.emulateMedia({ media: 'print' });
      const box = page.getByRole('table', { name: '決裁欄' });
      await box.waitFor();
      const text = (await box.textContent()) ?? '';
      assert(
        /決裁済み/.test(text) && /令和\d+年/.test(text),
        `the 決裁欄 shows the status and the date: ${text}`,
      );
      assert(!(await page.getByRole('navigation').isVisible()), 'no sidebar on paper');
      await page.emulateMedia({ media: 'screen' });
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('visit-record-sheet').click(),
      ]);
      const bytes = await readFile(await file.path());
      assert(bytes.subarray(0, 5).toString() === '%PDF-', 'the record sheet is a PDF');
      assert(
        /訪問記録票/.test(file.suggestedFilename()),
        `named as a record sheet: ${file.suggestedFilename()}`,
      );
    },
  },
];
