/** Consultations (相談・事案): the officer receives one and edits it (after a reload each). */
import type { Page } from 'playwright-core';
import { newOrganization } from '../data';
import {
  answered,
  assert,
  choose,
  expectDetail,
  fillDay,
  jstDay,
  login,
  recordRequests,
  reload,
  toast,
  uniq,
  type Scenario,
} from '../harness';

function consultationIdOf(page: Page): string {
  const id = /\/consultations\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
  assert(id, `on a consultation's page: ${page.url()}`);
  return id;
}

export const consultationJourneys: Scenario[] = [
  {
    name: 'officer: receives a consultation and edits it (after a reload each)',
    async run(w, s) {
      const org = await newOrganization(w);
      const tag = uniq();
      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: '相談・事案', exact: true }).click();
      await page.getByRole('link', { name: '相談を受理' }).click();
      await page.waitForURL('**/consultations/new');
      const picker = page.getByRole('textbox', { name: '相談元', exact: true });
      await picker.click();
      await picker.fill(org.name.split(' ').pop() ?? org.name);
      await page.getByRole('option', { name: org.name, exact: true }).click();
      await fillDay(page.getByRole('textbox', { name: '受理日' }), jstDay(-1));
      await page.getByRole('textbox', { name: '時刻（日本時間）' }).fill('09:15');
      await choose(page, page.getByRole('textbox', { name: '分類', exact: true }), '不正アクセス');
      const summary = `社員のメールアカウントに海外から不審なログイン ${tag}`;
      await page.getByRole('textbox', { name: '概要', exact: true }).fill(summary);
      await page
        .getByRole('textbox', { name: '対応', exact: true })
        .fill('パスワード変更と多要素認証の導入を助言。');
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await page.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
      const id = consultationIdOf(page);
      await toast(page, '保存しました。');

      await reload(page);
      await page.getByRole('heading', { level: 1, name: '不正アクセス' }).waitFor();
      await expectDetail(page, '相談元', org.name);
      await expectDetail(page, '状態', '対応中');
      await expectDetail(page, '概要', summary);
      await expectDetail(page, '対応', 'パスワード変更と多要素認証の導入を助言。');
      await expectDetail(page, '本部へ報告', 'いいえ');
      await page.getByText('09:15').first().waitFor();

      // edit: escalated to HQ, closed, handling added
      await page.getByRole('button', { name: '編集', exact: true }).click();
      const patches = recordRequests(page, (m, p) => m === 'PATCH' && p === `/api/v1/consultations/${id}`);
      const handling = `パスワード変更と多要素認証の導入を助言。本部サイバー攻撃対策隊へ報告済み ${tag}`;
      await page.getByRole('textbox', { name: '対応', exact: true }).fill(handling);
      await page.getByRole('checkbox', { name: '本部へ報告' }).check();
      await choose(page, page.getByRole('textbox', { name: '状態', exact: true }), '終結');
      await page.getByRole('button', { name: '保存', exact: true }).click();
      const patch = await answered(patches);
      assert(
        patch.status === 200,
        `the PATCH answered ${patch.status}: ${patch.answer} (sent ${patch.body})`,
      );
      assert(
        !('organizationId' in JSON.parse(patch.body ?? '{}')),
        `no organizationId on PATCH: ${patch.body}`,
      );
      await toast(page, '保存しました。');
      await page.getByRole('button', { name: '編集', exact: true }).waitFor();

      await reload(page);
      await expectDetail(page, '対応', handling);
      await expectDetail(page, '本部へ報告', 'はい');
      await expectDetail(page, '状態', '終結');
      await expectDetail(page, '概要', summary);
      const api = await w.api('officer');
      const saved = await api.get<{ status: string; escalated: boolean; category: string }>(
        `/consultations/${id}`,
      );
      assert(saved.body.status === 'closed' && saved.body.escalated, `saved: ${JSON.stringify(saved.body)}`);
      assert(saved.body.category === 'unauthorized_access', `category ${saved.body.category}`);
    },
  },
];
