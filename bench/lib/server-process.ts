/**
 * The production API server in a child process of a benchmark: compiled as `npm run build:api`
 * compiles it, started as the image starts it (`node dist/apps/api/src/main.js` with the image's
 * NODE_OPTIONS, read from the Dockerfile: its heap settings decide the RSS), over the benchmark's
 * database, apart from the benchmark's own HTTP client and its event loop.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { imageCommand } from '../../test/ops/docker-files';

/** Compiles the API into dist/ (SWC, as `npm run build:api`). */
export function compileServer(): void {
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
}

/** The production image's NODE_OPTIONS (its V8 heap settings), as `docker run` would start it. */
export const IMAGE_NODE_OPTIONS = imageCommand().env.NODE_OPTIONS ?? '';

/**
 * The compiled server alone in a child process over the benchmark database (`settings`: more of its
 * environment; `nodeArgs`: node's own flags, e.g. --cpu-prof); resolves with its base URL, an RSS
 * probe, its event loop's delays, its API thread's run-queue wait and a stop.
 */
export async function startServerProcess(
  url: string,
  settings: Record<string, string> = {},
  nodeArgs: string[] = [],
) {
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, path.join('dist', 'apps', 'api', 'src', 'main.js')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      NODE_OPTIONS: IMAGE_NODE_OPTIONS,
      RATE_LIMIT_EXPORTS_PER_MINUTE: '100000',
      METRICS_PORT: String(metricsPort),
      MFA_REQUIRED_ROLES: '',
      EXPORT_ASYNC_ROWS: '100000000',
      ...settings,
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
  /**
   * The largest and the p99 event-loop delay (ms) since the last call (prom-client's
   * monitorEventLoopDelay histogram, reset on each read).
   */
  const loop = async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const read = (name: string) => {
      const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
      return m ? Number(m[1]) * 1000 : NaN;
    };
    return { max: read('nodejs_eventloop_lag_max_seconds'), p99: read('nodejs_eventloop_lag_p99_seconds') };
  };
  /**
   * The API thread's (the process's main thread) time on a core and waiting in the run queue for
   * one, in ms since it started (/proc/<pid>/task/<pid>/schedstat): an event-loop delay while the
   * thread waited for a core is the machine's load, not work on the loop.
   */
  const mainThread = () => {
    const [onCpu, waiting] = readFileSync(`/proc/${child.pid}/task/${child.pid}/schedstat`, 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return { cpuMs: onCpu / 1e6, waitMs: waiting / 1e6 };
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return { base, rss, loop, mainThread, stop };
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
