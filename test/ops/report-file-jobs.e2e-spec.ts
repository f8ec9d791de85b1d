import ExcelJS from 'exceljs';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrg, createVisit } from '../coverage/factories';
import { inAppJob, JobBody, pollJob } from '../jobs/job-files';

/** supertest: keep the body as raw bytes. */
function binary(res: unknown, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

const THRESHOLD = 200;
const PERIOD = 'from=2023-04-01&to=2024-03-31';

/**
 * Report files past a size threshold become jobs on their own (issue 16): the decision is made
 * before the report is built, from an estimate of the file's rows (stations, areas, code lists and
 * partners in scope; strategy tasks and bullets), against REPORT_ASYNC_ROWS; `async=false` keeps
 * the file inline, `async=true` always queues.
 */
describe('report files as jobs past REPORT_ASYNC_ROWS (e2e)', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  let otherOfficer: TestUser;

  beforeAll(async () => {
    t = await TestApp.create({ REPORT_ASYNC_ROWS: String(THRESHOLD) });
    team = await t.createStationTeam();
    const other = await t.createStation({ name: '柳井警察署' });
    otherOfficer = await t.createUser('officer', other.id);
    const org = await createOrg(t.ds, {
      stationId: team.station.id,
      name: '岩国精密工業株式会社',
      tier: 'A',
    });
    await createVisit(t.ds, {
      stationId: team.station.id,
      organizationId: org,
      createdBy: team.officer.id,
      visitedOn: '2023-06-10',
      status: 'approved',
      officerIds: [team.officer.id],
    });
  });
  afterAll(() => t.close());

  const get = (user: { token: string }, path: string) =>
    t.http().get(`/api/v1/${path}`).set(bearer(user)).buffer(true).parse(binary);
  const finished = (user: TestUser, id: string) => pollJob(inAppJob(t, user, id), undefined, 60_000, 100);
  const jobCount = async () =>
    Number((await t.ds.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'report_file'`))[0].n);
  const sheetSizes = async (b: Buffer) => {
    const w = new ExcelJS.Workbook();
    await w.xlsx.load(b as unknown as ArrayBuffer);
    return w.worksheets.map((ws) => [ws.name, ws.getSheetValues().length]);
  };

  it('a station’s report is small: the file comes inline, nothing is queued', async () => {
    const before = await jobCount();
    const res = await get(team.officer, `reports/period?${PERIOD}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(await jobCount()).toBe(before);
    // hq naming one station: no per-station lines, small too
    const one = await get(team.hq, `reports/period?${PERIOD}&format=pdf&stationId=${team.station.id}`);
    expect([one.status, one.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect(await jobCount()).toBe(before);
  });

  it('hq across many stations passes the threshold: 202 {jobId} before the report is built; the worker builds it as hq', async () => {
    // 250 more stations: a line each in hq's per-station breakdown
    await t.ds.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes)
       SELECT 'big' || g, '大規模署' || g, '35', ARRAY['35208'] FROM generate_series(1, 250) g`,
    );
    const reportsBefore = (await t.auditEvents({ action: 'report.period' })).length;
    const res = await t.http().get(`/api/v1/reports/period?${PERIOD}&format=xlsx`).set(bearer(team.hq));
    expect([res.status, res.body]).toEqual([202, { jobId: expect.any(String) }]);
    const jobId = (res.body as { jobId: string }).jobId;
    // what is queued is the request, not a built report
    const [{ payload }]: { payload: Record<string, unknown> }[] = await t.ds.query(
      `SELECT payload FROM jobs WHERE id = $1`,
      [jobId],
    );
    expect(payload).toMatchObject({ report: 'period', format: 'xlsx', query: { from: '2023-04-01' } });
    expect(payload).not.toHaveProperty('render');
    expect(payload.estimatedRows as number).toBeGreaterThan(THRESHOLD);
    const [queued] = await t.auditEvents({ action: 'report.period.file_job', entityId: jobId });
    expect(queued).toMatchObject({ actor_id: team.hq.id, station_id: null });
    expect(queued.changes).toEqual({ format: 'xlsx', estimatedRows: payload.estimatedRows });

    const { job, seen } = await finished(team.hq, jobId);
    expect(job).toMatchObject({ kind: 'report_file', status: 'done', error: null });
    expect(seen.some((j: JobBody) => j.progress.phase === 'building' || j.status === 'queued')).toBe(true);
    // built by the worker as hq, audited then
    const reports = await t.auditEvents({ action: 'report.period' });
    expect(reports).toHaveLength(reportsBefore + 1);
    expect(reports[reports.length - 1]).toMatchObject({ actor_id: team.hq.id });
    const file = await get(team.hq, `jobs/${jobId}/file`);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('period-report_20230401-20240331.xlsx');
    // the same file as the inline one (async=false: never a job, whatever its size)
    const before = await jobCount();
    const direct = await get(team.hq, `reports/period?${PERIOD}&format=xlsx&async=false`);
    expect(direct.status).toBe(200);
    expect(await jobCount()).toBe(before);
    const sizes = await sheetSizes(file.body as Buffer);
    expect(sizes).toEqual(await sheetSizes(direct.body as Buffer));
    expect(sizes.find(([name]) => name === '警察署別')?.[1]).toBeGreaterThan(250);

    // the job is hq's: a station's officer does not see it
    const other = await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(otherOfficer));
    expect(other.status).toBe(404);
  });

  it('bad input is refused before anything is queued, with a code', async () => {
    const before = await jobCount();
    const noPeriod = await t.http().get('/api/v1/reports/period?format=pdf&async=true').set(bearer(team.hq));
    expect([noPeriod.status, typeof noPeriod.body.code]).toEqual([400, 'string']);
    const backwards = await t
      .http()
      .get('/api/v1/reports/period?from=2024-03-31&to=2023-04-01&format=pdf')
      .set(bearer(team.hq));
    expect(backwards.status).toBe(400);
    // another station, named by a station user: 404, as for the JSON report
    const another = await t
      .http()
      .get(`/api/v1/reports/period?${PERIOD}&format=pdf&async=true&stationId=${otherOfficer.stationId}`)
      .set(bearer(team.officer));
    expect(another.status).toBe(404);
    const unknown = await t
      .http()
      .get(`/api/v1/reports/period?${PERIOD}&format=pdf&stationId=00000000-0000-4000-8000-000000000000`)
      .set(bearer(team.hq));
    expect(unknown.status).toBe(404);
    const strategyRange = await t
      .http()
      .get('/api/v1/reports/strategy-table?asOf=2023-04-01&from=2024-01-01&format=pdf')
      .set(bearer(team.manager));
    expect(strategyRange.status).toBe(400);
    const badAsync = await t
      .http()
      .get(`/api/v1/reports/period?${PERIOD}&format=pdf&async=yes`)
      .set(bearer(team.hq));
    expect(badAsync.status).toBe(400);
    expect(await jobCount()).toBe(before);
  });

  it('the strategy table: many tasks make a job, few stay inline; async=false is always inline', async () => {
    const many = await t.createStation({ prefectureCode: '13' });
    const few = await t.createStation({ prefectureCode: '14' });
    const [manyManager, fewManager] = await Promise.all([
      t.createUser('manager', many.id),
      t.createUser('manager', few.id),
    ]);
    const task = (prefecture: string, n: number) =>
      t.ds.query(
        `INSERT INTO strategy_tasks (prefecture_code, title, topics, sort_order)
         SELECT $1, '施策' || g, ARRAY['leak_cases'], g FROM generate_series(1, $2::int) g`,
        [prefecture, n],
      );
    await task('13', 30); // 30 tasks × (1 + suggested bullets) > 200
    await task('14', 2);
    const before = await jobCount();
    const small = await get(fewManager, 'reports/strategy-table?format=docx');
    expect(small.status).toBe(200);
    expect(await jobCount()).toBe(before);

    const big = await t.http().get('/api/v1/reports/strategy-table?format=xlsx').set(bearer(manyManager));
    expect([big.status, big.body]).toEqual([202, { jobId: expect.any(String) }]);
    const jobId = (big.body as { jobId: string }).jobId;
    const { job } = await finished(manyManager, jobId);
    expect(job.status).toBe('done');
    const file = await get(manyManager, `jobs/${jobId}/file`);
    expect(file.status).toBe(200);
    const rows = (await sheetSizes(file.body as Buffer))[0][1] as number;
    expect(rows).toBeGreaterThan(30);
    // the manager of another prefecture's station does not see it
    const other = await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(fewManager));
    expect(other.status).toBe(404);

    const inline = await get(manyManager, 'reports/strategy-table?format=xlsx&async=false');
    expect(inline.status).toBe(200);
    // and async=true queues even a small one
    const forced = await t
      .http()
      .get('/api/v1/reports/strategy-table?format=pdf&async=true')
      .set(bearer(fewManager));
    expect(forced.status).toBe(202);
  });
});
