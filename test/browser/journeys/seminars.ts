/** Seminars: the officer records a seminar with participants and edits it (after a reload each). */
import type { Page } from 'playwright-core';
import { newOrganization } from '../data';
import {
  assert,
  choose,
  eventually,
  expectDetail,
  fillDay,
  jstDay,
  login,
  parseCount,
  reload,
  toast,
  uniq,
  type Scenario,
} from '../harness';

function seminarIdOf(page: Page): string {
  const id = /\/seminars\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
  assert(id, `on a seminar's page: ${page.url()}`);
  return id;
}

/** The participants table of the seminar's page: name → head count. */
async function participantsShown(page: Page): Promise<Record<string, number>> {
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: '参加組織' }) });
  const out: Record<string, number> = {};
  for (const row of await table.getByRole('row').all()) {
    const cells = await row.getByRole('cell').allTextContents();
    if (cells.length === 2) out[cells[0]] = parseCount(cells[1]);
  }
  return out;
}

export const seminarJourneys: Scenario[] = [
  {
    name: 'officer: records a seminar with participants and edits it (after a reload each)',
    async run(w, s) {
      const org = await newOrganization(w);
      const tag = uniq();
      const title = `サイバーセキュリティセミナー ${tag}`;
      const guests = `岩国商工会議所 会員企業 ${tag}`;
      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: 'セミナー', exact: true }).click();
      await page.getByRole('link', { name: 'セミナーを記録' }).click();
      await page.waitForURL('**/seminars/new');
      const form = page.getByTestId('seminar-form');
      await form.getByRole('textbox', { name: '名称', exact: true }).fill(title);
      await choose(page, form.getByRole('textbox', { name: '種別', exact: true }), '講演・情報提供');
      await fillDay(form.getByRole('textbox', { name: '開催日' }), jstDay(-7));
      await form.getByRole('textbox', { name: '会場', exact: true }).fill('岩国市民会館 小ホール');
      await form.getByRole('button', { name: '+ 講師を追加' }).click();
      await form
        .getByRole('textbox', { name: '講師名', exact: true })
        .fill('県警本部 サイバー攻撃対策隊 鈴木');
      await form.getByRole('textbox', { name: '所属', exact: true }).fill('山口県警察本部');
      await form.getByRole('checkbox', { name: 'サイバー攻撃の情勢', exact: true }).check();
      await form.getByRole('checkbox', { name: '情報管理', exact: true }).check();

      // participants: a registered organization and a free name, with head counts
      const picker = form.getByRole('textbox', { name: '参加組織 1', exact: true });
      await picker.click();
      await picker.fill(org.name.split(' ').pop() ?? org.name);
      await page.getByRole('option', { name: org.name, exact: true }).click();
      await form.getByRole('textbox', { name: '人数 1', exact: true }).fill('12');
      await form.getByRole('textbox', { name: '名称（組織未登録の場合） 2', exact: true }).fill(guests);
      await form.getByRole('textbox', { name: '人数 2', exact: true }).fill('30');
      await eventually(
        'the editor adds up the attendees',
        async () => parseCount(await form.getByTestId('participants-total').textContent()),
        (n) => n === 42,
      );
      await form.getByRole('button', { name: '保存', exact: true }).click();
      await page.waitForURL(/\/seminars\/[0-9a-f-]{36}$/);
      const id = seminarIdOf(page);
      await toast(page, '保存しました。');

      await reload(page);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByText('講演・情報提供').first().waitFor();
      await expectDetail(page, '会場', '岩国市民会館 小ホール');
      await expectDetail(page, '講師', '県警本部 サイバー攻撃対策隊 鈴木（山口県警察本部）');
      await expectDetail(page, '話題', 'サイバー攻撃の情勢');
      let shown = await participantsShown(page);
      assert(shown[org.name] === 12 && shown[guests] === 30, `participants: ${JSON.stringify(shown)}`);
      await page.getByRole('row', { name: /参加者合計\s*42/ }).waitFor();

      // edit: another venue, fewer guests, one more participant
      await page.getByRole('button', { name: '編集', exact: true }).click();
      const edit = page.getByTestId('seminar-form');
      await edit.getByRole('textbox', { name: '会場', exact: true }).fill('岩国商工会議所 大会議室');
      await edit.getByRole('textbox', { name: '人数 2', exact: true }).fill('25');
      await edit.getByRole('button', { name: '+ 行を追加' }).click();
      await edit
        .getByRole('textbox', { name: '名称（組織未登録の場合） 3', exact: true })
        .fill(`岩国市 商工振興課 ${tag}`);
      await edit.getByRole('textbox', { name: '人数 3', exact: true }).fill('3');
      await edit.getByRole('button', { name: '保存', exact: true }).click();
      await toast(page, '保存しました。');
      await edit.waitFor({ state: 'detached' });

      await reload(page);
      await expectDetail(page, '会場', '岩国商工会議所 大会議室');
      shown = await participantsShown(page);
      assert(
        shown[org.name] === 12 && shown[guests] === 25 && shown[`岩国市 商工振興課 ${tag}`] === 3,
        `participants after the edit: ${JSON.stringify(shown)}`,
      );
      await page.getByRole('row', { name: /参加者合計\s*40/ }).waitFor();
      const api = await w.api('officer');
      const saved = await api.get<{ totalAttendees: number; participants: unknown[] }>(`/seminars/${id}`);
      assert(saved.body.totalAttendees === 40, `total 40, got ${saved.body.totalAttendees}`);
      assert(
        saved.body.participants.length === 3,
        `three participants, got ${saved.body.participants.length}`,
      );
    },
  },
];
