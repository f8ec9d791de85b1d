import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrg } from '../coverage/factories';
import { JobBody, pollJob } from '../jobs/job-files';

const ROOT = join(__dirname, '../..');

/** supertest: keep the body as raw bytes. */
function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * `npm run worker` (a process that only runs jobs) makes export files with its own render worker:
 * the API instance here runs no jobs; the job is finished by the child process.
 */
describe('export jobs in `npm run worker` (e2e, child process)', () => {
  let t: TestApp;
  let officer: TestUser;
  let child: ChildProcess | undefined;
  let dataDir: string;
  let output = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'export-worker-'));
    t = await TestApp.create({ JOB_WORKERS: 'false', DATA_DIR: dataDir });
    const station = await t.createStation();
    officer = await t.createUser('officer', station.id);
    const org = await createOrg(t.ds, { stationId: station.id, name: '岩国精密工業株式会社' });
    await t.ds.query(
      `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, materials, summary,
         status, created_by, submitted_at, approved_at, approved_by)
       SELECT $1, $2, d, d::date, 'on_site', ARRAY['leak_cases'], ARRAY[]::text[], '概要〜' || g,
              'approved', $3, d + interval '7 hours', d + interval '8 hours', $3
         FROM generate_series(1, 2000) g, LATERAL (SELECT timestamp '2021-01-01' + g * interval '1 hour' AS d) x`,
      [station.id, org, officer.id],
    );
    child = spawn(process.execPath, [join(ROOT, 'scripts/run.js'), 'apps/api/src/worker.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: t.runtimeUrl,
        DATABASE_OWNER_URL: t.ownerUrl,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        MFA_REQUIRED_ROLES: '',
        SEED_DEMO: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the worker process makes the Shift_JIS CSV and the XLSX; the CSV is the direct export’s bytes', async () => {
    const get = (path: string) =>
      t.http().get(`/api/v1/${path}`).set(bearer(officer)).buffer(true).parse(binary);
    for (const path of ['visits.csv?encoding=shift_jis', 'visits.xlsx']) {
      const accepted = await t
        .http()
        .get(`/api/v1/exports/${path}${path.includes('?') ? '&' : '?'}async=true`)
        .set(bearer(officer));
      expect(accepted.status).toBe(202);
      const jobId = (accepted.body as { jobId: string }).jobId;
      const { job } = await pollJob(
        async () =>
          (await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(officer)).expect(200)).body as JobBody,
        undefined,
        120_000,
        200,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; worker output: ${output}`);
      });
      expect(job).toMatchObject({ status: 'done', result: { rows: 2000 } });
      const [row]: { worker: string }[] = await t.ds.query(`SELECT worker FROM jobs WHERE id = $1`, [jobId]);
      expect(row.worker).toContain(`:${child!.pid}:`);
      const file = await get(`jobs/${jobId}/file`);
      expect(file.status).toBe(200);
      if (path.endsWith('.xlsx')) expect((file.body as Buffer).subarray(0, 2).toString()).toBe('PK');
      else {
        const direct = await get(`exports/${path}${path.includes('?') ? '&' : '?'}async=false`);
        expect((file.body as Buffer).equals(direct.body as Buffer)).toBe(true);
      }
    }
  });
});
