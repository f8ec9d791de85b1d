/**
 * Browser end-to-end tests (issue 7): the built web UI served by the real app over a throwaway
 * embedded PostgreSQL with the demo data, driven by playwright-core with Debian's Chromium.
 *
 *   npm run test:browser
 *
 * Builds apps/web when its sources are newer than apps/web/dist, runs the scenarios in sequence
 * (a fresh browser context each), saves screenshots into test-artifacts/screenshots/ and copies
 * the dashboard and the visit form into docs/screenshots/ for the README when
 * UPDATE_SCREENSHOTS=1 (so ordinary runs leave the tree clean). Ends with the line
 * `N passed, M failed` and a non-zero exit code on any failure.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startBenchApp, startBenchDatabase } from '../../bench/lib/bench-app';
import { seedDemoIfEmpty } from '../../apps/api/src/demo/demo-seed';
import { hashPassword } from '../../libs/auth/password';

const ROOT = path.resolve(__dirname, '..', '..');
const WEB = path.join(ROOT, 'apps', 'web');
const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
const DOCS_SHOTS = path.join(ROOT, 'docs', 'screenshots');
const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === '1';
const FIXTURE_CSV = path.join(ROOT, 'test', 'fixtures', 'nta', 'yamaguchi-sample.csv');
const PASSWORD = 'browser-test-pass';
const SCENARIO_TIMEOUT_MS = 60_000;
const ACTION_TIMEOUT_MS = 15_000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/* ---------------------------------------------------------------- helpers */

class AssertionError extends Error {}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `read` answers something `ok` accepts; throws with the last value otherwise. */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > until) throw new AssertionError(`${what}: got ${JSON.stringify(last)}`);
    await sleep(200);
    last = await read();
  }
  return last;
}

/** `1,234` (ja-JP) → 1234. */
function parseCount(text: string | null): number {
  const n = Number((text ?? '').replace(/[^\d.-]/g, ''));
  assert(text !== null && text.trim() !== '' && Number.isFinite(n), `not a number: ${JSON.stringify(text)}`);
  return n;
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const t = entry.isDirectory() ? await newestMtime(p) : (await stat(p)).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

async function buildWebIfStale(): Promise<void> {
  const built = await stat(path.join(WEB, 'dist', 'index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const inputs = [
    await newestMtime(path.join(WEB, 'src')),
    ...(await Promise.all(
      ['index.html', 'vite.config.ts'].map((f) =>
        stat(path.join(WEB, f)).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      ),
    )),
  ];
  if (built > Math.max(...inputs)) {
    console.log('web UI: apps/web/dist is up to date');
    return;
  }
  console.log('web UI: building apps/web …');
  const started = Date.now();
  const res = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (res.status !== 0) throw new Error(`vite build failed (exit ${res.status ?? res.signal})`);
  console.log(`web UI: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * A fontconfig file adding the Noto Sans JP fonts the PDF writer already ships with
 * (@embedpdf/fonts-jp), so screenshots show Japanese text and not empty boxes on machines
 * without a system CJK font.
 */
async function japaneseFontConfig(): Promise<{ file: string; dir: string }> {
  const fonts = path.join(path.dirname(require.resolve('@embedpdf/fonts-jp')), '..', 'fonts');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outreach-browser-fonts-'));
  const file = path.join(dir, 'fonts.conf');
  await writeFile(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${fonts}</dir>
  <cachedir>${path.join(dir, 'cache')}</cachedir>
  <alias binding="same"><family>sans-serif</family><prefer><family>Noto Sans JP</family></prefer></alias>
</fontconfig>
`,
  );
  return { file, dir };
}

/* ------------------------------------------------------------- the world */

interface World {
  baseUrl: string;
  browser: Browser;
  sql: <T = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<T[]>;
  /** the organization the officer visits in (a) and the manager sees reached in (b) */
  target?: { id: string; name: string };
  visitId?: string;
}

/** One scenario's browser contexts, closed when it ends (or times out). */
class Session {
  private readonly contexts: BrowserContext[] = [];
  readonly pageErrors: string[] = [];

  constructor(private readonly world: World) {}

  async page(opts: { width?: number; height?: number; mobile?: boolean } = {}): Promise<Page> {
    const context = await this.world.browser.newContext({
      baseURL: this.world.baseUrl,
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
      isMobile: opts.mobile ?? false,
      hasTouch: opts.mobile ?? false,
      deviceScaleFactor: 1,
      acceptDownloads: true,
    });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => this.pageErrors.push(err.message));
    return page;
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((c) => c.close().catch(() => undefined)));
  }
}

