/**
 * Coverage benchmark: 20 stations, 100,000 organizations, 1,000,000 visits (mostly approved) and
 * seminar attendance in a throwaway embedded PostgreSQL; the station view and the prefecture (hq)
 * view measured through HTTP (p50/p95 over 30 requests) beside the same SQL run raw with pg.
 *
 *   node scripts/run.js bench/coverage.ts
 *
 * Targets: prefecture view p95 < 200 ms; API / raw ratio < 1.5. The data spans 2019–2023; the
 * views are taken as of its last day, and the prefecture view once more as of a day 18 months
 * earlier (a past picture: rows of organization_last_reach superseded since).
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { AppModule } from '../apps/api/src/app.module';
import { coverageGroupsSql } from '../apps/api/src/coverage/coverage.repository';
import { configureHttp } from '../apps/api/src/http-setup';
import { hashPassword } from '../libs/auth/password';
import { loadConfig } from '../libs/config/app-config';
import { createDataSource, runMigrations } from '../libs/database/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../libs/database/embedded-postgres';

export const BENCH_PASSWORD = 'bench-password-123';

export interface BenchEnv {
  db: EmbeddedDatabase;
  dir: string;
  url: string;
  client: Client;
}

/** A throwaway database; BENCH_KEEP_DIR=<dir> keeps (and reuses) it between runs while tuning. */
export async function startBenchDatabase(): Promise<BenchEnv> {
  const keep = process.env.BENCH_KEEP_DIR;
  const dir = keep ?? (await mkdtemp(path.join(os.tmpdir(), 'outreach-bench-')));
  const db = await startEmbeddedPostgres(dir, { database: 'bench', persistent: Boolean(keep) });
  const ds = createDataSource(db.url);
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  const client = new Client({ connectionString: db.url });
  await client.connect();
  return { db, dir, url: db.url, client };
}

export async function stopBenchDatabase(env: BenchEnv): Promise<void> {
  await env.client.end();
  await env.db.stop();
  if (!process.env.BENCH_KEEP_DIR) await rm(env.dir, { recursive: true, force: true });
}

/**
 * Set-based data generation (generate_series): 20 stations with an officer and a manager each,
 * an hq user, `organizations` organizations, `visits` visits and seminars with participants.
 * `exportable`: every visit approved or submitted (exports bench); else a realistic mix.
 */
