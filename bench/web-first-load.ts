/**
 * The web UI's first load on a phone (issue 18): Chromium driven through the DevTools protocol
 * with a phone's profile — 390×844, CPU 4× slower, 1.6 Mbps down / 750 kbps up, 150 ms round
 * trip — against the built app (its own web build, the real API over a throwaway PostgreSQL with
 * the demo data). Per run it measures, from the navigation's start:
 *
 *   bytes        bytes over the wire (encoded, headers included) until the login form is usable
 *   FCP          first contentful paint of /login
 *   login        the login form interactive (rendered by React, so its handlers are attached)
 *   → list       from the click on ログイン until the officer's visit list shows its rows
 *   → form       from the click on the list's 新規 until the visit form shows its fields
 *
 * cold (a fresh browser context: empty cache), warm (a new tab of the same context: the cache
 * of the cold run, no session) and warm+ (a third visit: Chromium keeps compiled code of scripts
 * seen twice, as a phone that opens the app every day), several runs each, medians. FCP is the
 * first paint of anything (index.html's loading shell); login is when the real form can be used. Beside it, the transfer floor
 * of the cold load: its bytes at the link's bandwidth plus three round trips (connection,
 * document, its scripts and styles) — what no code change can go below on that link.
 *
 *   node scripts/run.js bench/web-first-load.ts
 *   RUNS=7 BENCH_WEB_DIR=path/to/built/web node scripts/run.js bench/web-first-load.ts
 *
 * Without BENCH_WEB_DIR it builds apps/web into test-artifacts/bench-web/ first.
 */
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { AppModule } from '../apps/api/src/app.module';
import { seedDemoIfEmpty } from '../apps/api/src/demo/demo-seed';
import { configureHttp } from '../apps/api/src/http-setup';
import { hashPassword } from '../libs/auth/password';
import { loadConfig } from '../libs/config/app-config';
import { startBenchDatabase } from './lib/bench-app';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.RUNS ?? 5);
const PASSWORD = 'bench-first-load-pass';
const DOWN_BPS = 1_600_000;
const UP_BPS = 750_000;
const RTT_MS = 150;
const CPU_SLOWDOWN = 4;
const VIEWPORT = { width: 390, height: 844 };
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** In the page before any script: `__at(selector)` resolves with performance.now() once it matches. */
const WATCHER = `
window.__at = (selector) => new Promise((resolve) => {
  const found = () => document.querySelector(selector);
  if (found()) return resolve(performance.now());
  const obs = new MutationObserver(() => {
    if (found()) { obs.disconnect(); resolve(performance.now()); }
  });
  obs.observe(document, { childList: true, subtree: true, attributes: true });
});`;

const LOGIN_READY = 'form button[type="submit"]:not([disabled])';
const LIST_READY = '[data-testid="visit-table"] tbody tr';
const FORM_READY = '[data-testid="visit-form"] input';

interface RunFigures {
  bytes: number;
  journeyBytes: number;
  requests: number;
  /** main-thread time until the login form was usable: script, style + layout (ms) */
  script: number;
  style: number;
  fcp: number;
  login: number;
  list: number;
  form: number;
}

