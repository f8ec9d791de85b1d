/**
 * Browser end-to-end tests (issue 7, issue 11): every write journey of the web UI, each checked
 * after a reload, served by the real app over a throwaway embedded PostgreSQL with the demo data,
 * driven by playwright-core with Debian's Chromium.
 *
 *   npm run test:browser                       # 2 workers
 *   BROWSER_WORKERS=3 npm run test:browser     # more (or 1) workers
 *   BROWSER_ONLY='visit|seminar' npm run test:browser   # scenarios whose name matches
 *
 * Builds apps/web (into a folder of its own under test-artifacts/browser-web-builds/, so builds by
 * others do not disturb a run) when its sources are newer than that build, then starts BROWSER_WORKERS
 * worker processes, each with its own database, app and browser (harness.ts), and hands them the
 * scenarios of journeys/*.ts one unit at a time (a unit: one scenario, or a group that must share
 * a database in order), slowest first by the last run's timings. Saves screenshots into
 * test-artifacts/screenshots/ (failures: screenshots/failures/) and copies the dashboard and the
 * visit form into docs/screenshots/ for the README when UPDATE_SCREENSHOTS=1. Ends with the line
 * `N passed, M failed` (also test-artifacts/summary/browser.json) and a non-zero exit code on any
 * failure.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  buildWebIfStale,
  DOCS_SHOTS,
  ROOT,
  runScenario,
  SHOTS,
  startWorld,
  type Scenario,
  type ScenarioResult,
} from './harness';
import { adminJourneys } from './journeys/admin';
import { attachmentJourneys } from './journeys/attachments';
import { taskNotificationJourneys } from './journeys/tasks-notifications';
import { calendarHomeJourneys } from './journeys/calendar-home';
import { authJourneys } from './journeys/auth';
import { consultationJourneys } from './journeys/consultations';
import { councilJourneys } from './journeys/council';
import { councilDocumentJourneys } from './journeys/council-documents';
import { dailyVisitJourneys } from './journeys/daily-visits';
import { documentsActivitiesJourneys } from './journeys/documents-activities';
import { finishingJourneys } from './journeys/finishing';
import { firstLoadJourneys } from './journeys/first-load';
import { exportJobJourneys } from './journeys/export-job';
import { reportJobJourneys } from './journeys/report-job';
import { importJobJourneys } from './journeys/import-job';
import { issue19Journeys } from './journeys/issue19';
import { organizationJourneys } from './journeys/organizations';
import { partnerJourneys } from './journeys/partners';
import { registerImportJourneys } from './journeys/register-import';
import { reportJourneys } from './journeys/reports';
import { seminarJourneys } from './journeys/seminars';
import { targetJourneys } from './journeys/targets';
import { visitJourneys } from './journeys/visits';

const ALL: Scenario[] = [
  ...visitJourneys,
  ...finishingJourneys,
  ...dailyVisitJourneys,
  ...organizationJourneys,
  ...registerImportJourneys,
  ...importJobJourneys,
  ...exportJobJourneys,
  ...reportJobJourneys,
  ...reportJourneys,
  ...authJourneys,
  ...councilJourneys,
  ...councilDocumentJourneys,
  ...seminarJourneys,
  ...documentsActivitiesJourneys,
  ...partnerJourneys,
  ...consultationJourneys,
  ...adminJourneys,
  ...issue19Journeys,
  ...firstLoadJourneys,
  ...attachmentJourneys,
  ...taskNotificationJourneys,
  ...calendarHomeJourneys,
  ...targetJourneys,
];
const TIMINGS = path.join(ROOT, 'test-artifacts', 'browser-timings.json');
const WORKER_SETUP_TIMEOUT_MS = 240_000;

type ToWorker = { type: 'run'; names: string[] } | { type: 'stop' };
type FromWorker =
  | { type: 'ready'; line: string }
  | { type: 'setup-failed'; error: string }
  | { type: 'result'; result: ScenarioResult }
  | { type: 'idle' };

/* ---------------------------------------------------------------- worker */

async function worker(id: number): Promise<void> {
  const send = (m: FromWorker) => process.send?.(m);
  const byName = new Map(ALL.map((s) => [s.name, s]));
  let started: Awaited<ReturnType<typeof startWorld>>;
  try {
    let ready = '';
    const webDir = process.env.BROWSER_WEB_DIR;
    if (!webDir) throw new Error('BROWSER_WEB_DIR is not set (the runner sets it)');
    started = await startWorld(id, webDir, (line) => (ready = line));
    send({ type: 'ready', line: ready });
  } catch (err) {
    const error = String(err instanceof Error ? (err.stack ?? err.message) : err);
    process.send?.({ type: 'setup-failed', error } satisfies FromWorker, () => process.exit(1));
    return;
  }
  const { world, stop } = started;
  let queue = Promise.resolve();
  let finishing: Promise<void> | null = null;
  const finish = () => (finishing ??= stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void finish());
  process.on('message', (m: ToWorker) => {
    queue = queue.then(async () => {
      if (m.type === 'stop') return finish();
      for (const name of m.names) {
        const scenario = byName.get(name);
        const result = scenario
          ? await runScenario(world, scenario)
          : { name, ok: false, seconds: 0, lines: ['    no such scenario'] };
        send({ type: 'result', result });
      }
      send({ type: 'idle' });
    });
  });
  process.once('disconnect', () => void finish());
}

/* ---------------------------------------------------------------- runner */

interface Unit {
  names: string[];
  weight: number;
}