async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await page.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill(username);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('header-user').waitFor();
}

async function shot(page: Page, name: string, fullPage = true): Promise<string> {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  return file;
}

/** Waits until the page has had no requests in flight for a moment (queries settled, charts drawn). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
}

/** The API as a user, for before/after figures the UI is compared with. */
async function apiAs(baseUrl: string, username: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert(res.ok, `API login as ${username}: HTTP ${res.status}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return async <T>(p: string): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${baseUrl}/api/v1${p}`, { headers: { Authorization: `Bearer ${accessToken}` } });
    return { status: r.status, body: (await r.json().catch(() => null)) as T };
  };
}

interface CoverageTotals {
  organizations: number;
  reached: number;
  overdue: number;
  never: number;
}

/* ------------------------------------------------------------- scenarios */

type Scenario = { name: string; run: (w: World, s: Session) => Promise<void> };

const scenarios: Scenario[] = [
  {
    name: '(a) officer logs a visit through the visit form and submits it',
    async run(w, s) {
      // the target: an organization of the officer's station never reached so far
      const officerApi = await apiAs(w.baseUrl, 'officer');
      const never = await officerApi<{ items: { id: string; name: string }[] }>(
        '/organizations?coverage=never&pageSize=50',
      );
      assert(never.status === 200 && never.body.items.length > 0, 'the demo station has a never-reached org');
      const target = never.body.items[0];
      w.target = { id: target.id, name: target.name };

      const page = await s.page();
      await login(page, 'officer');
      const lang = await page.evaluate('document.documentElement.lang');
      assert(lang === 'ja', `the UI is in Japanese by default (html lang=${String(lang)})`);
      await page.getByRole('link', { name: '訪問記録', exact: true }).waitFor();

      await page.goto('/visits/new');
      await page.getByRole('heading', { name: '訪問の記録' }).waitFor();
      const form = page.getByTestId('visit-form');

      // organization picker: search by a part of the name, pick the option
      const picker = form.getByRole('textbox', { name: '訪問先', exact: true });
      await picker.click();
      await picker.fill(target.name.replace(/^(株式会社|国立大学法人)\s*/, '').slice(0, 4));
      await page.getByRole('option', { name: target.name, exact: true }).click();
      await eventually(
        'picker shows the chosen organization',
        () => picker.inputValue(),
        (v) => v === target.name,
      );

      // officers: the signed-in officer is preset; add a colleague
      const officers = form.getByRole('textbox', { name: '担当者（警察側）', exact: true });
      await officers.click();
      await page.getByRole('option', { name: '岩国署 警備課 佐藤' }).click();
      await page.keyboard.press('Escape');

      // topics as checkboxes, summary
      for (const topic of ['技術流出事案の紹介', '輸出管理', '社内相談窓口の設置等']) {
        await form.getByRole('checkbox', { name: topic, exact: true }).check();
      }
      await form
        .getByRole('textbox', { name: '概要', exact: true })
        .fill('ブラウザテスト: 技術流出の手口と輸出管理の要点を説明。社内相談窓口の設置を提案した。');
      await page.getByRole('heading', { name: '訪問の記録' }).click(); // close any dropdown
      await shot(page, 'visit-form', false);
      if (UPDATE_DOCS)
        await copyFile(path.join(SHOTS, 'visit-form.png'), path.join(DOCS_SHOTS, 'visit-form.png'));

      await page.getByTestId('visit-submit').click();
      await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
      const visitId = /\/visits\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
      assert(visitId, 'landed on the saved visit');
      w.visitId = visitId;
      await page.getByText('決裁待ち').first().waitFor();
      await page.getByText(target.name).first().waitFor();
      await shot(page, 'visit-detail');

      const saved = await officerApi<{
        status: string;
        topics: string[];
        officerIds: string[];
        organizationId: string;
      }>(`/visits/${visitId}`);
      assert(saved.status === 200, `GET the visit: HTTP ${saved.status}`);
      assert(saved.body.status === 'submitted', `visit status submitted, got ${saved.body.status}`);
      assert(saved.body.organizationId === target.id, 'visit is at the picked organization');
      assert(
        ['leak_cases', 'export_control', 'consultation_desk'].every((t) => saved.body.topics.includes(t)),
        `topics saved: ${saved.body.topics.join(',')}`,
      );
      assert(saved.body.officerIds.length === 2, `two officers saved, got ${saved.body.officerIds.length}`);
    },
  },
  {
    name: '(b) manager approves the visit in the inbox; the coverage dashboard shows the org reached',
    async run(w, s) {
      const target = w.target;
      assert(target && w.visitId, 'scenario (a) left a submitted visit');
      const managerApi = await apiAs(w.baseUrl, 'manager');
      const before = await managerApi<{ totals: CoverageTotals }>('/coverage');
      assert(before.status === 200, `GET /coverage: HTTP ${before.status}`);

      const page = await s.page();
      await login(page, 'manager');

      // dashboard before: figures as the API gives them, the target on the worklist
      await page.goto('/coverage');
      await page
        .getByRole('heading', { name: /カバレッジ/ })
        .first()
        .waitFor();
      const reached = page.getByTestId('cov-reached');
      const reachedBefore = await eventually(
        'dashboard reached figure matches the API before approval',
        async () => parseCount(await reached.textContent()),
        (n) => n === before.body.totals.reached,
      );
      const worklist = page.getByTestId('worklist');
      await worklist.getByRole('link', { name: target.name }).waitFor();

      // approval inbox
      await page.getByRole('link', { name: /承認待ち/ }).click();
      await page.waitForURL('**/approvals');
      const table = page.getByTestId('approval-table');
      const row = table.getByRole('row').filter({ hasText: target.name });
      await row.waitFor();
      await row.getByText('ブラウザテスト').waitFor();
      await shot(page, 'approvals');
      await row.getByRole('button', { name: `承認: ${target.name}` }).click();
      await page.getByText('承認しました。').waitFor();
      await row.waitFor({ state: 'detached' });

      const visit = await managerApi<{ status: string }>(`/visits/${w.visitId}`);
      assert(visit.body.status === 'approved', `visit approved, got ${visit.body.status}`);
      const after = await managerApi<{ totals: CoverageTotals }>('/coverage');
      assert(
        after.body.totals.reached === before.body.totals.reached + 1,
        `API reached ${before.body.totals.reached} → ${after.body.totals.reached}, expected +1`,
      );

      // dashboard after: one more reached, the target off the worklist
      await page.getByRole('link', { name: 'カバレッジ', exact: true }).click();
      await page.waitForURL('**/coverage');
      await eventually(
        'dashboard reached figure after approval',
        async () => parseCount(await reached.textContent()),
        (n) => n === reachedBefore + 1,
      );
      await worklist.waitFor();
      await page.getByText('承認しました。').waitFor({ state: 'hidden' });
      await settle(page);
      assert(
        (await worklist.getByRole('link', { name: target.name }).count()) === 0,
        `${target.name} left the worklist`,
      );
      await shot(page, 'dashboard');
      if (UPDATE_DOCS)
        await copyFile(path.join(SHOTS, 'dashboard.png'), path.join(DOCS_SHOTS, 'dashboard.png'));

      // the organization page says reached (期限内)
      await page.goto(`/organizations/${target.id}`);
      await page.getByRole('heading', { name: target.name }).waitFor();
      await page.getByRole('region', { name: '接触状況' }).getByText('期限内').waitFor();
      await settle(page);
      await shot(page, 'organization');
    },
  },
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
      await page.getByText('データが見つかりません。削除されたか、閲覧権限がありません。').waitFor();
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
    name: '(d) a register import (dry run) runs with progress and shows the report',
    async run(w, s) {
      const [{ count: orgsBefore }] = await w.sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM organizations`,
      );
      const csvLines = (await readFile(FIXTURE_CSV, 'utf8')).split('\n').filter((l) => l.trim()).length;
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

      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByTestId('import-file').click(),
      ]);
      await chooser.setFiles(FIXTURE_CSV);
      await page.getByText('yamaguchi-sample.csv').waitFor();
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

      const count = async (key: string) => parseCount(await page.getByTestId(`import-${key}`).textContent());
      const counts = {
        inserted: await count('inserted'),
        updated: await count('updated'),
        unchanged: await count('unchanged'),
        closed: await count('closed'),
        skipped: await count('skipped'),
        rejected: await count('rejected'),
      };
      console.log(`    progress seen: ${seen.map((t) => t.split('\n')[0]).join(' → ')}`);
      console.log(`    report: ${JSON.stringify(counts)} (file: ${csvLines} lines)`);
      assert(counts.inserted > 0, 'some rows of the station’s area would be inserted');
      assert(counts.skipped > 0, 'rows outside the station’s area are skipped');
      const sum = Object.values(counts).reduce((a, b) => a + b, 0);
      assert(sum === csvLines, `every line is accounted for: ${sum} of ${csvLines}`);
      const [{ count: orgsAfter }] = await w.sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM organizations`,
      );
      assert(orgsAfter === orgsBefore, `a dry run changes nothing (${orgsBefore} → ${orgsAfter})`);
    },
  },
  {
    name: '(e) organization exports download and open (CSV with BOM, XLSX)',
    async run(w, s) {
      const page = await s.page();
      await login(page, 'officer');
      await page.getByRole('link', { name: 'レポート・出力' }).click();
      await page.waitForURL('**/reports');
      const exportsSection = page.locator('section', {
        has: page.getByRole('heading', { name: 'データ出力', exact: true }),
      });
      await exportsSection.waitFor();
      await settle(page);
      await shot(page, 'reports');
      // the organization export is the first pair of CSV/XLSX buttons of the section
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        exportsSection.getByRole('button', { name: 'CSV', exact: true }).first().click(),
      ]);
      assert(/\.csv$/.test(csv.suggestedFilename()), `CSV name ${csv.suggestedFilename()}`);
      const bytes = await readFile(await csv.path());
      assert(
        bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
        `CSV starts with the UTF-8 BOM (${bytes.subarray(0, 3).toString('hex')})`,
      );
      const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/).filter(Boolean);
      assert(/法人番号/.test(lines[0]) && /名称/.test(lines[0]), `Japanese header: ${lines[0]}`);
      assert(
        lines.some((l) => l.includes('株式会社岩国精密')),
        'CSV holds the station’s organizations',
      );
      assert(!lines.some((l) => l.includes('柳井電子工業')), 'CSV holds no other station’s organizations');

      const [xlsx] = await Promise.all([
        page.waitForEvent('download'),
        exportsSection.getByRole('button', { name: 'XLSX', exact: true }).first().click(),
      ]);
      assert(/\.xlsx$/.test(xlsx.suggestedFilename()), `XLSX name ${xlsx.suggestedFilename()}`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(await xlsx.path());
      const sheet = book.worksheets[0];
      assert(sheet, 'the workbook has a sheet');
      const cells: string[] = [];
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          cells.push(cell.text);
        });
      });
      assert(cells.includes('名称'), 'XLSX has the Japanese header 名称');
      assert(cells.includes('株式会社岩国精密'), 'XLSX holds the station’s organizations');
      assert(sheet.rowCount >= lines.length, `XLSX rows ${sheet.rowCount} vs CSV lines ${lines.length}`);
    },
  },
  {
    name: '(f) a wrong password shows the Japanese error message',
    async run(_w, s) {
      const page = await s.page();
      await page.goto('/login');
      await page.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill('officer2');
      await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      const text = (await error.textContent())?.trim();
      assert(text === 'ユーザー名またはパスワードが正しくありません。', `message: ${text}`);
      assert(new URL(page.url()).pathname === '/login', 'still on the login page');
      assert(
        (await page.getByRole('textbox', { name: 'パスワード', exact: true }).inputValue()) === '',
        'password cleared',
      );
      await shot(page, 'login-error', false);
    },
  },
  {
    name: '(g) the visit form at phone width (375×812) has no horizontal scroll',
    async run(_w, s) {
      const page = await s.page({ width: 375, height: 812, mobile: true });
      await login(page, 'officer');
      await page.goto('/visits/new');
      await page.getByTestId('visit-form').waitFor();
      await form375Checks(page);
      await settle(page);
      const widths = await page.evaluate<{ doc: number; body: number; view: number }>(
        `({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth })`,
      );
      await shot(page, 'visit-form-phone', false);
      assert(
        widths.doc <= widths.view && widths.body <= widths.view,
        `no horizontal scroll: scrollWidth ${widths.doc}/${widths.body} > ${widths.view}`,
      );
      const wide = await page.evaluate<string[]>(`(() => {
        const out = [];
        for (const el of document.querySelectorAll('[data-testid="visit-form"] *')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > window.innerWidth + 1) out.push(el.tagName + '.' + (el.className || '').toString().slice(0, 40) + ' right=' + Math.round(r.right));
        }
        return out.slice(0, 5);
      })()`);
      assert(wide.length === 0, `elements past the right edge: ${wide.join('; ')}`);
    },
  },
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
];

