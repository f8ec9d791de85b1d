/**
 * Issue 3 benchmark: organization search at registry scale. Builds 1,000,000 organizations of one
 * station in a throwaway embedded PostgreSQL with set-based SQL (search_grams filled by the
 * migration's trigger, the search indexes rebuilt after the load), checks a sample against the
 * app's own normalization (organizationText), then measures GET /api/v1/organizations?q=… through
 * HTTP for each query shape, beside the very same SQL (buildListSql) run raw with pg, in the same run.
 *
 *   node scripts/run.js bench/organization-search.ts [--rows 1000000] [--requests 50]
 */
import { parseArgs } from 'node:util';
import * as http from 'node:http';
import * as os from 'node:os';
import { Pool } from 'pg';
import { hashPassword } from '../libs/auth/password';
import { loadConfig } from '../libs/config/app-config';
import { todayJst } from '../libs/japanese/jst';
import { organizationText } from '../apps/api/src/organizations/organization-text';
import { buildListSql, runListSql } from '../apps/api/src/organizations/organizations.repository';
import type { DataSource } from 'typeorm';
import type { RequestUser } from '../libs/http/request-context';
import { normalizeSearchText } from '../libs/japanese/text';
import { SEARCH_TYPES } from '../apps/api/src/search/dto/search.dto';
import { SearchRepository } from '../apps/api/src/search/search.repository';
import { startBenchApp, startBenchDatabase } from './lib/bench-app';
import { percentile, printTable } from './lib/load';

const K1 = [
  ['岩', 'イワ'],
  ['和', 'ワ'],
  ['錦', 'ニシキ'],
  ['周', 'シュウ'],
  ['瀬', 'セ'],
  ['大', 'オオ'],
  ['小', 'コ'],
  ['山', 'ヤマ'],
  ['川', 'カワ'],
  ['田', 'タ'],
  ['中', 'ナカ'],
  ['高', 'タカ'],
  ['石', 'イシ'],
  ['松', 'マツ'],
  ['竹', 'タケ'],
  ['梅', 'ウメ'],
  ['桜', 'サクラ'],
  ['東', 'ヒガシ'],
  ['西', 'ニシ'],
  ['南', 'ミナミ'],
  ['北', 'キタ'],
  ['新', 'シン'],
  ['本', 'モト'],
  ['光', 'ヒカリ'],
  ['金', 'カネ'],
  ['銀', 'ギン'],
  ['青', 'アオ'],
  ['白', 'シロ'],
  ['黒', 'クロ'],
  ['赤', 'アカ'],
  ['森', 'モリ'],
  ['林', 'ハヤシ'],
  ['島', 'シマ'],
  ['浜', 'ハマ'],
  ['原', 'ハラ'],
  ['野', 'ノ'],
  ['宮', 'ミヤ'],
  ['清', 'キヨ'],
  ['長', 'ナガ'],
  ['福', 'フク'],
];
const K2 = [
  ['国', 'クニ'],
  ['木', 'キ'],
  ['川', 'カワ'],
  ['防', 'ボウ'],
  ['戸', 'ト'],
  ['島', 'シマ'],
  ['野', 'ノ'],
  ['田', 'ダ'],
  ['井', 'イ'],
  ['村', 'ムラ'],
  ['町', 'マチ'],
  ['崎', 'サキ'],
  ['沢', 'サワ'],
  ['口', 'グチ'],
  ['谷', 'タニ'],
  ['岡', 'オカ'],
  ['浦', 'ウラ'],
  ['江', 'エ'],
  ['橋', 'ハシ'],
  ['原', 'ハラ'],
  ['尾', 'オ'],
  ['部', 'ベ'],
  ['見', 'ミ'],
  ['城', 'シロ'],
  ['丸', 'マル'],
  ['内', 'ウチ'],
  ['台', 'ダイ'],
  ['坂', 'サカ'],
  ['宮', 'ミヤ'],
  ['瀬', 'セ'],
  ['森', 'モリ'],
  ['堂', 'ドウ'],
  ['寺', 'デラ'],
  ['津', 'ツ'],
  ['里', 'サト'],
  ['屋', 'ヤ'],
  ['門', 'カド'],
];
/** 4 of 16 suffixes contain 工業: the broad term matches a quarter of the rows. */
const SUFFIX = [
  ['工業', 'コウギョウ'],
  ['精密', 'セイミツ'],
  ['化学', 'カガク'],
  ['電子', 'デンシ'],
  ['精密工業', 'セイミツコウギョウ'],
  ['製作所', 'セイサクショ'],
  ['技研', 'ギケン'],
  ['商事', 'ショウジ'],
  ['化学工業', 'カガクコウギョウ'],
  ['物産', 'ブッサン'],
  ['マテリアル', 'マテリアル'],
  ['システム', 'システム'],
  ['電子工業', 'デンシコウギョウ'],
  ['製薬', 'セイヤク'],
  ['電機', 'デンキ'],
  ['建設', 'ケンセツ'],
];
const CITIES = [
  '岩国市',
  '下関市',
  '宇部市',
  '山口市',
  '萩市',
  '防府市',
  '下松市',
  '光市',
  '長門市',
  '周南市',
];

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;

