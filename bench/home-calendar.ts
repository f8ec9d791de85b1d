/**
 * Home and calendar benchmark (issue 13): 20 stations, 100,000 organizations and 1,000,000 visits
 * over the five years up to today (4 % of them planned in the next 60 days), every visit with its
 * officer, 100,000 visit follow-ups, council meetings and follow-ups, seminars, notifications and
 * failed logins, in a throwaway embedded PostgreSQL. Measured over HTTP (p50/p95 of RUNS requests,
 * one at a time): GET /home for each role and GET /calendar for a month (this month, the station's
 * officer; a past month, the manager; with the officer filter) and GET /calendar.ics — each beside
 * the raw SQL of the same request: the statements the request ran (captured once from the app's
 * pool), replayed with pg, side by side on a pool as the service runs them.
 *
 *   node scripts/run.js bench/home-calendar.ts        (BENCH_KEEP_DIR=<dir> keeps the data)
 *
 * Target: p95 < 100 ms for every line.
 */
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { hashPassword } from '../libs/auth/password';
import { addDays, todayJst } from '../libs/japanese/jst';
import { BENCH_PASSWORD, login, startBenchApp, startBenchDatabase, stopBenchDatabase } from './coverage';
import { percentile } from './lib/load';

const ORGS = 100_000;
const VISITS = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

