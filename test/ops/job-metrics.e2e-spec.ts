import type { DataSource } from 'typeorm';
import { JobQueue } from '../../apps/api/src/jobs/job-queue';
import { JobsRepository } from '../../apps/api/src/jobs/jobs.repository';
import { bearer, TestApp } from '../helpers/test-app';

/** The value of one Prometheus sample line (`name{labels} value`), or null when absent. */
function sample(text: string, name: string, labels: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}

/**
 * The job queue in /metrics (issue 16: "job queue depth and failures"): jobs queued per kind and
 * the oldest one's age (every instance's, from the jobs table), jobs this process's reaper failed
 * (interrupted past their attempts) counted in jobs_finished_total, and failures of the last day
 * by any instance, kept across restarts.
 */
describe('job queue metrics (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // no workers: a queued job stays queued
    t = await TestApp.create({ JOB_WORKERS: 'false' });
  });
  afterAll(() => t.close());

  it('shows the queue depth, the oldest queued job’s age and the failures, interrupted jobs included', async () => {
    const { officer, admin } = await t.createStationTeam();
    const queued = await t.http().get('/api/v1/exports/visits.csv?async=true').set(bearer(officer));
    expect(queued.status).toBe(202);
    // a job whose worker died after its last attempt: the reaper fails it
    const [{ id: dead }]: { id: string }[] = await t.ds.query(
      `INSERT INTO jobs (id, kind, status, attempts, max_attempts, worker, started_at, heartbeat_at)
       VALUES (gen_random_uuid(), 'register_import', 'running', 2, 2, 'gone:1:x', now() - interval '2 hours', now() - interval '1 hour')
       RETURNING id`,
    );
    // and one failed yesterday, by another instance, and one failed long ago
    await t.ds.query(
      `INSERT INTO jobs (id, kind, status, finished_at) VALUES
         (gen_random_uuid(), 'export', 'failed', now() - interval '20 hours'),
         (gen_random_uuid(), 'export', 'failed', now() - interval '3 days')`,
    );
    expect(await t.app.get(JobQueue).reap()).toBe(1);
    const [row]: { status: string }[] = await t.ds.query(`SELECT status FROM jobs WHERE id = $1`, [dead]);
    expect(row.status).toBe('failed');

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const res = await t.http().get('/metrics').set(bearer(admin)).expect(200);
    expect(sample(res.text, 'jobs_queue_depth', 'kind="export",status="queued"')).toBe(1);
    expect(sample(res.text, 'jobs_oldest_queued_seconds', 'kind="export"')).toBeGreaterThanOrEqual(1);
    expect(sample(res.text, 'jobs_finished_total', 'kind="register_import",status="failed"')).toBe(1);
    expect(sample(res.text, 'jobs_failed_last_day', 'kind="register_import"')).toBe(1);
    expect(sample(res.text, 'jobs_failed_last_day', 'kind="export"')).toBe(1);

    // once the queued job is cancelled, the depth and age go
    const jobId = (queued.body as { jobId: string }).jobId;
    await t.http().post(`/api/v1/jobs/${jobId}/cancel`).set(bearer(officer)).expect(200);
    const after = await t.http().get('/metrics').set(bearer(admin)).expect(200);
    expect(sample(after.text, 'jobs_queue_depth', 'kind="export",status="queued"')).toBeNull();
    expect(sample(after.text, 'jobs_oldest_queued_seconds', 'kind="export"')).toBeNull();

    // the readiness check covers the queue
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.info.jobs.status).toBe('up');
  });

  it('reads only open and recently failed jobs at each scrape, however many jobs have ended', async () => {
    // a year of ended jobs beside a few open and failed ones
    await t.ds.query(
      `INSERT INTO jobs (id, kind, status, created_at, finished_at)
       SELECT gen_random_uuid(), (ARRAY['export', 'report_file', 'register_import'])[1 + g % 3],
              CASE WHEN g % 500 = 0 THEN 'failed' WHEN g % 97 = 0 THEN 'cancelled' ELSE 'done' END,
              now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
         FROM generate_series(1, 50000) g`,
    );
    await t.ds.query(`ANALYZE jobs`);
    // the metrics' own statements, each as EXPLAIN
    const plans: unknown[] = [];
    const explaining = {
      query: async (sql: string, params?: unknown[]) => {
        const [row] = await t.ds.query<{ 'QUERY PLAN': unknown }[]>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        plans.push(row['QUERY PLAN']);
        return [];
      },
    } as unknown as DataSource;
    const repo = new JobsRepository(explaining);
    await repo.counts();
    await repo.oldestQueued();
    await repo.recentFailures();
    expect(plans).toHaveLength(3);
    for (const plan of plans) {
      const text = JSON.stringify(plan);
      expect(text).not.toContain('"Seq Scan"');
      expect(text).toMatch(/"Index Name":"ix_jobs_(open|failed_finished)"/);
    }
  });
});
