/**
 * Exports benchmark: 1,000,000 visits streamed to CSV (UTF-8, Shift_JIS) and to XLSX through HTTP
 * (GET /api/v1/exports/visits.csv|.xlsx as hq), inline (the GET answers the file) and as a job
 * (`async=true`: 202 {jobId}, polled, then `GET /jobs/:id/file`), beside PostgreSQL's own
 * `COPY (the same SELECT) TO STDOUT` in the same run.
 *
 *   BENCH_KEEP_DIR=/tmp/bench-exports node scripts/run.js bench/exports.ts
 *
 * Per path it prints: rate vs COPY, peak RSS of the server process (every thread of it: the API
 * thread and its render workers, sampled from /proc/<pid>/status every 20 ms), the largest and the
 * p99 event-loop delay of the API thread (prom-client's `monitorEventLoopDelay` histogram, read
 * from the server's metrics port before and after the export; the read resets it), and
 * `/health/live` p95 (a probe every 20 ms, another user's request) during it; with the load
 * average and an idle control (30 s of the same probes, no export) of the same run. Each path
 * gets a freshly started server, so its peak RSS is its own (not what an earlier path left on the
 * heap); the control's RSS shows what the probes alone make the server grow to.
 * Targets: event loop max ≤ 50 ms on every path, peak RSS < 300 MB, CSV inline ≈ 1.0× COPY.
 *
 *   BENCH_VISITS=100000    smaller data while tuning (default 1,000,000)
 *   BENCH_KEEP_DIR=<dir>   keep the seeded database between runs
 *   BENCH_MODES=inline,job which paths to run (default both)
 *   BENCH_ONLY=xlsx,csv,sjis  which files (default all three)
 *   BENCH_IDLE_SECONDS=30  length of the idle control (its RSS grows with the probes alone)
 *
 * The API server runs as in production (compiled, `node dist/apps/api/src/main.js`, with the
 * image's NODE_OPTIONS read from the Dockerfile: its heap settings decide the RSS) in a child
 * process, apart from the HTTP client that reads the file.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { inlineParams, selectCsv, visitExportQuery } from '../apps/api/src/exports/exports.sql';
import { login, seedBenchData, startBenchDatabase, stopBenchDatabase } from './coverage';
import { compileServer, IMAGE_NODE_OPTIONS, startServerProcess } from './lib/server-process';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The peak RSS of the running withRss (a job's peak while its file was made, before the download). */
let peakSoFar = 0;

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
    peakSoFar = peakRss;
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

/** GET /health/live every 20 ms (one at a time) while `fn` runs: its latencies' p95 and max. */
async function withLiveProbe<T>(base: string, fn: () => Promise<T>) {
  const times: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t0 = performance.now();
      await fetch(`${base}/health/live`).then((r) => r.arrayBuffer());
      times.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return { result: await fn(), live: times };
  } finally {
    running = false;
    await probe;
  }
}

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] : NaN;
};

type Server = Awaited<ReturnType<typeof startServerProcess>>;

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface PathResult {
  rows: number;
  rate: number;
  rss: number;
  startRss: number;
  loopMax: number;
  loopP99: number;
  live: number;
  load: string;
}

