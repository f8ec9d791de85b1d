/**
 * Visits: the officer records (draft, edit, submit), fixes a returned visit and submits it again;
 * the manager returns and approves; both at phone width; two tabs saving the same visit.
 */
import { copyFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { newOrganization, newVisit, type OrgRef } from '../data';
import {
  answered,
  assert,
  choose,
  detail,
  DOCS_SHOTS,
  eventually,
  expectDetail,
  fillDay,
  horizontalOverflow,
  jstDay,
  login,
  navigate,
  parseCount,
  PHONE,
  recordRequests,
  reload,
  settle,
  shot,
  SHOTS,
  toast,
  uniq,
  UPDATE_DOCS,
  type Scenario,
} from '../harness';

interface CoverageTotals {
  organizations: number;
  reached: number;
  overdue: number;
  never: number;
}

/** Searches the organization picker by the name's own tag and picks the organization. */
async function pickOrganization(page: Page, picker: Locator, org: OrgRef): Promise<void> {
  await picker.click();
  await picker.fill(org.name.split(' ').pop() ?? org.name);
  await page.getByRole('option', { name: org.name, exact: true }).click();
  await eventually(
    'picker shows the chosen organization',
    () => picker.inputValue(),
    (v) => v === org.name,
  );
}

/** The visit page's heading carries the status badge: 訪問記録 + 下書き / 決裁待ち / … */
async function expectVisitStatus(page: Page, status: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: new RegExp(`訪問記録.*${status}`) }).waitFor();
}

function visitIdOf(page: Page): string {
  const id = /\/visits\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
  assert(id, `on a visit's page: ${page.url()}`);
  return id;
}

/** The phone-width form is usable: the submit button and the topic checkboxes are on screen width. */
async function formFitsWidth(page: Page, width: number): Promise<void> {
  await page.getByRole('checkbox', { name: '輸出管理', exact: true }).waitFor();
  const submit = page.getByTestId('visit-submit');
  await submit.waitFor();
  const box = await submit.boundingBox();
  assert(
    box && box.x >= 0 && box.x + box.width <= width + 1,
    `submit button within the screen: ${JSON.stringify(box)}`,
  );
}

