/**
 * Every list screen's API call at a prefecture's scale (issue 18: "every list screen's API call —
 * visits, organizations, seminars, consultations, follow-ups, tasks — p95 under 30 ms"), on the
 * coverage benchmark's data (20 stations, 100,000 organizations, 1,000,000 visits, 2,000 seminars
 * with 20,000 participants) plus 50,000 consultations, 200,000 visit follow-ups and 300 council
 * meetings with 3,000 items and their follow-ups:
 *
 *   node scripts/run.js bench/list-screens.ts        (BENCH_KEEP_DIR=<dir> keeps the data;
 *                                                     BENCH_ONLY=<regex> of screen or path)
 *
 * Each line is one screen's request as the web sends it (first page, then a filtered page), as an
 * officer, a manager and hq, p50/p95 over HTTP on a warm app; beside it the raw baseline: the very
 * SELECT statements that request ran (captured from the pg driver during one call, the session
 * check included), replayed on a plain client in the same order.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { login, seedBenchData, startBenchApp, startBenchDatabase, stopBenchDatabase } from './coverage';
import { percentile, printTable } from './lib/load';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const TARGET_MS = 30;

async function seedListData(c: Client): Promise<void> {
  const seeded = await c.query(`SELECT count(*)::int AS n FROM consultations`);
  if ((seeded.rows[0] as { n: number }).n > 0) return; // BENCH_KEEP_DIR: already generated
  const t0 = performance.now();
  await c.query(`CREATE TEMP TABLE list_orgs AS
    SELECT o.id, o.station_id, u.id AS officer_id, row_number() OVER (ORDER BY o.id)::int AS rn
      FROM organizations o JOIN users u ON u.station_id = o.station_id AND u.role = 'officer'`);
  await c.query(`CREATE INDEX ON list_orgs (rn)`);
  const [{ n: orgs }] = (await c.query(`SELECT count(*)::int AS n FROM list_orgs`)).rows as { n: number }[];
  await c.query(
    `INSERT INTO consultations (station_id, organization_id, received_at, category, summary, handling,
       escalated, status, closed_at, restricted, created_by)
     SELECT o.station_id, o.id, x.at, (ARRAY['targeted_email','unauthorized_access','defacement'])[1 + x.g % 3],
            '不審なメールを受信したとの相談', '警察本部へ連絡', x.g % 17 = 0,
            CASE WHEN x.g % 3 = 0 THEN 'open' ELSE 'closed' END,
            CASE WHEN x.g % 3 = 0 THEN NULL ELSE x.at + interval '7 days' END, x.g % 20 = 0, o.officer_id
       FROM (SELECT g, 1 + (g * 7919) % $2::int AS rn,
                    timestamptz '2019-01-01 10:00+09' + (g % 1826) * interval '1 day' AS at
               FROM generate_series(1, $1::int) g) x
       JOIN list_orgs o ON o.rn = x.rn`,
    [50_000, orgs],
  );
  // A follow-up on every fifth visit, due a month after it; the older ones mostly done.
  await c.query(
    `INSERT INTO visit_follow_ups (visit_id, station_id, title, due_on, owner_id, status, result, closed_at)
     SELECT v.id, v.station_id, '資料送付', v.visited_on + 30, v.created_by,
            CASE WHEN v.visited_on < date '2023-06-01' THEN (ARRAY['done','done','done','dropped'])[1 + (v.n % 4)::int]
                 ELSE (ARRAY['open','in_progress'])[1 + (v.n % 2)::int] END,
            CASE WHEN v.visited_on < date '2023-06-01' THEN '送付済み' END,
            CASE WHEN v.visited_on < date '2023-06-01' THEN v.visited_at + interval '20 days' END
       FROM (SELECT id, station_id, visited_on, visited_at, created_by, row_number() OVER (ORDER BY id) AS n FROM visits) v
      WHERE v.n % 5 = 0`,
  );
  await c.query(
    `INSERT INTO council_meetings (station_id, held_on, place, sequence)
     SELECT s.id, make_date(2019 + y, 4, 1) + m * 120, '警察署 講堂', m + 1
       FROM stations s, generate_series(0, 4) y, generate_series(0, 2) m`,
  );
  await c.query(
    `INSERT INTO council_items (meeting_id, station_id, kind, raised_by, text, response, position)
     SELECT m.id, m.station_id, (ARRAY['question','request','opinion','consultation'])[1 + p % 4], '委員',
            '取組について説明願う', '説明した', p
       FROM council_meetings m, generate_series(1, 10) p`,
  );
  await c.query(
    `INSERT INTO follow_ups (council_item_id, station_id, title, owner_id, due_on, status, result, closed_at)
     SELECT i.id, i.station_id, '回答を次回報告', u.id, mt.held_on + 60,
            CASE WHEN mt.held_on < date '2023-06-01' THEN 'done' ELSE 'open' END,
            CASE WHEN mt.held_on < date '2023-06-01' THEN '次回協議会で報告した' END,
            CASE WHEN mt.held_on < date '2023-06-01' THEN mt.held_on + interval '50 days' END
       FROM council_items i JOIN council_meetings mt ON mt.id = i.meeting_id
       JOIN users u ON u.station_id = i.station_id AND u.role = 'officer'`,
  );
  await c.query('VACUUM ANALYZE');
  console.log(`  list data generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** The statements the app sends through pg while `fn` runs (the app runs in this process). */