/** 1,000,000 rows in one INSERT … SELECT generate_series; names, readings, addresses, corporate numbers. */
export function generateSql(rows: number): string {
  const check = `(9 - (SELECT sum(CASE WHEN n % 2 = 1 THEN d ELSE d * 2 END) % 9
      FROM (SELECT n, substr(b.base, 13 - n, 1)::int AS d FROM generate_series(1, 12) AS n) AS digits))::text`;
  return `
    INSERT INTO organizations (station_id, corporate_number, name, name_kana, tier, municipality_code, address,
                               source, search_text, normalized_name, sort_key)
    SELECT $1, cn, name, kana, (ARRAY['A','B','C','C'])[g % 4 + 1], '35208', address, 'register',
           name || ' ' || kana || ' ' || address || ' ' || cn,
           replace(replace(name, '株式会社', ''), '合同会社', ''), kana
      FROM (
        SELECT g, b.base, ${check} || b.base AS cn,
               CASE WHEN g % 200000 = 7 THEN '鷺ノ宮バイオ研究所'
                    WHEN g % 3 = 0 THEN '株式会社' || k1[g % 40 + 1] || k2[(g / 40) % 37 + 1] || sx[(g / 1480) % 16 + 1]
                    WHEN g % 3 = 1 THEN k1[g % 40 + 1] || k2[(g / 40) % 37 + 1] || sx[(g / 1480) % 16 + 1] || '株式会社'
                    ELSE k1[g % 40 + 1] || k2[(g / 40) % 37 + 1] || sx[(g / 1480) % 16 + 1] || '合同会社' END AS name,
               CASE WHEN g % 200000 = 7 THEN 'サギノミヤバイオケンキュウショ'
                    ELSE k1r[g % 40 + 1] || k2r[(g / 40) % 37 + 1] || sxr[(g / 1480) % 16 + 1] END AS kana,
               '山口県' || ci[(g / 7) % 10 + 1] || k1[(g / 3) % 40 + 1] || k2[(g / 11) % 37 + 1] || '町'
                 || (g % 50 + 1) || '-' || (g % 7 + 1) AS address
          FROM generate_series(1, ${rows}) AS g,
               LATERAL (SELECT lpad((100000000000 + g)::text, 12, '0') AS base) AS b,
               (SELECT ${sqlArray(K1.map((k) => k[0]))} AS k1, ${sqlArray(K1.map((k) => k[1]))} AS k1r,
                       ${sqlArray(K2.map((k) => k[0]))} AS k2, ${sqlArray(K2.map((k) => k[1]))} AS k2r,
                       ${sqlArray(SUFFIX.map((k) => k[0]))} AS sx, ${sqlArray(SUFFIX.map((k) => k[1]))} AS sxr,
                       ${sqlArray(CITIES)} AS ci) AS words
      ) AS src`;
}

/**
 * The statements of `GET /organizations?q=` (first page, its size) as the repository builds and runs
 * them (buildListSql, runListSql), over a plain pg pool: the raw baseline of a search.
 */
