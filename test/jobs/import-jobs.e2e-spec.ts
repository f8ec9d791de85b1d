import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { AREA, inArea, readRecords, SAMPLE } from '../register-import/register-files';
import { ALL_GENERATED_CITIES, generateRegister, inAppJob, organizationCount, pollJob } from './job-files';

const expectedInArea = readRecords().filter((r) => inArea(r)).length;

describe('register imports as jobs (e2e)', () => {
  let t: TestApp;
  let dataDir: string;
  let bigFile: string;
  const BIG_ROWS = 120_000;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jobs-e2e-'));
    bigFile = join(dataDir, 'big.csv');
    [t] = await Promise.all([
      TestApp.create({ DATA_DIR: dataDir, JOB_STALE_SECONDS: '5' }),
      generateRegister(bigFile, BIG_ROWS),
    ]);
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const uploads = () => readdir(join(dataDir, 'uploads', 'jobs')).catch(() => [] as string[]);

  function upload(user: TestUser, file: string | Buffer, fields: Record<string, string> = {}) {
    const req = t.http().post('/api/v1/organizations/import').set(bearer(user));
    for (const [k, v] of Object.entries(fields)) void req.field(k, v);
    return req.attach('file', typeof file === 'string' ? readFileSync(file) : file, 'register.csv');
  }

  it('async=true answers 202 {jobId}; the job runs the import and keeps its report; the file goes', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const officer = await t.createUser('officer', station.id);
    const accepted = await upload(officer, SAMPLE, { async: 'true' }).expect(202);
    expect(Object.keys(accepted.body)).toEqual(['jobId']);
    const { job, seen } = await pollJob(inAppJob(t, officer, accepted.body.jobId as string));
    expect(job).toMatchObject({
      kind: 'register_import',
      status: 'done',
      progress: { done: 500, total: 500, phase: 'done' },
      result: { inserted: expectedInArea, rows: 500, dryRun: false, fileName: 'register.csv' },
      error: null,
      cancelRequested: false,
      attempts: 1,
      stationId: station.id,
    });
    expect(seen[0].status).toMatch(/queued|running|done/);
    expect(await organizationCount(t, station.id)).toBe(expectedInArea);
    expect(await uploads()).toEqual([]);
    // the import's audit event names the officer who queued it, beside the job's own
    const audit: { actor_id: string; action: string }[] = await t.ds.query(
      `SELECT actor_id, action FROM audit_events WHERE station_id = $1 ORDER BY occurred_at, action`,
      [station.id],
    );
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual(
      expect.arrayContaining([
        ['job.create', officer.id],
        ['organization.import', officer.id],
      ]),
    );
    // a second run finds nothing to change; a dry run as a job writes nothing either
    const again = await upload(officer, SAMPLE, { async: 'true', dryRun: 'true' }).expect(202);
    const dry = await pollJob(inAppJob(t, officer, again.body.jobId as string));
    expect(dry.job.result).toMatchObject({ unchanged: expectedInArea, inserted: 0, dryRun: true });
  });

  it('without async the answer stays the synchronous report; bad input is refused before a job', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const officer = await t.createUser('officer', station.id);
    const sync = await upload(officer, SAMPLE).expect(200);
    expect(sync.body).toMatchObject({ inserted: expectedInArea });
    await upload(officer, SAMPLE, { async: 'maybe' }).expect(400);
    await upload(officer, Buffer.alloc(0), { async: 'true' }).expect(400);
    const [{ n }]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM jobs WHERE station_id = $1`,
      [station.id],
    );
    expect(n).toBe(0);
  });

  it('another station’s job is 404 (read and cancel); hq reads it but may not cancel', async () => {
    const team = await t.createStationTeam();
    const other = await t.createStationTeam();
    const accepted = await upload(team.officer, SAMPLE, { async: 'true' }).expect(202);
    const id = accepted.body.jobId as string;
    await t.http().get(`/api/v1/jobs/${id}`).set(bearer(other.officer)).expect(404);
    await t.http().get(`/api/v1/jobs/${id}`).set(bearer(other.manager)).expect(404);
    await t.http().post(`/api/v1/jobs/${id}/cancel`).set(bearer(other.officer)).expect(404);
    await t.http().get(`/api/v1/jobs/${id}`).set(bearer(team.hq)).expect(200);
    await t.http().post(`/api/v1/jobs/${id}/cancel`).set(bearer(team.hq)).expect(403);
    await t.http().get(`/api/v1/jobs/not-a-uuid`).set(bearer(team.officer)).expect(404);
    await t.http().get(`/api/v1/jobs/${id}`).expect(401);
    const { job } = await pollJob(inAppJob(t, team.manager, id));
    expect(job.status).toBe('done');
    const late = await t.http().post(`/api/v1/jobs/${id}/cancel`).set(bearer(team.officer)).expect(409);
    expect(late.body.code).toBe('job.finished');
  });

  it('a cancel while the import runs stops it between batches: registry unchanged, job cancelled', async () => {
    const station = await t.createStation({ municipalityCodes: ALL_GENERATED_CITIES });
    const officer = await t.createUser('officer', station.id);
    const accepted = await upload(officer, bigFile, { async: 'true' }).expect(202);
    const id = accepted.body.jobId as string;
    const running = await pollJob(
      inAppJob(t, officer, id),
      // reading, or merging before the writes: the import still has batches (checkpoints) ahead
      (j) =>
        j.status === 'running' &&
        (j.progress.phase === 'reading' || (j.progress.phase === 'merging' && j.progress.step !== 'writing')),
      60_000,
      100,
    );
    expect(running.job.progress.done).toBeLessThanOrEqual(running.job.progress.total);
    const cancel = await t.http().post(`/api/v1/jobs/${id}/cancel`).set(bearer(officer)).expect(200);
    expect(cancel.body).toMatchObject({ cancelRequested: true });
    const { job } = await pollJob(inAppJob(t, officer, id));
    expect(job).toMatchObject({ status: 'cancelled', cancelRequested: true, result: null });
    expect(await organizationCount(t, station.id)).toBe(0);
    expect(await uploads()).toEqual([]);
    const audit: { action: string }[] = await t.ds.query(
      `SELECT action FROM audit_events WHERE station_id = $1 AND action <> 'auth.login' ORDER BY occurred_at`,
      [station.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['job.create', 'job.cancel']);
  });

  it('progress rises while it runs: rows done of the total, a rate and an ETA', async () => {
    const station = await t.createStation({ municipalityCodes: ALL_GENERATED_CITIES });
    const officer = await t.createUser('officer', station.id);
    const accepted = await upload(officer, bigFile, { async: 'true', dryRun: 'true' }).expect(202);
    const { job, seen } = await pollJob(
      inAppJob(t, officer, accepted.body.jobId as string),
      undefined,
      120_000,
      100,
    );
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ rows: BIG_ROWS, dryRun: true });
    const distinct = seen.filter(
      (j, k) => k === 0 || JSON.stringify(j.progress) !== JSON.stringify(seen[k - 1].progress),
    );
    // rows read of the file's (counted first), records prepared of those to write, then records
    // written of those to write (chunk by chunk), each with a rate and the step's ETA
    const counted = distinct.filter(
      (j) =>
        j.status === 'running' &&
        (j.progress.phase === 'reading' ||
          j.progress.step === 'search_text' ||
          j.progress.step === 'writing'),
    );
    expect(counted.length).toBeGreaterThan(2);
    for (const j of counted) expect(j.progress.done).toBeLessThanOrEqual(j.progress.total);
    const texts = counted.filter((j) => j.progress.step === 'search_text').map((j) => j.progress.done);
    expect([...texts].sort((a, b) => a - b)).toEqual(texts);
    expect(
      counted.some((j) => (j.progress.rowsPerSecond ?? 0) > 0 && typeof j.progress.etaSeconds === 'number'),
    ).toBe(true);
    const writing = distinct.filter((j) => j.progress.step === 'writing');
    expect(writing.length).toBeGreaterThan(0);
    const written = writing.map((j) => j.progress.done);
    expect([...written].sort((a, b) => a - b)).toEqual(written);
    // one total for the step: the records to write, not a count of statements
    expect(new Set(writing.map((j) => j.progress.total)).size).toBe(1);
    expect(writing[0].progress.total).toBeGreaterThan(4);
    expect(await organizationCount(t, station.id)).toBe(0);
  });
});

describe('register imports past the size threshold (e2e)', () => {
  let t: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jobs-threshold-'));
    // 0 MB: every file is past it; the workers of this app are off, so the job stays queued.
    t = await TestApp.create({ DATA_DIR: dataDir, IMPORT_ASYNC_THRESHOLD_MB: '0', JOB_WORKERS: 'false' });
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 202 unless async=false; a queued job cancelled ends at once and its file goes', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const officer = await t.createUser('officer', station.id);
    const post = () =>
      t
        .http()
        .post('/api/v1/organizations/import')
        .set(bearer(officer))
        .attach('file', readFileSync(SAMPLE), 's.csv');
    const accepted = await post().expect(202);
    await post().field('async', 'false').expect(200);
    const id = accepted.body.jobId as string;
    const queued = await inAppJob(t, officer, id)();
    expect(queued).toMatchObject({ status: 'queued', progress: { done: 0, total: 0, phase: 'queued' } });
    expect(await readdir(join(dataDir, 'uploads', 'jobs'))).toEqual([id]);
    const cancelled = await t.http().post(`/api/v1/jobs/${id}/cancel`).set(bearer(officer)).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(await readdir(join(dataDir, 'uploads', 'jobs'))).toEqual([]);
    await t.http().post(`/api/v1/jobs/${id}/cancel`).set(bearer(officer)).expect(409);
  });
});