async function main(): Promise<void> {
  const VISITS = Number(process.env.BENCH_VISITS ?? 1_000_000);
  const modes = (process.env.BENCH_MODES ?? 'inline,job').split(',');
  const files = (process.env.BENCH_ONLY ?? 'xlsx,csv,sjis').split(',');
  console.log(`exports benchmark: ${VISITS} visits (approved or submitted) across 20 stations`);
  console.log(`  load average at start ${loadAverage()} (${availableParallelism()} cores)`);
  console.log(
    `  server: node dist/apps/api/src/main.js, NODE_OPTIONS=${IMAGE_NODE_OPTIONS || '(none)'} (the image's)`,
  );
  const env = await startBenchDatabase();
  try {
    await seedBenchData(env.client, {
      organizations: Math.max(1000, Math.round(VISITS / 10)),
      visits: VISITS,
      exportable: true,
    });
    compileServer();
    /** A freshly started server for `fn`, stopped after it. */
    const withServer = async <T>(fn: (server: Server, auth: Record<string, string>) => Promise<T>) => {
      const server = await startServerProcess(env.url);
      try {
        const token = await login(server.base, 'hq_bench');
        // settle: the first requests' lazy initialisation is not the export's
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return await fn(server, { authorization: `Bearer ${token}` });
      } finally {
        await server.stop();
      }
    };
    const readBody = async (res: Response) => {
      if (!res.ok || !res.body) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
      let bytes = 0;
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
      return bytes;
    };
    /** The GET answers the file (the server's EXPORT_ASYNC_ROWS is above any estimate here). */
    const inline = async (base: string, auth: Record<string, string>, path: string) =>
      readBody(await fetch(`${base}/api/v1/exports/${path}`, { headers: auth }));
    let madePeak = 0;
    /** As a job: 202 {jobId}, poll every 250 ms, then download the kept file. */
    const asJob = async (base: string, auth: Record<string, string>, path: string) => {
      const sep = path.includes('?') ? '&' : '?';
      const res = await fetch(`${base}/api/v1/exports/${path}${sep}async=true`, { headers: auth });
      if (res.status !== 202) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      const { jobId } = (await res.json()) as { jobId: string };
      for (;;) {
        const job = (await (await fetch(`${base}/api/v1/jobs/${jobId}`, { headers: auth })).json()) as {
          status: string;
          error?: unknown;
        };
        if (job.status === 'done') break;
        if (job.status !== 'queued' && job.status !== 'running')
          throw new Error(`job ${jobId}: ${job.status} ${JSON.stringify(job.error)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      madePeak = peakSoFar;
      return readBody(await fetch(`${base}/api/v1/jobs/${jobId}/file`, { headers: auth }));
    };
    const lastRowCount = async () => {
      const r = await env.client.query(
        `SELECT coalesce((changes->>'rowCount')::int, (changes->>'estimatedRows')::int) AS n FROM audit_events
          WHERE action = 'export.visits' ORDER BY occurred_at DESC LIMIT 1`,
      );
      return (r.rows[0] as { n: number }).n;
    };
    const jobRows = async () => {
      const r = await env.client.query(
        `SELECT (result->>'rows')::int AS n FROM jobs WHERE kind = 'export' ORDER BY created_at DESC LIMIT 1`,
      );
      return (r.rows[0] as { n: number }).n;
    };
    const line = (
      name: string,
      rows: number,
      m: { ms: number; peakRss: number; startRss: number },
      bytes: number,
    ) => {
      const rate = rows / (m.ms / 1000);
      console.log(
        `  ${name.padEnd(36)} ${rows} rows in ${(m.ms / 1000).toFixed(2)} s = ${Math.round(rate).toLocaleString('en')} rows/s, ` +
          `${mb(bytes)}, RSS ${mb(m.startRss)} → peak ${mb(m.peakRss)}`,
      );
      return rate;
    };

    // The control: the same probes with no export (what the shared machine's load alone does).
    const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
    const idle = await withServer(async (server) => {
      await server.loop();
      const probe = await withLiveProbe(server.base, () =>
        withRss(() => new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000)), server.rss),
      );
      return {
        loop: await server.loop(),
        live: p95(probe.live),
        rss: probe.result.peakRss,
        load: loadAverage(),
      };
    });
    console.log(
      `  ${`no export (${idleSeconds} s, control)`.padEnd(36)} event loop max ${idle.loop.max.toFixed(1)} ms, p99 ${idle.loop.p99.toFixed(1)} ms; ` +
        `/health/live p95 ${idle.live.toFixed(1)} ms; RSS ${mb(idle.rss)}; load ${idle.load}`,
    );

    const results: Record<string, PathResult> = {};
    const targets: Record<string, { label: string; path: string }> = {
      xlsx: { label: 'visits.xlsx (hq)', path: 'visits.xlsx' },
      csv: { label: 'visits.csv (hq, UTF-8)', path: 'visits.csv' },
      sjis: { label: 'visits.csv (hq, Shift_JIS)', path: 'visits.csv?encoding=shift_jis' },
    };
    for (const mode of modes)
      for (const file of files) {
        const target = targets[file];
        if (!target) throw new Error(`BENCH_ONLY: unknown file ${file}`);
        const name = `${mode}: ${target.label}`;
        results[`${mode} ${file}`] = await withServer(async (server, auth) => {
          const run = mode === 'job' ? asJob : inline;
          await server.loop(); // resets the server's histogram
          const m = await withLiveProbe(server.base, () =>
            withRss(() => run(server.base, auth, target.path), server.rss),
          );
          const loop = await server.loop();
          const load = loadAverage();
          const rows = await (mode === 'job' ? jobRows : lastRowCount)();
          const rate = line(name, rows, m.result, m.result.result);
          console.log(
            `  ${''.padEnd(36)} event loop max ${loop.max.toFixed(1)} ms, p99 ${loop.p99.toFixed(1)} ms; ` +
              `/health/live p95 ${p95(m.live).toFixed(1)} ms, max ${Math.max(...m.live).toFixed(1)} ms ` +
              `(${m.live.length} probes); load ${load}` +
              (mode === 'job' ? `; peak RSS until the file was made ${mb(madePeak)}` : ''),
          );
          return {
            rows,
            rate,
            rss: m.result.peakRss,
            startRss: m.result.startRss,
            loopMax: loop.max,
            loopP99: loop.p99,
            live: p95(m.live),
            load,
          };
        });
      }

    // PostgreSQL's own COPY of the same SELECT, read by a plain pg client in this process.
    const query = visitExportQuery({ scope: () => 'TRUE', includeOfficers: false });
    const sql = inlineParams(selectCsv(query), query.params, (s) => env.client.escapeLiteral(s));
    const raw = await withRss(async () => {
      const stream = env.client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv)`));
      const sink = byteCounter();
      await pipeline(stream, sink);
      return { rows: stream.rowCount, bytes: sink.bytes };
    });
    const copyRate = line('raw COPY … TO STDOUT (same SELECT)', raw.result.rows, raw, raw.result.bytes);
    console.log(`  load average at end ${loadAverage()} (${availableParallelism()} cores)`);
    console.log('');
    console.log(
      `  ${'path'.padEnd(12)} ${'rate/COPY'.padStart(9)} ${'peak RSS'.padStart(9)} ${'loop max'.padStart(9)} ` +
        `${'loop p99'.padStart(9)} ${'live p95'.padStart(9)}  load (1/5/15 min)`,
    );
    console.log(
      `  ${'idle'.padEnd(12)} ${'-'.padStart(9)} ${mb(idle.rss).padStart(9)} ${`${idle.loop.max.toFixed(1)} ms`.padStart(9)} ` +
        `${`${idle.loop.p99.toFixed(1)} ms`.padStart(9)} ${`${idle.live.toFixed(1)} ms`.padStart(9)}  ${idle.load}`,
    );
    for (const [name, r] of Object.entries(results))
      console.log(
        `  ${name.padEnd(12)} ${`${(r.rate / copyRate).toFixed(2)}×`.padStart(9)} ${mb(r.rss).padStart(9)} ` +
          `${`${r.loopMax.toFixed(1)} ms`.padStart(9)} ${`${r.loopP99.toFixed(1)} ms`.padStart(9)} ` +
          `${`${r.live.toFixed(1)} ms`.padStart(9)}  ${r.load}`,
      );
    console.log(
      `  raw COPY ${Math.round(copyRate).toLocaleString('en')} rows/s; targets: loop max ≤ 50 ms every path, ` +
        'peak RSS < 300 MB, CSV inline ≈ 1.0× COPY',
    );
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
