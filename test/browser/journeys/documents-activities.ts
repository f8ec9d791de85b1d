/**
 * Issue 15 in the browser: the station's training and PR (教養・広報) recorded and edited, also on a
 * phone; the one search box in the header; the project team keeps これまでの取組 bullets from the
 * suggestions with (再掲); a visit names the partners that went along (同行).
 */
import type { Page } from 'playwright-core';
import { newOrganization } from '../data';
import {
  assert,
  choose,
  eventually,
  fillDay,
  horizontalOverflow,
  jstDay,
  login,
  navigate,
  PHONE,
  reload,
  toast,
  uniq,
  type Scenario,
} from '../harness';

function activityIdOf(page: Page): string {
  const id = /\/activities\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
  assert(id, `on an activity's page: ${page.url()}`);
  return id;
}

export const documentsActivitiesJourneys: Scenario[] = [
  {
    name: 'officer: records staff training (教養・広報), edits it, reloads and finds it in the list',
    async run(w, s) {
      const tag = uniq();
      const title = `経済安全保障に関する担当者向け研修会 ${tag}`;
      const page = await s.page();
      await login(page, 'officer');
      await navigate(page, '教養・広報');
      await page.waitForURL('**/activities');
      await page.getByRole('link', { name: '記録を追加' }).click();
      await page.waitForURL('**/activities/new');
      const form = page.getByTestId('activity-form');
      await form.getByRole('textbox', { name: '件名', exact: true }).fill(title);
      await choose(page, form.getByRole('textbox', { name: '種別', exact: true }), '教養・研修');
      await fillDay(form.getByRole('textbox', { name: '実施日' }), jstDay(-3));
      await form.getByRole('textbox', { name: '参加人数' }).fill('24');
      await form.getByRole('checkbox', { name: '技術流出事案の紹介', exact: true }).check();
      await form.getByRole('button', { name: '保存', exact: true }).click();
      await page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
      const id = activityIdOf(page);
      await toast(page, '保存しました。');

      await reload(page);
      const edit = page.getByTestId('activity-form');
      const titleBox = edit.getByRole('textbox', { name: '件名', exact: true });
      assert((await titleBox.inputValue()) === title, 'the title is kept after a reload');
      assert(
        (await edit.getByRole('textbox', { name: '参加人数' }).inputValue()) === '24',
        'participants kept',
      );
      await edit.getByRole('textbox', { name: '参加人数' }).fill('30');
      await edit.getByRole('button', { name: '保存', exact: true }).click();
      await toast(page, '保存しました。');
      await reload(page);
      await eventually(
        'the edited head count after a reload',
        () => page.getByTestId('activity-form').getByRole('textbox', { name: '参加人数' }).inputValue(),
        (v) => v === '30',
      );
      const api = await w.api('officer');
      const saved = await api.get<{ participants: number; version: number; kind: string }>(
        `/activities/${id}`,
      );
      assert(
        saved.body.participants === 30 && saved.body.version === 2,
        `saved: ${JSON.stringify(saved.body)}`,
      );

      await page.getByRole('link', { name: '一覧に戻る' }).click();
      await page.getByRole('link', { name: title }).waitFor();
    },
  },
  {
    name: 'officer at phone width (390×844): 教養・広報 list and form fit, a PR record is saved',
    async run(w, s) {
      const tag = uniq();
      const title = `署ウェブサイトに技術流出防止の記事を掲載 ${tag}`;
      const page = await s.page(PHONE);
      await login(page, 'officer');
      await navigate(page, '教養・広報');
      await page.waitForURL('**/activities');
      assert((await horizontalOverflow(page)) === null, `the list fits: ${await horizontalOverflow(page)}`);
      await page.getByRole('link', { name: '記録を追加' }).click();
      const form = page.getByTestId('activity-form');
      await form.getByRole('textbox', { name: '件名', exact: true }).fill(title);
      await choose(page, form.getByRole('textbox', { name: '種別', exact: true }), 'ウェブサイト');
      assert((await horizontalOverflow(page)) === null, `the form fits: ${await horizontalOverflow(page)}`);
      await form.getByRole('button', { name: '保存', exact: true }).click();
      await page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
      await toast(page, '保存しました。');
      await reload(page);
      assert(
        (await page
          .getByTestId('activity-form')
          .getByRole('textbox', { name: '件名', exact: true })
          .inputValue()) === title,
        'kept after a reload on the phone',
      );
      // the header's search is a button on a phone; it opens the search page
      await page.getByRole('link', { name: '全体を検索' }).click();
      await page.waitForURL('**/search');
      assert((await horizontalOverflow(page)) === null, 'the search page fits');
    },
  },
  {
    name: 'officer: the header search finds an organization by its reading in hiragana and opens it',
    async run(w, s) {
      const org = await newOrganization(w, { name: `サーチ検証精機株式会社 ${uniq()}` });
      const page = await s.page();
      await login(page, 'officer');
      const box = page.getByTestId('header-search');
      await box.fill('さーち検証精機');
      const link = page.getByTestId('search-results').getByRole('link', { name: org.name });
      await link.waitFor();
      await page.getByRole('heading', { name: '対象事業者' }).first().waitFor();
      await link.click();
      await page.waitForURL(`**/organizations/${org.id}*`);
      // Enter opens the full results page, the query in the URL
      await page.getByTestId('header-search').fill('サーチ検証');
      await page.getByTestId('header-search').press('Enter');
      await page.waitForURL('**/search?q=*');
      // the results page's own list (the header's dropdown may still be closing)
      await page.locator('#main').getByRole('link', { name: org.name }).waitFor();
      await reload(page);
      await page.locator('#main').getByRole('link', { name: org.name }).waitFor();
    },
  },
  {
    name: 'officer: a visit names the partner that went along (同行), kept after a reload',
    async run(w, s) {
      const org = await newOrganization(w);
      const hq = await w.api('hq');
      const partnerName = `県警察本部 サイバー攻撃対策隊 ${uniq()}`;
      const partner = await hq.must<{ id: string }>('POST', '/partners', {
        name: partnerName,
        kind: 'police_hq',
        prefectureCode: '35',
      });
      const officer = await w.api('officer');
      const visit = await officer.must<{ id: string; version: number }>('POST', '/visits', {
        organizationId: org.id,
        visitedAt: `${jstDay(-1)}T10:00:00+09:00`,
        format: 'on_site',
        officerIds: [officer.me.id],
        summary: '技術流出事案を紹介した',
      });
      const page = await s.page();
      await login(page, 'officer');
      await page.goto(`/visits/${visit.id}/edit`);
      const partners = page.getByTestId('joint-partners');
      await choose(page, partners, partnerName);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: '下書き保存' }).first().click();
      await page.waitForURL(`**/visits/${visit.id}`);
      await toast(page, '下書きを保存しました。');
      const saved = await eventually(
        'the visit names the partner',
        async () =>
          (await officer.get<{ jointPartnerIds: string[] }>(`/visits/${visit.id}`)).body.jointPartnerIds,
        (ids) => ids.includes(partner.id),
      );
      assert(saved.length === 1, `one partner: ${JSON.stringify(saved)}`);
      await reload(page);
      await page.goto(`/visits/${visit.id}/edit`);
      await page.getByTestId('joint-partners').waitFor();
      await page.getByText(partnerName).first().waitFor();
    },
  },
  {
    name: 'hq: keeps a suggested これまでの取組 bullet with (再掲), saved after a reload',
    async run(w, s) {
      // a record the first task (技術流出防止, leak_cases) is offered: the station's training
      const officer = await w.api('officer');
      const training = `技術流出防止に関する署内教養 ${uniq()}`;
      await officer.must('POST', '/activities', {
        kind: 'training',
        heldOn: jstDay(-2),
        title: training,
        participants: 18,
        topics: ['leak_cases'],
      });
      const page = await s.page();
      await login(page, 'hq');
      await page.goto('/reports');
      const tasks = page.getByTestId('strategy-tasks');
      await tasks.getByRole('button', { name: '編集' }).first().click();
      const dialog = page.getByRole('dialog');
      const kept = dialog.getByTestId('actions-so-far');
      // the records' suggestions (demo visits, seminars …): accepting one adds it to the kept bullets
      const suggestions = dialog.getByTestId('strategy-suggestions');
      await suggestions.waitFor();
      await suggestions.getByText(training, { exact: false }).waitFor();
      const before = await kept.getByRole('textbox').count();
      await suggestions
        .locator('.mantine-Group-root')
        .filter({ hasText: training })
        .getByRole('button', { name: '採用', exact: true })
        .click();
      await eventually(
        'the suggestion joins the kept bullets',
        () => kept.getByRole('textbox').count(),
        (c) => c === before + 1,
      );
      const acceptedText = await kept.getByRole('textbox').nth(before).inputValue();
      await kept.getByRole('button', { name: /取組を追加/ }).click();
      const text = `ブラウザ検証の取組 ${uniq()}`;
      const boxes = kept.getByRole('textbox');
      const n = await boxes.count();
      await boxes.nth(n - 1).fill(text);
      await kept.getByRole('switch', { name: `再掲 ${n}` }).check({ force: true });
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await toast(page, '保存しました。');
      await reload(page);
      await page.getByTestId('strategy-tasks').getByText(`${text}(再掲)`, { exact: false }).waitFor();
      const hq = await w.api('hq');
      const list = await hq.get<{ items: { actionsSoFar: { text: string; repeated: boolean }[] }[] }>(
        '/reports/strategy-tasks',
      );
      assert(
        list.body.items.some((t) => t.actionsSoFar.some((b) => b.text === text && b.repeated)),
        'the bullet is kept with 再掲',
      );
      assert(acceptedText.includes(training), `the training was offered and accepted: ${acceptedText}`);
      assert(
        list.body.items.some((t) => t.actionsSoFar.some((b) => b.text === acceptedText)),
        `the accepted suggestion is kept: ${acceptedText}`,
      );
      w.log(
        acceptedText ? `accepted suggestion: ${acceptedText}` : 'no suggestion offered for the first task',
      );
    },
  },
];
