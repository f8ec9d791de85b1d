/**
 * What every browser journey shares: the app and its database for one worker, the browser, the
 * login, the API as a user (for setup steps and before/after figures), polling assertions,
 * screenshots and the Japanese fonts. The runner (run.ts) starts one world per worker; the
 * journeys (journeys/*.ts) only use what is exported here.
 */
import { spawnSync } from 'node:child_process';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startBenchDatabase } from '../../bench/lib/bench-app';
import { AppModule } from '../../apps/api/src/app.module';
import { seedDemoIfEmpty } from '../../apps/api/src/demo/demo-seed';
import { configureHttp } from '../../apps/api/src/http-setup';
import { loadConfig } from '../../libs/config/app-config';
import { hashPassword } from '../../libs/auth/password';

export const ROOT = path.resolve(__dirname, '..', '..');
export const WEB = path.join(ROOT, 'apps', 'web');
/** The web UI the browser tests serve (built by buildWebIfStale). */
export const WEB_BUILD = path.join(ROOT, 'test-artifacts', 'browser-web');
const WEB_BUILDS = path.join(ROOT, 'test-artifacts', 'browser-web-builds');
export const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
export const DOCS_SHOTS = path.join(ROOT, 'docs', 'screenshots');
export const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === '1';
export const FIXTURE_CSV = path.join(ROOT, 'test', 'fixtures', 'nta', 'yamaguchi-sample.csv');
/** Every demo user's password in the browser tests (set directly in the database at start). */
export const PASSWORD = 'browser-test-pass';
export const SCENARIO_TIMEOUT_MS = 90_000;
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
  '--disable-dev-shm-usage',
];
/** The phone every role's main journey is also run on. */
export const PHONE = { width: 390, height: 844, mobile: true } as const;

/* ------------------------------------------------------------ assertions */

