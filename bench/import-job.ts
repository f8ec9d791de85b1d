/**
 * Issue 16 benchmark: a register import as a job, watched through the API, while others search.
 *
 *   node scripts/run.js bench/import-job.ts [--rows 200000] [--registry 300000]
 *
 * A throwaway embedded PostgreSQL; station A holds `--registry` organizations (set-based load, as
 * bench/organization-search.ts builds them); a generated register file of `--rows` records
 * (test/fixtures/nta/gen-nta-csv.mjs) is imported into station B through POST
 * /organizations/import?async=true, twice: with the worker inside the API process (the default)
 * and with a separate `npm run worker` process. Meanwhile:
 * - GET /jobs/:id is polled every 100 ms: progress updates seen per second (distinct answers),
 *   the longest stretch without one;
 * - a station-A officer searches (GET /organizations?q=…, 4 query shapes, one after another), each
 *   request followed by the same SQL run raw (buildListSql/runListSql) as the baseline;
 * and the same searches idle, before the import. Prints p50/p95 of both, idle vs during.
 * The registry is larger than the import, so this is the routine path (search indexes kept, their
 * pending entries merged at the end); a first bulk load keeps them too and swaps in replacements
 * built beside them at the end (register-import README). The write phase moves per chunk of
 * records written: its progress updates per second are printed apart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { buildListSql, runListSql } from '../apps/api/src/organizations/organizations.repository';
import { hashPassword } from '../libs/auth/password';
import { loadConfig } from '../libs/config/app-config';
import { todayJst } from '../libs/japanese/jst';
import { startBenchApp, startBenchDatabase } from './lib/bench-app';
import { percentile, printTable } from './lib/load';
import { generateSql } from './organization-search';

const ROOT = path.resolve(__dirname, '..');
const CITIES = ['35208', '35321', '35201', '35202', '35203', '35215', '35212', '35210'];
const SHAPES: [string, string][] = [
  ['2 chars (岩国)', '岩国'],
  ['2 chars hiragana (いわ)', 'いわ'],
  ['3+ chars (岩国精密)', '岩国精密'],
  ['broad (工業)', '工業'],
];

const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

async function generate(file: string, rows: number, seed: number): Promise<void> {
  const out = openSync(file, 'w');
  try {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'test/fixtures/nta/gen-nta-csv.mjs'), '--rows', String(rows), '--seed', String(seed)],
      { stdio: ['ignore', out, 'inherit'] },
    );
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`gen-nta-csv.mjs exited with ${code}`);
  } finally {
    closeSync(out);
  }
}

function request(
  agent: http.Agent,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
  });
}

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function login(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench-password' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

interface Job {
  status: string;
  progress: Record<string, unknown> & { done: number; total: number; phase?: string; step?: string };
  result?: { rows: number; inserted: number; updated: number; durationMs: number } | null;
  error?: { message: string } | null;
}

interface Searcher {
  api: number[];
  sql: number[];
}

/** Searches one after another (API, then the same SQL raw) until `stop()` is true. */
async function search(
  baseUrl: string,
  token: string,
  stationId: string,
  pool: Pool,
  stop: () => boolean,
  max = Infinity,
): Promise<Searcher> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { authorization: `Bearer ${token}` };
  const cadence = loadConfig({ NODE_ENV: 'production' }).cadenceDays;
  const out: Searcher = { api: [], sql: [] };
  for (let i = 0; !stop() && i < max; i++) {
    const [, q] = SHAPES[i % SHAPES.length];
    const url = `${baseUrl}/api/v1/organizations?pageSize=50&q=${encodeURIComponent(q)}`;
    const sql = buildListSql({ stationId, q }, { limit: 50, offset: 0, orderBy: null }, cadence, todayJst());
    out.api.push(
      await time(async () => {
        const res = await request(agent, url, headers);
        if (res.status !== 200) throw new Error(`search ${q}: HTTP ${res.status} ${res.body}`);
      }),
    );
    out.sql.push(
      await time(() =>
        runListSql(
          async <R>(text: string, params: unknown[]) => (await pool.query(text, params)).rows as R[],
          sql,
          { limit: 50, offset: 0 },
        ),
      ),
    );
  }
  agent.destroy();
  return out;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95) };
};

