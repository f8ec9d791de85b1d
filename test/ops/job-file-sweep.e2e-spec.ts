import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp } from '../helpers/test-app';

const ROOT = join(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Instance {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

interface SweepJob {
  state: string;
  createdOn: Date;
  output: { deleted?: number; worker?: string } | null;
}

/**
 * Expired job files are swept on the queue's schedule, once per due time across instances (issue
 * 16): two API processes with workers on one database, a sweep every minute; each due time is one
 * pg-boss job run by one of them, never one per instance, and each expired file is deleted once.
 */
describe('the job files sweep across two instances (e2e, child processes)', () => {
  let t: TestApp;
  let dataDir: string;
  const instances: Instance[] = [];

  async function startInstance(name: string): Promise<Instance> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'scripts/run.js'), 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: t.runtimeUrl,
        DATABASE_OWNER_URL: t.ownerUrl,
        DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        MFA_REQUIRED_ROLES: '',
        SEED_DEMO: 'false',
        SHUTDOWN_GRACE_SECONDS: '2',
        JOB_WORKERS: 'true',
        JOB_FILE_SWEEP_CRON: '* * * * *',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const instance: Instance = { child, output: () => out, exited };
    instances.push(instance);
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited: ${out}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return instance;
      if (Date.now() > deadline) throw new Error(`${name} did not start: ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** A finished job with a file that expires `expiresIn` from now (negative: expired). */
  async function fileOfJob(expiresIn: string): Promise<string> {
    const [{ id }]: { id: string }[] = await t.ds.query(
      `INSERT INTO jobs (id, kind, status, finished_at) VALUES (gen_random_uuid(), 'export', 'done', now()) RETURNING id`,
    );
    await t.ds.query(
      `INSERT INTO job_files (job_id, name, ascii_name, content_type, size, roles, audit_action, expires_at)
       VALUES ($1, 'f.csv', 'f.csv', 'text/csv', 3, ARRAY['officer'], 'export.visits.file', now() + $2::interval)`,
      [id, expiresIn],
    );
    await t.ds.query(`INSERT INTO job_file_chunks (job_id, seq, data) VALUES ($1, 0, '\\x616263')`, [id]);
    return id;
  }

  const sweeps = (): Promise<SweepJob[]> =>
    t.ds.query(
      `SELECT state, created_on AS "createdOn", output FROM pgboss.job WHERE name = 'job_files_sweep'
       UNION ALL
       SELECT state, created_on, output FROM pgboss.archive WHERE name = 'job_files_sweep'
       ORDER BY 2`,
    );
  const filesLeft = async (ids: string[]) =>
    Number(
      (
        await t.ds.query(
          `SELECT (SELECT count(*) FROM job_files WHERE job_id = ANY($1)) + (SELECT count(*) FROM job_file_chunks WHERE job_id = ANY($1)) AS n`,
          [ids],
        )
      )[0].n,
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'job-file-sweep-'));
    // the test's own app runs no workers (and so keeps no schedule): only the two children sweep
    t = await TestApp.create({ DATA_DIR: dataDir, JOB_WORKERS: 'false' });
  }, 120_000);

  afterAll(async () => {
    for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGTERM');
    await Promise.all(instances.map((i) => i.exited));
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('every due time is swept once, by one of the two; expired files go, fresh ones stay', async () => {
    const expired = [await fileOfJob('-1 hour'), await fileOfJob('-1 second'), await fileOfJob('-2 days')];
    const fresh = await fileOfJob('1 hour');
    const started = Date.now();
    const [a, b] = await Promise.all([startInstance('A'), startInstance('B')]);
    const pids = [a.child.pid, b.child.pid];

    // the first sweep (at start: the cron is due every minute) deletes the expired files
    let deadline = Date.now() + 90_000;
    while ((await filesLeft(expired)) > 0) {
      if (Date.now() > deadline)
        throw new Error(`not swept: ${JSON.stringify(await sweeps())}\n${a.output()}\n${b.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // and the next minute's sweep comes too: one job, not one per instance
    deadline = Date.now() + 100_000;
    while ((await sweeps()).filter((s) => s.state === 'completed').length < 2) {
      if (Date.now() > deadline) throw new Error(`one sweep only: ${JSON.stringify(await sweeps())}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    // a little longer: a second instance's sweep of the same due time would show by now
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const all = await sweeps();
    const minutes = (Date.now() - started) / 60_000;
    expect(all.every((s) => s.state === 'completed')).toBe(true);
    // one per due time (a minute): two instances sweeping on their own would make twice as many
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.length).toBeLessThanOrEqual(Math.ceil(minutes) + 1);
    for (let i = 1; i < all.length; i++)
      expect(all[i].createdOn.getTime() - all[i - 1].createdOn.getTime()).toBeGreaterThan(25_000);
    // each run names its worker (one of the two processes); every expired file was deleted once
    for (const s of all) expect(pids.some((pid) => s.output?.worker?.includes(`:${pid}:`))).toBe(true);
    expect(all.reduce((n, s) => n + (s.output?.deleted ?? 0), 0)).toBe(expired.length);
    expect(await filesLeft(expired)).toBe(0);
    expect(await filesLeft([fresh])).toBe(2);
    // the schedule is one row whoever registered it
    const schedules: { name: string; cron: string; timezone: string }[] = await t.ds.query(
      `SELECT name, cron, timezone FROM pgboss.schedule`,
    );
    expect(schedules).toEqual([{ name: 'job_files_sweep', cron: '* * * * *', timezone: 'Asia/Tokyo' }]);
  }, 300_000);
});
