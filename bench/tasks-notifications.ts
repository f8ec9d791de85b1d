/**
 * Tasks and the daily reminders (issue 13): 10 stations, 50,000 organizations, 300,000 visits with
 * their officers, 150,000 visit follow-ups and 20,000 council follow-ups (due dates over the year
 * before and after today, 70 % closed), in a throwaway embedded PostgreSQL. Measured:
 *  - GET /tasks (mine; the station's as its manager; overdue only) and GET /notifications over HTTP,
 *    p50/p95 of RUNS requests one at a time, beside the same read without HTTP (the repository's one
 *    UNION statement, called directly);
 *  - the daily reminder run (set-based: one INSERT … SELECT for every owner) the first time, again the
 *    same day (claimed already: nothing), and forced again (claim removed: the dedupe key skips all).
 *
 *   node scripts/run.js bench/tasks-notifications.ts
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { hashPassword } from '../libs/auth/password';
import { todayJst } from '../libs/japanese/jst';
import { DailyReminders } from '../apps/api/src/notifications/daily-reminders';
import { TasksRepository } from '../apps/api/src/tasks/tasks.repository';
import { startBenchApp, startBenchDatabase } from './lib/bench-app';
import { percentile } from './lib/load';

const PASSWORD = 'bench-password-123';
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

async function seed(ds: DataSource, today: string): Promise<void> {
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const s = performance.now();
    await ds.query(sql, params);
    console.log(`    ${label}: ${((performance.now() - s) / 1000).toFixed(1)} s`);
  };
  const hash = await hashPassword(PASSWORD);
  await step(
    'stations, users',
    `WITH s AS (
       INSERT INTO stations (code, name, prefecture_code, municipality_codes)
       SELECT 'st' || lpad(g::text, 2, '0'), '第' || g || '警察署', '35', ARRAY['35208']
         FROM generate_series(1, 10) g RETURNING id, code)
     INSERT INTO users (username, display_name, role, station_id, password_hash, must_change_password, password_changed_at)
     SELECT r || '_' || s.code, r || ' ' || s.code, r, s.id, $1, false, now()
       FROM s CROSS JOIN (VALUES ('officer'), ('manager')) v(r)`,
    [hash],
  );
  await step(
    'organizations',
    `INSERT INTO organizations (station_id, name, tier, sort_key, search_text, normalized_name)
     SELECT s.id, '株式会社ベンチ' || g, 'A', 'ベンチ' || lpad(g::text, 6, '0'), 'ベンチ' || g, 'ベンチ' || g
       FROM generate_series(1, 50000) g
       JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS n FROM stations) s ON s.n = g % 10`,
  );
  await step(
    'visits',
    `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, materials, summary,
       status, created_by, submitted_at, approved_at, approved_by)
     SELECT o.station_id, o.id, x.day + time '01:00', x.day, 'on_site', ARRAY['leak_cases'], ARRAY[]::text[],
            '技術流出事案の紹介', 'approved', u.id, x.day + time '08:00', x.day + time '09:00', u.id
       FROM (SELECT g, $1::date - 1 - (g % 1500) AS day FROM generate_series(1, 300000) g) x
       JOIN (SELECT id, station_id, row_number() OVER (ORDER BY id) - 1 AS n FROM organizations) o ON o.n = x.g % 50000
       JOIN users u ON u.station_id = o.station_id AND u.role = 'officer'`,
    [today],
  );
  await step(
    'visit officers',
    `INSERT INTO visit_officers (visit_id, user_id) SELECT v.id, v.created_by FROM visits v`,
  );
  await step(
    'visit follow-ups',
    `INSERT INTO visit_follow_ups (visit_id, title, due_on, owner_id, status)
     SELECT v.id, 'フォローアップ ' || v.n, $1::date - 365 + (v.n % 730)::int, v.created_by,
            CASE WHEN v.n % 10 < 7 THEN 'done' WHEN v.n % 10 = 7 THEN 'in_progress' ELSE 'open' END
       FROM (SELECT id, created_by, row_number() OVER (ORDER BY id) AS n FROM visits) v WHERE v.n <= 150000`,
    [today],
  );
  await step(
    'council meetings, items, follow-ups',
    `WITH m AS (
       INSERT INTO council_meetings (station_id, held_on)
       SELECT s.id, $1::date - 30 * g FROM stations s CROSS JOIN generate_series(1, 20) g RETURNING id, station_id),
     i AS (
       INSERT INTO council_items (meeting_id, station_id, kind, text)
       SELECT m.id, m.station_id, 'request', '要望 ' || g FROM m CROSS JOIN generate_series(1, 10) g
       RETURNING id, station_id)
     INSERT INTO follow_ups (council_item_id, station_id, title, owner_id, due_on, status)
     SELECT i.id, i.station_id, '措置 ' || g, u.id, $1::date - 365 + ((g * 37 + length(i.id::text)) % 730),
            CASE WHEN g % 10 < 7 THEN 'done' ELSE 'open' END
       FROM i CROSS JOIN generate_series(1, 10) g
       JOIN users u ON u.station_id = i.station_id AND u.role = 'manager'`,
    [today],
  );
  await ds.query('ANALYZE');
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function timeRuns(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function main(): Promise<void> {
  const today = todayJst();
  const db = await startBenchDatabase();
  try {
    console.log('seeding');
    await seed(db.ds, today);
    const { app, baseUrl } = await startBenchApp(db.runtimeUrl, undefined, {
      JOB_WORKERS: 'false',
      DAILY_REMINDERS: 'false',
    });
    try {
      const [officerRow] = await db.ds.query(
        `SELECT u.id, u.station_id AS "stationId" FROM users u WHERE u.username = 'officer_st01'`,
      );
      const [managerRow] = await db.ds.query(
        `SELECT u.id, u.station_id AS "stationId" FROM users u WHERE u.username = 'manager_st01'`,
      );
      const officer = await login(baseUrl, 'officer_st01');
      const manager = await login(baseUrl, 'manager_st01');
      const get = (token: string, path: string) => async () => {
        const res = await fetch(`${baseUrl}/api/v1${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        await res.arrayBuffer();
      };
      const repo = app.get(TasksRepository);
      const asUser = (row: { id: string; stationId: string }, role: 'officer' | 'manager') => ({
        id: row.id,
        username: role,
        displayName: role,
        role,
        stationId: row.stationId,
      });
      const direct =
        (
          row: { id: string; stationId: string },
          role: 'officer' | 'manager',
          mine: boolean,
          overdue: boolean,
        ) =>
        () =>
          repo.list(
            asUser(row, role),
            { mine, status: 'active', overdueBefore: overdue ? today : undefined, today },
            50,
            0,
          );
      const rows: Record<string, string | number>[] = [];
      const line = async (label: string, http: () => Promise<unknown>, sql?: () => Promise<unknown>) => {
        const h = await timeRuns(http);
        const s = sql ? await timeRuns(sql) : null;
        rows.push({
          request: label,
          'http p50 ms': h.p50.toFixed(1),
          'http p95 ms': h.p95.toFixed(1),
          'direct p50 ms': s ? s.p50.toFixed(1) : '-',
          'direct p95 ms': s ? s.p95.toFixed(1) : '-',
        });
      };
      await line(
        'GET /tasks?assignee=me (officer)',
        get(officer, '/tasks?assignee=me'),
        direct(officerRow, 'officer', true, false),
      );
      await line(
        'GET /tasks (manager, station)',
        get(manager, '/tasks'),
        direct(managerRow, 'manager', false, false),
      );
      await line(
        'GET /tasks?overdue=true (manager)',
        get(manager, '/tasks?overdue=true'),
        direct(managerRow, 'manager', false, true),
      );

      if (process.env.BENCH_EXPLAIN) {
        const appDs = app.get(DataSource);
        const original = appDs.query.bind(appDs);
        let captured: [string, unknown[]] | null = null;
        (appDs as { query: unknown }).query = (sql: string, params?: unknown[]) => {
          captured = [sql, params ?? []];
          return original(sql, params);
        };
        for (const [role, mine] of [
          ['manager', false],
          ['officer', true],
        ] as const) {
          await direct(role === 'manager' ? managerRow : officerRow, role, mine, false)();
          const [sql, params] = captured!;
          const plan = await db.ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
          console.log(plan.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
        }
        (appDs as { query: unknown }).query = original;
      }
      const reminders = app.get(DailyReminders);
      const t0 = performance.now();
      const first = await reminders.run(today);
      const t1 = performance.now();
      const again = await reminders.run(today);
      const t2 = performance.now();
      await db.ds.query(`DELETE FROM daily_runs`);
      const forced = await reminders.run(today);
      const t3 = performance.now();
      await db.ds.query('ANALYZE notifications');
      await line('GET /notifications (officer)', get(officer, '/notifications'));
      console.table(rows);
      const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM notifications`);
      console.log(
        `daily run: first ${(t1 - t0).toFixed(0)} ms (${first.due} due, ${first.overdue} overdue), ` +
          `same day again ${(t2 - t1).toFixed(0)} ms (ran: ${again.ran}), ` +
          `forced re-run ${(t3 - t2).toFixed(0)} ms (${forced.due + forced.overdue} new); notifications: ${n}`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await db.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
