/**
 * Administration: users (create, reset password, disable), stations (create, edit), code lists
 * (add, edit), and the users screen at phone width. Every change is checked after a reload.
 */
import type { Locator, Page } from 'playwright-core';
import {
  addTags,
  assert,
  choose,
  eventually,
  horizontalOverflow,
  login,
  navigate,
  PHONE,
  reload,
  shot,
  toast,
  uniq,
  type World,
  type Scenario,
} from '../harness';

/** The table row holding `text` (a username, a station code …). */
function row(page: Page, text: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name: text, exact: true }) });
}

/** A password the password rules accept (long, not a common one). */
const strongPassword = () => `Kz7-${uniq()}-outreach-Browser!`;

async function apiLogin(w: World, username: string, password: string): Promise<number> {
  const res = await fetch(`${w.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

/** Fills and saves the new-user dialog; answers the username. */
async function createUser(page: Page, displayName: string, password: string): Promise<string> {
  const username = `bt_${uniq()}`;
  await page.getByRole('button', { name: 'ユーザーを作成' }).click();
  const dialog = page.getByRole('dialog', { name: 'ユーザーを作成' });
  await dialog.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill(username);
  await dialog.getByRole('textbox', { name: '表示名', exact: true }).fill(displayName);
  await choose(page, dialog.getByRole('textbox', { name: '役割', exact: true }), '担当者');
  await choose(page, dialog.getByRole('textbox', { name: '所属警察署', exact: true }), '岩国警察署');
  await dialog.getByLabel('初期パスワード').fill(password);
  await dialog.getByRole('button', { name: '保存', exact: true }).click();
  await toast(page, '保存しました。');
  await dialog.waitFor({ state: 'hidden' });
  return username;
}

export const adminJourneys: Scenario[] = [
  {
    name: 'admin: creates a user, resets the password, disables the user (after a reload each)',
    async run(w, s) {
      const tag = uniq();
      const page = await s.page();
      await login(page, 'admin');
      // every role lands on its home screen; the users screen is one link away
      await page.waitForURL('**/home');
      await page.goto('/admin/users');
      const first = strongPassword();
      const username = await createUser(page, `岩国署 警備課 検証 ${tag}`, first);

      await reload(page);
      const user = row(page, username);
      await user.getByRole('cell', { name: `岩国署 警備課 検証 ${tag}` }).waitFor();
      await user.getByRole('cell', { name: '担当者', exact: true }).waitFor();
      await user.getByRole('cell', { name: '岩国警察署', exact: true }).waitFor();
      await user.getByText('有効', { exact: true }).waitFor();
      assert(
        (await apiLogin(w, username, first)) === 200,
        'the new user can sign in with the initial password',
      );

      // reset the password
      await user.getByRole('button', { name: 'パスワード再設定' }).click();
      let dialog = page.getByRole('dialog', { name: 'パスワード再設定' });
      const second = strongPassword();
      await dialog.getByLabel('新しいパスワード').fill(second);
      await dialog.getByRole('button', { name: 'パスワード再設定' }).click();
      await toast(page, 'パスワードを再設定しました。');
      await dialog.waitFor({ state: 'hidden' });
      assert((await apiLogin(w, username, second)) === 200, 'the reset password signs in');
      assert((await apiLogin(w, username, first)) === 401, 'the old password no longer does');

      // disable
      await reload(page);
      await user.getByRole('button', { name: '無効にする' }).click();
      dialog = page.getByRole('dialog', { name: '確認' });
      await dialog.getByText(`岩国署 警備課 検証 ${tag} を無効にしますか？`).waitFor();
      await dialog.getByRole('button', { name: '無効にする' }).click();
      await toast(page, '保存しました。');
      await reload(page);
      await user.getByText('無効', { exact: true }).waitFor();
      await user.getByRole('button', { name: '有効にする' }).waitFor();
      assert((await apiLogin(w, username, second)) === 401, 'a disabled user cannot sign in');
    },
  },
  {
    name: 'admin: creates a station and edits it (after a reload each)',
    async run(w, s) {
      const code = `bt${uniq()}`.slice(0, 20).toLowerCase();
      const name = `検証警察署 ${code}`;
      const page = await s.page();
      await login(page, 'admin');
      await navigate(page, '警察署');
      await page.waitForURL('**/admin/stations');
      await page.getByRole('button', { name: '警察署を登録' }).click();
      let dialog = page.getByRole('dialog', { name: '警察署を登録' });
      await dialog.getByRole('textbox', { name: '署コード', exact: true }).fill(code);
      await dialog.getByRole('textbox', { name: '名称', exact: true }).fill(name);
      await addTags(dialog.getByRole('textbox', { name: '管轄市区町村コード', exact: true }), ['35204']);
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await toast(page, '保存しました。');
      await dialog.waitFor({ state: 'hidden' });

      await reload(page);
      const station = row(page, code);
      await station.getByRole('cell', { name, exact: true }).waitFor();
      await station.getByRole('cell', { name: '35', exact: true }).waitFor();
      await station.getByText('萩市（35204）').waitFor();

      await station.getByRole('button', { name: '編集', exact: true }).click();
      dialog = page.getByRole('dialog', { name: '警察署の編集' });
      await dialog.getByRole('textbox', { name: '名称', exact: true }).fill(`${name} 改`);
      await addTags(dialog.getByRole('textbox', { name: '管轄市区町村コード', exact: true }), ['35203']);
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await toast(page, '保存しました。');
      await dialog.waitFor({ state: 'hidden' });

      await reload(page);
      await station.getByRole('cell', { name: `${name} 改`, exact: true }).waitFor();
      await station.getByText(/萩市（35204）.*山口市（35203）|山口市（35203）.*萩市（35204）/).waitFor();
      const admin = await w.api('admin');
      const stations = await admin.get<{ code: string; municipalityCodes: string[] }[] | { items: [] }>(
        '/stations',
      );
      const list = Array.isArray(stations.body)
        ? stations.body
        : (stations.body.items as { code: string; municipalityCodes: string[] }[]);
      const saved = list.find((x) => x.code === code);
      assert(saved && saved.municipalityCodes.length === 2, `saved codes: ${JSON.stringify(saved)}`);
    },
  },
  {
    name: 'admin: adds a code to a code list and edits its labels (after a reload each)',
    async run(_w, s) {
      const code = `bt_${uniq()}`.toLowerCase();
      const page = await s.page();
      await login(page, 'admin');
      await navigate(page, 'コードリスト');
      await page.waitForURL('**/admin/code-lists');
      await page.getByRole('tab', { name: '業種' }).click();
      await page.getByRole('button', { name: 'コードを追加' }).click();
      let dialog = page.getByRole('dialog', { name: '業種: コードを追加' });
      await dialog.getByRole('textbox', { name: 'コード', exact: true }).fill(code);
      await dialog
        .getByRole('textbox', { name: '表示名（日本語）', exact: true })
        .fill(`宇宙関連産業 ${code}`);
      await dialog
        .getByRole('textbox', { name: '表示名（英語）', exact: true })
        .fill(`Space industry ${code}`);
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await toast(page, '保存しました。');
      await dialog.waitFor({ state: 'hidden' });

      await reload(page);
      await page.getByRole('tab', { name: '業種' }).click();
      const item = row(page, code);
      await item.getByRole('cell', { name: `宇宙関連産業 ${code}` }).waitFor();
      await item.getByRole('cell', { name: `Space industry ${code}` }).waitFor();

      await item.getByRole('button', { name: '編集', exact: true }).click();
      dialog = page.getByRole('dialog', { name: '業種: 編集' });
      const ja = dialog.getByRole('textbox', { name: '表示名（日本語）', exact: true });
      await eventually(
        'the edit form holds the label',
        () => ja.inputValue(),
        (v) => v === `宇宙関連産業 ${code}`,
      );
      await ja.fill(`宇宙・航空関連産業 ${code}`);
      await dialog.getByRole('button', { name: '保存', exact: true }).click();
      await toast(page, '保存しました。');
      await dialog.waitFor({ state: 'hidden' });

      await reload(page);
      await page.getByRole('tab', { name: '業種' }).click();
      await item.getByRole('cell', { name: `宇宙・航空関連産業 ${code}` }).waitFor();
      // the new sector is offered where organizations are recorded
      const officer = await s.page();
      await login(officer, 'officer');
      await officer.goto('/organizations/new');
      await officer.getByRole('textbox', { name: '業種', exact: true }).click();
      await officer.getByRole('option', { name: `宇宙・航空関連産業 ${code}` }).waitFor();
    },
  },
  {
    name: 'admin at phone width (390×844) creates a user on the users screen',
    async run(_w, s) {
      const tag = uniq();
      const page = await s.page(PHONE);
      await login(page, 'admin');
      // every role lands on its home screen; the users screen is one link away
      await page.waitForURL('**/home');
      await page.goto('/admin/users');
      const username = await createUser(page, `スマホ作成 ${tag}`, strongPassword());
      await reload(page);
      await row(page, username)
        .getByRole('cell', { name: `スマホ作成 ${tag}` })
        .waitFor();
      const overflow = await horizontalOverflow(page);
      assert(!overflow, `the users screen has no horizontal scroll on a phone: ${overflow}`);
      await shot(page, 'users-phone', false);
      await navigate(page, '警察署');
      await page.waitForURL('**/admin/stations');
    },
  },
];