async function runJob(opts: {
  label: string;
  baseUrl: string;
  importerToken: string;
  searchToken: string;
  searchStationId: string;
  pool: Pool;
  file: string;
}) {
  const form = new FormData();
  form.append('async', 'true');
  form.append('file', new Blob([readFileSync(opts.file)]), path.basename(opts.file));
  const posted = Date.now();
  const res = await fetch(`${opts.baseUrl}/api/v1/organizations/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${opts.importerToken}` },
    body: form,
  });
  if (res.status !== 202) throw new Error(`import: HTTP ${res.status} ${await res.text()}`);
  const { jobId } = (await res.json()) as { jobId: string };
  const accepted = Date.now();
  let ended = false;
  let last = '';
  const updates: { at: number; progress: Job['progress'] }[] = [];
  let job: Job | undefined;
  let firstRunning = 0;
  let doneAt = 0;
  const poller = (async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const headers = { authorization: `Bearer ${opts.importerToken}` };
    while (!ended) {
      const r = await request(agent, `${opts.baseUrl}/api/v1/jobs/${jobId}`, headers);
      job = JSON.parse(r.body) as Job;
      if (job.status === 'running' && !firstRunning) firstRunning = Date.now();
      const key = JSON.stringify(job.progress);
      if (job.status === 'running' && key !== last) updates.push({ at: Date.now(), progress: job.progress });
      last = key;
      if (['done', 'failed', 'cancelled'].includes(job.status)) {
        ended = true;
        doneAt = Date.now();
      } else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    agent.destroy();
  })();
  const during = await search(opts.baseUrl, opts.searchToken, opts.searchStationId, opts.pool, () => ended);
  await poller;
  if (!job || job.status !== 'done')
    throw new Error(`${opts.label}: job ${job?.status}: ${job?.error?.message}`);
  // over the whole run (first running answer to done), and within the counted phases (reading,
  // search text: rows done of the total); the longest stretch without a change is the set-based write
  const runningMs = doneAt - firstRunning;
  const times = [...updates.map((u) => u.at), doneAt];
  let longestGap = 0;
  for (let i = 1; i < times.length; i++) longestGap = Math.max(longestGap, times[i] - times[i - 1]);
  const counted = updates.filter((u) => u.progress.phase === 'reading' || u.progress.step === 'search_text');
  const countedMs = counted.length > 1 ? counted[counted.length - 1].at - counted[0].at : 0;
  const writing = updates.find((u) => u.progress.step === 'writing');
  // the write phase (chunks of records written, then the search indexes): distinct answers per second
  const writeUpdates = updates.filter((u) => u.progress.step === 'writing' || u.progress.step === 'indexes');
  const writeMs = writing ? doneAt - writing.at : 0;
  let longestWriteGap = 0;
  const writeTimes = [...writeUpdates.map((u) => u.at), doneAt];
  for (let i = 1; i < writeTimes.length; i++)
    longestWriteGap = Math.max(longestWriteGap, writeTimes[i] - writeTimes[i - 1]);
  const phases = [
    ...new Set(updates.map((u) => `${u.progress.phase}${u.progress.step ? `/${u.progress.step}` : ''}`)),
  ];
  return {
    label: opts.label,
    jobId,
    uploadMs: accepted - posted,
    jobSeconds: (Date.now() - accepted) / 1000,
    result: job.result!,
    updates: updates.length,
    runningSeconds: runningMs / 1000,
    updatesPerSecond: runningMs > 0 ? updates.length / (runningMs / 1000) : 0,
    countedUpdatesPerSecond: countedMs > 0 ? (counted.length - 1) / (countedMs / 1000) : 0,
    writingSeconds: writeMs / 1000,
    writingUpdates: writeUpdates.length,
    writingUpdatesPerSecond: writeMs > 0 ? writeUpdates.length / (writeMs / 1000) : 0,
    longestWritingGapMs: longestWriteGap,
    longestGapMs: longestGap,
    phases,
    during,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, registry: { type: 'string' } } });
  const rows = Number(values.rows ?? 200_000);
  const registry = Number(values.registry ?? 300_000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'import-job-bench-'));
  log('starting a throwaway embedded PostgreSQL and migrating');
  const db = await startBenchDatabase();
  const pool = new Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined);
  const apps: { close(): Promise<void> }[] = [];
  let worker: ChildProcess | undefined;
  try {
    const [a] = await db.ds.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes) VALUES ('iwakuni', '岩国警察署', '35', '{35208,35321}') RETURNING id`,
    );
    const [b] = await db.ds.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes) VALUES ('bench-b', 'ベンチ警察署', '35', $1) RETURNING id`,
      [CITIES],
    );
    const hash = await hashPassword('bench-password');
    await db.ds.query(
      `INSERT INTO users (username, display_name, role, station_id, password_hash)
       VALUES ('searcher', 'searcher', 'officer', $1, $3), ('importer', 'importer', 'officer', $2, $3)`,
      [a.id, b.id, hash],
    );
    const indexes: { indexname: string; indexdef: string }[] = await db.ds.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'organizations'
        AND indexname IN ('ix_organizations_search_grams', 'ix_organizations_search_trgm', 'ix_organizations_station_normalized_name')`,
    );
    const client = await pool.connect();
    try {
      await client.query(`SET maintenance_work_mem = '1GB'`);
      for (const ix of indexes) await client.query(`DROP INDEX ${ix.indexname}`);
      const loadMs = await time(() => client.query(generateSql(registry), [a.id]));
      for (const ix of indexes) await client.query(ix.indexdef);
      await client.query(`VACUUM ANALYZE organizations`);
      log(
        `station A: ${registry.toLocaleString()} organizations loaded (${(loadMs / 1000).toFixed(1)} s + indexes)`,
      );
    } finally {
      client.release();
    }
    const files = [path.join(dir, 'register-1.csv'), path.join(dir, 'register-2.csv')];
    await Promise.all(files.map((f, i) => generate(f, rows, 100 + i)));
    const fileMB = (await stat(files[0])).size / 2 ** 20;
    log(`register files: ${rows.toLocaleString()} records, ${fileMB.toFixed(0)} MB each`);

    // 1. worker inside the API process (the default)
    const dataDir = path.join(dir, 'data');
    const inProcess = await startBenchApp(db.runtimeUrl, undefined, {
      DATA_DIR: dataDir,
      JOB_WORKERS: 'true',
    });
    apps.push(inProcess.app);
    const searchToken = await login(inProcess.baseUrl, 'searcher');
    const importerToken = await login(inProcess.baseUrl, 'importer');
    await search(inProcess.baseUrl, searchToken, a.id, pool, () => false, 20); // warm-up
    const idle = await search(inProcess.baseUrl, searchToken, a.id, pool, () => false, 200);
    log(`idle searches: ${idle.api.length}`);
    log('import job 1: worker in the API process …');
    const one = await runJob({
      label: 'new records, worker in the API process',
      baseUrl: inProcess.baseUrl,
      importerToken,
      searchToken,
      searchStationId: a.id,
      pool,
      file: files[0],
    });
    await inProcess.app.close();
    apps.pop();

    // 2. API without workers, `npm run worker` in its own process
    const api = await startBenchApp(db.runtimeUrl, undefined, { DATA_DIR: dataDir, JOB_WORKERS: 'false' });
    apps.push(api.app);
    worker = spawn(process.execPath, [path.join(ROOT, 'scripts/run.js'), 'apps/api/src/worker.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.runtimeUrl,
        DATABASE_OWNER_URL: db.url,
        DATA_DIR: dataDir,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        MFA_REQUIRED_ROLES: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      worker!.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('worker')) resolve();
      });
      worker!.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    log('import job 2: separate worker process …');
    const two = await runJob({
      label: 'same records changed, separate worker',
      baseUrl: api.baseUrl,
      importerToken,
      searchToken,
      searchStationId: a.id,
      pool,
      file: files[1],
    });

    console.log('');
    console.log(
      `import jobs: ${rows.toLocaleString()}-record register files (${fileMB.toFixed(0)} MB) into station B; station A holds ${registry.toLocaleString()} organizations; ${os.cpus().length} CPUs`,
    );
    printTable(
      [one, two].map((r) => ({
        worker: r.label,
        'upload ms': r.uploadMs,
        'job s': r.jobSeconds,
        'inserted/updated': `${r.result.inserted}/${r.result.updated}`,
        'running s': r.runningSeconds,
        'progress updates': r.updates,
        'updates/s (all)': r.updatesPerSecond,
        'updates/s (counted phases)': r.countedUpdatesPerSecond,
        'writing step s': r.writingSeconds,
        'updates/s (writing)': r.writingUpdatesPerSecond,
        'longest gap writing ms': r.longestWritingGapMs,
        'longest gap ms': r.longestGapMs,
      })),
    );
    console.log(`phases seen: ${one.phases.join(' → ')}`);
    console.log('');
    console.log(
      `search GET /organizations?q= (${SHAPES.map((s) => s[1]).join(', ')} in turn), station A, sequential`,
    );
    const row = (label: string, s: Searcher) => {
      const apiS = stats(s.api);
      const sqlS = stats(s.sql);
      return {
        when: label,
        requests: apiS.n,
        'api p50 ms': apiS.p50,
        'api p95 ms': apiS.p95,
        'sql p50 ms': sqlS.p50,
        'sql p95 ms': sqlS.p95,
        'api p95<50ms': apiS.p95 < 50 ? 'yes' : 'NO',
      };
    };
    printTable([
      row('idle', idle),
      row(`during job: ${one.label}`, one.during),
      row(`during job: ${two.label}`, two.during),
    ]);
    console.log(
      JSON.stringify(
        {
          rows,
          registry,
          fileMB: Math.round(fileMB),
          jobs: [one, two].map(({ during, ...r }) => ({
            ...r,
            search: { api: stats(during.api), sql: stats(during.sql) },
          })),
          idle: { api: stats(idle.api), sql: stats(idle.sql) },
        },
        null,
        2,
      ),
    );
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    for (const app of apps) await app.close().catch(() => undefined);
    await pool.end();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
