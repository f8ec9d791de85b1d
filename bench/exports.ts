/**
 * Exports benchmark: 1,000,000 visits streamed to CSV and to XLSX through HTTP (GET
 * /api/v1/exports/visits.csv|.xlsx as hq), rows/s and peak RSS, beside PostgreSQL's own
 * `COPY (the same SELECT) TO STDOUT` in the same run.
 *
 *   node scripts/run.js bench/exports.ts
 *
 * Targets: CSV at least half the COPY rate; XLSX peak RSS under 300 MB.
 *
 * The API server runs as in production (compiled, `node dist/apps/api/src/main.js`) in a child
 * process, so its RSS is measured alone (sampled from /proc/<pid>/status every 20 ms), apart from
 * the HTTP client that reads the file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { inlineParams, selectCsv, visitExportQuery } from '../apps/api/src/exports/exports.sql';
import { login, seedBenchData, startBenchDatabase, stopBenchDatabase } from './coverage';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Samples this process's RSS while `fn` runs; returns its duration and the peak. */
async function withRss<T>(
  fn: () => Promise<T>,
  rss: () => number = () => process.memoryUsage.rss(),
): Promise<{ result: T; ms: number; peakRss: number; startRss: number }> {
  const startRss = rss();
  let peakRss = startRss;
  let peak = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, rss());
    if (process.env.BENCH_MEM) {
      const m = process.memoryUsage();
      peak = {
        heapTotal: Math.max(peak.heapTotal, m.heapTotal),
        heapUsed: Math.max(peak.heapUsed, m.heapUsed),
        external: Math.max(peak.external, m.external),
        arrayBuffers: Math.max(peak.arrayBuffers, m.arrayBuffers),
      };
    }
  }, 20);
  const t0 = performance.now();
  try {
    const result = await fn();
    return { result, ms: performance.now() - t0, peakRss: Math.max(peakRss, rss()), startRss };
  } finally {
    clearInterval(timer);
    if (process.env.BENCH_MEM)
      console.log(
        '    peak memory:',
        Object.entries(peak)
          .map(([k, v]) => `${k} ${mb(v)}`)
          .join(', '),
      );
  }
}

function byteCounter(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      sink.bytes += chunk.length;
      callback();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/**
 * The production server (compiled with `npm run build:api`, as `npm start` runs it) alone in a
 * child process over the benchmark database; resolves with its base URL and an RSS probe.
 */
async function startServerProcess(url: string) {
  const build = spawnSync(
    process.execPath,
    [
      path.join('node_modules', '@swc', 'cli', 'bin', 'swc.js'),
      'apps/api/src',
      'libs',
      'migrations',
      '-d',
      'dist',
      '--copy-files',
      '-q',
      '--ignore',
      '**/*.spec.ts',
    ],
    {
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('compiling the API failed');
  const port = await freePort();
  const child = spawn(process.execPath, [path.join('dist', 'apps', 'api', 'src', 'main.js')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      RATE_LIMIT_EXPORTS_PER_MINUTE: '100000',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const rss = () => {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  };
  return { base, rss, stop: () => child.kill('SIGINT') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const VISITS = 1_000_000;
  console.log(`exports benchmark: ${VISITS} visits (approved or submitted) across 20 stations`);
  const env = await startBenchDatabase();
  try {
    await seedBenchData(env.client, { organizations: 100_000, visits: VISITS, exportable: true });
    const server = await startServerProcess(env.url);
    const base = server.base;
    try {
      const token = await login(base, 'hq_bench');
      const download = async (path: string) => {
        const res = await fetch(`${base}/api/v1/exports/${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!res.ok || !res.body) throw new Error(`${path}: ${res.status}`);
        let bytes = 0;
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
        }
        return bytes;
      };
      const lastRowCount = async () => {
        const r = await env.client.query(
          `SELECT (changes->>'rowCount')::int AS n FROM audit_events WHERE action = 'export.visits' ORDER BY occurred_at DESC LIMIT 1`,
        );
        return (r.rows[0] as { n: number }).n;
      };
      const report = (
        name: string,
        rows: number,
        m: { ms: number; peakRss: number; startRss: number },
        bytes: number,
      ) => {
        const rate = rows / (m.ms / 1000);
        console.log(
          `  ${name.padEnd(34)} ${rows} rows in ${(m.ms / 1000).toFixed(2)} s = ${Math.round(rate).toLocaleString('en')} rows/s, ` +
            `${mb(bytes)}, RSS ${mb(m.startRss)} → peak ${mb(m.peakRss)}`,
        );
        return rate;
      };

      const xlsx = await withRss(() => download('visits.xlsx'), server.rss);
      report('HTTP visits.xlsx (hq)', await lastRowCount(), xlsx, xlsx.result);
      if (process.env.BENCH_ONLY === 'xlsx') return;
      const csv = await withRss(() => download('visits.csv'), server.rss);
      const csvRate = report('HTTP visits.csv (hq, UTF-8)', await lastRowCount(), csv, csv.result);
      const sjis = await withRss(() => download('visits.csv?encoding=shift_jis'), server.rss);
      report('HTTP visits.csv (hq, Shift_JIS)', await lastRowCount(), sjis, sjis.result);

      // PostgreSQL's own COPY of the same SELECT, read by a plain pg client in this process.
      const query = visitExportQuery({ scope: () => 'TRUE', includeOfficers: false });
      const sql = inlineParams(selectCsv(query), query.params, (s) => env.client.escapeLiteral(s));
      const raw = await withRss(async () => {
        const stream = env.client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv)`));
        const sink = byteCounter();
        await pipeline(stream, sink);
        return { rows: stream.rowCount, bytes: sink.bytes };
      });
      const copyRate = report('raw COPY … TO STDOUT (same SELECT)', raw.result.rows, raw, raw.result.bytes);
      console.log(
        `  CSV / COPY rate: ${(csvRate / copyRate).toFixed(2)} (target ≥ 0.5); XLSX peak RSS ${mb(xlsx.peakRss)} (target < 300 MB)`,
      );
    } finally {
      server.stop();
    }
  } finally {
    await stopBenchDatabase(env);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