function buildWeb(): string {
  const out = path.join(ROOT, 'test-artifacts', 'bench-web');
  const started = Date.now();
  const res = spawnSync(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'apps/web/vite.config.ts',
      '--outDir',
      out,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (res.status !== 0) throw new Error(`vite build failed (exit ${res.status ?? res.signal})`);
  console.log(
    `web UI built into ${path.relative(ROOT, out)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return out;
}

async function phonePage(context: BrowserContext) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: RTT_MS,
    downloadThroughput: DOWN_BPS / 8,
    uploadThroughput: UP_BPS / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await cdp.send('Performance.enable');
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    requests += 1;
  });
  /** main-thread seconds so far (throttled): script, style + layout */
  const busy = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = (n: string) => metrics.find((x) => x.name === n)?.value ?? 0;
    return { script: m('ScriptDuration'), style: m('RecalcStyleDuration') + m('LayoutDuration') };
  };
  return { page, counted: () => ({ bytes, requests }), busy };
}

async function at(page: Page, selector: string): Promise<number> {
  return page.evaluate<number>(`window.__at(${JSON.stringify(selector)})`);
}

/** Clicks `selector` from inside the page and answers the moment it did (performance.now()). */
async function clickAt(page: Page, selector: string): Promise<number> {
  return page.evaluate<number>(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) throw new Error('no ' + ${JSON.stringify(selector)});
    const t = performance.now();
    el.click();
    return t;
  })()`);
}

async function oneRun(context: BrowserContext, baseUrl: string): Promise<RunFigures> {
  const { page, counted, busy } = await phonePage(context);
  await page.goto(`${baseUrl}/login`, { waitUntil: 'commit' });
  const login = await at(page, LOGIN_READY);
  const fcp = await page.evaluate<number>(`new Promise((resolve) => {
    const seen = performance.getEntriesByName('first-contentful-paint')[0];
    if (seen) return resolve(seen.startTime);
    new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
  })`);
  const atLogin = counted();
  const cpu = await busy();
  await page.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill('officer');
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(PASSWORD);
  const clicked = await clickAt(page, LOGIN_READY);
  const listShown = await at(page, LIST_READY);
  const formClicked = await clickAt(page, 'a[href="/visits/new"]');
  const formShown = await at(page, FORM_READY);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const all = counted();
  await page.close();
  return {
    bytes: atLogin.bytes,
    journeyBytes: all.bytes,
    requests: atLogin.requests,
    script: cpu.script * 1000,
    style: cpu.style * 1000,
    fcp,
    login,
    list: listShown - clicked,
    form: formShown - formClicked,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function summarize(label: string, runs: RunFigures[]): void {
  const m = (k: keyof RunFigures) => median(runs.map((r) => r[k]));
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `${label.padEnd(6)} bytes ${(m('bytes') / 1024).toFixed(0).padStart(5)} KB (${m('requests')} requests; ` +
      `whole journey ${(m('journeyBytes') / 1024).toFixed(0)} KB) | FCP ${s(m('fcp'))} | login ${s(m('login'))} | ` +
      `→ list ${s(m('list'))} | → form ${s(m('form'))} | main thread to login: script ${s(m('script'))}, ` +
      `style+layout ${s(m('style'))}`,
  );
  console.log(
    `      runs: ${runs.map((r) => `FCP ${s(r.fcp)} login ${s(r.login)} list ${s(r.list)} form ${s(r.form)}`).join(' ; ')}`,
  );
}

async function main() {
  const webDir = process.env.BENCH_WEB_DIR ? path.resolve(process.env.BENCH_WEB_DIR) : buildWeb();
  const db = await startBenchDatabase();
  let app: NestExpressApplication | undefined;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await seedDemoIfEmpty(db.ds, () => undefined);
    const userColumns: { name: string }[] = await db.ds.query(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'users'`,
    );
    const columns = new Set(userColumns.map((c) => c.name));
    const sets = ['password_hash = $1'];
    if (columns.has('must_change_password')) sets.push('must_change_password = false');
    if (columns.has('password_set_at')) sets.push('password_set_at = now()');
    await db.ds.query(`UPDATE users SET ${sets.join(', ')} WHERE username = 'officer'`, [
      await hashPassword(PASSWORD),
    ]);

    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      WEB_DIST_DIR: webDir,
      MFA_REQUIRED_ROLES: '',
    });
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, db.url), {
      logger: false,
      bodyParser: false,
    });
    configureHttp(app, config);
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    console.log(
      `web first load: ${RUNS} runs each, ${VIEWPORT.width}×${VIEWPORT.height}, CPU ${CPU_SLOWDOWN}× slower, ` +
        `${DOWN_BPS / 1e6} Mbps down / ${UP_BPS / 1e3} kbps up, ${RTT_MS} ms RTT; chromium ${browser.version()}; ` +
        `web from ${path.relative(ROOT, webDir)}`,
    );

    const cold: RunFigures[] = [];
    const warm: RunFigures[] = [];
    const again: RunFigures[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({
        viewport: VIEWPORT,
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 1,
        locale: 'ja-JP',
        timezoneId: 'Asia/Tokyo',
      });
      await context.addInitScript(WATCHER);
      cold.push(await oneRun(context, baseUrl));
      warm.push(await oneRun(context, baseUrl));
      again.push(await oneRun(context, baseUrl));
      await context.close();
    }
    summarize('cold', cold);
    summarize('warm', warm);
    summarize('warm+', again);
    const coldBytes = median(cold.map((r) => r.bytes));
    const floor = (coldBytes * 8) / DOWN_BPS + (3 * RTT_MS) / 1000;
    console.log(
      `floor cold: ${(coldBytes / 1024).toFixed(0)} KB at ${DOWN_BPS / 1e6} Mbps + 3 × ${RTT_MS} ms = ${floor.toFixed(2)} s ` +
        `(targets: FCP and login < 2.0 s cold, < 0.5 s warm)`,
    );
  } finally {
    await browser.close().catch(() => undefined);
    if (app) await app.close().catch(() => undefined);
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
