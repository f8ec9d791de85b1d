/**
 * The web UI's first load on a phone (issue 18): Chromium driven through the DevTools protocol
 * with a phone's profile — 390×844, CPU 4× slower, 1.6 Mbps down / 750 kbps up, 150 ms round
 * trip — against the built app (its own web build, the real API over a throwaway PostgreSQL with
 * the demo data). Per run it measures, from the navigation's start:
 *
 *   bytes        bytes over the wire (encoded, headers included) until the login form is usable
 *   FCP          first contentful paint of /login
 *   login        the login form usable (in the page and a frame painted since): its fields take
 *                typing and its ログイン button a submit.
 *                index.html carries the form as plain HTML (apps/web/index.html): typed input is
 *                kept when the app takes it over, and a submit made before that is sent by the
 *                app the moment it runs (so "→ home" below counts from the click either way)
 *   app          the app's own form in place and painted (React rendered it, handlers attached)
 *   → home       from the click on ログイン until the officer's home page shows (the landing page)
 *   → list       from the click on the menu's 訪問 until the visit list shows its rows
 *   → form       from the click on the list's 新規 until the visit form shows its fields
 *
 * cold (a fresh browser profile on disk: empty cache), warm (a new tab of the same profile: the
 * cache of the cold run, no session) and warm+ (a third visit: Chromium keeps compiled code of
 * scripts seen twice, as a phone that opens the app every day), RUNS runs each, medians. Beside it, the
 * transfer floor of the cold load: its bytes at the link's bandwidth plus three round trips
 * (connection, document, its scripts and styles) — what no code change can go below on that link.
 *
 * Where the main thread's time goes until the app's form is in place, per run: script (V8
 * compile + run, Performance.getMetrics), style + layout, and the app's own marks (main.tsx,
 * auth/LoginPage.tsx): bundle evaluated (`app:main`; its modules' top level: React, Mantine,
 * i18next init with the Japanese strings), language ready (`app:lang`), the login page committed
 * (`app:commit`: React render, Mantine's CSS variables), painted (`app:painted`: layout + paint).
 * One more traced visit per mode (DevTools trace) lists V8's compile time per script and whether it
 * came from the code cache.
 *
 *   node scripts/run.js bench/web-first-load.ts
 *   RUNS=5 BENCH_WEB_DIR=path/to/built/web BENCH_BEFORE_DIR=path/to/older/build node scripts/run.js bench/web-first-load.ts
 *
 * Without BENCH_WEB_DIR it builds apps/web into test-artifacts/bench-web/ first. With
 * BENCH_BEFORE_DIR a second app serves that build beside it (same database) and the two are
 * measured turn about, run by run, so the machine's load falls on both alike.
 */
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { AppModule } from '../apps/api/src/app.module';
import { seedDemoIfEmpty } from '../apps/api/src/demo/demo-seed';
import { configureHttp } from '../apps/api/src/http-setup';
import { hashPassword } from '../libs/auth/password';
import { loadConfig } from '../libs/config/app-config';
import { startBenchDatabase } from './lib/bench-app';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.RUNS ?? 5);
const TRACE = process.env.TRACE !== '0';
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

/** Any login form whose submit button takes a click: index.html's or the app's. */
const LOGIN_READY = 'form button[type="submit"]:not([disabled])';
/** The app's own login form (index.html's plain one carries data-boot-login). */
const APP_READY = 'form:not([data-boot-login]) button[type="submit"]:not([disabled])';
const HOME_READY = '[data-testid="home-my-visits"]';
const LIST_READY = '[data-testid="visit-table"] tbody tr';
const FORM_READY = '[data-testid="visit-form"] input';
/**
 * In the page before any script: `__at(selector)` resolves with performance.now() once it
 * matches; `__at(selector, true)` once a frame has been painted after that (what a user can see
 * and reach: a form in the DOM but not yet on the screen is not usable). The login forms are
 * watched from the document's start, so a main thread busy with the bundle cannot delay the
 * bench's own question and inflate the figure.
 */
const WATCHER = `
window.__seen = {};
window.__at = (selector, painted) => window.__seen[selector + '|' + !!painted] ??= new Promise((resolve) => {
  const found = () => document.querySelector(selector);
  const done = () => painted
    ? requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))
    : resolve(performance.now());
  if (found()) return done();
  const obs = new MutationObserver(() => {
    if (found()) { obs.disconnect(); done(); }
  });
  obs.observe(document, { childList: true, subtree: true, attributes: true });
});
window.__at(${JSON.stringify(LOGIN_READY)}, true);
window.__at(${JSON.stringify(APP_READY)}, true);`;

