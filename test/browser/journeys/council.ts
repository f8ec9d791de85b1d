/**
 * The station council (協議会): the follow-up board, the officer handling a follow-up, and the
 * manager's whole round: meeting → item → follow-up → evidence links (a visit, a seminar) → the
 * report back at the next meeting.
 */
import type { Locator, Page } from 'playwright-core';
import { newCouncilFollowUp, newOrganization, newSeminar, newVisit } from '../data';
import {
  addTags,
  assert,
  choose,
  expectDetail,
  fillDay,
  jstDay,
  login,
  reload,
  settle,
  shot,
  toast,
  uniq,
  type Scenario,
} from '../harness';

/** The follow-up card titled `title` in the board's column `status` (未着手, 対応中, 完了, 取りやめ). */
function card(page: Page, status: string, title: string): Locator {
  return page
    .getByRole('region', { name: status, exact: true })
    .getByTestId('follow-up-card')
    .filter({ hasText: title });
}

function meetingIdOf(page: Page): string {
  const id = /\/council\/meetings\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
  assert(id, `on a meeting's page: ${page.url()}`);
  return id;
}

export const councilJourneys: Scenario[] = [
  {
    name: '(h) the council follow-up board renders',
    async run(_w, s) {
      const page = await s.page();
      await login(page, 'officer');
      await page.goto('/council/follow-ups');
      const board = page.getByTestId('follow-up-board');
      await board.waitFor();
      await board.getByTestId('follow-up-card').first().waitFor();
      await settle(page);
      await shot(page, 'follow-up-board');
    },
  },
  {
    name: 'officer: handles a council follow-up on the board (in progress with a result, then done)',
    async run(w, s) {
      const { followUp } = await newCouncilFollowUp(w, jstDay(-45));
      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: 'フォローアップ', exact: true }).click();
      await page.waitForURL('**/council/follow-ups');
      await card(page, '未着手', followUp.title).getByRole('button', { name: '状況を更新' }).click();
      let dialog = page.getByRole('dialog', { name: '状況を更新' });
      await choose(page, dialog.getByRole('textbox', { name: '状態', exact: true }), '対応中');
      const result = `商工会議所の会報に注意喚起を掲載 ${uniq()}`;
      await dialog.getByRole('textbox', { name: '結果', exact: true }).fill(result);
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await toast(page, '保存しました。');
      await dialog.waitFor({ state: 'hidden' });

      await reload(page);
      const moved = card(page, '対応中', followUp.title);
      await moved.getByText(`結果: ${result}`).waitFor();
      assert((await card(page, '未着手', followUp.title).count()) === 0, 'no longer under 未着手');

      await moved.getByRole('button', { name: '状況を更新' }).click();
      dialog = page.getByRole('dialog', { name: '状況を更新' });
      await choose(page, dialog.getByRole('textbox', { name: '状態', exact: true }), '完了');
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await reload(page);
      await card(page, '完了', followUp.title).getByText(`結果: ${result}`).waitFor();
      const api = await w.api('officer');
      const saved = await api.get<{ status: string; result: string }>(`/follow-ups/${followUp.id}`);
      assert(saved.body.status === 'done', `done, got ${saved.body.status}`);
      assert(saved.body.result === result, 'result saved');
    },
  },
  {
    name: 'manager: council meeting → item → follow-up → evidence (a visit, a seminar) → report back',
    timeoutMs: 120_000,
    async run(w, s) {
      const tag = uniq();
      // the evidence: an approved visit and a seminar of the station
      const org = await newOrganization(w);
      const visit = await newVisit(w, org, { status: 'submitted' });
      const manager = await w.api('manager');
      await manager.must('POST', `/visits/${visit.id}/approve`, { version: visit.version });
      const seminar = await newSeminar(w, org, `学校での情報セキュリティ講演 ${tag}`);
      const heldOn = jstDay(-120 - Math.floor(Math.random() * 200));

      const page = await s.page();
      await login(page, 'manager');
      await page.getByRole('link', { name: '会議', exact: true }).click();
      await page.waitForURL('**/council/meetings');
      await page.getByRole('button', { name: '会議を登録' }).click();
      let dialog = page.getByRole('dialog', { name: '会議を登録' });
      await fillDay(dialog.getByRole('textbox', { name: '開催日' }), heldOn);
      await dialog.getByRole('textbox', { name: '会場', exact: true }).fill(`岩国警察署 3階会議室 ${tag}`);
      await addTags(dialog.getByRole('textbox', { name: '議題', exact: true }), [
        '経済安全保障の取組について',
      ]);
      await dialog
        .getByRole('textbox', { name: '諮問事項', exact: true })
        .fill('管内事業者への情報提供のあり方');
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await page.waitForURL(/\/council\/meetings\/[0-9a-f-]{36}$/);
      const meetingId = meetingIdOf(page);

      await reload(page);
      await expectDetail(page, '会場', `岩国警察署 3階会議室 ${tag}`);
      await expectDetail(page, '議題', '経済安全保障の取組について');
      await expectDetail(page, '諮問事項', '管内事業者への情報提供のあり方');

      // an item raised at the meeting
      await page.getByRole('button', { name: '項目を追加' }).click();
      dialog = page.getByRole('dialog', { name: '項目を追加' });
      await choose(page, dialog.getByRole('textbox', { name: '区分', exact: true }), '要望');
      await dialog.getByRole('textbox', { name: '発言者', exact: true }).fill('委員（商工会議所）');
      const itemText = `学校での講演を検討してほしい ${tag}`;
      await dialog.getByRole('textbox', { name: '内容', exact: true }).fill(itemText);
      await dialog.getByRole('textbox', { name: '当署の回答', exact: true }).fill('教育委員会と調整します。');
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await reload(page);
      const item = page.getByText(itemText, { exact: true });
      await item.waitFor();
      await page.getByText('当署の回答: 教育委員会と調整します。').waitFor();

      // its follow-up, owned by the officer
      await page.getByRole('button', { name: 'フォローアップを作成' }).first().click();
      dialog = page.getByRole('dialog', { name: 'フォローアップを作成' });
      const title = `市内中学校で講演を実施 ${tag}`;
      await dialog.getByRole('textbox', { name: '対応内容', exact: true }).fill(title);
      await choose(page, dialog.getByRole('textbox', { name: '担当者', exact: true }), '岩国署 警備課 田中');
      await fillDay(dialog.getByRole('textbox', { name: '期限' }), jstDay(45));
      await dialog.getByRole('button', { name: 'フォローアップを作成' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await reload(page);
      await page.getByText(title, { exact: true }).waitFor();

      // evidence on the board: the visit and the seminar
      await page.getByRole('link', { name: 'フォローアップ', exact: true }).click();
      await page.waitForURL('**/council/follow-ups');
      const open = card(page, '未着手', title);
      for (const [kind, label, option] of [
        ['訪問記録', '訪問記録を選択', new RegExp(org.name)],
        ['セミナー', 'セミナーを選択', new RegExp(seminar.title)],
      ] as const) {
        await open.getByRole('button', { name: '記録を紐付け' }).click();
        dialog = page.getByRole('dialog', { name: '記録を紐付け' });
        await dialog.getByText(kind, { exact: true }).click();
        await choose(page, dialog.getByRole('textbox', { name: label }), option);
        await dialog.getByRole('button', { name: '記録を紐付け' }).click();
        await toast(page, '紐付けました。');
        await dialog.waitFor({ state: 'hidden' });
      }
      await reload(page);
      await open.getByRole('link', { name: new RegExp(`訪問記録.*${org.name}`) }).waitFor();
      await open.getByRole('link', { name: new RegExp(`セミナー.*${seminar.title}`) }).waitFor();

      // the next meeting's report back lists the follow-up with what was done
      const next = await manager.must<{ id: string }>('POST', '/meetings', { heldOn: jstDay(-1) });
      await page.goto(`/council/meetings/${next.id}`);
      await page.getByRole('link', { name: '次回会議への報告' }).click();
      await page.waitForURL(`**/council/meetings/${next.id}/report-back`);
      await reload(page);
      await page.getByText(itemText).first().waitFor();
      await page.getByRole('cell', { name: new RegExp(title) }).waitFor();
      await page
        .getByText(new RegExp(`訪問記録 ${org.name}`))
        .first()
        .waitFor();
      await page
        .getByText(new RegExp(`セミナー ${seminar.title}`))
        .first()
        .waitFor();
      await shot(page, 'report-back');
      const report = await manager.get<{ sections: unknown[] }>(
        `/meetings/${next.id}/report-back?format=json`,
      );
      assert(JSON.stringify(report.body).includes(title), 'the API report back has the follow-up');
      assert(meetingId !== next.id, 'two meetings');
    },
  },
];