/** The phone-width form is usable: the submit button and the topic checkboxes are on screen width. */
async function form375Checks(page: Page): Promise<void> {
  await page.getByRole('checkbox', { name: '輸出管理', exact: true }).waitFor();
  const submit = page.getByTestId('visit-submit');
  await submit.waitFor();
  const box = await submit.boundingBox();
  assert(
    box && box.x >= 0 && box.x + box.width <= 375 + 1,
    `submit button within the screen: ${JSON.stringify(box)}`,
  );
}

/* ------------------------------------------------------------------ main */

async function runScenario(world: World, scenario: Scenario): Promise<boolean> {
  const session = new Session(world);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      scenario.run(world, session),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new AssertionError(`timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`)),
          SCENARIO_TIMEOUT_MS,
        );
      }),
    ]);
    if (session.pageErrors.length > 0)
      throw new AssertionError(`uncaught errors in the page: ${session.pageErrors.join(' | ')}`);
    console.log(`PASS ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (err) {
    console.log(`FAIL ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    console.log(
      message
        .split('\n')
        .slice(0, err instanceof AssertionError ? 1 : 12)
        .map((l) => `    ${l}`)
        .join('\n'),
    );
    return false;
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}

async function main(): Promise<number> {
  const t0 = Date.now();
  await mkdir(SHOTS, { recursive: true });
  await mkdir(DOCS_SHOTS, { recursive: true });
  await buildWebIfStale();

  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    while (cleanups.length) await cleanups.pop()!().catch((e) => console.error('cleanup:', e));
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let passed = 0;
  let failed = 0;
  try {
    const db = await startBenchDatabase();
    cleanups.push(() => db.stop());
    const seedLog: string[] = [];
    await seedDemoIfEmpty(db.ds, (m) => seedLog.push(m));
    const hash = await hashPassword(PASSWORD);
    await db.ds.query(`UPDATE users SET password_hash = $1, must_change_password = false`, [hash]);

    const { app, baseUrl } = await startBenchApp(db.url);
    cleanups.push(() => app.close());
    const fonts = await japaneseFontConfig();
    cleanups.push(() => rm(fonts.dir, { recursive: true, force: true }));
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      env: { ...process.env, FONTCONFIG_FILE: fonts.file },
    });
    cleanups.push(() => browser.close());
    console.log(`app at ${baseUrl}, demo data seeded, chromium ${browser.version()} (${Date.now() - t0} ms)`);

    const world: World = {
      baseUrl,
      browser,
      sql: (query, params) => db.ds.query(query, params),
    };
    for (const scenario of scenarios) {
      if (await runScenario(world, scenario)) passed++;
      else failed++;
    }
  } catch (err) {
    failed++;
    console.log('FAIL setup');
    console.log(String(err instanceof Error ? (err.stack ?? err.message) : err));
  } finally {
    await cleanup();
  }
  console.log(
    `screenshots: ${path.relative(ROOT, SHOTS)}/ (${((Date.now() - t0) / 1000).toFixed(1)} s in all)`,
  );
  await mkdir(path.join(ROOT, 'test-artifacts', 'summary'), { recursive: true });
  await writeFile(
    path.join(ROOT, 'test-artifacts', 'summary', 'browser.json'),
    JSON.stringify({ passed, failed }),
  );
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
