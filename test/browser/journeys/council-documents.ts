/**
 * The council's official documents (issue 15): a meeting recorded as the minutes are written
 * (年度・第N回 prefilled, the official name, attendance by name and post, the discussion turns),
 * saved, reloaded and checked; the 会議録 and the 措置結果 downloaded as PDF and Word from the
 * screens; the same on a phone (390×844).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import {
  addTags,
  assert,
  expectDetail,
  fillDay,
  horizontalOverflow,
  login,
  PHONE,
  reload,
  settle,
  shot,
  uniq,
  type Scenario,
} from '../harness';

/** Clicks a download button and returns the file's name and first bytes. */
async function downloadFrom(page: Page, button: string): Promise<{ name: string; head: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const file = await download.path();
  assert(file, `${button}: the download was saved`);
  const bytes = await readFile(file);
  return { name: download.suggestedFilename(), head: bytes.subarray(0, 5).toString('latin1') };
}

async function recordMeeting(page: Page, tag: string, heldOn: string): Promise<string> {
  await page.goto('/council/meetings');
  await page.getByRole('button', { name: '会議を登録' }).click();
  const dialog = page.getByRole('dialog', { name: '会議を登録' });
  await fillDay(dialog.getByRole('textbox', { name: '開催日' }), heldOn);
  // 年度 follows the day (令和8年度 for a day from April 2026).
  const fy = dialog.getByRole('textbox', { name: '年度', exact: true });
  const expectedFy = String(Number(heldOn.slice(0, 4)) - (Number(heldOn.slice(5, 7)) < 4 ? 1 : 0));
  for (let i = 0; i < 50 && (await fy.inputValue()) !== expectedFy; i++) await page.waitForTimeout(100);
  assert(
    (await fy.inputValue()) === expectedFy,
    `年度 prefilled ${expectedFy}, got ${await fy.inputValue()}`,
  );
  const seq = dialog.getByRole('textbox', { name: '回', exact: true });
  for (let i = 0; i < 50 && !(await seq.inputValue()); i++) await page.waitForTimeout(100);
  assert(/^\d+$/.test(await seq.inputValue()), `第N回 prefilled, got "${await seq.inputValue()}"`);
  await dialog.getByRole('textbox', { name: '会場', exact: true }).fill(`岩国警察署5階 講堂 ${tag}`);
  await dialog.getByLabel('開始時刻').fill('14:50');
  await dialog.getByLabel('終了時刻').fill('17:00');
  await addTags(dialog.getByRole('textbox', { name: '議題', exact: true }), [
    '警察における経済安全保障に関する取組の推進',
  ]);
  await addTags(dialog.getByRole('textbox', { name: '出席委員（氏名）' }), ['木村', '塩田']);
  await addTags(dialog.getByRole('textbox', { name: '出席職員（職名）' }), ['署長', '警備課長']);
  await dialog
    .getByRole('textbox', { name: '会長挨拶（要旨）' })
    .fill('皆様のご協力を頂きながら会議を進めたい。');
  // Two turns: adding one puts the cursor in its text field; the second speaker is the answer.
  await dialog.getByRole('button', { name: '発言を追加' }).click();
  const first = dialog.getByRole('textbox', { name: /^発言内容 1/ });
  await first.waitFor();
  assert(await first.evaluate((el) => el.matches(':focus')), 'the new turn’s text has the focus');
  await page.keyboard.type(`アウトリーチ活動の具体的な内容について説明願う。${tag}`);
  await dialog.getByRole('button', { name: '発言を追加' }).click();
  const second = dialog.getByRole('textbox', { name: /^発言内容 2/ });
  await second.waitFor();
  assert(await second.evaluate((el) => el.matches(':focus')), 'the second turn’s text has the focus');
  await page.keyboard.type('企業等を個別に訪問し、技術流出防止に資する情報提供を行っている。');
  const speaker2 = await dialog.getByRole('textbox', { name: /^発言者 2/ }).inputValue();
  assert(speaker2 === '警備課長', `the answer's speaker is 警備課長, got ${speaker2}`);
  await dialog.getByRole('textbox', { name: '講評者' }).fill('副会長');
  await addTags(dialog.getByRole('textbox', { name: '配付資料' }), ['警察業務説明資料']);
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  await page.waitForURL(/\/council\/meetings\/[0-9a-f-]{36}$/);
  return /\/council\/meetings\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)![1];
}