export class AssertionError extends Error {}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `read` answers something `ok` accepts; throws with the last value otherwise. */
export async function eventually<T>(
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
export function parseCount(text: string | null): number {
  const n = Number((text ?? '').replace(/[^\d.-]/g, ''));
  assert(text !== null && text.trim() !== '' && Number.isFinite(n), `not a number: ${JSON.stringify(text)}`);
  return n;
}

let seq = 0;
/** A short tag that makes a journey's record names its own (the database is shared within a worker). */
export function uniq(): string {
  seq += 1;
  return `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}${seq}`;
}

/** A calendar day in Japan, `days` from today (negative: in the past), as YYYY-MM-DD. */
export function jstDay(days = 0): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** 2025-06-21 → 2025年6月21日 (how ja-JP dates are shown). */
export function jaDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/* ------------------------------------------------------------- the web UI */

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const t = entry.isDirectory() ? await newestMtime(p) : (await stat(p)).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/**
 * The suite's own build of the web UI (not apps/web/dist: others build and serve that one, and a
 * build empties it first), made again when apps/web's sources are newer. Each build goes into a
 * folder of its own under browser-web-builds/, and browser-web is a symlink swapped to the newest
 * one, so a run that started earlier keeps serving the files it started with while another run
 * (or someone's edit) builds again. Answers the build's own directory.
 */
export async function buildWebIfStale(): Promise<string> {
  const current = await realpath(WEB_BUILD).catch(() => null);
  const built = current
    ? await stat(path.join(current, 'index.html')).then(
        (s) => s.mtimeMs,
        () => 0,
      )
    : 0;
  const inputs = [
    await newestMtime(path.join(WEB, 'src')),
    ...(await Promise.all(
      ['index.html', 'vite.config.ts', 'postcss.config.cjs'].map((f) =>
        stat(path.join(WEB, f)).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      ),
    )),
  ];
  if (current && built > Math.max(...inputs)) {
    console.log(`web UI: ${path.relative(ROOT, current)} is up to date`);
    return current;
  }
  for (let attempt = 1; ; attempt++) {
    const outDir = path.join(WEB_BUILDS, `${Date.now()}-${process.pid}`);
    console.log(`web UI: building apps/web into ${path.relative(ROOT, outDir)} …`);
    const started = Date.now();
    const res = spawnSync(
      process.execPath,
      [
        'node_modules/vite/bin/vite.js',
        'build',
        '--config',
        'apps/web/vite.config.ts',
        '--outDir',
        outDir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
    if (res.status === 0) {
      console.log(`web UI: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await pointAt(outDir);
      return outDir;
    }
    await rm(outDir, { recursive: true, force: true });
    // the sources may be in the middle of someone's edit: one more try a moment later
    if (attempt >= 2) throw new Error(`vite build failed (exit ${res.status ?? res.signal})`);
    await sleep(5_000);
  }
}

/** Swaps the browser-web symlink to `outDir` (rename is atomic) and drops builds over a day old. */
async function pointAt(outDir: string): Promise<void> {
  const link = `${WEB_BUILD}.${process.pid}.tmp`;
  await rm(link, { force: true });
  await symlink(outDir, link, 'dir');
  const old = await lstat(WEB_BUILD).catch(() => null);
  // a real folder there is the layout before builds had folders of their own
  if (old && !old.isSymbolicLink()) await rm(WEB_BUILD, { recursive: true, force: true });
  await rename(link, WEB_BUILD);
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of await readdir(WEB_BUILDS)) {
    const dir = path.join(WEB_BUILDS, name);
    if (dir !== outDir && Number(name.split('-')[0]) < dayAgo)
      await rm(dir, { recursive: true, force: true });
  }
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

/* --------------------------------------------------------------- the API */

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: string;
  stationId: string | null;
}

/** The API as one user, for setup steps and for before/after figures the UI is compared with. */
export class Api {
  private constructor(
    readonly baseUrl: string,
    private readonly token: string,
    readonly me: Me,
  ) {}

  static async login(baseUrl: string, username: string, password = PASSWORD): Promise<Api> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    assert(res.ok, `API login as ${username}: HTTP ${res.status}`);
    const { accessToken } = (await res.json()) as { accessToken: string };
    const me = await fetch(`${baseUrl}/api/v1/auth/me`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    assert(me.ok, `API /auth/me as ${username}: HTTP ${me.status}`);
    return new Api(baseUrl, accessToken, (await me.json()) as Me);
  }

  async request<T = unknown>(method: string, p: string, body?: unknown): Promise<ApiAnswer<T>> {
    const r = await fetch(`${this.baseUrl}/api/v1${p}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: r.status, body: parsed as T };
  }

  get<T = unknown>(p: string) {
    return this.request<T>('GET', p);
  }

  /** A setup step that must work: answers the body of a 2xx, throws with the answer otherwise. */
  async must<T = Record<string, unknown>>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await this.request<T>(method, p, body);
    if (res.status < 200 || res.status > 299)
      throw new Error(`setup ${method} ${p}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body;
  }
}

/* ------------------------------------------------------------- the world */

export interface World {
  worker: number;
  baseUrl: string;
  browser: Browser;
  sql: <T = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<T[]>;
  /** the API as a demo user (logged in once per worker) */
  api: (username: string) => Promise<Api>;
  /** a line for the scenario's report (printed with its PASS/FAIL line) */
  log: (line: string) => void;
}

export interface Scenario {
  name: string;
  run: (w: World, s: Session) => Promise<void>;
  /** scenarios of one group run on the same worker, in file order (shared global figures) */
  group?: string;
  timeoutMs?: number;
}

/** One scenario's browser contexts, closed when it ends (or times out). */
export class Session {
  private readonly contexts: BrowserContext[] = [];
  readonly pages: Page[] = [];
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
    this.pages.push(page);
    page.on('pageerror', (err) => this.pageErrors.push(err.message));
    return page;
  }

  /** Screenshots of every open page, for a failed scenario. */
  async failureShots(name: string): Promise<string[]> {
    const slug = name
      .replace(/[^\w]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
    const out: string[] = [];
    for (const [i, page] of this.pages.entries()) {
      if (page.isClosed()) continue;
      const file = path.join(SHOTS, 'failures', `${slug}-${i + 1}.png`);
      await page
        .screenshot({ path: file, fullPage: true, timeout: 5_000 })
        .then(() => out.push(path.relative(ROOT, file)))
        .catch(() => undefined);
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((c) => c.close().catch(() => undefined)));
  }
}

/**
 * Sets every user's password to PASSWORD and lifts what would stop a journey at the login: the
 * forced change of a one-time password and a second factor (whichever of those columns exist).
 */
async function permissiveLogins(sql: World['sql']): Promise<void> {
  const columns = new Set(
    (
      await sql<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'users'`,
      )
    ).map((c) => c.name),
  );
  const sets = ['password_hash = $1'];
  const maybe: [string, string][] = [
    ['must_change_password', 'false'],
    ['password_changed_at', 'now()'],
    ['password_set_at', 'now()'],
    ['totp_secret', 'NULL'],
    ['totp_enabled_at', 'NULL'],
    ['totp_last_step', 'NULL'],
    ['mfa_enabled', 'false'],
    ['mfa_required', 'false'],
    ['mfa_secret', 'NULL'],
    ['disabled', 'false'],
  ];
  for (const [column, value] of maybe) if (columns.has(column)) sets.push(`${column} = ${value}`);
  await sql(`UPDATE users SET ${sets.join(', ')}`, [await hashPassword(PASSWORD)]);
  const [{ recovery }] = await sql<{ recovery: string | null }>(
    `SELECT to_regclass('mfa_recovery_codes')::text AS recovery`,
  );
  if (recovery) await sql(`DELETE FROM mfa_recovery_codes`);
}

/** The real app (same modules, pipes, filters) on a free port over `url`, serving `webDir`. */
async function startApp(url: string, webDir: string) {
  // no second factor required of any role: the journeys sign in with a password only
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: webDir,
    MFA_REQUIRED_ROLES: '',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), {
    logger: false,
    bodyParser: false,
  });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}

