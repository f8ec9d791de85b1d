import { Client } from 'pg';
import { ReadinessChecks, ShutdownState } from '../../libs/observability/readiness';
import { bearer, TestApp } from '../helpers/test-app';

describe('health and metrics (issue 16)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('keeps /health as it was and answers /health/live', async () => {
    expect((await t.http().get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'ok' });
    expect((await t.http().get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('is ready with the database up and every migration applied', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.migrations.status).toBe('up');
    expect(res.body.info.shutdown.status).toBe('up');
  });

  it('is not ready while a migration of this build is not applied (503 health.not_ready)', async () => {
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      const [last] = (
        await owner.query(
          'DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations) RETURNING *',
        )
      ).rows as Array<{ id: number; timestamp: string; name: string }>;
      try {
        const res = await t.http().get('/health/ready').expect(503);
        expect(res.body.code).toBe('health.not_ready');
        expect(res.body.details).toEqual([
          { field: 'migrations', message: expect.stringContaining(last.name) },
        ]);
        // liveness does not depend on it
        await t.http().get('/health/live').expect(200);
      } finally {
        await owner.query('INSERT INTO schema_migrations (id, timestamp, name) VALUES ($1, $2, $3)', [
          last.id,
          last.timestamp,
          last.name,
        ]);
      }
    } finally {
      await owner.end();
    }
    await t.http().get('/health/ready').expect(200);
  });

  it('runs the checks features register (the job queue) and fails on theirs', async () => {
    const checks = t.app.get(ReadinessChecks);
    let up = true;
    checks.register('jobs', async () => {
      if (!up) throw new Error('queue unreachable');
    });
    expect((await t.http().get('/health/ready').expect(200)).body.info.jobs.status).toBe('up');
    up = false;
    const res = await t.http().get('/health/ready').expect(503);
    expect(res.body.details).toEqual([{ field: 'jobs', message: 'queue unreachable' }]);
    up = true;
  });

  it('answers 503 and closes connections while shutting down', async () => {
    const state = t.app.get(ShutdownState);
    state.draining = true;
    try {
      const res = await t.http().get('/health/ready').expect(503);
      expect(res.body.details).toEqual([{ field: 'shutdown', message: 'shutting down' }]);
      expect(res.headers.connection).toBe('close');
    } finally {
      state.draining = false;
    }
  });

  it('serves Prometheus metrics to an admin only, with route templates, statuses and the pool', async () => {
    const { officer, admin, station } = await t.createStationTeam();
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set(bearer(officer)).expect(403);
    await t.http().get(`/api/v1/stations/${station.id}`).set(bearer(officer));
    await t
      .http()
      .get('/api/v1/organizations/00000000-0000-4000-8000-000000000000')
      .set(bearer(officer))
      .expect(404);
    const res = await t.http().get('/metrics').set(bearer(admin)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/organizations\/:id",status="404"\} 1/,
    );
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/auth\/login",status="200"\}/,
    );
    expect(res.text).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(res.text).toMatch(/^db_pool_connections \d+$/m);
    expect(res.text).toMatch(/^db_pool_max_connections 20$/m);
    expect(res.text).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});
