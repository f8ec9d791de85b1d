/**
 * Register import benchmark: `node scripts/run.js bench/register-import.ts [--rows 1000000]`.
 *
 * Generates a register file with test/fixtures/nta/gen-nta-csv.mjs, starts a throwaway embedded
 * PostgreSQL with the schema, and measures in the same run:
 * - a plain `COPY … (FORMAT csv)` of the file into a bare 30-text-column table (the yardstick),
 * - the import (RegisterImportService, as the API and the CLI run it) into an empty registry,
 * - the same import again into the now full registry (everything unchanged),
 * - the floor of a bulk load into this schema: the rows the import wrote, already computed, COPY'd
 *   straight into the emptied organizations table (its btree indexes, foreign keys and trigger; the
 *   GIN search indexes dropped, as the import drops them) and the GIN indexes re-created; all in a
 *   transaction that is rolled back.
 * Prints rows/s, the ratio to the plain COPY, and the peak RSS of this process (sampled every 100 ms).
 * Targets: import at least half the speed of the plain COPY, peak RSS under 300 MB.
 */
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, openSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { RegisterImportRepository } from '../apps/api/src/register-import/register-import.repository';
import {
  RegisterImportReport,
  RegisterImportService,
} from '../apps/api/src/register-import/register-import.service';
import { AuditService } from '../libs/audit/audit.service';
import { loadConfig } from '../libs/config/app-config';
import { startBenchDatabase } from './lib/bench-app';

const ROOT = path.resolve(__dirname, '..');
/** Every city of the generator. */
const MUNICIPALITIES = ['35208', '35321', '35201', '35202', '35203', '35215', '35212', '35210'];

class RssSampler {
  /** RSS when the phase started (what the benchmark process itself holds). */
  readonly startMB = Math.round(process.memoryUsage().rss / 2 ** 20);
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return Math.round(this.peak / 2 ** 20);
  }
}

async function generate(file: string, rows: number): Promise<void> {
  // The generator writes the file itself: piping 230 MB through this process would inflate its RSS.
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

async function plainCopy(ds: DataSource, file: string): Promise<number> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    const cols = Array.from({ length: 30 }, (_, i) => `c${i + 1} text`).join(', ');
    await qr.query(`DROP TABLE IF EXISTS bare_register`);
    await qr.query(`CREATE TABLE bare_register (${cols})`);
    const client = (qr as unknown as { databaseConnection: PoolClient }).databaseConnection;
    const started = performance.now();
    await pipeline(
      createReadStream(file, { highWaterMark: 256 * 1024 }),
      client.query(copyFrom(`COPY bare_register FROM STDIN (FORMAT csv)`)),
    );
    const seconds = (performance.now() - started) / 1000;
    await qr.query(`DROP TABLE bare_register`);
    return seconds;
  } finally {
    await qr.release();
  }
}

const ORG_COLUMNS = [
  'corporate_number',
  'name',
  'name_kana',
  'legal_form',
  'sector',
  'tier',
  'municipality_code',
  'municipality_name',
  'address',
  'postal_code',
  'status',
  'closed_on',
  'source',
  'register_updated_on',
  'search_text',
  'normalized_name',
  'sort_key',
  'search_grams',
].join(', ');

