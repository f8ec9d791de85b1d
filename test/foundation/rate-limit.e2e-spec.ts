import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { configureHttp } from '../../apps/api/src/http-setup';
import { PgThrottlerStorage } from '../../libs/http/rate-limit/pg-throttler.storage';
import { bearer, TestApp } from '../helpers/test-app';

/**
 * Rate limits of the expensive routes (issue 12): per user and minute, counted in PostgreSQL so
 * that several instances share them; 429 `common.rate_limited` with Retry-After.
 */
describe('rate limits (e2e)', () => {
  let t: TestApp;
  /** A second instance of the app over the same database, as behind a load balancer. */
  let second: INestApplication;
  beforeAll(async () => {
    t = await TestApp.create({
      RATE_LIMIT_EXPORTS_PER_MINUTE: '3',
      RATE_LIMIT_REPORTS_PER_MINUTE: '3',
      RATE_LIMIT_IMPORT_PER_MINUTE: '1',
      RATE_LIMIT_SEARCH_PER_MINUTE: '2',
    });
    const url = (t.ds.options as { url: string }).url;
    second = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(t.config, url), {
      logger: false,
      bodyParser: false,
    });
    configureHttp(second, t.config);
    await second.init();
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  const expectLimited = (res: request.Response) => {
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'common.rate_limited',
      requestId: expect.any(String),
    });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.body.retryAfterSeconds).toBe(retryAfter);
  };

  it('answers 429 with Retry-After past the limit, for that user only; all exports share one count', async () => {
    const { officer, manager } = await t.createStationTeam();
    await t.http().get('/api/v1/exports/organizations.csv').set(bearer(officer)).expect(200);
    await t.http().get('/api/v1/exports/organizations.xlsx').set(bearer(officer)).expect(200);
    await t.http().get('/api/v1/exports/visits.csv').set(bearer(officer)).expect(200);
    expectLimited(await t.http().get('/api/v1/exports/visits.xlsx').set(bearer(officer)));
    expectLimited(await t.http().get('/api/v1/exports/organizations.csv').set(bearer(officer)));
    // Someone else at the same station (same address) is not concerned.
    await t.http().get('/api/v1/exports/organizations.csv').set(bearer(manager)).expect(200);
    // Other limits are counted apart.
    await t
      .http()
      .get('/api/v1/reports/period?from=2024-04-01&to=2025-03-31')
      .set(bearer(officer))
      .expect(200);
  });

  it('is over when the block is over', async () => {
    const { officer } = await t.createStationTeam();
    for (let i = 0; i < 3; i++)
      await t.http().get('/api/v1/exports/organizations.csv').set(bearer(officer)).expect(200);
    expectLimited(await t.http().get('/api/v1/exports/organizations.csv').set(bearer(officer)));
    await t.ds.query(
      `UPDATE rate_limit_hits SET window_ends_at = now() - interval '1 second', blocked_until = now() - interval '1 second'
        WHERE key = $1`,
      [`exports:user:${officer.id}`],
    );
    await t.http().get('/api/v1/exports/organizations.csv').set(bearer(officer)).expect(200);
    const [row] = await t.ds.query(`SELECT hits, blocked_until FROM rate_limit_hits WHERE key = $1`, [
      `exports:user:${officer.id}`,
    ]);
    expect(row).toEqual({ hits: 1, blocked_until: null });
  });

  it('limits organization searches (with q) but not the plain list', async () => {
    const { officer } = await t.createStationTeam();
    for (let i = 0; i < 4; i++) await t.http().get('/api/v1/organizations').set(bearer(officer)).expect(200);
    await t.http().get('/api/v1/organizations?q=岩国').set(bearer(officer)).expect(200);
    await t.http().get('/api/v1/organizations?q=和木').set(bearer(officer)).expect(200);
    expectLimited(await t.http().get('/api/v1/organizations?q=山口').set(bearer(officer)));
    await t.http().get('/api/v1/organizations').set(bearer(officer)).expect(200);
  });

  it('limits register imports before the upload is read', async () => {
    const { officer } = await t.createStationTeam();
    // Without a file it is refused, but it counts.
    const refused = await t.http().post('/api/v1/organizations/import').set(bearer(officer));
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).not.toBe(429);
    expectLimited(
      await t
        .http()
        .post('/api/v1/organizations/import')
        .set(bearer(officer))
        .attach('file', Buffer.from('x'), 'register.csv'),
    );
  });

  it('keeps its counters without WAL, so a hit never waits for the WAL flush of a bulk write', async () => {
    const [table] = await t.ds.query(
      `SELECT relpersistence FROM pg_class WHERE oid = 'rate_limit_hits'::regclass`,
    );
    expect(table.relpersistence).toBe('u');
  });

  it('shares the count between two instances over the same database', async () => {
    const { hq } = await t.createStationTeam();
    const path = '/api/v1/reports/period?from=2024-04-01&to=2025-03-31';
    await t.http().get(path).set(bearer(hq)).expect(200);
    await request(second.getHttpServer()).get(path).set(bearer(hq)).expect(200);
    await t.http().get(path).set(bearer(hq)).expect(200);
    expectLimited(await request(second.getHttpServer()).get(path).set(bearer(hq)));
    expectLimited(await t.http().get(path).set(bearer(hq)));
  });

  it('storage: concurrent hits from two pools are each counted once, atomically', async () => {
    const other = new DataSource({ ...t.ds.options, entities: [], migrations: [] });
    await other.initialize();
    try {
      const a = new PgThrottlerStorage(t.ds);
      const b = new PgThrottlerStorage(other);
      const key = `test:${Date.now()}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).increment(key, 60_000, 15, 30_000, 'test')),
      );
      const hits = results.map((r) => r.totalHits).sort((x, y) => x - y);
      // 15 allowed hits numbered 1…15; the 16th blocks; hits while blocked are not counted.
      expect(hits.slice(0, 15)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      expect(results.filter((r) => r.isBlocked)).toHaveLength(5);
      for (const r of results.filter((x) => x.isBlocked)) {
        expect(r.timeToBlockExpire).toBeGreaterThan(0);
        expect(r.timeToBlockExpire).toBeLessThanOrEqual(30);
      }
      // Finished rows are swept.
      await t.ds.query(
        `UPDATE rate_limit_hits SET window_ends_at = now() - interval '1 second', blocked_until = NULL WHERE key = $1`,
        [key],
      );
      expect(await a.sweep()).toBeGreaterThanOrEqual(1);
      expect(await t.ds.query(`SELECT 1 FROM rate_limit_hits WHERE key = $1`, [key])).toHaveLength(0);
    } finally {
      await other.destroy();
    }
  });
});
