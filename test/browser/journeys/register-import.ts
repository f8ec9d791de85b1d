/**
 * The register import (国税庁 基本3情報 CSV): a dry run with the progress bar, then a dry run and the
 * import itself, whose new organizations are found in the list after a reload. Both use the
 * fixture test/fixtures/nta/yamaguchi-sample.csv; they share a group so the dry run (d) sees the
 * registry before the import adds the file's records.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { assert, FIXTURE_CSV, login, parseCount, reload, shot, type Scenario } from '../harness';

const COUNTS = [
  'inserted',
  'updated',
  'unchanged',
  'closed',
  'skipped',
  'history',
  'archived',
  'possibleMatchCount',
  'rejected',
] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

async function reportCounts(page: Page): Promise<Counts> {
  const out = {} as Counts;
  for (const key of COUNTS) out[key] = parseCount(await page.getByTestId(`import-${key}`).textContent());
  return out;
}

async function chooseFile(page: Page): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('import-file').click(),
  ]);
  await chooser.setFiles(FIXTURE_CSV);
  await page.getByText('yamaguchi-sample.csv').waitFor();
}

const csvLines = async () => (await readFile(FIXTURE_CSV, 'utf8')).split('\n').filter((l) => l.trim()).length;

export const registerImportJourneys: Scenario[] = [
  {
    name: '(d) a register import (dry run) runs with progress and shows the report',
    group: 'register',
    async run(w, s) {
      const [{ count: orgsBefore }] = await w.sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM organizations`,
      );
      const lines = await csvLines();
      const page = await s.page();
      await login(page, 'officer');
      await page.goto('/organizations');
      await page.getByRole('link', { name: '登記情報の取込' }).click();
      await page.waitForURL('**/organizations/import');
      await page.getByRole('heading', { name: /登記情報の取込/ }).waitFor();

      // record every progress text shown, however briefly
      await page.evaluate(`(() => {
        window.__progress = [];
        const seen = () => {
          const el = document.querySelector('[data-testid="import-progress"]');
          if (el) {
            const text = el.parentElement ? el.parentElement.innerText : '';
            if (window.__progress[window.__progress.length - 1] !== text) window.__progress.push(text);
          }
        };
        new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      })()`);
      // a slow uplink so the upload takes a few seconds and the bar can be seen moving
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 20,
        downloadThroughput: -1,
        uploadThroughput: 48 * 1024,
      });

      await chooseFile(page);
      await page.getByRole('button', { name: '試行（取込前の確認）' }).click();
      const progress = page.getByTestId('import-progress');
      await progress.waitFor();
      await page
        .getByText(/送信中… [1-9]\d?%/)
        .waitFor({ timeout: 5_000 })
        .catch(() => undefined);
      await shot(page, 'import-progress', false);
      const report = page.getByTestId('import-report');
      await report.waitFor({ timeout: 30_000 });
      await page.getByText('試行が完了しました。データは変更されていません。').waitFor();
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await shot(page, 'import-report');

      const seen = await page.evaluate<string[]>('window.__progress');
      assert(seen.length > 0, 'a progress indicator was shown');
      const percents = seen.flatMap((t) => [...t.matchAll(/送信中… (\d+)%/g)].map((m) => Number(m[1])));
      assert(
        percents.some((p) => p > 0 && p < 100) || seen.some((t) => t.includes('サーバーで処理中')),
        `progress moved: ${JSON.stringify(seen)}`,
      );

      const counts = await reportCounts(page);
      w.log(`progress seen: ${seen.map((t) => t.split('\n')[0]).join(' → ')}`);
      w.log(`report: ${JSON.stringify(counts)} (file: ${lines} lines)`);
      assert(counts.inserted > 0, 'some rows of the station’s area would be inserted');
      assert(counts.skipped > 0, 'rows outside the station’s area are skipped');
      // the sample has no history rows (latest flag 0): they would be counted as history, not skipped
      assert(counts.history === 0, 'no history rows in the sample');
      const sum = Object.values(counts).reduce((a, b) => a + b, 0);
      assert(sum === lines, `every line is accounted for: ${sum} of ${lines}`);
      const [{ count: orgsAfter }] = await w.sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM organizations`,
      );
      assert(orgsAfter === orgsBefore, `a dry run changes nothing (${orgsBefore} → ${orgsAfter})`);
    },
  },
  {
    name: 'officer: register import, dry run then import; the new organizations are listed after a reload',
    group: 'register',
    async run(w, s) {
      const lines = await csvLines();
      const page = await s.page();
      await login(page, 'officer');
      await page.goto('/organizations/import');
      await page.getByRole('heading', { name: /登記情報の取込/ }).waitFor();
      await chooseFile(page);
      await page.getByRole('button', { name: '試行（取込前の確認）' }).click();
      await page.getByText('試行が完了しました。データは変更されていません。').waitFor({ timeout: 30_000 });
      await page.getByText('試行結果（未反映）').waitFor();
      const dry = await reportCounts(page);
      w.log(`dry run: ${JSON.stringify(dry)}`);

      // 取り込む asks first: which file and how many rows.
      await page.getByRole('button', { name: '取り込む', exact: true }).click();
      const confirmFile = (await page.getByTestId('import-confirm-file').textContent())?.trim();
      assert(confirmFile === 'yamaguchi-sample.csv', `the confirmation names the file (${confirmFile})`);
      await page.getByTestId('import-confirm-rows').getByText(/^\d/).waitFor();
      const confirmRows = parseCount(await page.getByTestId('import-confirm-rows').textContent());
      assert(confirmRows === lines, `the confirmation counts the rows: ${confirmRows} of ${lines}`);
      await shot(page, 'import-confirm');
      await page.getByTestId('import-confirm-run').click();
      await page.getByText('取込が完了しました。').waitFor({ timeout: 30_000 });
      await page.getByText('取込結果', { exact: true }).waitFor();
      const done = await reportCounts(page);
      w.log(`import: ${JSON.stringify(done)}`);
      assert(JSON.stringify(done) === JSON.stringify(dry), 'the import did what the dry run said');
      const sum = Object.values(done).reduce((a, b) => a + b, 0);
      assert(sum === lines, `every line is accounted for: ${sum} of ${lines}`);

      // 株式会社小水製作所 (和木町, line 3 of the fixture) is now an organization of the station
      const [row] = await w.sql<{ id: string; tier: string | null }>(
        `SELECT o.id, o.tier FROM organizations o JOIN stations s ON s.id = o.station_id
          WHERE s.code = 'iwakuni' AND o.corporate_number = '3500000023757'`,
      );
      assert(row, 'the register record of the station’s area is an organization now');
      // API.md (second round): imports add new organizations as candidates (tier null)
      assert(row.tier === null, `imported as a candidate (tier ${row.tier})`);
      // What changed, with names and links: the new record links to its page.
      const changes = page.getByTestId('import-changes-new');
      await changes.waitFor();
      await shot(page, 'import-changes');
      const first = changes.getByRole('link').first();
      const firstName = (await first.textContent())?.trim() ?? '';
      await first.click();
      await page.getByRole('heading', { level: 1, name: firstName }).waitFor();
      // …and the list finds it by its reading in hiragana after a reload.
      await page.goto('/organizations?q=こみずせいさくしょ');
      await reload(page);
      await page.getByTestId('org-table').getByRole('link', { name: '株式会社小水製作所' }).click();
      await page.getByRole('heading', { level: 1, name: '株式会社小水製作所' }).waitFor();
      await page.getByText('3500000023757').waitFor();
      // a record outside the area (周南市, line 1) was skipped
      const [outside] = await w.sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM organizations WHERE corporate_number = '1500000007919'`,
      );
      assert(outside.count === 0, 'a record outside the area is not imported');
    },
  },
];