/** Seconds to COPY the station's organizations, as rows of another station, into organizations, and to rebuild the GIN indexes. */
async function bulkLoadFloor(ds: DataSource, stationId: string): Promise<{ copy: number; indexes: number }> {
  const [other]: { id: string }[] = await ds.query(
    `INSERT INTO stations (code, name, prefecture_code, municipality_codes) VALUES ('floor', '下限', '35', '{}') RETURNING id`,
  );
  const source = ds.createQueryRunner();
  const target = ds.createQueryRunner();
  await source.connect();
  await target.connect();
  try {
    const gin: { indexname: string; indexdef: string }[] = await source.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'organizations' AND indexdef LIKE '%USING gin%'`,
    );
    const client = (qr: typeof source) =>
      (qr as unknown as { databaseConnection: PoolClient }).databaseConnection;
    // The rows go through a file: the target's DROP INDEX locks organizations until it rolls back.
    const rowsFile = path.join(os.tmpdir(), `bulk-load-floor-${process.pid}.copy`);
    await pipeline(
      client(source).query(
        copyTo(
          `COPY (SELECT '${other.id}'::uuid, ${ORG_COLUMNS} FROM organizations WHERE station_id = '${stationId}') TO STDOUT`,
        ),
      ),
      createWriteStream(rowsFile),
    );
    // As for the import into an empty registry: the table emptied (rolled back after), GIN indexes dropped.
    await target.startTransaction();
    await target.query(`TRUNCATE organizations CASCADE`);
    for (const ix of gin) await target.query(`DROP INDEX ${ix.indexname}`);
    const started = performance.now();
    await pipeline(
      createReadStream(rowsFile, { highWaterMark: 256 * 1024 }),
      client(target).query(copyFrom(`COPY organizations (station_id, ${ORG_COLUMNS}) FROM STDIN`)),
    );
    const copy = (performance.now() - started) / 1000;
    await rm(rowsFile, { force: true });
    const indexStarted = performance.now();
    await target.query(`SET LOCAL maintenance_work_mem = '1GB'`);
    for (const ix of gin) await target.query(ix.indexdef);
    const indexes = (performance.now() - indexStarted) / 1000;
    await target.rollbackTransaction();
    return { copy, indexes };
  } finally {
    await source.release();
    await target.release();
  }
}

interface Phase {
  phase: string;
  seconds: number;
  rowsPerSecond: number;
  peakRssMB: number;
  startRssMB?: number;
  report?: Omit<RegisterImportReport, 'rejected'>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows N');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'register-import-bench-'));
  const file = path.join(dir, 'register.csv');
  const db = await startBenchDatabase();
  try {
    process.stderr.write(`generating ${rows} rows …\n`);
    await generate(file, rows);
    const size = (await stat(file)).size;
    process.stderr.write(`file: ${(size / 2 ** 20).toFixed(0)} MB\n`);
    const ds = db.ds;
    const [station]: { id: string }[] = await ds.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes) VALUES ('bench', 'ベンチ警察署', '35', $1) RETURNING id`,
      [MUNICIPALITIES],
    );
    const service = new RegisterImportService(
      ds,
      new RegisterImportRepository(ds),
      new AuditService(),
      loadConfig({ NODE_ENV: 'production' }),
    );
    const phases: Phase[] = [];

    {
      const rss = new RssSampler();
      const seconds = await plainCopy(ds, file);
      phases.push({
        phase: 'plain COPY (csv, bare table)',
        seconds,
        rowsPerSecond: Math.round(rows / seconds),
        peakRssMB: rss.stop(),
      });
    }
    for (const phase of ['import into empty registry', 'import into full registry']) {
      process.stderr.write(`${phase} …\n`);
      const rss = new RssSampler();
      const started = performance.now();
      const report = await service.importFile({
        file,
        fileName: path.basename(file),
        stationId: station.id,
        dryRun: false,
        onProgress: (p) => {
          if (p.phase !== 'reading' || p.rows % 200_000 < 1000)
            process.stderr.write(`  ${p.phase} ${p.rows} rows ${(p.elapsedMs / 1000).toFixed(1)}s\n`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const { rejected: _rejected, ...counts } = report;
      phases.push({
        phase,
        seconds,
        rowsPerSecond: Math.round(rows / seconds),
        peakRssMB: rss.stop(),
        startRssMB: rss.startMB,
        report: counts,
      });
    }
    process.stderr.write(`bulk-load floor …\n`);
    const floor = await bulkLoadFloor(ds, station.id);
    for (const [phase, seconds] of [
      ['floor: COPY into organizations', floor.copy],
      ['floor: + GIN indexes rebuilt', floor.copy + floor.indexes],
    ] as const)
      phases.push({ phase, seconds, rowsPerSecond: Math.round(rows / seconds), peakRssMB: 0 });
    const copyRate = phases[0].rowsPerSecond;
    console.log(
      `\nregister import benchmark: ${rows} rows, ${(size / 2 ** 20).toFixed(0)} MB, ${os.cpus().length} CPUs`,
    );
    console.log('phase                          seconds    rows/s   vs COPY  peak RSS (at phase start)');
    for (const p of phases)
      console.log(
        `${p.phase.padEnd(30)} ${p.seconds.toFixed(2).padStart(8)} ${String(p.rowsPerSecond).padStart(9)} ${(p.rowsPerSecond / copyRate).toFixed(2).padStart(8)}  ${p.peakRssMB ? `${p.peakRssMB} MB` : '-'}${p.startRssMB ? ` (${p.startRssMB} MB)` : ''}`,
      );
    console.log(JSON.stringify({ rows, fileMB: Math.round(size / 2 ** 20), phases }, null, 2));
  } finally {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