async function captureStatements(fn: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const seen: { text: string; values: unknown[] }[] = [];
  proto.query = function (this: Client, ...args: unknown[]) {
    const [first, second] = args;
    // values copied now: a caller may reuse (and extend) its array for its next statement
    if (typeof first === 'string')
      seen.push({ text: first, values: Array.isArray(second) ? [...second] : [] });
    else if (first && typeof first === 'object' && 'text' in first) {
      const q = first as { text: string; values?: unknown[] };
      seen.push({ text: q.text, values: [...(q.values ?? (Array.isArray(second) ? second : []))] });
    }
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  // reads only: transaction control and the audit trail's writes are not replayed
  return seen.filter(
    (s) => /^\s*(select|with)\b/i.test(s.text) && !/\b(insert|update|delete)\b/i.test(s.text),
  );
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
  console.log(
    `list screens benchmark: 20 stations, 100,000 organizations, 1,000,000 visits; ${RUNS} runs each`,
  );
  const env = await startBenchDatabase();
  try {
    await seedBenchData(env.client, { organizations: 100_000, visits: 1_000_000 });
    await seedListData(env.client);
    // Kept data (BENCH_KEEP_DIR) may have just been migrated: a table a migration rewrote has no
    // visibility map until autovacuum gets to it, which freshly generated data has (VACUUM ANALYZE
    // above). Both start alike: the lists' tables vacuumed (a no-op when nothing changed).
    await env.client.query('VACUUM (ANALYZE) visit_follow_ups, follow_ups, consultations');
    const { app, base } = await startBenchApp(env.url);
    try {
      const tokens = {
        officer: await login(base, 'officer_st01'),
        manager: await login(base, 'manager_st01'),
        hq: await login(base, 'hq_bench'),
      };
      const raw = new Client({ connectionString: env.url });
      await raw.connect();
      raw.on('error', () => undefined); // the server stopping after a failure: the failure is what counts
      const screens: { screen: string; path: string; who: keyof typeof tokens }[] = [
        { screen: '訪問一覧', path: '/visits?page=1&pageSize=50', who: 'officer' },
        {
          screen: '訪問一覧 (期間)',
          path: '/visits?from=2023-04-01&to=2023-09-30&pageSize=50',
          who: 'manager',
        },
        { screen: '事業者一覧', path: '/organizations?pageSize=50', who: 'officer' },
        {
          screen: '事業者一覧 (検索)',
          path: `/organizations?q=${encodeURIComponent('ベンチ12')}&pageSize=50`,
          who: 'officer',
        },
        { screen: 'セミナー一覧', path: '/seminars?pageSize=50', who: 'officer' },
        { screen: 'セミナー一覧', path: '/seminars?pageSize=50', who: 'hq' },
        {
          screen: 'セミナー一覧 (期間)',
          path: '/seminars?from=2022-04-01&to=2023-03-31&pageSize=50',
          who: 'hq',
        },
        { screen: '相談一覧', path: '/consultations?pageSize=50', who: 'officer' },
        { screen: '相談一覧', path: '/consultations?pageSize=50', who: 'hq' },
        { screen: '相談一覧 (未了)', path: '/consultations?status=open&pageSize=50', who: 'manager' },
        { screen: '訪問の要処理', path: '/visits/follow-ups?pageSize=50', who: 'officer' },
        {
          screen: '訪問の要処理 (期限超過)',
          path: '/visits/follow-ups?overdue=true&pageSize=50',
          who: 'manager',
        },
        { screen: '協議会の措置', path: '/follow-ups?pageSize=50', who: 'manager' },
        { screen: '協議会の措置 (期限超過)', path: '/follow-ups?overdue=true&pageSize=50', who: 'officer' },
        { screen: 'タスク (自分)', path: '/tasks?assignee=me&pageSize=50', who: 'officer' },
        { screen: 'タスク (署)', path: '/tasks?pageSize=50', who: 'manager' },
        { screen: 'タスク (期限超過)', path: '/tasks?overdue=true&pageSize=50', who: 'manager' },
      ];
      const rows: Record<string, string | number>[] = [];
      const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
      for (const s of screens) {
        if (only && !only.test(`${s.screen} ${s.path}`)) continue;
        const url = `${base}/api/v1${s.path}`;
        const call = async () => {
          const res = await fetch(url, { headers: { authorization: `Bearer ${tokens[s.who]}` } });
          if (res.status !== 200) throw new Error(`${s.path}: ${res.status} ${await res.text()}`);
          return res.json();
        };
        const body = (await call()) as { total?: number; items?: unknown[] };
        const api = await measure(RUNS, call);
        const statements = await captureStatements(call);
        const baseline = await measure(RUNS, async () => {
          for (const q of statements)
            await raw.query(q.text, q.values).catch((err: Error) => {
              throw new Error(`${err.message}: ${q.text.slice(0, 300)} ${JSON.stringify(q.values)}`);
            });
        });
        rows.push({
          screen: s.screen,
          user: s.who,
          route: `GET ${s.path.replace(/[?&]?page(Size)?=\d+/g, '').replace(/^([^?]*)&/, '$1?')}`,
          total: body.total ?? body.items?.length ?? '-',
          'API p50': api.p50.toFixed(1),
          'API p95': api.p95.toFixed(1),
          'raw p95': baseline.p95.toFixed(1),
          statements: statements.length,
          ratio: (api.p95 / Math.max(baseline.p95, 0.1)).toFixed(2),
          [`< ${TARGET_MS} ms`]: api.p95 < TARGET_MS ? 'yes' : 'NO',
        });
        console.log(
          `  ${s.screen} (${s.who}): API p95 ${api.p95.toFixed(1)} ms, raw ${baseline.p95.toFixed(1)} ms`,
        );
      }
      await raw.end();
      console.log(`\nload average ${loadavg()[0].toFixed(1)}`);
      printTable(rows);
    } finally {
      await app.close();
    }
  } finally {
    await stopBenchDatabase(env);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