/** Set-based generation (generate_series), dates relative to today so that "today", "this week" and "this fiscal year" have data. */
async function seed(c: Client, today: string): Promise<void> {
  const seeded = await c.query(`SELECT count(*)::int AS n FROM visits`);
  if ((seeded.rows[0] as { n: number }).n > 0) return; // BENCH_KEEP_DIR: already generated
  const hash = await hashPassword(BENCH_PASSWORD);
  const t0 = performance.now();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const s = performance.now();
    await c.query(sql, params);
    console.log(`    ${label}: ${((performance.now() - s) / 1000).toFixed(1)} s`);
  };
  await step(
    'stations, users',
    `WITH s AS (
       INSERT INTO stations (code, name, prefecture_code, municipality_codes)
       SELECT 'st' || lpad(g::text, 2, '0'), '第' || g || '警察署', '35',
              ARRAY['35' || lpad((200 + g * 3)::text, 3, '0'), '35' || lpad((201 + g * 3)::text, 3, '0')]
         FROM generate_series(1, 20) g RETURNING id, code, name)
     INSERT INTO users (username, display_name, role, station_id, password_hash, must_change_password, password_changed_at)
     SELECT r || '_' || s.code, r || ' ' || s.name, r, s.id, $1, false, now() FROM s CROSS JOIN (VALUES ('officer'), ('manager')) v(r)`,
    [hash],
  );
  await c.query(
    `INSERT INTO users (username, display_name, role, station_id, password_hash, must_change_password, password_changed_at)
     VALUES ('hq_bench', '本部 PT', 'hq', NULL, $1, false, now()), ('admin_bench', '管理者', 'admin', NULL, $1, false, now())`,
    [hash],
  );
  // officers with one-time passwords, some expired (the admin's list)
  await c.query(
    `INSERT INTO users (username, display_name, role, station_id, password_hash, must_change_password, password_changed_at)
     SELECT 'new_' || g, '新任 ' || g, 'officer', (SELECT id FROM stations ORDER BY code LIMIT 1 OFFSET g % 20), $1, true,
            now() - make_interval(days => g % 14)
       FROM generate_series(1, 200) g`,
    [hash],
  );
  await step(
    'organizations',
    `INSERT INTO organizations (station_id, name, name_kana, corporate_number, tier, sector, legal_form,
       municipality_code, municipality_name, address, search_text, sort_key, created_at)
     SELECT s.id, '株式会社ベンチ' || g, 'ベンチ' || g, lpad((1000000000000 + g)::text, 13, '0'),
            CASE WHEN g % 10 = 0 THEN 'A' WHEN g % 10 < 4 THEN 'B' ELSE 'C' END,
            (ARRAY['advanced_tech','university','medical','infra_power','infra_rail','manufacturing','chemical','other'])[1 + g % 8],
            'kabushiki', s.municipality_codes[1 + g % 2], '市' || s.municipality_codes[1 + g % 2],
            '山口県テスト市' || g || '番地', 'ベンチ' || g, 'ベンチ' || lpad(g::text, 6, '0'), $2::date - 1900
       FROM generate_series(1, $1::int) g
       JOIN (SELECT id, code, municipality_codes, row_number() OVER (ORDER BY code) - 1 AS n FROM stations) s ON s.n = g % 20`,
    [ORGS, today],
  );
  await c.query(`CREATE TEMP TABLE bench_orgs AS
    SELECT o.id, o.station_id, u.id AS officer_id, row_number() OVER (ORDER BY o.id)::int AS rn
      FROM organizations o JOIN users u ON u.station_id = o.station_id AND u.role = 'officer' AND u.username LIKE 'officer_%'`);
  await c.query(`CREATE INDEX ON bench_orgs (rn)`);
  // status by r: approved 88 %, submitted 4 %, returned 2 %, draft 2 %, planned 4 % (in the next 60 days)
  const status = `CASE WHEN r < 0.88 THEN 'approved' WHEN r < 0.92 THEN 'submitted' WHEN r < 0.94 THEN 'returned'
                       WHEN r < 0.96 THEN 'draft' ELSE 'planned' END`;
  await step(
    'visits',
    `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, materials, summary,
       status, created_by, submitted_at, approved_at, approved_by, return_reason)
     SELECT o.station_id, o.id, x.day + time '10:00' - interval '9 hours' + make_interval(mins => (x.g % 16) * 30), x.day,
            (ARRAY['on_site','at_station','online','phone'])[1 + x.g % 4],
            ARRAY['leak_cases','cyber_trends'], ARRAY['パンフレット「技術流出防止」'],
            '技術流出事案の紹介及び社内相談窓口の設置について説明した。', x.status, o.officer_id,
            CASE WHEN x.status IN ('approved', 'submitted', 'returned') THEN x.day + time '17:00' - interval '9 hours' END,
            CASE WHEN x.status = 'approved' THEN x.day + time '18:00' - interval '9 hours' END,
            CASE WHEN x.status = 'approved' THEN o.officer_id END,
            CASE WHEN x.status = 'returned' THEN '所見を追記してください' END
       FROM (SELECT g, r, rn, ${status} AS status,
                    CASE WHEN r >= 0.96 THEN $3::date + floor(random() * 60)::int
                         ELSE $3::date - 1 - floor(random() * 1825)::int END AS day
               FROM (SELECT g, random() AS r, 1 + floor(random() * $2::int)::int AS rn FROM generate_series(1, $1::int) g) y) x
       JOIN bench_orgs o ON o.rn = x.rn`,
    [VISITS, ORGS, today],
  );
  await step(
    'visit officers',
    `INSERT INTO visit_officers (visit_id, user_id) SELECT id, created_by FROM visits`,
  );
  await step(
    'visit follow-ups',
    `INSERT INTO visit_follow_ups (visit_id, title, due_on, owner_id, status)
     SELECT v.id, '資料送付 ' || v.n, $2::date - 180 + (v.n * 7) % 240, v.created_by,
            (ARRAY['open','open','in_progress','done','done'])[1 + v.n % 5]
       FROM (SELECT id, created_by, row_number() OVER ()::int AS n FROM visits TABLESAMPLE SYSTEM (12)) v
      WHERE v.n <= $1`,
    [100_000, today],
  );
  await step(
    'seminars, council',
    `INSERT INTO seminars (station_id, title, kind, held_on, topics, created_by, created_at)
     SELECT u.station_id, 'セミナー' || g, 'seminar', $1::date - 1825 + (g * 7) % 1900, ARRAY['cyber_trends'], u.id, now()
       FROM generate_series(1, 2000) g
       JOIN (SELECT id, station_id, row_number() OVER (ORDER BY username) - 1 AS n FROM users
              WHERE role = 'officer' AND username LIKE 'officer_%') u ON u.n = g % 20`,
    [today],
  );
  await c.query(
    `INSERT INTO council_meetings (station_id, held_on)
     SELECT s.id, $1::date - 1825 + q * 91 FROM stations s CROSS JOIN generate_series(0, 21) q`,
    [today],
  );
  await c.query(
    `INSERT INTO council_items (meeting_id, station_id, kind, text, position)
     SELECT m.id, m.station_id, 'request', '学校での講演を検討されたい', i FROM council_meetings m CROSS JOIN generate_series(1, 5) i`,
  );
  await c.query(
    `INSERT INTO follow_ups (council_item_id, station_id, title, owner_id, due_on, status)
     SELECT i.id, i.station_id, '講演の調整 ' || i.position,
            (SELECT u.id FROM users u WHERE u.station_id = i.station_id AND u.username LIKE 'officer_%'),
            m.held_on + 60, CASE WHEN m.held_on > $1::date - 365 THEN 'open' ELSE 'done' END
       FROM council_items i JOIN council_meetings m ON m.id = i.meeting_id`,
    [today],
  );
  await step(
    'notifications, failed logins',
    `INSERT INTO notifications (recipient_id, kind, title, link_type, link_id, station_id, created_at, read_at)
     SELECT v.created_by, 'visit_approved', '訪問記録が承認されました', 'visit', v.id, v.station_id,
            v.approved_at, CASE WHEN v.n % 3 > 0 THEN v.approved_at + interval '1 day' END
       FROM (SELECT id, created_by, station_id, approved_at, row_number() OVER ()::int AS n
               FROM visits WHERE status = 'approved' AND visited_on > $1::date - 120) v`,
    [today],
  );
  await c.query(
    `INSERT INTO audit_events (occurred_at, action, entity_type, entity_id, changes, client_ip)
     SELECT now() - make_interval(mins => g * 7), 'auth.login_failed', 'user', NULL,
            jsonb_build_object('username', 'user' || g % 30, 'reason', 'wrong_password'), '10.0.0.' || g % 250
       FROM generate_series(1, 3000) g`,
  );
  await c.query('VACUUM ANALYZE');
  console.log(`  data generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

interface Captured {
  sql: string;
  params: unknown[];
}

/** The statements an HTTP request makes through the app's pool, the sign-in bookkeeping left out. */
function capture(ds: DataSource) {
  let into: Captured[] | null = null;
  const original = ds.query.bind(ds);
  ds.query = (async (sql: string, params?: unknown[]) => {
    if (
      into &&
      !/\b(sessions|users u JOIN sessions|rate_limit_hits|login_throttle|idempotency_keys)\b/.test(sql)
    )
      into.push({ sql, params: params ?? [] });
    return original(sql, params);
  }) as DataSource['query'];
  return {
    async during(fn: () => Promise<void>): Promise<Captured[]> {
      into = [];
      try {
        await fn();
        return into;
      } finally {
        into = null;
      }
    },
  };
}

async function measure(n: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main(): Promise<void> {
  const today = todayJst();
  const month = today.slice(0, 7);
  const monthFrom = `${month}-01`;
  const monthTo = addDays(`${addDays(monthFrom, 40).slice(0, 7)}-01`, -1);
  const past = { from: '2024-06-01', to: '2024-06-30' };
  console.log(
    `home/calendar benchmark: 20 stations, ${ORGS} organizations, ${VISITS} visits; today ${today}`,
  );
  const env = await startBenchDatabase();
  try {
    await seed(env.client, today);
    const counts = await env.client.query(
      `SELECT (SELECT count(*) FROM organizations)::int AS organizations, (SELECT count(*) FROM visits)::int AS visits,
              (SELECT count(*) FROM visits WHERE status = 'planned')::int AS planned,
              (SELECT count(*) FROM visit_follow_ups)::int AS "visitFollowUps", (SELECT count(*) FROM follow_ups)::int AS "councilFollowUps"`,
    );
    console.log('  data:', JSON.stringify(counts.rows[0]));
    const { app, base } = await startBenchApp(env.url);
    const ds = app.get(DataSource);
    const recorder = capture(ds);
    const pool = new Pool({ connectionString: env.url, max: 10 });
    try {
      const tokens = {
        officer: await login(base, 'officer_st01'),
        manager: await login(base, 'manager_st01'),
        hq: await login(base, 'hq_bench'),
        admin: await login(base, 'admin_bench'),
      };
      const [officerRow] = (await env.client.query(`SELECT id FROM users WHERE username = 'officer_st01'`))
        .rows as {
        id: string;
      }[];
      const api = (token: string, pathAndQuery: string) => async () => {
        const res = await fetch(`${base}/api/v1${pathAndQuery}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
        return res.text();
      };
      const cases: { name: string; token: string; path: string }[] = [
        { name: 'GET /home (officer)             ', token: tokens.officer, path: '/home' },
        { name: 'GET /home (manager)             ', token: tokens.manager, path: '/home' },
        { name: 'GET /home (hq)                  ', token: tokens.hq, path: '/home' },
        { name: 'GET /home (admin)               ', token: tokens.admin, path: '/home' },
        {
          name: 'GET /calendar this month (officer)',
          token: tokens.officer,
          path: `/calendar?from=${monthFrom}&to=${monthTo}`,
        },
        {
          name: 'GET /calendar past month (manager)',
          token: tokens.manager,
          path: `/calendar?from=${past.from}&to=${past.to}`,
        },
        {
          name: 'GET /calendar month, officerId   ',
          token: tokens.manager,
          path: `/calendar?from=${past.from}&to=${past.to}&officerId=${officerRow.id}`,
        },
        {
          name: 'GET /calendar month (hq)        ',
          token: tokens.hq,
          path: `/calendar?from=${past.from}&to=${past.to}`,
        },
        {
          name: 'GET /calendar.ics month (manager)',
          token: tokens.manager,
          path: `/calendar.ics?from=${past.from}&to=${past.to}`,
        },
      ];
      const rows: string[] = [];
      const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
      for (const c of cases.filter((x) => !only || only.test(x.name))) {
        const call = api(c.token, c.path);
        const body = await call();
        const statements = await recorder.during(async () => {
          await call();
        });
        const size = c.path.startsWith('/calendar?')
          ? `${(JSON.parse(body) as { items: unknown[] }).items.length} items`
          : `${(body.length / 1024).toFixed(1)} KB`;
        const reads = statements.filter((s) => !/^\s*(INSERT|START|COMMIT|BEGIN)/i.test(s.sql));
        const a = await measure(RUNS, call);
        const parallel = await measure(RUNS, () =>
          Promise.all(reads.map((s) => pool.query(s.sql, s.params))),
        );
        const sequential = await measure(RUNS, async () => {
          for (const s of reads) await env.client.query(s.sql, s.params);
        });
        const line = `  ${c.name}  API p50 ${a.p50.toFixed(1)} ms  p95 ${a.p95.toFixed(1)} ms | raw SQL (${reads.length} statement${reads.length === 1 ? '' : 's'}, side by side) p50 ${parallel.p50.toFixed(1)}  p95 ${parallel.p95.toFixed(1)} ms; one after another p95 ${sequential.p95.toFixed(1)} ms | ${size}`;
        console.log(line);
        rows.push(line);
        if (process.env.BENCH_PLAN)
          for (const s of reads) {
            const plan = await env.client.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params);
            console.log((plan.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'));
          }
      }
    } finally {
      await pool.end();
      await app.close();
    }
  } finally {
    await stopBenchDatabase(env);
  }
}

if (process.argv[1]?.endsWith(path.join('bench', 'home-calendar.ts'))) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