/** One worker's world: a throwaway database with the demo data, the real app over it, a browser. */
export async function startWorld(
  worker: number,
  webDir: string,
  log: (line: string) => void,
): Promise<{ world: World; stop: () => Promise<void> }> {
  const t0 = Date.now();
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    while (cleanups.length) await cleanups.pop()!().catch((e) => console.error('cleanup:', e));
  };
  try {
    await mkdir(path.join(SHOTS, 'failures'), { recursive: true });
    const db = await startBenchDatabase();
    cleanups.push(() => db.stop());
    const sql: World['sql'] = (query, params) => db.ds.query(query, params);
    await seedDemoIfEmpty(db.ds, () => undefined);
    await permissiveLogins(sql);

    // the app connects as the restricted runtime role, as in production
    const { app, baseUrl } = await startApp(db.runtimeUrl, webDir);
    cleanups.push(() => app.close());
    const home = await fetch(`${baseUrl}/login`);
    assert(
      home.ok && (await home.text()).includes('<div id="root">'),
      `the app serves the web UI from ${webDir} (GET /login: HTTP ${home.status})`,
    );
    const fonts = await japaneseFontConfig();
    cleanups.push(() => rm(fonts.dir, { recursive: true, force: true }));
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      env: { ...process.env, FONTCONFIG_FILE: fonts.file },
    });
    cleanups.push(() => browser.close());
    log(`app at ${baseUrl}, demo data seeded, chromium ${browser.version()} (${Date.now() - t0} ms)`);

    const apis = new Map<string, Promise<Api>>();
    const world: World = {
      worker,
      baseUrl,
      browser,
      sql,
      api: (username) => {
        let api = apis.get(username);
        if (!api) {
          api = Api.login(baseUrl, username);
          apis.set(username, api);
          api.catch(() => apis.delete(username));
        }
        return api;
      },
      log,
    };
    return { world, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  seconds: number;
  /** the scenario's own lines and, on failure, the reason and failure screenshots */
  lines: string[];
}

/** Runs one scenario in a fresh session with its time limit; never throws. */
export async function runScenario(world: World, scenario: Scenario): Promise<ScenarioResult> {
  const lines: string[] = [];
  const scoped: World = { ...world, log: (line) => lines.push(`    ${line}`) };
  const session = new Session(scoped);
  const started = Date.now();
  const limit = scenario.timeoutMs ?? SCENARIO_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  let ok = false;
  try {
    await Promise.race([
      scenario.run(scoped, session),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AssertionError(`timed out after ${limit / 1000} s`)), limit);
      }),
    ]);
    if (session.pageErrors.length > 0)
      throw new AssertionError(`uncaught errors in the page: ${session.pageErrors.join(' | ')}`);
    ok = true;
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    lines.push(
      ...message
        .split('\n')
        .slice(0, err instanceof AssertionError ? 1 : 14)
        .map((l) => `    ${l}`),
    );
    const urls = session.pages.filter((p) => !p.isClosed()).map((p) => p.url());
    if (urls.length) lines.push(`    at: ${urls.join(' , ')}`);
    const files = await session.failureShots(scenario.name);
    if (files.length) lines.push(`    screenshots: ${files.join(', ')}`);
  } finally {
    clearTimeout(timer);
    await session.close();
  }
  return { name: scenario.name, ok, seconds: (Date.now() - started) / 1000, lines };
}

/* ------------------------------------------------------ page interactions */

export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await page.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill(username);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('header-user').waitFor();
}

export async function shot(page: Page, name: string, fullPage = true): Promise<string> {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  return file;
}

/** Waits until the page has had no requests in flight for a moment (queries settled, charts drawn). */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
}

