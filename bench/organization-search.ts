/**
 * Organization search at registry scale (issues 3 and 14): GET /api/v1/organizations?q=… (the list)
 * and GET /api/v1/search?q=… (the header's search over every type) through HTTP for each query shape,
 * each request followed by the very same statements run raw with pg (buildListSql/runListSql,
 * SearchRepository), in the same run, with the load average.
 *
 *   node scripts/run.js bench/organization-search.ts [--source import|seed] [--rows 1000000] [--requests 50] [--explain]
 *
 * --source import (the default): right after an import, with no manual step. The register fixture
 *   generator (test/fixtures/nta/gen-nta-csv.mjs) writes a file of --rows rows, the README's command
 *   (`npm run cli -- import-register FILE --station bench`) imports it into an empty registry while
 *   the app is up, and the shapes are measured as soon as the command exits: no ANALYZE, no VACUUM
 *   here (the planner statistics are whatever the import left; printed before and after).
 * --source seed: the registry built by one INSERT … SELECT generate_series (generateSql), search
 *   indexes rebuilt and VACUUM ANALYZE: the registry at rest.
 * --explain: EXPLAIN (ANALYZE, BUFFERS) of each GET /search statement after the measurements.
 * BENCH_KEEP_DIR=<dir>: the database (and the generated file) are kept in <dir>; a later run over a
 *   loaded registry measures it again without loading (at rest, not right after an import).
 */
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
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
import { migrateDatabase } from '../libs/database/database-bootstrap';
import { createDataSource } from '../libs/database/data-source';
import { startEmbeddedPostgres } from '../libs/database/embedded-postgres';
import { startBenchApp } from './lib/bench-app';
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

const ROOT = path.resolve(__dirname, '..');
/** Every city of the register generator (test/fixtures/nta/gen-nta-csv.mjs). */
const MUNICIPALITIES = ['35208', '35321', '35201', '35202', '35203', '35215', '35212', '35210'];
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

/** The embedded PostgreSQL with the schema: in BENCH_KEEP_DIR (kept), else a throwaway folder. */
async function startDatabase(keepDir: string | undefined) {
  const dir = keepDir ?? (await mkdtemp(path.join(os.tmpdir(), 'outreach-bench-')));
  await mkdir(dir, { recursive: true });
  const pg = await startEmbeddedPostgres(dir, { database: 'bench', persistent: Boolean(keepDir) });
  await migrateDatabase({ ownerUrl: pg.url, url: pg.runtimeUrl });
  const ds = createDataSource(pg.url);
  await ds.initialize();
  return {
    dir,
    url: pg.url,
    runtimeUrl: pg.runtimeUrl,
    ds,
    async stop() {
      if (ds.isInitialized) await ds.destroy();
      await pg.stop();
      if (!keepDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The register file of `rows` rows (the fixture generator writes it itself). */
async function generateRegisterFile(file: string, rows: number): Promise<void> {
  const out = openSync(file, 'w');
  try {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'test/fixtures/nta/gen-nta-csv.mjs'), '--rows', String(rows)],
      { stdio: ['ignore', out, 'inherit'] },
    );
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`gen-nta-csv.mjs exited with ${code}`);
  } finally {
    closeSync(out);
  }
}

/** The README's command: `npm run cli -- import-register FILE --station CODE`; its report. */
async function importRegister(
  file: string,
  station: string,
  env: Record<string, string>,
): Promise<Record<string, unknown>> {
  const child = spawn(
    'npm',
    ['run', '--silent', 'cli', '--', 'import-register', file, '--station', station],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`import-register exited with ${code}\n${stderr.slice(-4000)}`);
  return JSON.parse(stdout.slice(stdout.indexOf('{'))) as Record<string, unknown>;
}

