/**
 * Partners (issue 19): a station adds its own local partner, with the duplicate warning; hq merges a
 * duplicate into the partner kept (each checked after a reload).
 */
import type { Page } from 'playwright-core';
import { assert, choose, eventually, login, reload, toast, uniq, type Scenario } from '../harness';

function partnerIdOf(page: Page): string {
  const id = /\/partners\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
  assert(id, `on a partner's page: ${page.url()}`);
  return id;
}

interface PartnerBody {
  id: string;
  name: string;
  version: number;
  stationId: string | null;
  status: string;
  mergedIntoId: string | null;
}

export const partnerJourneys: Scenario[] = [
  {
    name: "officer: adds the station's own partner, is warned of a likely duplicate; the list shows whose (after a reload)",
    async run(w, s) {
      const tag = uniq();
      const hq = await w.api('hq');
      const shared = await hq.must<PartnerBody>('POST', '/partners', {
        name: `和木町 総務課 ${tag}`,
        kind: 'municipality',
      });
      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: '関係機関', exact: true }).click();
      await page.waitForURL('**/partners');
      await page.getByRole('button', { name: '関係機関を登録' }).click();
      const form = page.getByTestId('partner-form');
      await form.getByText('自署の関係機関として登録します', { exact: false }).waitFor();
      await form.getByRole('textbox', { name: '名称', exact: true }).fill(`和木町総務課 ${tag}`);
      await choose(page, form.getByRole('textbox', { name: '種別', exact: true }), '市町村');
      await form.getByRole('textbox', { name: '担当者', exact: true }).fill('総務課 山本');
      await form.getByRole('button', { name: '保存', exact: true }).click();
      await page.waitForURL(/\/partners\/[0-9a-f-]{36}$/);
      const id = partnerIdOf(page);
      await toast(page, '重複の可能性があります');
      await page.getByText(`和木町 総務課 ${tag}`, { exact: false }).first().waitFor();

      await reload(page);
      await page.getByRole('heading', { level: 1, name: `和木町総務課 ${tag}` }).waitFor();
      await page.getByText('岩国警察署', { exact: true }).first().waitFor();
      const officer = await w.api('officer');
      const saved = await officer.must<PartnerBody>('GET', `/partners/${id}`);
      assert(
        saved.stationId === officer.me.stationId,
        `the partner is the station's own: ${saved.stationId}`,
      );
      // another station does not see it
      const yanai = await w.api('yanai');
      const theirs = await yanai.get(`/partners/${id}`);
      assert(theirs.status === 404, `another station's officer gets 404, got ${theirs.status}`);

      await page.getByRole('link', { name: '関係機関', exact: true }).click();
      await page.waitForURL('**/partners');
      await reload(page);
      const table = page.getByRole('table', { name: '関係機関' });
      await table.getByRole('columnheader', { name: '管轄' }).waitFor();
      const ownRow = table.getByRole('row').filter({ hasText: `和木町総務課 ${tag}` });
      const sharedRow = table.getByRole('row').filter({ hasText: `和木町 総務課 ${tag}` });
      await eventually(
        'the list shows whose each partner is',
        async () => [await ownRow.textContent(), await sharedRow.textContent()],
        ([own, sh]) => !!own?.includes('岩国警察署') && !!sh?.includes('県内共通'),
      );
      w.log(`station partner ${id}, shared ${shared.id}`);
    },
  },
  {
    name: 'hq: merges a duplicate partner into the one kept; liaisons move (after a reload)',
    async run(w, s) {
      const tag = uniq();
      const hq = await w.api('hq');
      const officer = await w.api('officer');
      const kept = await hq.must<PartnerBody>('POST', '/partners', {
        name: `岩国市 産業振興部 商工振興課 ${tag}`,
        kind: 'municipality',
      });
      const dup = await officer.must<PartnerBody>('POST', '/partners', {
        name: `岩国市産業振興部商工振興課 ${tag}`,
        kind: 'municipality',
      });
      const subject = `企業訪問時の情報提供の連携 ${tag}`;
      await officer.must('POST', `/partners/${dup.id}/liaisons`, {
        heldOn: '2023-05-16',
        ourAttendees: ['警備課長'],
        theirAttendees: ['商工振興課長'],
        subject,
      });

      const page = await s.page();
      await login(page, 'hq');
      // hq's list marks both as likely duplicates
      await page.getByRole('link', { name: '関係機関', exact: true }).click();
      await page.waitForURL('**/partners');
      const table = page.getByRole('table', { name: '関係機関' });
      for (const p of [kept, dup])
        await table.getByRole('row').filter({ hasText: p.name }).getByText('重複の可能性').waitFor();
      await page.goto(`/partners/${dup.id}`);
      await page.getByRole('heading', { level: 1, name: dup.name }).waitFor();
      await page.getByRole('button', { name: '統合', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: '関係機関の統合' });
      await choose(
        page,
        dialog.getByRole('textbox', { name: '残す関係機関' }),
        new RegExp(`${tag}（県内共通）`),
      );
      await dialog.getByRole('button', { name: '統合する' }).click();
      await page.waitForURL(`**/partners/${kept.id}`);
      await toast(page, `${kept.name} に統合しました（記録 1 件を移しました）。`);

      await reload(page);
      await page.getByRole('heading', { level: 1, name: kept.name }).waitFor();
      await page.getByText(subject, { exact: true }).waitFor();
      await page.goto(`/partners/${dup.id}`);
      await page.getByText('この関係機関は統合され、アーカイブされています。').waitFor();
      await page.getByRole('link', { name: `統合先: ${kept.name}` }).waitFor();
      assert(
        (await page.getByRole('button', { name: '統合', exact: true }).count()) === 0,
        'an archived partner offers no merge',
      );
      const after = await hq.must<PartnerBody>('GET', `/partners/${dup.id}`);
      assert(after.status === 'archived' && after.mergedIntoId === kept.id, `archived into the kept one`);
    },
  },
];