export const visitJourneys: Scenario[] = [
  {
    name: '(a) officer logs a visit through the visit form and submits it',
    async run(w, s) {
      const target = await newOrganization(w);
      const officerApi = await w.api('officer');

      const page = await s.page();
      await login(page, 'officer');
      const lang = await page.evaluate('document.documentElement.lang');
      assert(lang === 'ja', `the UI is in Japanese by default (html lang=${String(lang)})`);
      await page.getByRole('link', { name: '訪問記録', exact: true }).waitFor();

      await page.goto('/visits/new');
      await page.getByRole('heading', { name: '訪問の記録' }).waitFor();
      const form = page.getByTestId('visit-form');
      await pickOrganization(page, form.getByRole('textbox', { name: '訪問先', exact: true }), target);

      // officers: the signed-in officer is preset; add a colleague
      await choose(
        page,
        form.getByRole('textbox', { name: '担当者（警察側）', exact: true }),
        '岩国署 警備課 佐藤',
      );
      await page.keyboard.press('Escape');

      for (const topic of ['技術流出事案の紹介', '輸出管理', '社内相談窓口の設置等']) {
        await form.getByRole('checkbox', { name: topic, exact: true }).check();
      }
      const summary = 'ブラウザテスト: 技術流出の手口と輸出管理の要点を説明。社内相談窓口の設置を提案した。';
      await form.getByRole('textbox', { name: '概要', exact: true }).fill(summary);
      await page.getByRole('heading', { name: '訪問の記録' }).click(); // close any dropdown
      await shot(page, 'visit-form', false);
      if (UPDATE_DOCS)
        await copyFile(path.join(SHOTS, 'visit-form.png'), path.join(DOCS_SHOTS, 'visit-form.png'));

      await page.getByTestId('visit-submit').click();
      await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
      const visitId = visitIdOf(page);
      await toast(page, '提出しました。');

      await reload(page);
      await expectVisitStatus(page, '決裁待ち');
      await expectDetail(page, '訪問先', target.name);
      await expectDetail(page, '担当者（警察側）', '岩国署 警備課 佐藤');
      await expectDetail(page, '概要', summary);
      for (const topic of ['技術流出事案の紹介', '輸出管理', '社内相談窓口の設置等'])
        await page.getByText(topic, { exact: true }).first().waitFor();
      await shot(page, 'visit-detail');

      const saved = await officerApi.get<{
        status: string;
        topics: string[];
        officerIds: string[];
        organizationId: string;
      }>(`/visits/${visitId}`);
      assert(saved.status === 200, `GET the visit: HTTP ${saved.status}`);
      assert(saved.body.status === 'submitted', `visit status submitted, got ${saved.body.status}`);
      assert(saved.body.organizationId === target.id, 'visit is at the picked organization');
      assert(
        ['leak_cases', 'export_control', 'consultation_desk'].every((t) => saved.body.topics.includes(t)),
        `topics saved: ${saved.body.topics.join(',')}`,
      );
      assert(saved.body.officerIds.length === 2, `two officers saved, got ${saved.body.officerIds.length}`);
    },
  },
  {
    name: '(b) manager approves the visit in the inbox; the coverage dashboard shows the org reached',
    async run(w, s) {
      const target = await newOrganization(w);
      const visit = await newVisit(w, target, {
        status: 'submitted',
        summary: `ブラウザテスト ${uniq()}: 輸出管理の要点を説明した。`,
      });
      const managerApi = await w.api('manager');
      const before = await managerApi.get<{ totals: CoverageTotals }>('/coverage');
      assert(before.status === 200, `GET /coverage: HTTP ${before.status}`);

      const page = await s.page();
      await login(page, 'manager');

      // dashboard before: figures as the API gives them, the target on the worklist
      await page.goto('/coverage');
      await page
        .getByRole('heading', { name: /カバレッジ/ })
        .first()
        .waitFor();
      const reached = page.getByTestId('cov-reached');
      const reachedBefore = await eventually(
        'dashboard reached figure matches the API before approval',
        async () => parseCount(await reached.textContent()),
        (n) => n === before.body.totals.reached,
      );
      const worklist = page.getByTestId('worklist');
      await worklist.getByRole('link', { name: target.name }).waitFor();

      // approval inbox
      await page.getByRole('link', { name: /承認待ち/ }).click();
      await page.waitForURL('**/approvals');
      const table = page.getByTestId('approval-table');
      const row = table.getByRole('row').filter({ hasText: target.name });
      await row.waitFor();
      await row.getByText('ブラウザテスト').waitFor();
      await shot(page, 'approvals');
      await row.getByRole('button', { name: `承認: ${target.name}` }).click();
      // the approval dialog takes the optional 決裁コメント (issue 19)
      const dialog = page.getByRole('dialog', { name: '承認（決裁）' });
      const comment = `ブラウザテスト決裁 ${uniq()}: 次回は窓口の設置状況を確認のこと。`;
      await dialog.getByRole('textbox', { name: '決裁コメント（任意）' }).fill(comment);
      await dialog.getByTestId('approve-confirm').click();
      await toast(page, '承認しました。');
      await row.waitFor({ state: 'detached' });
      await reload(page);
      assert(
        (await table.getByRole('row').filter({ hasText: target.name }).count()) === 0,
        'gone from the inbox',
      );

      const approved = await managerApi.get<{
        status: string;
        approvalHistory: { action: string; comment: string | null }[];
      }>(`/visits/${visit.id}`);
      assert(approved.body.status === 'approved', `visit approved, got ${approved.body.status}`);
      const last = approved.body.approvalHistory.at(-1);
      assert(
        last?.action === 'approved' && last.comment === comment,
        `the approval and its comment are in the history: ${JSON.stringify(last)}`,
      );
      // the visit's page shows the history with the comment, after a fresh load
      await page.goto(`/visits/${visit.id}`);
      const history = page.getByTestId('approval-history');
      await history.getByRole('row').filter({ hasText: comment }).filter({ hasText: '承認' }).waitFor();
      await history.getByRole('row').filter({ hasText: '提出' }).first().waitFor();
      const after = await managerApi.get<{ totals: CoverageTotals }>('/coverage');
      assert(
        after.body.totals.reached === before.body.totals.reached + 1,
        `API reached ${before.body.totals.reached} → ${after.body.totals.reached}, expected +1`,
      );

      // dashboard after (a fresh load): one more reached, the target off the worklist
      await page.goto('/coverage');
      await eventually(
        'dashboard reached figure after approval',
        async () => parseCount(await reached.textContent()),
        (n) => n === reachedBefore + 1,
      );
      await worklist.waitFor();
      await settle(page);
      assert(
        (await worklist.getByRole('link', { name: target.name }).count()) === 0,
        `${target.name} left the worklist`,
      );
      await shot(page, 'dashboard');
      if (UPDATE_DOCS)
        await copyFile(path.join(SHOTS, 'dashboard.png'), path.join(DOCS_SHOTS, 'dashboard.png'));

      // the organization page says reached (期限内)
      await page.goto(`/organizations/${target.id}`);
      await page.getByRole('heading', { name: target.name }).waitFor();
      await page.getByRole('region', { name: '訪問状況' }).getByText('期限内').waitFor();
      await settle(page);
      await shot(page, 'organization');
    },
  },
  {
    name: '(g) the visit form at phone width (375×812) has no horizontal scroll',
    async run(_w, s) {
      const page = await s.page({ width: 375, height: 812, mobile: true });
      await login(page, 'officer');
      await page.goto('/visits/new');
      await page.getByTestId('visit-form').waitFor();
      await formFitsWidth(page, 375);
      await settle(page);
      await shot(page, 'visit-form-phone', false);
      const overflow = await horizontalOverflow(page);
      assert(!overflow, `no horizontal scroll: ${overflow}`);
      const wide = await page.evaluate<string[]>(`(() => {
        const out = [];
        for (const el of document.querySelectorAll('[data-testid="visit-form"] *')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > window.innerWidth + 1) out.push(el.tagName + '.' + (el.className || '').toString().slice(0, 40) + ' right=' + Math.round(r.right));
        }
        return out.slice(0, 5);
      })()`);
      assert(wide.length === 0, `elements past the right edge: ${wide.join('; ')}`);
    },
  },
  {
    name: 'officer: a visit saved as a draft, edited as a draft, then submitted (each after a reload)',
    async run(w, s) {
      const org = await newOrganization(w);
      const tag = uniq();
      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: '訪問記録', exact: true }).click();
      await page.getByRole('link', { name: '訪問を記録' }).click();
      await page.waitForURL('**/visits/new');
      const form = page.getByTestId('visit-form');
      await pickOrganization(page, form.getByRole('textbox', { name: '訪問先', exact: true }), org);
      await fillDay(form.getByRole('textbox', { name: '訪問日' }), jstDay(-2));
      await form.getByRole('textbox', { name: '時刻（日本時間）' }).fill('14:30');
      await form.getByText('来署', { exact: true }).click();
      await form
        .getByRole('textbox', { name: '同行（自由記入）', exact: true })
        .fill('本部サイバー攻撃対策隊');
      await form.getByRole('button', { name: '+ 出席者を入力して追加' }).click();
      await form.getByRole('textbox', { name: '氏名', exact: true }).fill(`総務部長 検証 ${tag}`);
      await form.getByRole('checkbox', { name: '輸出管理', exact: true }).check();
      const draftSummary = `下書きの概要 ${tag}`;
      await form.getByRole('textbox', { name: '概要', exact: true }).fill(draftSummary);
      await form.getByRole('button', { name: '+ 対応を追加' }).click();
      await form.getByRole('textbox', { name: '内容', exact: true }).fill(`規程の写しを受領する ${tag}`);
      await fillDay(form.getByRole('textbox', { name: '期限', exact: true }), jstDay(30));
      await form.getByRole('button', { name: '下書き保存' }).click();
      await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
      const id = visitIdOf(page);
      await toast(page, '下書きを保存しました。');

      await reload(page);
      await expectVisitStatus(page, '下書き');
      await expectDetail(page, '訪問先', org.name);
      await expectDetail(page, '形態', '来署');
      await expectDetail(page, '同行（自由記入）', '本部サイバー攻撃対策隊');
      await expectDetail(page, '先方の出席者', `総務部長 検証 ${tag}`);
      await expectDetail(page, '概要', draftSummary);
      await expectDetail(page, '訪問日時', '14:30');
      await page.getByRole('cell', { exact: true, name: `規程の写しを受領する ${tag}` }).waitFor();
      await page.getByText('輸出管理', { exact: true }).first().waitFor();

      // edit the draft
      await page.getByRole('link', { name: '編集', exact: true }).click();
      await page.waitForURL(`**/visits/${id}/edit`);
      const edit = page.getByTestId('visit-form');
      const summaryBox = edit.getByRole('textbox', { name: '概要', exact: true });
      await eventually(
        'the edit form holds the saved summary',
        () => summaryBox.inputValue(),
        (v) => v === draftSummary,
      );
      const editedSummary = `編集後の概要 ${tag}: 内部不正対策も説明した。`;
      await summaryBox.fill(editedSummary);
      await edit
        .getByRole('textbox', { name: '先方からの意見・懸念', exact: true })
        .fill('海外からの引き合いが増えている。');
      await edit.getByRole('checkbox', { name: '内部不正対策', exact: true }).check();
      await edit.getByRole('button', { name: '下書き保存' }).click();
      await page.waitForURL(`**/visits/${id}`);
      await toast(page, '下書きを保存しました。');

      await reload(page);
      await expectVisitStatus(page, '下書き');
      await expectDetail(page, '概要', editedSummary);
      await expectDetail(page, '先方からの意見・懸念', '海外からの引き合いが増えている。');
      await page.getByText('内部不正対策', { exact: true }).first().waitFor();
      await page.getByRole('cell', { exact: true, name: `規程の写しを受領する ${tag}` }).waitFor();

      // submit from the visit's page
      await page.getByRole('button', { name: '提出', exact: true }).click();
      await toast(page, '提出しました。');
      await reload(page);
      await expectVisitStatus(page, '決裁待ち');
      await expectDetail(page, '概要', editedSummary);
      assert(
        (await page.getByRole('link', { name: '編集', exact: true }).count()) === 0,
        'no edit once submitted',
      );
      const api = await w.api('officer');
      const saved = await api.get<{ status: string; format: string; followUps: { title: string }[] }>(
        `/visits/${id}`,
      );
      assert(saved.body.status === 'submitted', `submitted, got ${saved.body.status}`);
      assert(saved.body.format === 'at_station', `format at_station, got ${saved.body.format}`);
      assert(saved.body.followUps.length === 1, `one follow-up, got ${saved.body.followUps.length}`);
    },
  },
  {
    name: 'officer: a returned visit is edited and submitted again (PATCH without organizationId → 200)',
    async run(w, s) {
      const org = await newOrganization(w);
      const reason = `出席者の役職を追記してください ${uniq()}`;
      const visit = await newVisit(w, org, { status: 'returned', returnReason: reason });
      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: '訪問記録', exact: true }).click();
      const row = page.getByTestId('visit-table').getByRole('row').filter({ hasText: org.name });
      await row.getByText('差戻し').waitFor();
      await row.getByRole('link').first().click();
      await page.waitForURL(`**/visits/${visit.id}`);
      await expectVisitStatus(page, '差戻し');
      await page
        .getByRole('status')
        .filter({ hasText: `差戻し理由: ${reason}` })
        .waitFor();

      await page.getByRole('link', { name: '編集', exact: true }).click();
      await page.waitForURL(`**/visits/${visit.id}/edit`);
      const form = page.getByTestId('visit-form');
      await form.getByText(`差戻し理由: ${reason}`).waitFor();
      const patches = recordRequests(page, (m, p) => m === 'PATCH' && p === `/api/v1/visits/${visit.id}`);
      const submits = recordRequests(
        page,
        (m, p) => m === 'POST' && p === `/api/v1/visits/${visit.id}/submit`,
      );
      const fixed = `${visit.summary} 先方: 総務部長（管理職）が出席。`;
      await form.getByRole('textbox', { name: '概要', exact: true }).fill(fixed);
      await form.getByRole('button', { name: '+ 出席者を入力して追加' }).click();
      await form.getByRole('textbox', { name: '氏名', exact: true }).fill('総務部長 山田');
      await form.getByTestId('visit-submit').click();
      const patch = await answered(patches);
      const body = JSON.parse(patch.body ?? '{}') as Record<string, unknown>;
      assert(!('organizationId' in body), `the PATCH body has no organizationId: ${patch.body}`);
      assert(typeof body.version === 'number', 'the PATCH carries the version');
      assert(patch.status === 200, `the PATCH answered ${patch.status}: ${patch.answer}`);
      const submit = await answered(submits);
      assert(
        submit.status === 200 || submit.status === 201,
        `submitted again: ${submit.status} ${submit.answer}`,
      );
      assert(patches.length === 1, `one PATCH of the visit, saw ${patches.length}`);
      await page.waitForURL(`**/visits/${visit.id}`);
      await toast(page, '提出しました。');

      await reload(page);
      await expectVisitStatus(page, '決裁待ち');
      await expectDetail(page, '概要', fixed);
      await expectDetail(page, '先方の出席者', '総務部長 山田');
      const api = await w.api('officer');
      const saved = await api.get<{ status: string; organizationId: string }>(`/visits/${visit.id}`);
      assert(saved.body.status === 'submitted', `submitted again, got ${saved.body.status}`);
      assert(saved.body.organizationId === org.id, 'still at the same organization');
    },
  },
  {
    name: 'manager: returns a submitted visit with a reason; the officer sees the reason',
    async run(w, s) {
      const org = await newOrganization(w);
      const visit = await newVisit(w, org, { status: 'submitted' });
      const reason = `訪問日時を確認してください ${uniq()}`;
      const page = await s.page();
      await login(page, 'manager');
      await page.waitForURL('**/home');
      await page.goto('/approvals');
      const row = page.getByTestId('approval-table').getByRole('row').filter({ hasText: org.name });
      await row.getByRole('button', { name: `差戻し: ${org.name}` }).click();
      const dialog = page.getByRole('dialog', { name: '差戻し理由' });
      await dialog.getByRole('button', { name: '差戻し', exact: true }).click();
      await dialog.getByText('理由を入力してください。').waitFor();
      await dialog.getByRole('textbox', { name: '理由' }).fill(reason);
      await dialog.getByRole('button', { name: '差戻し', exact: true }).click();
      await toast(page, '差し戻しました。');
      await row.waitFor({ state: 'detached' });

      await page.goto(`/visits/${visit.id}`);
      await expectVisitStatus(page, '差戻し');
      await page
        .getByRole('status')
        .filter({ hasText: `差戻し理由: ${reason}` })
        .waitFor();
      const manager = await w.api('manager');
      const saved = await manager.get<{ status: string; returnReason: string }>(`/visits/${visit.id}`);
      assert(saved.body.status === 'returned', `returned, got ${saved.body.status}`);
      assert(saved.body.returnReason === reason, `reason saved: ${saved.body.returnReason}`);

      // the officer sees it too
      const officerPage = await s.page();
      await login(officerPage, 'officer');
      await officerPage.goto(`/visits/${visit.id}`);
      await officerPage
        .getByRole('status')
        .filter({ hasText: `差戻し理由: ${reason}` })
        .waitFor();
    },
  },
  {
    name: 'officer at phone width (390×844) fixes a returned visit and submits it again',
    async run(w, s) {
      const org = await newOrganization(w);
      const reason = `概要に先方の反応を書いてください ${uniq()}`;
      const visit = await newVisit(w, org, { status: 'returned', returnReason: reason });
      const page = await s.page(PHONE);
      await login(page, 'officer');
      await navigate(page, '訪問記録');
      await page.waitForURL('**/visits');
      const row = page.getByTestId('visit-table').getByRole('row').filter({ hasText: org.name });
      await row.getByRole('link').first().click();
      await page.waitForURL(`**/visits/${visit.id}`);
      await page.getByRole('status').filter({ hasText: reason }).waitFor();
      await page.getByRole('link', { name: '編集', exact: true }).click();
      const form = page.getByTestId('visit-form');
      await formFitsWidth(page, PHONE.width);
      const fixed = `${visit.summary} 先方は社内規程の見直しを検討するとのこと。`;
      await form.getByRole('textbox', { name: '概要', exact: true }).fill(fixed);
      const overflow = await horizontalOverflow(page);
      assert(!overflow, `the form has no horizontal scroll on a phone: ${overflow}`);
      await shot(page, 'visit-resubmit-phone', false);
      await form.getByTestId('visit-submit').click();
      await page.waitForURL(`**/visits/${visit.id}`);
      await toast(page, '提出しました。');
      await reload(page);
      await expectVisitStatus(page, '決裁待ち');
      await expectDetail(page, '概要', fixed);
    },
  },
  {
    name: 'manager at phone width (390×844) approves a visit on its page',
    async run(w, s) {
      const org = await newOrganization(w);
      const visit = await newVisit(w, org, { status: 'submitted' });
      const page = await s.page(PHONE);
      await login(page, 'manager');
      await navigate(page, /^承認待ち/);
      const row = page.getByTestId('approval-table').getByRole('row').filter({ hasText: org.name });
      await row.getByRole('link').first().click();
      await page.waitForURL(`**/visits/${visit.id}`);
      await expectVisitStatus(page, '決裁待ち');
      const approve = page.getByRole('button', { name: '承認', exact: true });
      const box = await approve.boundingBox();
      assert(
        box && box.x >= 0 && box.x + box.width <= PHONE.width + 1,
        `承認 on screen: ${JSON.stringify(box)}`,
      );
      await approve.click();
      // the dialog's comment is optional: approve without one
      await page.getByRole('dialog', { name: '承認（決裁）' }).getByTestId('approve-confirm').click();
      await toast(page, '承認しました。');
      await reload(page);
      await expectVisitStatus(page, '決裁済み');
      const overflow = await horizontalOverflow(page);
      assert(!overflow, `no horizontal scroll: ${overflow}`);
      await shot(page, 'visit-approved-phone', false);
      const manager = await w.api('manager');
      const saved = await manager.get<{ status: string }>(`/visits/${visit.id}`);
      assert(saved.body.status === 'approved', `approved, got ${saved.body.status}`);
    },
  },
  {
    name: 'conflict: two tabs save the same visit; the second keeps its input and saves again',
    async run(w, s) {
      const org = await newOrganization(w);
      const visit = await newVisit(w, org, { status: 'draft' });
      const tag = uniq();
      const first = await s.page();
      const second = await s.page();
      await login(first, 'officer');
      await login(second, 'officer');
      for (const p of [first, second]) {
        await p.goto(`/visits/${visit.id}/edit`);
        await eventually(
          'the edit form is loaded',
          () => p.getByRole('textbox', { name: '概要', exact: true }).inputValue(),
          (v) => v === visit.summary,
        );
      }
      const theirs = `先に保存した概要 ${tag}`;
      const mine = `後から保存した概要 ${tag}`;
      await first.getByRole('textbox', { name: '概要', exact: true }).fill(theirs);
      await first.getByRole('button', { name: '下書き保存' }).click();
      await first.waitForURL(`**/visits/${visit.id}`);

      const summary = second.getByRole('textbox', { name: '概要', exact: true });
      await summary.fill(mine);
      await second.getByRole('textbox', { name: '先方からの意見・懸念', exact: true }).fill(`懸念 ${tag}`);
      await second.getByRole('button', { name: '下書き保存' }).click();
      const dialog = second.getByRole('dialog', { name: '更新が競合しました' });
      await dialog.waitFor();
      await dialog.getByRole('cell', { name: theirs }).waitFor();
      await dialog.getByRole('cell', { name: mine }).waitFor();
      await shot(second, 'visit-conflict', false);
      await dialog.getByRole('button', { name: '最新版を読み込む（入力内容を保持）' }).click();
      await dialog.waitFor({ state: 'hidden' });
      assert((await summary.inputValue()) === mine, 'the typed summary is kept');
      await second.getByRole('button', { name: '下書き保存' }).click();
      await second.waitForURL(`**/visits/${visit.id}`);
      await toast(second, '下書きを保存しました。');

      await reload(second);
      await expectDetail(second, '概要', mine);
      await expectDetail(second, '先方からの意見・懸念', `懸念 ${tag}`);
      await reload(first);
      await expectDetail(first, '概要', mine);
      assert((await detail(first, '概要').textContent()) !== theirs, 'the second save is the one kept');
    },
  },
];