/** Reloads the page and waits until it has loaded its data again. */
export async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.getByTestId('header-user').waitFor();
  await settle(page);
}

/** Picks `option` in a Mantine Select / MultiSelect / picker opened by clicking `field`. */
export async function choose(page: Page, field: Locator, option: string | RegExp): Promise<void> {
  await field.click();
  await page
    .getByRole('option', typeof option === 'string' ? { name: option, exact: true } : { name: option })
    .first()
    .click();
}

/** Types a day into a date field (YYYY-MM-DD) and leaves it, so the field takes it. */
export async function fillDay(field: Locator, day: string): Promise<void> {
  await field.click();
  await field.fill(day);
  await field.press('Tab');
}

/** Adds tags to a TagsInput (type, Enter). */
export async function addTags(field: Locator, tags: string[]): Promise<void> {
  for (const tag of tags) {
    await field.fill(tag);
    await field.press('Enter');
  }
}

/** The value shown beside `label` in a definition list (DetailList: dt/dd pairs) of `scope`. */
export function detail(scope: Page | Locator, label: string): Locator {
  return scope.locator(`xpath=.//dt[normalize-space(.)=${xpathString(label)}]/following-sibling::dd[1]`);
}

function xpathString(s: string): string {
  return s.includes("'") ? `concat('${s.split("'").join(`', "'", '`)}')` : `'${s}'`;
}

/** Polls the text beside `label` until it contains `expected`. */
export async function expectDetail(scope: Page | Locator, label: string, expected: string | RegExp) {
  const value = detail(scope, label);
  await eventually(
    `「${label}」 shows ${String(expected)}`,
    async () => ((await value.count()) > 0 ? ((await value.first().textContent()) ?? '') : '(no such field)'),
    (t) => (typeof expected === 'string' ? t.includes(expected) : expected.test(t)),
  );
}

/** A notification (Mantine toast) with this text appears. */
export async function toast(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: true }).first().waitFor();
}

/** The page scrolls sideways: the document is wider than the viewport. */
export async function horizontalOverflow(page: Page): Promise<string | null> {
  const widths = await page.evaluate<{ doc: number; body: number; view: number }>(
    `({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth })`,
  );
  return widths.doc > widths.view || widths.body > widths.view
    ? `scrollWidth ${widths.doc}/${widths.body} > ${widths.view}`
    : null;
}

/**
 * Follows a link of the navigation, through the menu (the burger) on a phone. The menu closes on
 * every tap of a link, the page already shown included (AppLayout).
 */
export async function navigate(page: Page, link: string | RegExp): Promise<void> {
  const burger = page.getByRole('button', { name: 'メニューを開く' });
  const phone = await burger.isVisible();
  if (phone) await burger.click();
  const target = page
    .getByRole('navigation')
    .getByRole('link', typeof link === 'string' ? { name: link, exact: true } : { name: link });
  await target.click();
  if (phone) {
    // the menu slides away: wait until it is off the screen (slow under load), not a fixed time
    const navbar = page.locator('nav.mantine-AppShell-navbar');
    await eventually(
      'the phone menu closes after a tap',
      async () => (await navbar.boundingBox())?.x ?? -1,
      (x) => x < 0,
    );
  }
}

export interface SeenRequest {
  method: string;
  url: string;
  body: string | null;
  status: number | null;
  /** the answer's body (JSON text) */
  answer: string | null;
}

/** Records the page's API requests matching `test` (method and path), with their bodies and answers. */
export function recordRequests(
  page: Page,
  test: (method: string, pathname: string) => boolean,
): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const entries = new Map<unknown, SeenRequest>();
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (!test(req.method(), url.pathname)) return;
    const entry = {
      method: req.method(),
      url: url.pathname,
      body: req.postData(),
      status: null,
      answer: null,
    };
    seen.push(entry);
    entries.set(req, entry);
  });
  page.on('response', (res) => {
    const entry = entries.get(res.request());
    if (!entry) return;
    void res.text().then(
      (text) => {
        entry.answer = text;
        entry.status = res.status();
      },
      () => {
        entry.status = res.status();
      },
    );
  });
  return seen;
}

/** Waits until the recorded request has its answer, and answers it. */
export async function answered(seen: SeenRequest[], index = 0): Promise<SeenRequest> {
  const entry = await eventually<SeenRequest | null>(
    `request #${index + 1} answered`,
    async () => (index < seen.length ? seen[index] : null),
    (e) => e !== null && e.status !== null,
  );
  assert(entry, `request #${index + 1} was made`);
  return entry;
}
