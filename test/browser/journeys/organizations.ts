/**
 * Organizations: station scope (another station's record is not found), the officer registers and
 * edits an organization, adds / edits / deletes a contact, and two tabs saving the same record.
 */
import { withCorporateNumberCheckDigit } from '../../../libs/japanese/corporate-number';
import { newOrganization } from '../data';
import {
  addTags,
  assert,
  choose,
  eventually,
  expectDetail,
  login,
  reload,
  settle,
  shot,
  toast,
  uniq,
  type Scenario,
} from '../harness';
import type { Page } from 'playwright-core';

function organizationIdOf(page: Page): string {
  const id = /\/organizations\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
  assert(id, `on an organization's page: ${page.url()}`);
  return id;
}

const randomCorporateNumber = () =>
  withCorporateNumberCheckDigit(`8${String(Math.floor(Math.random() * 1e11)).padStart(11, '0')}`);

async function openContacts(page: Page) {
  await page.getByRole('tab', { name: '担当者・窓口' }).click();
  return page.getByRole('tabpanel', { name: '担当者・窓口' });
}

export const organizationJourneys: Scenario[] = [
  {
    name: "(c) an officer cannot see another station's organization",
    async run(w, s) {
      const [yanai] = await w.sql<{ id: string; name: string }>(
        `SELECT o.id, o.name FROM organizations o JOIN stations s ON s.id = o.station_id
          WHERE s.code = 'yanai' ORDER BY o.name LIMIT 1`,
      );
      assert(yanai, 'the demo has an organization of 柳井警察署');
      const page = await s.page();
      await login(page, 'officer');

      await page.goto(`/organizations/${yanai.id}`);
      await page.getByText('お探しの記録は見つかりません').waitFor();
      await page.getByText(/他の警察署の記録/).waitFor();
      assert((await page.getByText(yanai.name).count()) === 0, 'the name of the other org is not shown');
      await shot(page, 'organization-other-station');

      await page.goto('/organizations');
      const table = page.getByTestId('org-table');
      await table.getByRole('link').first().waitFor();
      await settle(page);
      await shot(page, 'organizations');
      const names = await table.getByRole('link').allTextContents();
      assert(!names.includes(yanai.name), 'the list does not hold the other station’s org');

      const search = page.getByTestId('org-search');
      for (const q of [yanai.name.slice(0, 4), '柳井']) {
        await search.fill(q);
        await page.waitForURL((url) => url.searchParams.get('q') === q);
        await table.getByText('該当するデータはありません。').waitFor();
        assert(
          (await table.getByText(yanai.name).count()) === 0,
          `search "${q}" does not find ${yanai.name}`,
        );
      }
      // the same search does find the officer's own organizations
      await search.fill('岩国');
      await page.waitForURL((url) => url.searchParams.get('q') === '岩国');
      await table.getByRole('link', { name: '株式会社岩国精密' }).waitFor();
    },
  },
  {
    name: 'officer: registers an organization and edits it (after a reload each)',
    async run(w, s) {
      const tag = uniq();
      const name = `和木先端材料株式会社 ${tag}`;
      const corporateNumber = randomCorporateNumber();
      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: '組織', exact: true }).click();
      await page.getByRole('link', { name: '組織を登録' }).click();
      await page.waitForURL('**/organizations/new');
      const form = page.getByRole('form', { name: '組織の登録' });
      await form.getByRole('textbox', { name: '名称', exact: true }).fill(name);
      await form.getByRole('textbox', { name: 'フリガナ', exact: true }).fill('ワキセンタンザイリョウ');
      await form.getByRole('textbox', { name: '法人番号', exact: true }).fill(corporateNumber);
      await choose(page, form.getByRole('textbox', { name: '法人種別', exact: true }), '株式会社');
      await choose(page, form.getByRole('textbox', { name: '業種', exact: true }), '先端技術企業');
      await form.getByText('A（重点）', { exact: true }).click();
      await addTags(form.getByRole('textbox', { name: '保有技術', exact: true }), ['半導体材料', '精密塗工']);
      await form.getByRole('textbox', { name: '郵便番号', exact: true }).fill('740-0061');
      await choose(page, form.getByRole('textbox', { name: '市区町村', exact: true }), /和木町/);
      await form.getByRole('textbox', { name: '所在地', exact: true }).fill('和木町和木1丁目1番1号');
      await choose(page, form.getByRole('textbox', { name: '社内相談窓口', exact: true }), '設置予定');
      await form.getByRole('checkbox', { name: '輸出管理の対象' }).check();
      await form.getByRole('textbox', { name: '備考', exact: true }).fill(`登録時の備考 ${tag}`);
      await form.getByRole('button', { name: '保存', exact: true }).click();
      await page.waitForURL(/\/organizations\/[0-9a-f-]{36}$/);
      const id = organizationIdOf(page);
      await toast(page, '組織を登録しました。');

      await reload(page);
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.getByText('ワキセンタンザイリョウ').first().waitFor();
      await expectDetail(page, '法人番号', corporateNumber);
      await expectDetail(page, '法人種別', '株式会社');
      await expectDetail(page, '業種', '先端技術企業');
      await expectDetail(page, '重点度', 'A（重点）');
      await expectDetail(page, '保有技術', '半導体材料、精密塗工');
      await expectDetail(page, '輸出管理の対象', 'はい');
      await expectDetail(page, '社内相談窓口', '設置予定');
      await expectDetail(page, '市区町村', '和木町');
      await expectDetail(page, '郵便番号', '〒740-0061');
      await expectDetail(page, '所在地', '和木町和木1丁目1番1号');
      await expectDetail(page, '備考', `登録時の備考 ${tag}`);

      // edit
      await page.getByRole('button', { name: '編集', exact: true }).click();
      const edit = page.getByRole('form', { name: '組織の編集' });
      await edit.getByText('B', { exact: true }).click();
      await choose(page, edit.getByRole('textbox', { name: '社内相談窓口', exact: true }), '設置済み');
      await edit.getByRole('checkbox', { name: '輸出管理の対象' }).uncheck();
      await edit.getByRole('textbox', { name: '備考', exact: true }).fill(`編集後の備考 ${tag}`);
      await edit.getByRole('button', { name: '保存', exact: true }).click();
      await toast(page, '保存しました。');
      await edit.waitFor({ state: 'detached' });

      await reload(page);
      await expectDetail(page, '重点度', 'B');
      await expectDetail(page, '社内相談窓口', '設置済み');
      await expectDetail(page, '輸出管理の対象', 'いいえ');
      await expectDetail(page, '備考', `編集後の備考 ${tag}`);
      const api = await w.api('officer');
      const saved = await api.get<{ tier: string; version: number; corporateNumber: string }>(
        `/organizations/${id}`,
      );
      assert(saved.body.tier === 'B', `tier B saved, got ${saved.body.tier}`);
      assert(saved.body.corporateNumber === corporateNumber, 'corporate number saved');

      // the list finds it by its name
      await page.goto(`/organizations?q=${encodeURIComponent(tag)}`);
      await page.getByTestId('org-table').getByRole('link', { name }).waitFor();
    },
  },
  {
    name: 'officer: adds, edits and deletes a contact of an organization (after a reload each)',
    async run(w, s) {
      const org = await newOrganization(w);
      const tag = uniq();
      const page = await s.page();
      await login(page, 'officer');
      await page.goto(`/organizations/${org.id}`);
      await page.getByRole('heading', { level: 1, name: org.name }).waitFor();
      let panel = await openContacts(page);
      await panel.getByRole('button', { name: '担当者を追加' }).click();
      const add = page.getByRole('dialog', { name: '担当者の追加' });
      await add.getByRole('textbox', { name: '氏名', exact: true }).fill(`検証 花子 ${tag}`);
      await add.getByRole('textbox', { name: 'フリガナ', exact: true }).fill('ケンショウ ハナコ');
      await add.getByRole('textbox', { name: '役職', exact: true }).fill('情報システム課長');
      await choose(page, add.getByRole('textbox', { name: '区分', exact: true }), '研究者');
      await add.getByRole('textbox', { name: '電話番号', exact: true }).fill('0827-00-0000');
      await add.getByRole('textbox', { name: 'メールアドレス', exact: true }).fill('hanako@example.jp');
      await add.getByRole('button', { name: '保存', exact: true }).click();
      await add.waitFor({ state: 'hidden' });

      await reload(page);
      panel = await openContacts(page);
      const row = panel.getByRole('row').filter({ hasText: `検証 花子 ${tag}` });
      await row.getByRole('cell', { name: '情報システム課長' }).waitFor();
      await row.getByRole('cell', { name: '研究者' }).waitFor();
      await row.getByRole('cell', { name: '0827-00-0000' }).waitFor();
      await row.getByRole('cell', { name: 'hanako@example.jp' }).waitFor();

      // edit
      await row.getByRole('button', { name: '編集', exact: true }).click();
      const edit = page.getByRole('dialog', { name: '担当者の編集' });
      const title = edit.getByRole('textbox', { name: '役職', exact: true });
      await eventually(
        'the edit form holds the title',
        () => title.inputValue(),
        (v) => v === '情報システム課長',
      );
      await title.fill('総務部長');
      await choose(page, edit.getByRole('textbox', { name: '区分', exact: true }), '管理職');
      await edit.getByRole('button', { name: '保存', exact: true }).click();
      await edit.waitFor({ state: 'hidden' });

      await reload(page);
      panel = await openContacts(page);
      await row.getByRole('cell', { name: '総務部長' }).waitFor();
      await row.getByRole('cell', { name: '管理職' }).waitFor();

      // delete
      await row.getByRole('button', { name: `削除: 検証 花子 ${tag}` }).click();
      const confirm = page.getByRole('dialog', { name: '確認' });
      await confirm.getByText(`検証 花子 ${tag} を削除しますか？`).waitFor();
      await confirm.getByRole('button', { name: '削除', exact: true }).click();
      await toast(page, '削除しました。');
      await reload(page);
      panel = await openContacts(page);
      await panel.getByText('該当するデータはありません。').waitFor();
      assert((await panel.getByText(`検証 花子 ${tag}`).count()) === 0, 'the contact is gone');
      const api = await w.api('officer');
      const contacts = await api.get<unknown>(`/organizations/${org.id}/contacts`);
      const list = Array.isArray(contacts.body)
        ? contacts.body
        : ((contacts.body as { items: unknown[] }).items ?? []);
      assert(list.length === 0, `no contacts left, got ${list.length}`);
    },
  },
  {
    name: 'conflict: two tabs save the same organization; the second keeps its input and saves again',
    async run(w, s) {
      const org = await newOrganization(w, { notes: '最初の備考' });
      const tag = uniq();
      const first = await s.page();
      const second = await s.page();
      await login(first, 'officer');
      await login(second, 'officer');
      for (const p of [first, second]) {
        await p.goto(`/organizations/${org.id}`);
        await p.getByRole('heading', { level: 1, name: org.name }).waitFor();
        await p.getByRole('button', { name: '編集', exact: true }).click();
        await p.getByRole('form', { name: '組織の編集' }).waitFor();
      }
      const theirs = `先に保存した備考 ${tag}`;
      const mine = `後から保存した備考 ${tag}`;
      const firstForm = first.getByRole('form', { name: '組織の編集' });
      await firstForm.getByRole('textbox', { name: '備考', exact: true }).fill(theirs);
      await firstForm.getByRole('button', { name: '保存', exact: true }).click();
      await firstForm.waitFor({ state: 'detached' });

      const form = second.getByRole('form', { name: '組織の編集' });
      const notes = form.getByRole('textbox', { name: '備考', exact: true });
      await notes.fill(mine);
      await form.getByRole('textbox', { name: '所在地', exact: true }).fill(`岩国市今津町1丁目 ${tag}`);
      await form.getByRole('button', { name: '保存', exact: true }).click();
      const dialog = second.getByRole('dialog', { name: '更新が競合しました' });
      await dialog.waitFor();
      await dialog.getByRole('cell', { name: theirs }).waitFor();
      await dialog.getByRole('cell', { name: mine }).waitFor();
      await shot(second, 'organization-conflict', false);
      await dialog.getByRole('button', { name: '最新版を読み込む（入力内容を保持）' }).click();
      await dialog.waitFor({ state: 'hidden' });
      assert((await notes.inputValue()) === mine, 'the typed notes are kept');
      await form.getByRole('button', { name: '保存', exact: true }).click();
      await form.waitFor({ state: 'detached' });

      await reload(second);
      await expectDetail(second, '備考', mine);
      await expectDetail(second, '所在地', `岩国市今津町1丁目 ${tag}`);
      await reload(first);
      await expectDetail(first, '備考', mine);
    },
  },
];
