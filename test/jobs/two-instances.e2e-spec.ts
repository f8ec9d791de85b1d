import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestApp, TestUser } from '../helpers/test-app';
import { AREA, inArea, readRecords, SAMPLE } from '../register-import/register-files';
import {
  ALL_GENERATED_CITIES,
  generateRegister,
  getJob,
  JobBody,
  organizationCount,
  pollJob,
} from './job-files';

const ROOT = join(__dirname, '../..');
const expectedInArea = readRecords().filter((r) => inArea(r)).length;

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
  name: string;
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Two (and more) API processes on one database (issue 16, item 4), as production runs them: the
 * server's own entry point, the restricted runtime role, migrations as the owner, one DATA_DIR.
 */
describe('jobs across API instances (e2e, child processes)', () => {
  let t: TestApp;
  let dataDir: string;
  let bigFile: string;
  const BIG_ROWS = 120_000;
  const instances: Instance[] = [];

  async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
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
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const baseUrl = `http://127.0.0.1:${port}`;
    const instance: Instance = { name, child, baseUrl, output: () => out, exited };
    instances.push(instance);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited: ${out}`);
      const ok = await fetch(`${baseUrl}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return instance;
      if (Date.now() > deadline) throw new Error(`${name} did not start: ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function postImport(instance: Instance, user: TestUser, file: string, name = 'register.csv') {
    const form = new FormData();
    form.append('async', 'true');
    form.append('file', new Blob([readFileSync(file)]), name);
    const res = await fetch(`${instance.baseUrl}/api/v1/organizations/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${user.token}` },
      body: form,
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { jobId: string }).jobId;
  }

  const jobRow = async (id: string) => {
    const [row]: { worker: string | null; attempts: number; status: string }[] = await t.ds.query(
      `SELECT worker, attempts, status FROM jobs WHERE id = $1`,
      [id],
    );
    return row;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jobs-instances-'));
    bigFile = join(dataDir, 'big.csv');
    // The test's own app runs no workers: every job here is run by a child process.
    [t] = await Promise.all([
      TestApp.create({ DATA_DIR: dataDir, JOB_WORKERS: 'false' }),
      generateRegister(bigFile, BIG_ROWS, 7),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGKILL');
    await Promise.all(instances.map((i) => i.exited));
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a job sent to an instance without workers is seen on both and finished by the other', async () => {
    const [a, b] = await Promise.all([
      startInstance('A', { JOB_WORKERS: 'false' }),
      startInstance('B', { JOB_WORKERS: 'true', JOB_STALE_SECONDS: '3' }),
    ]);
    const station = await t.createStation({ municipalityCodes: AREA });
    const officer = await t.createUser('officer', station.id);
    // a token from one instance (the test's app) works on both
    for (const i of [a, b]) {
      const me = await fetch(`${i.baseUrl}/api/v1/auth/me`, {
        headers: { Authorization: `Bearer ${officer.token}` },
      });
      expect(me.status).toBe(200);
    }
    const id = await postImport(a, officer, SAMPLE);
    const { job } = await pollJob(() => getJob(a.baseUrl, officer.token, id));
    expect(job).toMatchObject({ status: 'done', result: { inserted: expectedInArea, rows: 500 } });
    expect(await getJob(b.baseUrl, officer.token, id)).toEqual(job);
    expect((await jobRow(id)).worker).toContain(`:${b.child.pid}:`);
    expect(await organizationCount(t, station.id)).toBe(expectedInArea);
  }, 180_000);

  it('a worker killed mid-import leaves the registry unchanged; another instance retries it once and finishes it', async () => {
    const [a, b] = instances;
    const station = await t.createStation({ municipalityCodes: ALL_GENERATED_CITIES });
    const officer = await t.createUser('officer', station.id);
    const id = await postImport(a, officer, bigFile, 'big.csv');
    await pollJob(
      () => getJob(a.baseUrl, officer.token, id),
      (j) => j.status === 'running' && j.progress.phase === 'merging',
      60_000,
      100,
    );
    b.child.kill('SIGKILL');
    await b.exited;
    expect(await organizationCount(t, station.id)).toBe(0);
    // seen from A: still running (its heartbeat stopped) until a worker reaps and retries it
    expect((await getJob(a.baseUrl, officer.token, id)).status).toBe('running');
    const c = await startInstance('C', { JOB_WORKERS: 'true', JOB_STALE_SECONDS: '3' });
    const { job, seen } = await pollJob(() => getJob(a.baseUrl, officer.token, id), undefined, 150_000, 250);
    expect(job).toMatchObject({ status: 'done', attempts: 2, error: null });
    expect(seen.some((j: JobBody) => j.status === 'queued')).toBe(true);
    expect((await jobRow(id)).worker).toContain(`:${c.child.pid}:`);
    const inserted = (job.result as { inserted: number }).inserted;
    expect(inserted).toBeGreaterThan(BIG_ROWS / 2);
    expect(await organizationCount(t, station.id)).toBe(inserted);
    const [{ dupes }]: { dupes: number }[] = await t.ds.query(
      `SELECT count(*)::int AS dupes FROM (SELECT corporate_number FROM organizations WHERE station_id = $1
        GROUP BY corporate_number HAVING count(*) > 1) d`,
      [station.id],
    );
    expect(dupes).toBe(0);
  }, 300_000);

  it('a worker stopped (SIGTERM) hands its running job back; another finishes it, the attempt not counted', async () => {
    const a = instances[0];
    const c = instances[2];
    const station = await t.createStation({ municipalityCodes: ALL_GENERATED_CITIES });
    const officer = await t.createUser('officer', station.id);
    const id = await postImport(a, officer, bigFile, 'big.csv');
    await pollJob(
      () => getJob(a.baseUrl, officer.token, id),
      (j) => j.status === 'running' && j.progress.phase === 'merging' && j.progress.step !== 'writing',
      60_000,
      100,
    );
    c.child.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    const back = await getJob(a.baseUrl, officer.token, id);
    expect(back).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await organizationCount(t, station.id)).toBe(0);
    const d = await startInstance('D', { JOB_WORKERS: 'true', JOB_STALE_SECONDS: '3' });
    const { job } = await pollJob(() => getJob(a.baseUrl, officer.token, id), undefined, 150_000, 250);
    expect(job).toMatchObject({ status: 'done', attempts: 1 });
    expect((await jobRow(id)).worker).toContain(`:${d.child.pid}:`);
    expect(await organizationCount(t, station.id)).toBe((job.result as { inserted: number }).inserted);
  }, 300_000);
});
