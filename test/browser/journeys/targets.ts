/**
 * Targets and candidates (issue 14): an officer filters the register's candidates, selects them,
 * sets a tier and each suggested sector in one action (a record changed meanwhile is reported by
 * name and left alone), reloads: they are targets, and the coverage screen counts them.
 */
import { organizationText } from '../../../apps/api/src/organizations/organization-text';
import {
  assert,
  choose,
  eventually,
  horizontalOverflow,
  login,
  parseCount,
  PHONE,
  reload,
  settle,
  shot,
  uniq,
  type Scenario,
} from '../harness';

interface CoverageTotals {
  organizations: number;
  candidates: number;
  never: number;
}

export const targetJourneys: Scenario[] = [
  {
    name: 'officer: filters candidates, selects them, sets tier and suggested sectors; after a reload they are targets and coverage counts them',
    async run(w, s) {
      const u = uniq();
      const [station] = await w.sql<{ id: string }>(`SELECT id FROM stations WHERE code = 'iwakuni'`);
      assert(station, 'the demo has 岩国警察署');
      const names = [`国立大学法人${u}大学`, `${u}医療センター`, `${u}商事株式会社`];
      const ids: string[] = [];
      for (const [i, name] of names.entries()) {
        const text = organizationText({ name });
        const [row] = await w.sql<{ id: string }>(
          `INSERT INTO organizations (station_id, name, legal_form, tier, municipality_code, municipality_name, source,
             register_updated_on, search_text, normalized_name, sort_key)
           VALUES ($1, $2, $3, NULL, '35208', '岩国市', 'register', '2024-05-01', $4, $5, $6) RETURNING id`,
          [
            station.id,
            name,
            i === 0 ? 'national_university' : 'other',
            text.searchText,
            text.normalizedName,
            text.sortKey,
          ],
        );
        ids.push(row.id);
      }
      const api = await w.api('manager');
      const before = (await api.must<{ totals: CoverageTotals }>('GET', '/coverage')).totals;

      const page = await s.page();
      await login(page, 'officer');
      await page.goto('/organizations');
      await page.getByTestId('org-kind').getByText('候補', { exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('target') === 'false');
      const words = page.getByTestId('org-name-words');
      await words.fill(u);
      await words.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('nameWords') === u);
      const table = page.getByTestId('org-table');
      for (const name of names) await table.getByRole('link', { name }).waitFor();
      assert((await table.getByTestId('org-row').count()) === 3, 'the three candidates, nothing else');
      assert((await table.getByTestId('candidate-badge').count()) === 3, 'each shows 候補');
      const suggestions = await table.getByTestId('suggested-sector').allTextContents();
      assert(
        suggestions.includes('提案: 大学・研究機関') && suggestions.includes('提案: 医療機関'),
        `suggested sectors are shown: ${suggestions.join(', ')}`,
      );
      await settle(page);
      await shot(page, 'organizations-candidates');

      await page.getByTestId('select-page').check();
      await page.getByTestId('bulk-bar').getByText('3件を選択中').waitFor();
      // someone else changes the third one after the list was read: its version is stale now
      await w.sql(
        `UPDATE organizations SET notes = 'changed elsewhere', version = version + 1 WHERE id = $1`,
        [ids[2]],
      );
      await page.getByTestId('bulk-open').click();
      const modal = page.getByRole('dialog');
      await modal.getByText('区分・業種・技術を一括設定（3件）').waitFor();
      await choose(page, modal.getByTestId('bulk-tier'), 'B');
      await modal.getByRole('radio', { name: '提案どおり（事業者ごとの提案業種）' }).check();
      const preview = modal.getByTestId('bulk-preview');
      await preview
        .getByRole('row', { name: new RegExp(`${names[0]}.*大学・研究機関.*大学・研究機関`) })
        .waitFor();
      await settle(page);
      await shot(page, 'organizations-bulk-triage');
      await modal.getByTestId('bulk-apply').click();
      await modal.getByTestId('bulk-updated').getByText('2件を更新しました。').waitFor();
      const failed = await modal.getByTestId('bulk-failed').textContent();
      assert(failed?.includes(names[2]), `the stale one is named among the failures: ${failed}`);
      await shot(page, 'organizations-bulk-result');
      await modal.getByRole('button', { name: '閉じる' }).click();

      // after a reload: only the failed one is still a candidate
      await reload(page);
      await table.getByRole('link', { name: names[2] }).waitFor();
      await eventually(
        'one candidate left',
        () => table.getByTestId('org-row').count(),
        (n) => n === 1,
      );
      await page.getByTestId('org-kind').getByText('対象', { exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('target') === 'true');
      const university = table.getByRole('row', { name: new RegExp(names[0]) });
      await university.getByText('大学・研究機関').waitFor();
      await university.getByRole('cell', { name: 'B', exact: true }).waitFor();
      const hospital = table.getByRole('row', { name: new RegExp(names[1]) });
      await hospital.getByText('医療機関').waitFor();
      const stored = await w.sql<{ tier: string | null; sector: string | null }>(
        `SELECT tier, sector FROM organizations WHERE id = ANY($1::uuid[]) ORDER BY name`,
        [ids],
      );
      assert(
        JSON.stringify(stored.map((r) => [r.tier, r.sector]).sort()) ===
          JSON.stringify(
            [
              ['B', 'medical'],
              ['B', 'university'],
              [null, null],
            ].sort(),
          ),
        `stored: ${JSON.stringify(stored)}`,
      );

      // coverage counts the two new targets, and two fewer candidates
      const after = (await api.must<{ totals: CoverageTotals }>('GET', '/coverage')).totals;
      assert(
        after.organizations === before.organizations + 2,
        `targets ${before.organizations} → ${after.organizations}`,
      );
      assert(
        after.candidates === before.candidates - 2,
        `candidates ${before.candidates} → ${after.candidates}`,
      );
      // the coverage screen is the manager's
      const managerPage = await s.page();
      await login(managerPage, 'manager');
      await managerPage.goto('/coverage');
      await eventually(
        'the coverage screen shows the API figures (targets, candidates)',
        async () => [
          parseCount(await managerPage.getByTestId('cov-orgs').textContent()),
          parseCount(await managerPage.getByTestId('cov-candidates').textContent()),
        ],
        ([targets, candidates]) => targets === after.organizations && candidates === after.candidates,
      );
      await settle(managerPage);
      await shot(managerPage, 'coverage-with-candidates');
    },
  },
  {
    name: 'officer: saves the candidate filter as a view, applies it after a reload; a colleague does not see it',
    async run(w, s) {
      const u = uniq();
      const viewName = `岩国市の候補 ${u}`;
      const page = await s.page();
      await login(page, 'officer');
      await page.goto('/organizations?target=false&municipality=35208&legalForm=kabushiki');
      await page.getByTestId('org-table').waitFor();
      await page.getByTestId('views-menu').click();
      await page.getByTestId('views-save').click();
      await page.getByTestId('view-name').fill(viewName);
      await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await page.goto('/organizations');
      await reload(page);
      await page.getByTestId('views-menu').click();
      await page.getByRole('menuitem', { name: viewName }).click();
      await page.waitForURL(
        (url) =>
          url.searchParams.get('target') === 'false' &&
          url.searchParams.get('municipality') === '35208' &&
          url.searchParams.get('legalForm') === 'kabushiki',
      );
      await page.getByTestId('org-kind').getByText('候補', { exact: true }).waitFor();

      const colleague = await s.page();
      await login(colleague, 'officer2');
      await colleague.goto('/organizations');
      await colleague.getByTestId('views-menu').click();
      await colleague.getByText('保存した表示はありません').waitFor();
      assert(
        (await colleague.getByRole('menuitem', { name: viewName }).count()) === 0,
        "a colleague's menu lacks the view",
      );
    },
  },
  {
    name: 'officer at phone width: candidates, selection bar and the bulk dialog fit the screen',
    async run(w, s) {
      const u = uniq();
      const [station] = await w.sql<{ id: string }>(`SELECT id FROM stations WHERE code = 'iwakuni'`);
      const name = `${u}鉄道株式会社`;
      const text = organizationText({ name });
      await w.sql(
        `INSERT INTO organizations (station_id, name, legal_form, tier, source, search_text, normalized_name, sort_key)
         VALUES ($1, $2, 'kabushiki', NULL, 'register', $3, $4, $5)`,
        [station.id, name, text.searchText, text.normalizedName, text.sortKey],
      );
      const page = await s.page(PHONE);
      await login(page, 'officer');
      await page.goto(`/organizations?target=false&nameWords=${encodeURIComponent(u)}`);
      await page.getByTestId('org-table').getByRole('link', { name }).waitFor();
      // the rows are cards here, without the header row: the page's checkbox sits above them
      await page.getByTestId('select-page-phone').check();
      const bar = page.getByTestId('bulk-bar');
      await bar.getByText('1件を選択中').waitFor();
      const box = await bar.boundingBox();
      assert(
        box && box.x >= 0 && box.x + box.width <= PHONE.width,
        `the bar fits the screen: ${JSON.stringify(box)}`,
      );
      const overflow = await horizontalOverflow(page);
      assert(overflow === null, `no sideways scrolling of the page: ${overflow}`);
      await settle(page);
      await shot(page, 'organizations-candidates-phone');
      await page.getByTestId('bulk-open').click();
      const modal = page.getByRole('dialog');
      await modal.getByTestId('bulk-preview').getByText('重要インフラ（鉄道）').waitFor();
      await choose(page, modal.getByTestId('bulk-tier'), 'C');
      await modal.getByRole('radio', { name: '提案どおり（事業者ごとの提案業種）' }).check();
      await modal.getByTestId('bulk-apply').scrollIntoViewIfNeeded();
      await shot(page, 'organizations-bulk-phone');
      await modal.getByTestId('bulk-apply').click();
      await modal.getByTestId('bulk-updated').getByText('1件を更新しました。').waitFor();
      const [row] = await w.sql<{ tier: string; sector: string }>(
        `SELECT tier, sector FROM organizations WHERE name = $1`,
        [name],
      );
      assert(row.tier === 'C' && row.sector === 'infra_rail', `stored: ${JSON.stringify(row)}`);
    },
  },
];