export function rawOrganizationSearch(
  pool: Pool,
  stationId: string,
  q: string | undefined,
  pageSize: number,
) {
  const config = loadConfig({ NODE_ENV: 'production' });
  const sql = buildListSql(
    { stationId, q },
    { limit: pageSize, offset: 0, orderBy: q ? null : 'o.sort_key ASC NULLS LAST, o.id ASC' },
    config.cadenceDays,
    todayJst(),
  );
  return () =>
    runListSql(
      async <R>(text: string, params: unknown[]) => (await pool.query(text, params)).rows as R[],
      sql,
      { limit: pageSize, offset: 0 },
    );
}

/** The statement of `GET /search?q=` (every type, 8 each) for `user`, built by SearchRepository, over a pg pool. */
export function rawSiteSearch(pool: Pool, user: RequestUser, q: string) {
  const repo = new SearchRepository({
    query: async (text: string, params: unknown[]) => (await pool.query(text, params)).rows,
  } as unknown as DataSource);
  return () => repo.search(user, normalizeSearchText(q), q, SEARCH_TYPES, 8);
}

function get(agent: http.Agent, url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
  });
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, requests: { type: 'string' } } });
  const rows = Number(values.rows ?? 1_000_000);
  const requests = Number(values.requests ?? 50);
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

  log('starting a throwaway embedded PostgreSQL and migrating');
  const db = await startBenchDatabase();
  const pool = new Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined);
  let app: Awaited<ReturnType<typeof startBenchApp>>['app'] | undefined;
  try {
    const [station] = await db.ds.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes) VALUES ('iwakuni', '岩国警察署', '35', '{35208,35321}') RETURNING id`,
    );
    await db.ds.query(
      `INSERT INTO users (username, display_name, role, station_id, password_hash) VALUES ('bench', 'bench', 'officer', $1, $2)`,
      [station.id, await hashPassword('bench-password')],
    );

    // Bulk load: search indexes dropped and rebuilt after (as a bulk import would); the trigger
    // fills search_grams row by row.
    const indexes: { indexname: string; indexdef: string }[] = await db.ds.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'organizations'
        AND indexname IN ('ix_organizations_search_grams', 'ix_organizations_search_trgm', 'ix_organizations_station_normalized_name',
                          'ix_organizations_station_name_initial1', 'ix_organizations_station_name_initial2')`,
    );
    const client = await pool.connect();
    try {
      await client.query(`SET maintenance_work_mem = '1GB'`);
      for (const ix of indexes) await client.query(`DROP INDEX ${ix.indexname}`);
      const [loadMs] = await time(() => client.query(generateSql(rows), [station.id]));
      log(
        `inserted ${rows.toLocaleString()} organizations in ${(loadMs / 1000).toFixed(1)} s (trigger fills search_grams)`,
      );
      const [indexMs] = await time(async () => {
        for (const ix of indexes) await client.query(ix.indexdef);
      });
      log(`rebuilt ${indexes.length} search indexes in ${(indexMs / 1000).toFixed(1)} s`);
      await client.query(`VACUUM ANALYZE organizations`);
    } finally {
      client.release();
    }

    // The SQL-generated derived columns must be what the app itself computes.
    const sample: {
      name: string;
      nameKana: string;
      address: string;
      corporateNumber: string;
      searchText: string;
      normalizedName: string;
      sortKey: string;
      grams: boolean;
    }[] = await db.ds.query(
      `SELECT name, name_kana AS "nameKana", address, corporate_number AS "corporateNumber", search_text AS "searchText",
              normalized_name AS "normalizedName", sort_key AS "sortKey",
              search_grams = organization_search_grams(search_text) AS grams
         FROM organizations TABLESAMPLE SYSTEM (0.5) LIMIT 2000`,
    );
    const mismatches = sample.filter((s) => {
      const t = organizationText(s);
      return (
        t.searchText !== s.searchText ||
        t.normalizedName !== s.normalizedName ||
        t.sortKey !== s.sortKey ||
        !s.grams
      );
    });
    log(
      `sample of ${sample.length} rows checked against organizationText(): ${mismatches.length} mismatches`,
    );
    if (mismatches.length) console.log(mismatches.slice(0, 3));

    const started = await startBenchApp(db.runtimeUrl);
    app = started.app;
    const login = await fetch(`${started.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const [{ cn }] = await db.ds.query(
      `SELECT corporate_number AS cn FROM organizations ORDER BY corporate_number OFFSET $1 LIMIT 1`,
      [Math.floor(rows / 2)],
    );
    const [benchUser]: RequestUser[] = await db.ds.query(
      `SELECT id, username, display_name AS "displayName", role, station_id AS "stationId" FROM users WHERE username = 'bench'`,
    );

    const shapes: [string, string | undefined][] = [
      ['no query (first page)', undefined],
      ['1 char, common (岩)', '岩'],
      ['1 char, rare (鷺)', '鷺'],
      ['2 chars (岩国)', '岩国'],
      ['2 chars hiragana (いわ)', 'いわ'],
      ['3+ chars (岩国精密)', '岩国精密'],
      ['3+ chars hiragana (いわくにせいみつ)', 'いわくにせいみつ'],
      ['half-width kana (ｾｲﾐﾂｺｳｷﾞｮｳ)', 'ｾｲﾐﾂｺｳｷﾞｮｳ'],
      ['corporate number (13 digits)', cn],
      ['broad: 工業 (~25% of rows)', '工業'],
      ['narrow: 鷺ノ宮 (a handful)', '鷺ノ宮'],
    ];
    // GET /search (the header's search over every type) for the short queries.
    const siteShapes = ['岩', '岩国', 'いわ', '鷺', '工業'];
    const runs: { label: string; url: string; raw: () => Promise<unknown> }[] = [
      ...shapes.map(([label, q]) => ({
        label,
        url: `${started.baseUrl}/api/v1/organizations?pageSize=50${q ? `&q=${encodeURIComponent(q)}` : ''}`,
        // The same statements and the same decision the repository makes (page + estimate, count if needed).
        raw: rawOrganizationSearch(pool, station.id, q, 50),
      })),
      ...siteShapes.map((q) => ({
        label: `GET /search (${q})`,
        url: `${started.baseUrl}/api/v1/search?q=${encodeURIComponent(q)}`,
        raw: rawSiteSearch(pool, benchUser, q),
      })),
    ];
    const table: Record<string, string | number>[] = [];
    const loadBefore = os.loadavg().map((l) => l.toFixed(1));
    for (const { label, url, raw } of runs) {
      let total = 0;
      let capped = false;
      for (let i = 0; i < 5; i++) {
        const res = await get(agent, url, headers);
        if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${res.body}`);
        const body = JSON.parse(res.body) as { total?: number; totalCapped?: boolean; items: unknown[] };
        total = body.total ?? body.items.length;
        capped = body.totalCapped === true;
        await raw();
      }
      const api: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < requests; i++) {
        api.push((await time(() => get(agent, url, headers)))[0]);
        bare.push((await time(raw))[0]);
      }
      api.sort((a, b) => a - b);
      bare.sort((a, b) => a - b);
      const apiP95 = percentile(api, 95);
      const sqlP95 = percentile(bare, 95);
      table.push({
        shape: label,
        matches: capped ? `${total}+ (capped)` : total,
        'api p50 ms': percentile(api, 50),
        'api p95 ms': apiP95,
        'sql p50 ms': percentile(bare, 50),
        'sql p95 ms': sqlP95,
        'api/sql p95': apiP95 / sqlP95,
        'p95<25ms': apiP95 < 25 ? 'yes' : 'NO',
      });
    }
    agent.destroy();
    console.log('');
    console.log(
      `GET /api/v1/organizations over ${rows.toLocaleString()} organizations of one station; ${requests} sequential requests per shape (after 5 warm-up), page + capped count; GET /api/v1/search (every type, 8 each)`,
    );
    printTable(table);
    console.log(
      `load average (1/5/15 min) before the measurements ${loadBefore.join(' / ')}, after ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} on ${os.cpus().length} CPUs`,
    );
  } finally {
    await app?.close();
    await pool.end();
    await db.stop();
  }
}

// Run directly (scripts/run.js sets argv[1] to this file), not when imported for generateSql.
if (process.argv[1] === __filename) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
