import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { serverSizing, stopPostmaster } from './embedded-postgres';

describe('serverSizing', () => {
  const GB = 2 ** 30;
  it('gives shared buffers an eighth of the memory, between 128 MB and 1 GB', () => {
    expect(serverSizing(0.5 * GB)).toContain('shared_buffers=128MB');
    expect(serverSizing(4 * GB)).toContain('shared_buffers=512MB');
    expect(serverSizing(24 * GB)).toContain('shared_buffers=1024MB');
  });

  it('comes as -c flags', () => {
    const flags = serverSizing(4 * GB);
    expect(flags.filter((_, i) => i % 2 === 0).every((f) => f === '-c')).toBe(true);
    expect(flags).toContain('max_wal_size=4GB');
  });
});

describe('startEmbeddedPostgres: stopping what it attached to', () => {
  let dir: string;
  const pidFile = () => path.join(dir, 'pg', 'postmaster.pid');
  const postmasterPid = () => Number(readFileSync(pidFile(), 'utf8').split('\n')[0]);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  const currentUser = async (url: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<{ u: string }>('SELECT current_user AS u')).rows[0].u;
    } finally {
      await client.end();
    }
  };

  /**
   * A process of ours (the server, the CLI): starts or attaches to the embedded PostgreSQL of `dir`
   * (outside jest, which cannot load the package's ES module), stops it when told to.
   */
  interface AppProcess {
    child: ChildProcess;
    url: string;
    runtimeUrl: string;
    logs: string[];
    stop(): Promise<void>;
  }
  async function appProcess(): Promise<AppProcess> {
    const script = `require(${JSON.stringify(require.resolve('@swc-node/register'))});
      const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(__dirname, 'embedded-postgres.ts'))});
      startEmbeddedPostgres(process.argv[1], { log: (m) => process.stderr.write('log: ' + m + '\\n') }).then((db) => {
        process.stdout.write(JSON.stringify({ url: db.url, runtimeUrl: db.runtimeUrl }) + '\\n');
        process.stdin.on('data', () => db.stop().then(() => process.stdout.write('{"stopped":true}\\n')));
      });`;
    const child = spawn(process.execPath, ['-e', script, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    const logs: string[] = [];
    child.stderr.on('data', (d: Buffer) =>
      logs.push(
        ...d
          .toString()
          .split('\n')
          .filter((l) => l.startsWith('log: ')),
      ),
    );
    const lines: ((line: Record<string, string>) => void)[] = [];
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) lines.shift()?.(JSON.parse(line));
    });
    const next = () => new Promise<Record<string, string>>((resolve) => lines.push(resolve));
    const ready = await Promise.race([
      next(),
      new Promise<never>((_, reject) =>
        child.once('exit', (code) => reject(new Error(`exited with ${code}`))),
      ),
    ]);
    return {
      child,
      url: ready.url,
      runtimeUrl: ready.runtimeUrl,
      logs,
      stop: async () => {
        const stopped = next();
        child.stdin.write('stop\n');
        await stopped;
        child.kill();
      },
    };
  }
  const killHard = async (p: AppProcess) => {
    const exited = new Promise((resolve) => p.child.once('exit', resolve));
    p.child.kill('SIGKILL');
    await exited;
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'embedded-pg-'));
  });
  afterEach(async () => {
    // Whatever a failed test left behind.
    if (existsSync(pidFile())) await stopPostmaster(postmasterPid());
    await rm(dir, { recursive: true, force: true });
  });

  it('adopts a server left running by a crashed process and stops it', async () => {
    const crashed = await appProcess();
    const pid = postmasterPid();
    await killHard(crashed);
    expect(alive(pid)).toBe(true);

    const next = await appProcess();
    expect(next.logs).toEqual(
      expect.arrayContaining([expect.stringMatching(/left running .*it stops with this process/)]),
    );
    expect(await currentUser(next.url)).toBe('postgres');
    expect(await currentUser(next.runtimeUrl)).toBe('outreach_app');
    await next.stop();
    expect(alive(pid)).toBe(false);
    expect(existsSync(pidFile())).toBe(false);

    // The start after that starts a server of its own on the same cluster.
    const again = await appProcess();
    expect(postmasterPid()).not.toBe(pid);
    await again.stop();
    expect(existsSync(pidFile())).toBe(false);
  }, 120_000);

  it('leaves running a server that a live process of ours started (e.g. the CLI beside the server)', async () => {
    const server = await appProcess();
    const pid = postmasterPid();
    const cli = await appProcess();
    expect(cli.logs).toEqual([expect.stringContaining(`embedded PostgreSQL of process ${server.child.pid}`)]);
    await cli.stop();
    expect(alive(pid)).toBe(true);
    expect(await currentUser(server.runtimeUrl)).toBe('outreach_app');
    await server.stop();
    expect(alive(pid)).toBe(false);
  }, 120_000);
});

describe('stopPostmaster', () => {
  it('returns at once for a process that is gone', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    await expect(stopPostmaster(child.pid!)).resolves.toBeUndefined();
  });

  it('stops a process that ignores SIGINT with SIGQUIT after the timeout', async () => {
    const child = spawn(process.execPath, [
      '-e',
      `process.on('SIGINT', () => {}); setInterval(() => {}, 1000)`,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logs: string[] = [];
    await stopPostmaster(child.pid!, { timeoutMs: 300, log: (m) => logs.push(m) });
    expect(
      child.signalCode ?? (await new Promise((resolve) => child.once('exit', (_c, s) => resolve(s)))),
    ).toBe('SIGQUIT');
    expect(logs).toEqual([expect.stringContaining('immediate shutdown')]);
  });
});
