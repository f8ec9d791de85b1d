import ExcelJS from 'exceljs';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrg, createVisit } from '../coverage/factories';
import { JobBody, pollJob } from '../jobs/job-files';

/** supertest: keep the body as raw bytes. */
function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function xlsxRows(body: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

interface FileResult {
  file: { name: string; size: number; contentType: string; expiresAt: string };
  rows: number;
}

describe('exports as jobs (e2e)', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let otherOfficer: TestUser;
  const VISITS = 8;

  beforeAll(async () => {
    // EXPORT_ASYNC_ROWS 0: every export (the planner estimates at least one row) is a job unless
    // async=false; the default threshold's direct answers are exports.e2e-spec.ts's
    t = await TestApp.create(
      { EXPORT_ASYNC_ROWS: '0', LOG_LEVEL: process.env.DEBUG_LOGS ? 'error' : 'silent' },
      { logs: { write: (l) => process.env.DEBUG_LOGS && process.stderr.write(l) } },
    );
    team = await t.createStationTeam();
    const other = await t.createStation({ name: '柳井警察署' });
    otherOfficer = await t.createUser('officer', other.id);
    const s = team.station.id;
    const org = await createOrg(t.ds, { stationId: s, name: '岩国精密工業株式会社', tier: 'A' });
    await createOrg(t.ds, { stationId: s, name: '=HYPERLINK("x")', tier: 'B' });
    for (let i = 0; i < VISITS; i++)
      await createVisit(t.ds, {
        stationId: s,
        organizationId: org,
        createdBy: team.officer.id,
        visitedOn: `2023-06-${String(10 + i).padStart(2, '0')}`,
        status: 'approved',
        summary: `訪問 ${i}\n改行あり`,
        officerIds: [team.officer.id],
      });
  });
  afterAll(() => t.close());

  const get = (user: { token: string }, path: string) =>
    t.http().get(`/api/v1/${path}`).set(bearer(user)).buffer(true).parse(binary);
  const job = async (user: TestUser, id: string) =>
    (await t.http().get(`/api/v1/jobs/${id}`).set(bearer(user)).expect(200)).body as JobBody;
  const finished = (user: TestUser, id: string) => pollJob(() => job(user, id), undefined, 60_000, 100);
  const accept = async (user: TestUser, path: string): Promise<string> => {
    const res = await t.http().get(`/api/v1/exports/${path}`).set(bearer(user));
    expect({ status: res.status, body: res.body as unknown }).toEqual({
      status: 202,
      body: { jobId: expect.any(String) },
    });
    return (res.body as { jobId: string }).jobId;
  };

  it('past the threshold the GET answers 202 {jobId}; the job keeps the same bytes as the direct export', async () => {
    const jobId = await accept(team.officer, 'visits.csv');
    // the request is audited when the job is queued (same transaction), with the job and the estimate
    const [queued] = await t.auditEvents({ action: 'export.visits' });
    expect(queued).toMatchObject({ actor_id: team.officer.id, station_id: team.station.id });
    expect(queued.changes).toMatchObject({ format: 'csv', encoding: 'utf8', jobId });
    expect((queued.changes as { estimatedRows: number }).estimatedRows).toBeGreaterThan(0);

    const { job: done, seen } = await finished(team.officer, jobId);
    expect(done).toMatchObject({
      kind: 'export',
      status: 'done',
      progress: { done: VISITS, total: VISITS, phase: 'done' },
      error: null,
    });
    expect(seen.every((j) => j.progress.done <= Math.max(j.progress.total, VISITS))).toBe(true);
    const result = done.result as unknown as FileResult;
    expect(result.rows).toBe(VISITS);
    expect(result.file).toEqual({
      name: expect.stringMatching(/^訪問記録_.*\.csv$/),
      size: expect.any(Number),
      contentType: 'text/csv; charset=utf-8',
      expiresAt: expect.any(String),
    });
    const ttl = new Date(result.file.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(23 * 3600 * 1000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600 * 1000);

    const file = await get(team.manager, `jobs/${jobId}/file`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('訪問記録_')}`,
    );
    const direct = await get(team.officer, 'exports/visits.csv?async=false');
    expect(direct.status).toBe(200);
    expect((file.body as Buffer).length).toBe(result.file.size);
    expect((file.body as Buffer).equals(direct.body as Buffer)).toBe(true);
    // the read is audited as an export read
    const [read] = await t.auditEvents({ action: 'export.visits.file', entityId: jobId });
    expect(read).toMatchObject({
      actor_id: team.manager.id,
      station_id: team.station.id,
      entity_type: 'job',
    });
  });

  it('an XLSX job has the same rows as the direct XLSX; Shift_JIS CSV the same bytes', async () => {
    const jobId = await accept(team.manager, 'visits.xlsx?async=true');
    const { job: done } = await finished(team.manager, jobId);
    expect(done.status).toBe('done');
    const file = await get(team.manager, `jobs/${jobId}/file`);
    expect(file.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const direct = await get(team.manager, 'exports/visits.xlsx?async=false');
    const [a, b] = await Promise.all([xlsxRows(file.body as Buffer), xlsxRows(direct.body as Buffer)]);
    expect(a.length).toBe(VISITS + 1);
    expect(a).toEqual(b);

    const sjis = await accept(team.officer, 'organizations.csv?encoding=shift_jis&async=true');
    expect((await finished(team.officer, sjis)).job.status).toBe('done');
    const sjisFile = await get(team.officer, `jobs/${sjis}/file`);
    const sjisDirect = await get(team.officer, 'exports/organizations.csv?encoding=shift_jis&async=false');
    expect(sjisFile.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect((sjisFile.body as Buffer).equals(sjisDirect.body as Buffer)).toBe(true);
  });

  it('async=false answers the file past the threshold too; a bad async is a 400', async () => {
    const res = await get(team.officer, 'exports/visits.csv?async=false');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bad = await t.http().get('/api/v1/exports/visits.csv?async=maybe').set(bearer(team.officer));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it("another station's user gets 404 for the job and its file; a role outside the export's gets 403", async () => {
    const jobId = await accept(team.officer, 'seminars.csv?async=true');
    await finished(team.officer, jobId);
    const other = await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(otherOfficer));
    expect([other.status, other.body.code]).toEqual([404, 'job.not_found']);
    const otherFile = await t.http().get(`/api/v1/jobs/${jobId}/file`).set(bearer(otherOfficer));
    expect([otherFile.status, otherFile.body.code]).toEqual([404, 'job.not_found']);
    // admin sees every job but does not export
    const admin = await t.http().get(`/api/v1/jobs/${jobId}/file`).set(bearer(team.admin));
    expect([admin.status, admin.body.code]).toEqual([403, 'forbidden']);
    // hq reads a station's export file
    expect((await get(team.hq, `jobs/${jobId}/file`)).status).toBe(200);

    // personal data (contacts) go to managers only: an officer of the station may not read that file
    const personal = await accept(
      team.manager,
      `organizations.csv?async=true&includePersonal=true&reason=${encodeURIComponent('防犯連絡')}`,
    );
    expect((await finished(team.manager, personal)).job.status).toBe('done');
    const officer = await t.http().get(`/api/v1/jobs/${personal}/file`).set(bearer(team.officer));
    expect([officer.status, officer.body.code]).toEqual([403, 'forbidden']);
    expect((await get(team.manager, `jobs/${personal}/file`)).status).toBe(200);
    // export checks still come first: an officer cannot queue a personal export
    const refused = await t
      .http()
      .get('/api/v1/exports/organizations.csv?async=true&includePersonal=true&reason=x')
      .set(bearer(team.officer));
    expect(refused.status).toBe(403);
    // a file of a job that is not a file job (or not done yet) is a 409; an unknown job 404
    const unknown = await t
      .http()
      .get(`/api/v1/jobs/00000000-0000-4000-8000-000000000000/file`)
      .set(bearer(team.officer));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'job.not_found']);
  });

  it('an expired file answers 410 with a code and is deleted', async () => {
    const jobId = await accept(team.officer, 'consultations.csv?async=true');
    expect((await finished(team.officer, jobId)).job.status).toBe('done');
    await t.ds.query(`UPDATE job_files SET expires_at = now() - interval '1 second' WHERE job_id = $1`, [
      jobId,
    ]);
    const gone = await t.http().get(`/api/v1/jobs/${jobId}/file`).set(bearer(team.officer));
    expect([gone.status, gone.body.code]).toEqual([410, 'job_file.expired']);
    const [{ n }]: { n: number }[] = await t.ds.query(
      `SELECT (SELECT count(*) FROM job_files WHERE job_id = $1) + (SELECT count(*) FROM job_file_chunks WHERE job_id = $1) AS n`,
      [jobId],
    );
    expect(Number(n)).toBe(0);
    // still 410 afterwards (the job's result says when it expired)
    const again = await t.http().get(`/api/v1/jobs/${jobId}/file`).set(bearer(team.officer));
    expect([again.status, again.body.code]).toEqual([410, 'job_file.expired']);
  });

  it('report files as jobs: async=true answers 202; the job keeps the rendered file with the report’s roles', async () => {
    const period = await t
      .http()
      .get('/api/v1/reports/period?from=2023-04-01&to=2024-03-31&format=xlsx&async=true')
      .set(bearer(team.officer));
    expect([period.status, Object.keys(period.body as object)]).toEqual([202, ['jobId']]);
    const periodId = (period.body as { jobId: string }).jobId;
    const { job: done } = await finished(team.officer, periodId);
    expect(done).toMatchObject({ kind: 'report_file', status: 'done', error: null });
    const result = done.result as unknown as FileResult;
    expect(result.file.name).toBe('期間報告_20230401-20240331.xlsx');
    const file = await get(team.manager, `jobs/${periodId}/file`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect((file.body as Buffer).length).toBe(result.file.size);
    const direct = await get(
      team.officer,
      'reports/period?from=2023-04-01&to=2024-03-31&format=xlsx&async=false',
    );
    expect(direct.status).toBe(200);
    const wb = async (b: Buffer) => {
      const w = new ExcelJS.Workbook();
      await w.xlsx.load(b as unknown as ArrayBuffer);
      return w.worksheets.map((ws) => ws.getSheetValues().length);
    };
    expect(await wb(file.body as Buffer)).toEqual(await wb(direct.body as Buffer));
    const queued = await t.auditEvents({ action: 'report.period.file_job', entityId: periodId });
    expect(queued).toHaveLength(1);

    // the strategy table: managers, hq and admin; an officer of the station may not read the file
    const table = await t
      .http()
      .get('/api/v1/reports/strategy-table?format=docx&async=true')
      .set(bearer(team.manager));
    expect(table.status).toBe(202);
    const tableId = (table.body as { jobId: string }).jobId;
    expect((await finished(team.manager, tableId)).job.status).toBe('done');
    const officer = await t.http().get(`/api/v1/jobs/${tableId}/file`).set(bearer(team.officer));
    expect([officer.status, officer.body.code]).toEqual([403, 'forbidden']);
    const manager = await get(team.manager, `jobs/${tableId}/file`);
    expect(manager.status).toBe(200);
    expect(manager.headers['content-disposition']).toContain(encodeURIComponent('取組状況_'));
    const other = await t.http().get(`/api/v1/jobs/${tableId}/file`).set(bearer(otherOfficer));
    expect(other.status).toBe(404);
    // the JSON report is never a job
    const json = await t
      .http()
      .get('/api/v1/reports/period?from=2023-04-01&to=2024-03-31')
      .set(bearer(team.officer));
    expect(json.status).toBe(200);
  });

  it('cancel stops a running export: the job is cancelled and keeps no file', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const org = await createOrg(t.ds, { stationId: station.id, name: '大量訪問株式会社' });
    await t.ds.query(
      `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, materials, summary,
         status, created_by, submitted_at, approved_at, approved_by)
       SELECT $1, $2, d, d::date, 'on_site', ARRAY['leak_cases'], ARRAY[]::text[], repeat('概要', 40),
              'approved', $3, d + interval '7 hours', d + interval '8 hours', $3
         FROM generate_series(1, 30000) g, LATERAL (SELECT timestamp '2020-01-01' + g * interval '1 hour' AS d) x`,
      [station.id, org, officer.id],
    );
    const jobId = await accept(officer, 'visits.xlsx?async=true');
    await pollJob(
      () => job(officer, jobId),
      (j) => j.status === 'running' && j.progress.done > 0,
      60_000,
      50,
    );
    const cancel = await t.http().post(`/api/v1/jobs/${jobId}/cancel`).set(bearer(officer));
    expect(cancel.status).toBe(200);
    const { job: ended } = await finished(officer, jobId);
    expect(ended.status).toBe('cancelled');
    const file = await t.http().get(`/api/v1/jobs/${jobId}/file`).set(bearer(officer));
    expect([file.status, file.body.code]).toEqual([409, 'job_file.not_ready']);
    const [{ n }]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM job_file_chunks WHERE job_id = $1`,
      [jobId],
    );
    expect(n).toBe(0);
  });
});
