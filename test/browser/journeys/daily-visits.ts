/**
 * Daily work (issue 13): an officer plans a visit from the visits list, records it when it took
 * place and submits it; a manager plans from the coverage worklist in one click and cancels it; a
 * manager closes a follow-up of an approved visit; a manager approves several visits at once and
 * sees which failed and why. Each saves, reloads and checks (and reads the API).
 */
import type { Locator, Page } from 'playwright-core';
import { newOrganization, newVisit, type OrgRef } from '../data';
import {
  assert,
  eventually,
  expectDetail,
  fillDay,
  jstDay,
  login,
  reload,
  shot,
  toast,
  uniq,
  type Scenario,
} from '../harness';

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

function visitIdOf(page: Page): string {
  const id = /\/visits\/([0-9a-f-]{36})/.exec(new URL(page.url()).pathname)?.[1];
  assert(id, `on a visit's page: ${page.url()}`);
  return id;
}

async function expectVisitStatus(page: Page, status: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: new RegExp(`訪問記録.*${status}`) }).waitFor();
}

interface VisitBody {
  status: string;
  visitedOn: string;
  purpose: string | null;
  topics: string[];
  summary: string;
  organizationId: string;
  version: number;
  followUps: { id: string; status: string; result: string | null; version: number }[];
}