/** What the planner knows of organizations: when it was last analyzed, rows changed since. */
async function statisticsState(pool: Pool): Promise<string> {
  const {
    rows: [s],
  } = await pool.query(
    `SELECT n_live_tup AS live, n_mod_since_analyze AS "modSinceAnalyze",
            to_char(greatest(last_analyze, last_autoanalyze), 'HH24:MI:SS') AS analyzed,
            to_char(greatest(last_vacuum, last_autovacuum), 'HH24:MI:SS') AS vacuumed,
            (SELECT reltuples::bigint FROM pg_class WHERE oid = 'organizations'::regclass) AS reltuples
       FROM pg_stat_user_tables WHERE relname = 'organizations'`,
  );
  return `organizations: ${s.live} live rows, planner reltuples ${s.reltuples}, last analyzed ${s.analyzed ?? 'never'}, last vacuumed ${s.vacuumed ?? 'never'}, ${s.modSinceAnalyze} rows changed since`;
}

/** Loads the registry with generateSql, rebuilds the search indexes, VACUUM ANALYZE (at rest). */
async function seedRegistry(pool: Pool, stationId: string, rows: number): Promise<void> {
  // Bulk load: search indexes dropped and rebuilt after; the trigger fills search_grams row by row.
  const client = await pool.connect();
  try {
    const indexes: { indexname: string; indexdef: string }[] = (
      await client.query(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'organizations'
          AND indexname IN ('ix_organizations_search_grams', 'ix_organizations_search_trgm', 'ix_organizations_station_normalized_name',
                            'ix_organizations_station_name_initial1', 'ix_organizations_station_name_initial2',
                            'ix_organizations_search_other_grams')`,
      )
    ).rows;
    await client.query(`SET maintenance_work_mem = '1GB'`);
    for (const ix of indexes) await client.query(`DROP INDEX ${ix.indexname}`);
    const [loadMs] = await time(() => client.query(generateSql(rows), [stationId]));
    log(`inserted ${rows.toLocaleString()} organizations in ${(loadMs / 1000).toFixed(1)} s`);
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
  }[] = (
    await pool.query(
      `SELECT name, name_kana AS "nameKana", address, corporate_number AS "corporateNumber", search_text AS "searchText",
              normalized_name AS "normalizedName", sort_key AS "sortKey",
              search_grams = organization_search_grams(search_text) AS grams
         FROM organizations TABLESAMPLE SYSTEM (0.5) LIMIT 2000`,
    )
  ).rows;
  const mismatches = sample.filter((s) => {
    const t = organizationText(s);
    return (
      t.searchText !== s.searchText ||
      t.normalizedName !== s.normalizedName ||
      t.sortKey !== s.sortKey ||
      !s.grams
    );
  });
  log(`sample of ${sample.length} rows checked against organizationText(): ${mismatches.length} mismatches`);
  if (mismatches.length) console.log(mismatches.slice(0, 3));
}

/** Every query shape of both searches; both sources' data have matches for the common ones. */
function searchQueries(corporateNumber: string): [string, string | undefined][] {
  return [
    ['no query (first page)', undefined],
    ['1 char kanji (岩)', '岩'],
    ['1 char hiragana (い)', 'い'],
    ['1 char, rare (鷺)', '鷺'],
    ['2 chars (岩国)', '岩国'],
    ['2 chars hiragana (いわ)', 'いわ'],
    ['2 chars katakana, late reading (ワキ)', 'ワキ'],
    ['2 chars hiragana, late reading (ふく)', 'ふく'],
    ['3+ chars (岩国精密)', '岩国精密'],
    ['3+ chars hiragana (いわくにせいみつ)', 'いわくにせいみつ'],
    ['3+ chars hiragana, late reading (やまもと)', 'やまもと'],
    ['katakana word (マテリアル)', 'マテリアル'],
    ['half-width kana (ｾｲﾐﾂｺｳｷﾞｮｳ)', 'ｾｲﾐﾂｺｳｷﾞｮｳ'],
    ['corporate number (13 digits)', corporateNumber],
    ['corporate number, partial (6 digits)', corporateNumber.slice(0, 6)],
    ['broad (工業)', '工業'],
    ['narrow (鷺ノ宮)', '鷺ノ宮'],
    ['no match (ない言葉)', 'ない言葉'],
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      requests: { type: 'string' },
      source: { type: 'string', default: 'import' },
      explain: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows ?? 1_000_000);
  const requests = Number(values.requests ?? 50);
  const source = values.source;
  if (source !== 'import' && source !== 'seed') throw new Error('--source import|seed');
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows N');
  const keepDir = process.env.BENCH_KEEP_DIR;

  log(
    `starting ${keepDir ? `the embedded PostgreSQL in ${keepDir}` : 'a throwaway embedded PostgreSQL'} and migrating`,
  );
  const db = await startDatabase(keepDir);
  const pool = new Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined);
  let app: Awaited<ReturnType<typeof startBenchApp>>['app'] | undefined;
  try {
    let [station]: { id: string }[] = await db.ds.query(`SELECT id FROM stations WHERE code = 'bench'`);
    if (!station) {
      [station] = await db.ds.query(
        `INSERT INTO stations (code, name, prefecture_code, municipality_codes) VALUES ('bench', '岩国警察署', '35', $1) RETURNING id`,
        [MUNICIPALITIES],
      );
      await db.ds.query(
        `INSERT INTO users (username, display_name, role, station_id, password_hash) VALUES ('bench', 'bench', 'officer', $1, $2)`,
        [station.id, await hashPassword('bench-password')],
      );
    }
    const [{ n: loaded }]: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM organizations WHERE station_id = $1`,
      [station.id],
    );

    // The app is up before any import: the searches right after it are a user's, not a cold start's.
    const started = await startBenchApp(db.runtimeUrl, undefined, { JOB_WORKERS: 'false' });
    app = started.app;
    let state: string;
    if (loaded > 0) {
      state = `reused: ${loaded.toLocaleString()} organizations already in ${keepDir} (at rest, not right after an import)`;
      log(state);
    } else if (source === 'seed') {
      await seedRegistry(pool, station.id, rows);
      state = `seeded with INSERT … SELECT, indexes rebuilt, VACUUM ANALYZE (at rest)`;
    } else {
      const file = path.join(db.dir, `register-${rows}.csv`);
      if (!existsSync(file)) {
        log(
          `generating a register file of ${rows.toLocaleString()} rows (test/fixtures/nta/gen-nta-csv.mjs)`,
        );
        await generateRegisterFile(file, rows);
      }
      log(
        `importing it: npm run cli -- import-register ${path.basename(file)} --station bench (load ${loadavg()})`,
      );
      const [ms, report] = await time(() =>
        importRegister(file, 'bench', {
          DATABASE_URL: db.runtimeUrl,
          DATABASE_OWNER_URL: db.url,
          NODE_ENV: 'production',
          LOG_LEVEL: 'silent',
        }),
      );
      const counts = ['inserted', 'updated', 'closed', 'unchanged', 'skipped', 'history']
        .filter((k) => typeof report[k] === 'number')
        .map((k) => `${k} ${(report[k] as number).toLocaleString()}`)
        .join(', ');
      log(`imported in ${(ms / 1000).toFixed(1)} s: ${counts}`);
      state = `right after the import (the command exited; no ANALYZE or VACUUM by this benchmark)`;
    }
    log(await statisticsState(pool));

    const login = await fetch(`${started.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password: 'bench-password' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const [{ cn }]: { cn: string }[] = await db.ds.query(
      `SELECT corporate_number AS cn FROM organizations WHERE station_id = $1 AND corporate_number IS NOT NULL
        ORDER BY corporate_number OFFSET (SELECT count(*) / 2 FROM organizations WHERE station_id = $1) LIMIT 1`,
      [station.id],
    );
    const [benchUser]: RequestUser[] = await db.ds.query(
      `SELECT id, username, display_name AS "displayName", role, station_id AS "stationId" FROM users WHERE username = 'bench'`,
    );

    const shapes = searchQueries(cn);
    const runs: { search: string; shape: string; url: string; raw: () => Promise<unknown> }[] = [
      ...shapes.map(([shape, q]) => ({
        search: 'GET /organizations',
        shape,
        url: `${started.baseUrl}/api/v1/organizations?pageSize=50${q ? `&q=${encodeURIComponent(q)}` : ''}`,
        // The same statements and the same decision the repository makes (page + estimate, count if needed).
        raw: rawOrganizationSearch(pool, station.id, q, 50),
      })),
      ...shapes
        .filter((s): s is [string, string] => s[1] !== undefined)
        .map(([shape, q]) => ({
          search: 'GET /search',
          shape,
          url: `${started.baseUrl}/api/v1/search?q=${encodeURIComponent(q)}`,
          raw: rawSiteSearch(pool, benchUser, q),
        })),
    ];
    const table: Record<string, string | number>[] = [];
    const loadBefore = loadavg();
    for (const { search, shape, url, raw } of runs) {
      let total = 0;
      let capped = false;
      // One request first (its plan, the pages it reads), then the measured ones.
      const first = await get(agent, url, headers);
      if (first.status !== 200) throw new Error(`${search} ${shape}: HTTP ${first.status} ${first.body}`);
      const body = JSON.parse(first.body) as { total?: number; totalCapped?: boolean; items: unknown[] };
      total = body.total ?? body.items.length;
      capped = body.totalCapped === true;
      await raw();
      const api: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < requests; i++) {
        api.push((await time(() => get(agent, url, headers)))[0]);
        bare.push((await time(raw))[0]);
      }
      api.sort((a, b) => a - b);
      bare.sort((a, b) => a - b);
      const apiP95 = percentile(api, 95);
      table.push({
        search,
        shape,
        matches: capped ? `${total}+ (capped)` : total,
        'api p50 ms': percentile(api, 50),
        'api p95 ms': apiP95,
        'sql p50 ms': percentile(bare, 50),
        'sql p95 ms': percentile(bare, 95),
        'p95<25ms': apiP95 < 25 ? 'yes' : 'NO',
      });
    }
    const loadAfter = loadavg();
    agent.destroy();
    console.log('');
    console.log(
      `${rows.toLocaleString()} organizations of one station, ${state}; ${requests} sequential requests per shape (after one), each followed by the same statements raw over pg; GET /organizations: page of 50 + capped count; GET /search: every type, 8 each`,
    );
    printTable(table);
    console.log(
      `load average (1/5/15 min) before the measurements ${loadBefore}, after ${loadAfter} on ${os.cpus().length} CPUs`,
    );
    log(await statisticsState(pool));

    if (values.explain) {
      // The list's statements for the corporate number: each an index lookup of one row.
      const list = buildListSql(
        { stationId: station.id, q: cn },
        { limit: 50, offset: 0, orderBy: null },
        loadConfig({ NODE_ENV: 'production' }).cadenceDays,
        todayJst(),
      );
      for (const [what, text, params] of [
        ['estimate', list.estimateSql.replace('EXPLAIN (FORMAT JSON) ', ''), list.countParams],
        ['page', list.pageSql, list.pageParams],
        ['count', list.countSql, list.countParams],
      ] as const) {
        const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, [...params]);
        console.log(`\nGET /organizations?q=${cn} (corporate number), ${what}:`);
        console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
      }
      for (const [shape, q] of shapes) {
        if (q === undefined) continue;
        const statements: { sql: string; params: unknown[] }[] = [];
        const repo = new SearchRepository({
          query: async (text: string, params: unknown[]) => {
            statements.push({ sql: text, params });
            return [];
          },
        } as unknown as DataSource);
        await repo.search(benchUser, normalizeSearchText(q), q, ['organization'], 8);
        for (const st of statements) {
          const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.params);
          console.log(`\nGET /search?q=${q} (${shape}), organizations:`);
          console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
        }
      }
    }
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