const MARKS = ['app:main', 'app:lang', 'app:commit', 'app:painted'] as const;

type Mode = 'cold' | 'warm' | 'warm+';
const MODES: Mode[] = ['cold', 'warm', 'warm+'];

interface RunFigures {
  bytes: number;
  journeyBytes: number;
  requests: number;
  fcp: number;
  login: number;
  app: number;
  home: number;
  list: number;
  form: number;
  /** main-thread time until the app's form was in place: script, style + layout, all tasks (ms) */
  script: number;
  style: number;
  tasks: number;
  /** the main script's response end (ms from navigation start) */
  scriptLoaded: number;
  /** the app's marks (ms from navigation start; NaN when the build has none) */
  marks: Record<(typeof MARKS)[number], number>;
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
  /** main-thread seconds so far (throttled): script, style + layout, every task */
  const busy = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = (n: string) => metrics.find((x) => x.name === n)?.value ?? 0;
    return {
      script: m('ScriptDuration'),
      style: m('RecalcStyleDuration') + m('LayoutDuration'),
      tasks: m('TaskDuration'),
    };
  };
  return { page, cdp, counted: () => ({ bytes, requests }), busy };
}

async function at(page: Page, selector: string, painted = false): Promise<number> {
  return page.evaluate<number>(`window.__at(${JSON.stringify(selector)}, ${painted})`);
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

async function oneRun(
  context: BrowserContext,
  baseUrl: string,
  trace?: (cdp: CDPSession) => Promise<() => Promise<TraceEvent[]>>,
): Promise<{ figures: RunFigures; events?: TraceEvent[] }> {
  const { page, cdp, counted, busy } = await phonePage(context);
  const stopTrace = trace ? await trace(cdp) : undefined;
  await page.goto(`${baseUrl}/login`, { waitUntil: 'commit' });
  const [login, app] = await Promise.all([at(page, LOGIN_READY, true), at(page, APP_READY, true)]);
  const cpu = await busy();
  const events = stopTrace ? await stopTrace() : undefined;
  const atLogin = counted();
  const seen = await page.evaluate<{
    fcp: number;
    scriptLoaded: number;
    marks: Record<string, number>;
  }>(`new Promise((resolve) => {
    const painted = () => performance.getEntriesByName('app:painted').length > 0 || !document.querySelector('form[data-app-login]');
    const done = (fcp) => {
      const wait = () => painted() ? finish(fcp) : setTimeout(wait, 20);
      wait();
    };
    const finish = (fcp) => {
      const js = performance.getEntriesByType('resource').find((r) => /\\/assets\\/index-[^/]+\\.js$/.test(r.name));
      const marks = {};
      for (const m of performance.getEntriesByType('mark')) marks[m.name] = m.startTime;
      resolve({ fcp, scriptLoaded: js ? js.responseEnd : NaN, marks });
    };
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    if (fcp) return done(fcp.startTime);
    new PerformanceObserver((list) => done(list.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
  })`);
  await page.getByRole('textbox', { name: 'ユーザー名', exact: true }).fill('officer');
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(PASSWORD);
  const clicked = await clickAt(page, LOGIN_READY);
  const homeShown = await at(page, HOME_READY);
  const listClicked = await clickAt(page, 'a[href="/visits"]');
  const listShown = await at(page, LIST_READY);
  const formClicked = await clickAt(page, 'a[href="/visits/new"]');
  const formShown = await at(page, FORM_READY);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const all = counted();
  await page.close();
  const marks = Object.fromEntries(MARKS.map((m) => [m, seen.marks[m] ?? NaN])) as RunFigures['marks'];
  return {
    figures: {
      bytes: atLogin.bytes,
      journeyBytes: all.bytes,
      requests: atLogin.requests,
      fcp: seen.fcp,
      login,
      app,
      home: homeShown - clicked,
      list: listShown - listClicked,
      form: formShown - formClicked,
      script: cpu.script * 1000,
      style: cpu.style * 1000,
      tasks: cpu.tasks * 1000,
      scriptLoaded: seen.scriptLoaded,
      marks,
    },
    events,
  };
}

// ---- the DevTools trace of one visit: V8 compile per script, code cache ----

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'v8',
  'v8.execute',
  'blink',
  'loading',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-v8.compile',
  'disabled-by-default-devtools.timeline.stack',
].join(',');

async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    events.push(...(e.value as unknown as TraceEvent[]));
  });
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: TRACE_CATEGORIES.split(','),
      recordMode: 'recordAsMuchAsPossible' as const,
    },
    transferMode: 'ReportEvents',
  });
  return async () => {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    return events;
  };
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
/** The script a trace event is about (its URL). */
const urlOf = (e: TraceEvent) => str(e.args?.data?.url) || str(e.args?.fileName);