export const dailyVisitJourneys: Scenario[] = [
  {
    name: 'daily work: officer plans a visit, records it when it took place and submits it',
    async run(w, s) {
      const target = await newOrganization(w);
      const officerApi = await w.api('officer');
      const page = await s.page();
      await login(page, 'officer');

      // 訪問を予定 from the visits list; three days ahead (a future day is allowed for a plan)
      await page.goto('/visits');
      await page.getByTestId('visit-plan').click();
      await page.getByRole('heading', { name: '訪問の予定' }).waitFor();
      const form = page.getByTestId('plan-form');
      await pickOrganization(page, form.getByRole('textbox', { name: '訪問先', exact: true }), target);
      const day = jstDay(3);
      await fillDay(form.getByRole('textbox', { name: '予定日', exact: true }), day);
      const purpose = `ブラウザテスト ${uniq()}: 輸出管理の説明`;
      await form.getByRole('textbox', { name: '目的', exact: true }).fill(purpose);
      await form.getByRole('checkbox', { name: '輸出管理', exact: true }).check();
      await page.getByTestId('plan-save').click();
      await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
      const id = visitIdOf(page);
      await toast(page, '訪問を予定しました。');

      await reload(page);
      await expectVisitStatus(page, '予定');
      await expectDetail(page, '目的', purpose);
      await expectDetail(page, '訪問先', target.name);
      await shot(page, 'visit-planned');
      const planned = await officerApi.get<VisitBody>(`/visits/${id}`);
      assert(planned.body.status === 'planned', `status planned, got ${planned.body.status}`);
      assert(planned.body.visitedOn === day, `planned on ${day}, got ${planned.body.visitedOn}`);

      // the list filters 予定
      await page.goto('/visits?status=planned');
      await page.getByTestId('visit-table').getByRole('row').filter({ hasText: target.name }).waitFor();

      // 記録する: the plan lies ahead, so the dialog proposes now; then the draft's form, then 提出
      await page.goto(`/visits/${id}`);
      await page.getByTestId('visit-record').click();
      const dialog = page.getByRole('dialog', { name: '訪問を記録する' });
      await dialog.getByTestId('record-confirm').click();
      await page.waitForURL(`**/visits/${id}/edit`);
      await toast(page, '下書きとして記録しました。内容を入力して決裁に回してください。');
      const summary = `ブラウザテスト ${uniq()}: 予定どおり輸出管理の要点を説明した。`;
      await page.getByTestId('visit-form').getByRole('textbox', { name: '概要', exact: true }).fill(summary);
      await page.getByTestId('visit-submit').click();
      await page.waitForURL(`**/visits/${id}`);
      await toast(page, '提出しました。');

      await reload(page);
      await expectVisitStatus(page, '決裁待ち');
      await expectDetail(page, '目的', purpose);
      await expectDetail(page, '概要', summary);
      const submitted = await officerApi.get<VisitBody>(`/visits/${id}`);
      assert(submitted.body.status === 'submitted', `status submitted, got ${submitted.body.status}`);
      assert(submitted.body.visitedOn === jstDay(0), `recorded today, got ${submitted.body.visitedOn}`);
      assert(submitted.body.purpose === purpose, 'the purpose was kept');
      assert(
        submitted.body.topics.includes('export_control'),
        `topics kept: ${submitted.body.topics.join(',')}`,
      );
    },
  },
  {
    name: 'daily work: manager plans from the coverage worklist in one click, then cancels with a reason',
    async run(w, s) {
      const target = await newOrganization(w);
      const managerApi = await w.api('manager');
      const page = await s.page();
      // the worklist is the managers' screen (coverage)
      await login(page, 'manager');
      await page.goto('/coverage');
      const row = page.getByTestId('worklist').getByRole('row').filter({ hasText: target.name });
      await row.getByRole('link', { name: '訪問を予定', exact: true }).click();
      await page.waitForURL(`**/visits/plan?organizationId=${target.id}`);
      const form = page.getByTestId('plan-form');
      await eventually(
        'the plan form has the firm filled in',
        () => form.getByRole('textbox', { name: '訪問先', exact: true }).inputValue(),
        (v) => v === target.name,
      );
      await page.getByTestId('plan-save').click();
      await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
      const id = visitIdOf(page);
      await expectVisitStatus(page, '予定');

      await page.getByTestId('visit-cancel-plan').click();
      const dialog = page.getByRole('dialog', { name: '予定の取消' });
      await dialog.getByRole('textbox', { name: '取消の理由' }).fill('先方の都合により中止');
      await dialog.getByRole('button', { name: '予定を取り消す' }).click();
      await toast(page, '予定を取り消しました。');
      await reload(page);
      await expectVisitStatus(page, '取消');
      await page.getByText('この予定は取り消されました（理由: 先方の都合により中止）').waitFor();
      const saved = await managerApi.get<VisitBody>(`/visits/${id}`);
      assert(saved.body.status === 'cancelled', `status cancelled, got ${saved.body.status}`);
      assert(saved.body.organizationId === target.id, 'planned at the worklist firm');
    },
  },
  {
    name: 'daily work: manager closes a follow-up of an approved visit with a result; the visit stays approved',
    async run(w, s) {
      const target = await newOrganization(w);
      const officerApi = await w.api('officer');
      const managerApi = await w.api('manager');
      let v = await officerApi.must<VisitBody & { id: string }>('POST', '/visits', {
        organizationId: target.id,
        visitedAt: `${jstDay(-2)}T10:00:00+09:00`,
        format: 'on_site',
        officerIds: [officerApi.me.id],
        topics: ['leak_cases'],
        summary: `ブラウザテスト ${uniq()}`,
        followUps: [{ title: '相談窓口の設置状況を確認', dueOn: jstDay(20) }],
      });
      v = await officerApi.must('POST', `/visits/${v.id}/submit`, { version: v.version });
      v = await managerApi.must('POST', `/visits/${v.id}/approve`, { version: v.version });

      const page = await s.page();
      await login(page, 'manager');
      await page.goto(`/visits/${v.id}`);
      await expectVisitStatus(page, '決裁済み');
      await page.getByRole('button', { name: '結果を記録: 相談窓口の設置状況を確認' }).click();
      const dialog = page.getByRole('dialog', { name: 'フォローアップの結果' });
      const result = `窓口を設置済みと確認 ${uniq()}`;
      await dialog.getByTestId('follow-up-result').fill(result);
      await dialog.getByTestId('follow-up-save').click();
      await toast(page, 'フォローアップを更新しました。');
      await reload(page);
      await expectVisitStatus(page, '決裁済み');
      await page.getByText(result, { exact: true }).waitFor();
      const after = await managerApi.get<VisitBody>(`/visits/${v.id}`);
      assert(after.body.status === 'approved', `still approved, got ${after.body.status}`);
      assert(
        after.body.version === v.version,
        `visit version unchanged (${v.version} → ${after.body.version})`,
      );
      assert(
        after.body.followUps[0].status === 'done' && after.body.followUps[0].result === result,
        `follow-up closed: ${JSON.stringify(after.body.followUps[0])}`,
      );
    },
  },
  {
    name: 'daily work: manager approves several visits at once; the stale and no longer submitted ones are listed',
    async run(w, s) {
      const tag = uniq();
      const orgs = await Promise.all(
        ['一', '二', '三', '四'].map((n) =>
          newOrganization(w, { name: `一括承認テスト${n}株式会社 ${tag}` }),
        ),
      );
      const visits = [];
      for (const org of orgs) visits.push(await newVisit(w, org, { status: 'submitted' }));
      const managerApi = await w.api('manager');

      const page = await s.page();
      await login(page, 'manager');
      await page.goto('/approvals');
      const table = page.getByTestId('approval-table');
      for (const org of orgs) await table.getByRole('row').filter({ hasText: org.name }).waitFor();

      // meanwhile: one is approved elsewhere, one changed (its version moves on)
      await managerApi.must('POST', `/visits/${visits[2].id}/approve`, { version: visits[2].version });
      await w.sql(`UPDATE visits SET version = version + 1 WHERE id = $1`, [visits[3].id]);

      for (const org of orgs)
        await table.getByRole('row').filter({ hasText: org.name }).getByRole('checkbox').check();
      await page.getByTestId('bulk-approve').click();
      const dialog = page.getByRole('dialog', { name: '一括承認' });
      await dialog.getByText('選択した4件の訪問記録を承認します。よろしいですか？').waitFor();
      await dialog.getByTestId('bulk-approve-confirm').click();
      await toast(page, '2件を承認しました。');
      const failures = page.getByTestId('bulk-failures');
      await failures.getByText('2件は承認できませんでした').waitFor();
      await failures.getByText(orgs[2].name, { exact: false }).waitFor();
      await failures.getByText(orgs[3].name, { exact: false }).waitFor();
      const text = (await failures.textContent()) ?? '';
      assert(text.includes('決裁待ちではなくなっています'), `the approved-elsewhere one says why: ${text}`);
      assert(text.includes('他の利用者が先に更新しました'), `the stale one says why: ${text}`);
      assert(
        !text.includes(orgs[0].name) && !text.includes(orgs[1].name),
        'the approved ones are not listed',
      );
      await shot(page, 'approvals-bulk');

      await reload(page);
      await table.getByRole('row').filter({ hasText: orgs[3].name }).waitFor();
      for (const org of orgs.slice(0, 3))
        assert(
          (await table.getByRole('row').filter({ hasText: org.name }).count()) === 0,
          `${org.name} left the inbox`,
        );
      const states = await Promise.all(visits.map((v) => managerApi.get<VisitBody>(`/visits/${v.id}`)));
      assert(
        states.map((r) => r.body.status).join(',') === 'approved,approved,approved,submitted',
        `statuses: ${states.map((r) => r.body.status).join(',')}`,
      );
    },
  },
];
