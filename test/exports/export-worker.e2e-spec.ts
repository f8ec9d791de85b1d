import ExcelJS from 'exceljs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { RenderPool } from '../../apps/api/src/reports/render-pool';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrg } from '../coverage/factories';
import { JobBody, pollJob } from '../jobs/job-files';

/**
 * Exports are made in a render worker (its own connection; encoding and zipping off the API's
 * event loop): a client that goes away stops the worker's query, a worker that dies cuts the
 * transfer or fails the job with a code, and the next export gets a new worker.
 */
describe('exports in the render worker (e2e)', () => {
  let t: TestApp;
  let officer: TestUser;
  let base: string;
  const VISITS = 30_000;
  /** Visits in January 2020: one an hour from 01:00 on the 1st. */
  const JANUARY = 31 * 24 - 1;

  beforeAll(async () => {
    t = await TestApp.create({ LOG_LEVEL: 'silent' });
    const station = await t.createStation();
    officer = await t.createUser('officer', station.id);
    const org = await createOrg(t.ds, { stationId: station.id, name: '大量訪問株式会社' });
    await t.ds.query(
      `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, materials, summary,
         status, created_by, submitted_at, approved_at, approved_by)
       SELECT $1, $2, d, d::date, 'on_site', ARRAY['leak_cases'], ARRAY[]::text[], repeat('概要', 40) || g,
              'approved', $3, d + interval '7 hours', d + interval '8 hours', $3
         FROM generate_series(1, ${VISITS}) g, LATERAL (SELECT timestamp '2020-01-01' + g * interval '1 hour' AS d) x`,
      [station.id, org, officer.id],
    );
    const server = t.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  /** The worker's own database sessions (application_name 'outreach-crm export'). */
  const exportSessions = async () => {
    const [{ n }]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'outreach-crm export'`,
    );
    return n;
  };
  const eventually = async (check: () => Promise<boolean>, ms = 20_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('condition not reached');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** GET as the officer; `onFirstData` runs once the first bytes of the body have arrived. */
  const download = (
    path: string,
    onFirstData?: (req: http.ClientRequest) => void,
    headers: Record<string, string> = {},
  ) =>
    new Promise<{ status: number; body: Buffer; complete: boolean; encoding?: string }>((resolve) => {
      const chunks: Buffer[] = [];
      const options = { headers: { ...bearer(officer), ...headers } };
      const req = http.get(`${base}/api/v1/exports/${path}`, options, (res) => {
        let first = true;
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          if (first) {
            first = false;
            onFirstData?.(req);
          }
        });
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            complete: res.complete,
            encoding: res.headers['content-encoding'],
          });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      req.on('error', () => resolve({ status: 0, body: Buffer.concat(chunks), complete: false }));
    });
  const lastAudit = async () =>
    (await t.auditEvents({ action: 'export.visits' }))[0] as { changes: Record<string, unknown> };
  const xlsxRowCount = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    return wb.worksheets[0].rowCount;
  };

  it('a client that goes away stops the export: the worker closes its connection, the audit says not completed', async () => {
    const res = await download('visits.xlsx', (req) => req.destroy());
    expect(res.complete).toBe(false);
    await eventually(async () => (await exportSessions()) === 0);
    await eventually(async () => (await lastAudit())?.changes.completed === false);
    // the worker is free: the next export is made whole
    const next = await download('visits.csv?from=2020-01-01&to=2020-01-31');
    expect(next.status).toBe(200);
    expect(next.complete).toBe(true);
    expect(next.body.toString('utf8').split('\n').length).toBe(1 + JANUARY + 1);
    expect(await exportSessions()).toBe(0);
  });

  it('a CSV is gzipped in the worker for a client that takes gzip: the same bytes once unzipped', async () => {
    for (const query of ['', '&encoding=shift_jis']) {
      const path = `visits.csv?from=2020-01-01&to=2020-01-31${query}`;
      const plain = await download(path);
      expect(plain.encoding).toBeUndefined();
      const zipped = await download(path, undefined, { 'accept-encoding': 'br;q=1, gzip;q=0.8' });
      expect([zipped.status, zipped.encoding]).toEqual([200, 'gzip']);
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
      expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    }
  });

  it('a worker that dies mid-file cuts the transfer (no complete wrong file); the next export gets a new worker', async () => {
    const pool = t.app.get(RenderPool);
    const res = await download('visits.xlsx', () => void pool.crashWorkersForTest());
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
    await eventually(async () => (await lastAudit())?.changes.completed === false);
    await eventually(async () => (await exportSessions()) === 0);
    const next = await download('visits.xlsx?from=2020-01-01&to=2020-01-31');
    expect([next.status, next.complete]).toEqual([200, true]);
    expect(await xlsxRowCount(next.body)).toBe(1 + JANUARY);
  });

  it('a worker that dies during a job fails it with export.render_failed and keeps no file', async () => {
    const accepted = await t
      .http()
      .get('/api/v1/exports/visits.xlsx?async=true')
      .set(bearer(officer))
      .expect(202);
    const jobId = (accepted.body as { jobId: string }).jobId;
    const job = async () =>
      (await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(officer)).expect(200)).body as JobBody;
    await pollJob(job, (j) => j.status === 'running' && j.progress.done > 0, 60_000, 50);
    await t.app.get(RenderPool).crashWorkersForTest();
    const { job: ended } = await pollJob(job, undefined, 60_000, 100);
    expect(ended.status).toBe('failed');
    expect(ended.error?.code).toBe('export.render_failed');
    const file = await t.http().get(`/api/v1/jobs/${jobId}/file`).set(bearer(officer));
    expect([file.status, file.body.code]).toEqual([409, 'job_file.not_ready']);
    const [{ n }]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM job_file_chunks WHERE job_id = $1`,
      [jobId],
    );
    expect(n).toBe(0);
    await eventually(async () => (await exportSessions()) === 0);
  });
});