async function checkSaved(page: Page, tag: string, title: RegExp): Promise<void> {
  await reload(page);
  await page.getByRole('heading', { name: title }).waitFor();
  await expectDetail(page, '会場', `岩国警察署5階 講堂 ${tag}`);
  await expectDetail(page, '開催時刻', '午後2時50分〜午後5時');
  await expectDetail(page, '出席委員（氏名）', '木村、塩田');
  await expectDetail(page, '出席職員（職名）', '署長、警備課長');
  const turns = page.getByTestId('minutes-turn');
  assert((await turns.count()) === 2, `two turns, got ${await turns.count()}`);
  await turns.nth(0).getByText(`アウトリーチ活動の具体的な内容について説明願う。${tag}`).waitFor();
  await turns.nth(1).getByText('(警備課長)').waitFor();
}

export const councilDocumentJourneys: Scenario[] = [
  {
    name: 'manager: records a meeting as the minutes are written, downloads the 会議録 and 措置結果 (PDF, Word)',
    timeoutMs: 120_000,
    async run(w, s) {
      const tag = uniq();
      const page = await s.page();
      await login(page, 'manager');
      const heldOn = '2026-04-15';
      const id = await recordMeeting(page, tag, heldOn);
      await checkSaved(page, tag, /^令和8年度第\d+回岩国警察署協議会$/);
      const api = await w.api('manager');
      const saved = await api.get<{ title: string; fiscalYear: number; discussion: unknown[] }>(
        `/meetings/${id}`,
      );
      assert(saved.body.fiscalYear === 2026, `fiscal year 2026, got ${saved.body.fiscalYear}`);
      assert(saved.body.discussion.length === 2, 'two turns saved');

      const pdf = await downloadFrom(page, '会議録 (PDF)');
      assert(pdf.head === '%PDF-', `a PDF, got ${pdf.head}`);
      assert(pdf.name === `${saved.body.title}会議録.pdf`, `named after the meeting, got ${pdf.name}`);
      const docx = await downloadFrom(page, '会議録 (Word)');
      assert(docx.head.startsWith('PK'), 'a DOCX (zip)');
      assert(docx.name.endsWith('会議録.docx'), `docx name, got ${docx.name}`);
      await shot(page, 'council-meeting-minutes');

      // The next meeting's report back, as of a chosen day, as PDF and Word.
      const next = await api.must<{ id: string }>('POST', '/meetings', { heldOn: '2026-09-16' });
      await page.goto(`/council/meetings/${next.id}/report-back`);
      await fillDay(page.getByRole('textbox', { name: '基準日（「…現在」の日付）' }), '2026-09-01');
      await page.getByTestId('report-back-as-of').getByText('令和8年9月1日現在').waitFor();
      const rpdf = await downloadFrom(page, '措置結果 (PDF)');
      assert(rpdf.head === '%PDF-', 'report-back PDF');
      assert(rpdf.name.endsWith('措置結果.pdf'), `report-back name, got ${rpdf.name}`);
      const rdocx = await downloadFrom(page, '措置結果 (Word)');
      assert(rdocx.head.startsWith('PK'), 'report-back DOCX');
      await settle(page);
      await shot(page, 'council-report-back-documents');
    },
  },
  {
    name: 'officer on a phone (390×844): the meeting form with turns, then the minutes download',
    timeoutMs: 120_000,
    async run(_w, s) {
      const tag = uniq();
      const page = await s.page(PHONE);
      await login(page, 'officer');
      await recordMeeting(page, tag, '2026-05-20');
      await checkSaved(page, tag, /^令和8年度第\d+回岩国警察署協議会$/);
      const overflow = await horizontalOverflow(page);
      assert(!overflow, `no horizontal scrolling on the phone: ${overflow}`);
      const pdf = await downloadFrom(page, '会議録 (PDF)');
      assert(pdf.head === '%PDF-', 'a PDF on the phone');
      await shot(page, 'council-meeting-phone');
    },
  },
];