export async function seedBenchData(
  c: Client,
  options: { organizations: number; visits: number; exportable?: boolean },
): Promise<void> {
  const seeded = await c.query(`SELECT count(*)::int AS n FROM visits`);
  if ((seeded.rows[0] as { n: number }).n > 0) return; // BENCH_KEEP_DIR: already generated
  const hash = await hashPassword(BENCH_PASSWORD);
  const t0 = performance.now();
  await c.query(`INSERT INTO stations (code, name, prefecture_code, municipality_codes)
    SELECT 'st' || lpad(g::text, 2, '0'), '第' || g || '警察署', '35',
           ARRAY['35' || lpad((200 + g * 3)::text, 3, '0'), '35' || lpad((201 + g * 3)::text, 3, '0')]
      FROM generate_series(1, 20) g`);
  await c.query(
    `INSERT INTO users (username, display_name, role, station_id, password_hash)
     SELECT r || '_' || s.code, r || ' ' || s.name, r, s.id, $1 FROM stations s CROSS JOIN (VALUES ('officer'), ('manager')) v(r)
     UNION ALL SELECT 'hq_bench', '本部 PT', 'hq', NULL, $1`,
    [hash],
  );
  await c.query(
    `INSERT INTO organizations (station_id, name, name_kana, corporate_number, tier, sector, legal_form,
       municipality_code, municipality_name, address, search_text, sort_key, created_at)
     SELECT s.id, '株式会社ベンチ' || g, 'ベンチ' || g, lpad((1000000000000 + g)::text, 13, '0'),
            CASE WHEN g % 10 = 0 THEN 'A' WHEN g % 10 < 4 THEN 'B' ELSE 'C' END,
            (ARRAY['advanced_tech','university','medical','infra_power','infra_rail','manufacturing','chemical','other'])[1 + g % 8],
            'kabushiki', s.municipality_codes[1 + g % 2], '市' || s.municipality_codes[1 + g % 2],
            '山口県テスト市' || g || '番地', 'ベンチ' || g, 'ベンチ' || lpad(g::text, 6, '0'), '2019-01-01'
       FROM generate_series(1, $1::int) g
       JOIN (SELECT id, code, municipality_codes, row_number() OVER (ORDER BY code) - 1 AS n FROM stations) s ON s.n = g % 20`,
    [options.organizations],
  );
  await c.query(`CREATE TEMP TABLE bench_orgs AS
    SELECT o.id, o.station_id, u.id AS officer_id, row_number() OVER (ORDER BY o.id)::int AS rn
      FROM organizations o JOIN users u ON u.station_id = o.station_id AND u.role = 'officer'`);
  await c.query(`CREATE INDEX ON bench_orgs (rn)`);
  const statusExpr = options.exportable
    ? `CASE WHEN x.r < 0.95 THEN 'approved' ELSE 'submitted' END`
    : `CASE WHEN x.r < 0.90 THEN 'approved' WHEN x.r < 0.95 THEN 'submitted' WHEN x.r < 0.98 THEN 'returned' ELSE 'draft' END`;
  await c.query(
    `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, materials, summary,
       status, created_by, submitted_at, approved_at, approved_by)
     SELECT o.station_id, o.id, x.day + time '10:00' - interval '9 hours', x.day,
            (ARRAY['on_site','at_station','online','phone'])[1 + x.g % 4],
            CASE x.g % 4 WHEN 0 THEN ARRAY['leak_cases','cyber_trends'] WHEN 1 THEN ARRAY['foreign_activities']
                 WHEN 2 THEN ARRAY['consultation_desk','export_control'] ELSE ARRAY['insider_risk','info_management'] END,
            ARRAY['パンフレット「技術流出防止」'],
            '技術流出事案の紹介及び社内相談窓口の設置について説明した。先方から情報管理体制について質問あり。',
            ${statusExpr}, o.officer_id, x.day + time '17:00' - interval '9 hours',
            CASE WHEN ${statusExpr} = 'approved' THEN x.day + time '18:00' - interval '9 hours' END,
            CASE WHEN ${statusExpr} = 'approved' THEN o.officer_id END
       FROM (SELECT g, random() AS r, 1 + floor(random() * $2::int)::int AS rn,
                    date '2019-01-01' + floor(random() * 1826)::int AS day
               FROM generate_series(1, $1::int) g) x
       JOIN bench_orgs o ON o.rn = x.rn`,
    [options.visits, options.organizations],
  );
  await c.query(
    `INSERT INTO seminars (station_id, title, kind, held_on, topics, created_by, created_at)
     SELECT u.station_id, 'セミナー' || g, 'seminar', date '2019-01-01' + (g * 7) % 1826, ARRAY['cyber_trends'], u.id,
            date '2019-01-01' + (g * 7) % 1826 + time '20:00'
       FROM generate_series(1, 2000) g JOIN (SELECT id, station_id, row_number() OVER (ORDER BY username) - 1 AS n FROM users WHERE role = 'officer') u ON u.n = g % 20`,
  );
  await c.query(
    `INSERT INTO seminar_participants (seminar_id, organization_id, attendee_count)
     SELECT s.id, o.id, 1 + g % 5
       FROM (SELECT id, row_number() OVER (ORDER BY id)::int AS n FROM seminars) s
       JOIN generate_series(1, 20000) g ON s.n = 1 + g % 2000
       JOIN bench_orgs o ON o.rn = 1 + (g * 37) % $1::int`,
    [options.organizations],
  );
  await c.query('VACUUM ANALYZE');
  console.log(`  data generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

export async function startBenchApp(url: string): Promise<{ app: INestApplication; base: string }> {
  // Bench users sign in with a password only (MFA_REQUIRED_ROLES empty); limits high enough to
  // be measured without refusing.
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    MFA_REQUIRED_ROLES: '',
    RATE_LIMIT_EXPORTS_PER_MINUTE: '100000',
    RATE_LIMIT_REPORTS_PER_MINUTE: '100000',
    RATE_LIMIT_SEARCH_PER_MINUTE: '100000',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), {
    logger: false,
    bodyParser: false,
  });
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, base: `http://127.0.0.1:${port}` };
}

export async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function measure(n: number, fn: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main(): Promise<void> {
  const ORGS = 100_000;
  const VISITS = 1_000_000;
  const RUNS = 30;
  const asOf = '2023-12-31';
  const pastAsOf = '2022-06-30';
  const cadence = { A: 180, B: 365, C: 730 };
  console.log(`coverage benchmark: 20 stations, ${ORGS} organizations, ${VISITS} visits`);
  const env = await startBenchDatabase();
  try {
    await seedBenchData(env.client, { organizations: ORGS, visits: VISITS });
    const { app, base } = await startBenchApp(env.url);
    try {
      const [station] = (await env.client.query(`SELECT id FROM stations WHERE code = 'st01'`)).rows as {
        id: string;
      }[];
      const managerToken = await login(base, 'manager_st01');
      const hqToken = await login(base, 'hq_bench');
      const api = (token: string, query: string) => async () => {
        const res = await fetch(`${base}/api/v1/coverage?${query}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!res.ok) throw new Error(`coverage ${res.status}`);
        await res.json();
      };
      const raw = (groupBy: 'sector' | 'station', stationId: string | null, day = asOf) => {
        const { sql, params } = coverageGroupsSql(day, cadence, groupBy, (p) =>
          stationId ? `o.station_id = $${p.push(stationId)}` : 'TRUE',
        );
        return async () => {
          await env.client.query(sql, params);
        };
      };
      const views = [
        {
          name: 'station view   (manager, groupBy=sector)',
          api: api(managerToken, `asOf=${asOf}&groupBy=sector`),
          raw: raw('sector', station.id),
        },
        {
          name: 'prefecture view (hq, groupBy=station)   ',
          api: api(hqToken, `asOf=${asOf}&groupBy=station`),
          raw: raw('station', null),
        },
        {
          name: 'prefecture view (hq, groupBy=sector)    ',
          api: api(hqToken, `asOf=${asOf}&groupBy=sector`),
          raw: raw('sector', null),
        },
        {
          // A past day: most organizations' rows valid then have been superseded since.
          name: `prefecture view (hq, asOf=${pastAsOf})   `,
          api: api(hqToken, `asOf=${pastAsOf}&groupBy=station`),
          raw: raw('station', null, pastAsOf),
        },
      ];
      const sample = await (
        await fetch(`${base}/api/v1/coverage?asOf=${asOf}&groupBy=tier`, {
          headers: { authorization: `Bearer ${hqToken}` },
        })
      ).json();
      console.log('  prefecture totals:', JSON.stringify((sample as { totals: unknown }).totals));
      for (const v of views) {
        const a = await measure(RUNS, v.api);
        const r = await measure(RUNS, v.raw);
        console.log(
          `  ${v.name}  API p50 ${a.p50.toFixed(1)} ms  p95 ${a.p95.toFixed(1)} ms | raw SQL p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms | ratio p50 ${(a.p50 / r.p50).toFixed(2)}  p95 ${(a.p95 / r.p95).toFixed(2)}`,
        );
      }
      const plan = await env.client.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${coverageGroupsSql(asOf, cadence, 'station', () => 'TRUE').sql}`,
        coverageGroupsSql(asOf, cadence, 'station', () => 'TRUE').params,
      );
      if (process.env.BENCH_PLAN)
        console.log((plan.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'));
    } finally {
      await app.close();
    }
  } finally {
    await stopBenchDatabase(env);
  }
}

// Run only as the entry point (bench/exports.ts imports the helpers above).
if (process.argv[1]?.endsWith(path.join('bench', 'coverage.ts'))) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