async function units(scenarios: Scenario[]): Promise<Unit[]> {
  const last = (await readFile(TIMINGS, 'utf8').then(
    (t) => JSON.parse(t) as Record<string, number>,
    () => ({}),
  )) as Record<string, number>;
  const groups = new Map<string, Unit>();
  const out: Unit[] = [];
  for (const s of scenarios) {
    const weight = last[s.name] ?? 10;
    if (s.group) {
      const unit = groups.get(s.group);
      if (unit) {
        unit.names.push(s.name);
        unit.weight += weight;
        continue;
      }
      const created = { names: [s.name], weight };
      groups.set(s.group, created);
      out.push(created);
    } else out.push({ names: [s.name], weight });
  }
  return out.sort((a, b) => b.weight - a.weight);
}

async function main(): Promise<number> {
  const t0 = Date.now();
  await mkdir(SHOTS, { recursive: true });
  await mkdir(DOCS_SHOTS, { recursive: true });
  const only = process.env.BROWSER_ONLY ? new RegExp(process.env.BROWSER_ONLY, 'i') : null;
  const chosen = ALL.filter((s) => !only || only.test(s.name));
  const names = new Set<string>();
  for (const s of ALL) {
    if (names.has(s.name)) throw new Error(`two scenarios named ${s.name}`);
    names.add(s.name);
  }
  const queue = await units(chosen);
  const workers = Math.max(1, Math.min(Number(process.env.BROWSER_WORKERS) || 2, queue.length));

  let passed = 0;
  let failed = 0;
  const timings: Record<string, number> = {};
  const report = (r: ScenarioResult, w: number) => {
    if (r.ok) passed++;
    else failed++;
    timings[r.name] = r.seconds;
    console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)} s, w${w})`);
    for (const line of r.lines) console.log(line);
  };

  let webDir = '';
  try {
    webDir = await buildWebIfStale();
  } catch (err) {
    console.log('FAIL setup: web build');
    console.log(String(err));
    failed++;
    queue.length = 0;
  }
  console.log(`${chosen.length} scenarios in ${queue.length} units, ${workers} workers`);

  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  };
  process.once('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  process.once('SIGTERM', () => {
    stopAll();
    process.exit(143);
  });

  const runOne = (id: number) =>
    new Promise<void>((resolve) => {
      const child = fork(
        path.join(ROOT, 'scripts', 'run.js'),
        ['test/browser/run.ts', '--worker', String(id)],
        {
          cwd: ROOT,
          env: { ...process.env, BROWSER_WEB_DIR: webDir },
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        },
      );
      children.push(child);
      const prefix = (chunk: Buffer) =>
        chunk
          .toString()
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => `[w${id}] ${l}`)
          .join('\n');
      child.stdout?.on('data', (c: Buffer) => console.log(prefix(c)));
      child.stderr?.on('data', (c: Buffer) => console.error(prefix(c)));
      let current: Unit | null = null;
      const pending = new Set<string>();
      const setupTimer = setTimeout(() => {
        console.log(`FAIL setup of worker ${id}: not ready after ${WORKER_SETUP_TIMEOUT_MS / 1000} s`);
        failed++;
        child.kill('SIGKILL');
      }, WORKER_SETUP_TIMEOUT_MS);
      const next = () => {
        current = queue.shift() ?? null;
        if (!current) {
          child.send({ type: 'stop' } satisfies ToWorker);
          return;
        }
        for (const n of current.names) pending.add(n);
        child.send({ type: 'run', names: current.names } satisfies ToWorker);
      };
      child.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready':
            clearTimeout(setupTimer);
            console.log(`worker ${id}: ${m.line} (${((Date.now() - t0) / 1000).toFixed(1)} s since start)`);
            next();
            break;
          case 'setup-failed':
            clearTimeout(setupTimer);
            console.log(`FAIL setup of worker ${id}`);
            console.log(m.error);
            failed++;
            break;
          case 'result':
            pending.delete(m.result.name);
            report(m.result, id);
            break;
          case 'idle':
            next();
            break;
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(setupTimer);
        for (const name of pending) {
          report({ name, ok: false, seconds: 0, lines: [`    worker ${id} exited (${code ?? signal})`] }, id);
        }
        pending.clear();
        resolve();
      });
    });

  await Promise.all(Array.from({ length: queue.length > 0 ? workers : 0 }, (_, i) => runOne(i + 1)));
  // units left over when every worker failed to start
  for (const unit of queue.splice(0))
    for (const name of unit.names)
      report({ name, ok: false, seconds: 0, lines: ['    not run: no worker started'] }, 0);

  const previous = await readFile(TIMINGS, 'utf8').then(
    (t) => JSON.parse(t) as Record<string, number>,
    () => ({}),
  );
  await mkdir(path.dirname(TIMINGS), { recursive: true });
  await writeFile(TIMINGS, JSON.stringify({ ...previous, ...timings }, null, 1));
  console.log(
    `screenshots: ${path.relative(ROOT, SHOTS)}/ (${((Date.now() - t0) / 1000).toFixed(1)} s in all, ${workers} workers)`,
  );
  await mkdir(path.join(ROOT, 'test-artifacts', 'summary'), { recursive: true });
  await writeFile(
    path.join(ROOT, 'test-artifacts', 'summary', 'browser.json'),
    JSON.stringify({ passed, failed }),
  );
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

const workerArg = process.argv.indexOf('--worker');
if (workerArg >= 0) {
  void worker(Number(process.argv[workerArg + 1]));
} else {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