/** Main-thread time by kind, and each /assets/ script's compile with its code-cache use. */
function readTrace(events: TraceEvent[]): string[] {
  // the renderer main thread that did the most (the page's; other renderers idle)
  const busyness = new Map<string, number>();
  for (const e of events)
    if (e.ph === 'X')
      busyness.set(`${e.pid}:${e.tid}`, (busyness.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  const mains = events
    .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .sort((a, b) => (busyness.get(`${b.pid}:${b.tid}`) ?? 0) - (busyness.get(`${a.pid}:${a.tid}`) ?? 0));
  const main = mains[0];
  if (!main) return ['  (no renderer main thread in the trace)'];
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const sum = (names: string[]) =>
    onMain.filter((e) => names.includes(e.name)).reduce((a, e) => a + (e.dur ?? 0), 0) / 1000;
  const kinds: [string, string[]][] = [
    ['parse HTML', ['ParseHTML']],
    ['compile (V8)', ['v8.compile', 'v8.compileModule', 'V8.CompileCode', 'v8.compileLazy']],
    ['run scripts', ['EvaluateScript', 'v8.evaluateModule', 'FunctionCall', 'TimerFire', 'RunMicrotasks']],
    ['code cache write', ['v8.produceCache', 'v8.produceModuleCache']],
    ['style', ['UpdateLayoutTree', 'ParseAuthorStyleSheet']],
    ['layout', ['Layout']],
    ['paint', ['Paint', 'PrePaint', 'Layerize']],
    ['GC', ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase']],
  ];
  const lazy = onMain.filter((e) => e.name === 'V8.CompileCode');
  const out = [
    '  main thread: ' +
      kinds.map(([label, names]) => `${label} ${sum(names).toFixed(0)} ms`).join(', ') +
      ` | functions compiled lazily on the main thread: ${lazy.length}`,
  ];
  const compiles = events.filter(
    (e) => (e.name === 'v8.compileModule' || e.name === 'v8.compile') && /\/assets\//.test(urlOf(e)),
  );
  for (const c of compiles) {
    const d = c.args?.data ?? {};
    const url = urlOf(c).replace(/^.*\/assets\//, '');
    const cache = d.consumedCacheSize
      ? `code cache used (${Math.round(Number(d.consumedCacheSize) / 1024)} KB${d.cacheRejected ? ', rejected' : ''})`
      : d.cacheConsumeOptions
        ? `cache: ${JSON.stringify(d.cacheConsumeOptions)}`
        : d.producedCacheSize
          ? `cache written (${Math.round(Number(d.producedCacheSize) / 1024)} KB)`
          : 'no code cache';
    out.push(
      `  ${c.name} ${url}: ${((c.dur ?? 0) / 1000).toFixed(1)} ms${d.streamed ? ', streamed' : ''}, ${cache}`,
    );
  }
  const produced = events.filter(
    (e) =>
      (e.name === 'v8.produceModuleCache' || e.name === 'v8.produceCache') && /\/assets\//.test(urlOf(e)),
  );
  if (process.env.TRACE_DUMP)
    writeFileSync(process.env.TRACE_DUMP, JSON.stringify(events.filter((e) => e.pid === main.pid)));
  if (produced.length)
    out.push(
      `  code cache written: ${produced.map((e) => `${urlOf(e).replace(/^.*\/assets\//, '')} ${((e.dur ?? 0) / 1000).toFixed(1)} ms`).join(', ')}`,
    );
  return out;
}

// ---- figures ----

const median = (xs: number[]) => {
  const s = [...xs].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (ms: number) => (Number.isNaN(ms) ? '  –  ' : `${(ms / 1000).toFixed(2)} s`);

function summarize(label: string, runs: RunFigures[]): string[] {
  const m = (k: Exclude<keyof RunFigures, 'marks'>) => median(runs.map((r) => r[k]));
  const mark = (k: (typeof MARKS)[number]) => median(runs.map((r) => r.marks[k]));
  return [
    `${label.padEnd(13)} bytes ${(m('bytes') / 1024).toFixed(0).padStart(4)} KB (${m('requests')} req; journey ` +
      `${(m('journeyBytes') / 1024).toFixed(0)} KB) | FCP ${sec(m('fcp'))} | login ${sec(m('login'))} | ` +
      `app ${sec(m('app'))} | → home ${sec(m('home'))} | → list ${sec(m('list'))} | → form ${sec(m('form'))}`,
    `${''.padEnd(13)} to the app's form: script ${sec(m('script'))}, style+layout ${sec(m('style'))}, all tasks ` +
      `${sec(m('tasks'))} | script loaded ${sec(m('scriptLoaded'))} → bundle run ${sec(mark('app:main'))} → ` +
      `language ${sec(mark('app:lang'))} → committed ${sec(mark('app:commit'))} → painted ${sec(mark('app:painted'))}`,
    `${''.padEnd(13)} runs: ${runs.map((r) => `FCP ${sec(r.fcp)} login ${sec(r.login)} app ${sec(r.app)}`).join(' ; ')}`,
  ];
}

const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function startApp(db: Awaited<ReturnType<typeof startBenchDatabase>>, webDir: string) {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: webDir,
    MFA_REQUIRED_ROLES: '',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, db.url), {
    logger: false,
    bodyParser: false,
  });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return { app, url };
}

/**
 * Three visits in one browser profile of its own on disk: a persistent profile, as a phone's
 * browser has (Playwright's ordinary contexts are off the record, where Chromium keeps no code
 * cache, so "warm" there would never reuse compiled code).
 */
async function visitThrice(baseUrl: string, traced: boolean) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'web-first-load-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 1,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  await context.addInitScript(WATCHER);
  for (const p of context.pages()) await p.close();
  const out: { figures: RunFigures; events?: TraceEvent[] }[] = [];
  try {
    for (let i = 0; i < MODES.length; i++)
      out.push(await oneRun(context, baseUrl, traced ? startTrace : undefined));
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
  return out;
}

async function main() {
  const webDir = process.env.BENCH_WEB_DIR ? path.resolve(process.env.BENCH_WEB_DIR) : buildWeb();
  const beforeDir = process.env.BENCH_BEFORE_DIR ? path.resolve(process.env.BENCH_BEFORE_DIR) : null;
  const db = await startBenchDatabase();
  const apps: NestExpressApplication[] = [];
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

    const variants: { label: string; dir: string; url: string }[] = [];
    for (const [label, dir] of [
      ...(beforeDir ? ([['before', beforeDir]] as const) : []),
      [beforeDir ? 'after' : 'this build', webDir] as const,
    ]) {
      const { app, url } = await startApp(db, dir);
      apps.push(app);
      variants.push({ label, dir, url });
    }
    console.log(
      `web first load: ${RUNS} runs each, ${VIEWPORT.width}×${VIEWPORT.height}, CPU ${CPU_SLOWDOWN}× slower, ` +
        `${DOWN_BPS / 1e6} Mbps down / ${UP_BPS / 1e3} kbps up, ${RTT_MS} ms RTT; ` +
        variants.map((v) => `${v.label}: ${path.relative(ROOT, v.dir) || v.dir}`).join(', ') +
        `; load average ${loadavg()} (${os.cpus().length} cores)`,
    );

    const figures = new Map<string, Record<Mode, RunFigures[]>>(
      variants.map((v) => [v.label, { cold: [], warm: [], 'warm+': [] }]),
    );
    const loads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      for (const v of variants) {
        const runs = await visitThrice(v.url, false);
        runs.forEach((r, k) => figures.get(v.label)![MODES[k]].push(r.figures));
        loads.push(os.loadavg()[0]);
      }
    }
    for (const mode of MODES)
      for (const v of variants)
        for (const line of summarize(`${mode} ${v.label}`, figures.get(v.label)![mode])) console.log(line);
    console.log(
      `load average (1 min) during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, now ${loadavg()}`,
    );
    for (const v of variants) {
      const coldBytes = median(figures.get(v.label)!.cold.map((r) => r.bytes));
      const floor = (coldBytes * 8) / DOWN_BPS + (3 * RTT_MS) / 1000;
      console.log(
        `floor cold (${v.label}): ${(coldBytes / 1024).toFixed(0)} KB at ${DOWN_BPS / 1e6} Mbps + 3 × ${RTT_MS} ms = ` +
          `${floor.toFixed(2)} s (targets: FCP and login < 2.0 s cold, < 0.5 s warm)`,
      );
    }
    if (TRACE) {
      for (const v of variants) {
        const runs = await visitThrice(v.url, true);
        runs.forEach((r, k) => {
          console.log(
            `traced ${MODES[k]} ${v.label} (tracing slows it; login ${sec(r.figures.login)}, app ${sec(r.figures.app)}):`,
          );
          for (const line of readTrace(r.events ?? [])) console.log(line);
        });
      }
    }
  } finally {
    for (const app of apps) await app.close().catch(() => undefined);
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
