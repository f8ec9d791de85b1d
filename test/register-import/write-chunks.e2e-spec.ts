import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ImportProgress,
  RegisterImportService,
} from '../../apps/api/src/register-import/register-import.service';
import { RegisterImportRepository } from '../../apps/api/src/register-import/register-import.repository';
import { bearer, TestApp, TestStation } from '../helpers/test-app';
import { AREA, COL, inArea, NTA, readRecords, SAMPLE, toCsv } from './register-files';

/**
 * The write phase of the register import in chunks (issue 16 item 3, issue 14 "leaves the registry
 * fast"): progress moves per chunk of records written, a cancel between chunks rolls the one
 * transaction back (the registry, its history, the trace and the search indexes as they were), and
 * a first bulk load keeps the search indexes usable while it writes (replacements built beside
 * them, swapped in at the end).
 */
const sample = readRecords();
const inAreaRows = sample.filter((r) => inArea(r)).length;
const EVERY_CITY = ['35208', '35321', '35201', '35202', '35203', '35215', '35212', '35210'];

describe('register import write phase (e2e)', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await TestApp.create();
    dir = await mkdtemp(join(tmpdir(), 'ri-chunks-'));
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const service = () => t.app.get(RegisterImportService);

  /** Everything an import writes for a station: records, history, trace, import audit events. */
  async function snapshot(station: TestStation) {
    const [orgs, changes, trace, audits] = await Promise.all([
      t.ds.query(
        `SELECT id, corporate_number, name, name_kana, address, status, version, search_text, search_grams
           FROM organizations WHERE station_id = $1 ORDER BY corporate_number`,
        [station.id],
      ),
      t.ds.query(`SELECT count(*)::int AS n FROM organization_changes WHERE station_id = $1`, [station.id]),
      t.ds.query(`SELECT count(*)::int AS n FROM register_import_changes WHERE station_id = $1`, [
        station.id,
      ]),
      t.ds.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'organization.import' AND station_id = $1`,
        [station.id],
      ),
    ]);
    return { orgs, changes, trace, audits };
  }

  const ginIndexes = (): Promise<{ name: string; def: string; oid: number }[]> =>
    t.ds.query(
      `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def, c.oid::int AS oid
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
        WHERE i.indrelid = 'organizations'::regclass AND a.amname = 'gin' ORDER BY c.relname`,
    );

  /** Every index of organizations but the constraints' (what a bulk load excludes and rebuilds). */
  const secondaryIndexes = (): Promise<{ name: string; def: string }[]> =>
    t.ds.query(
      `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'organizations'::regclass AND NOT i.indisunique ORDER BY c.relname`,
    );

  it('reports progress per chunk of records written, then the search indexes', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const seen: ImportProgress[] = [];
    const report = await service().importFile({
      file: SAMPLE,
      fileName: 'sample.csv',
      stationId: station.id,
      dryRun: false,
      writeChunkRows: 10,
      onProgress: (p) => seen.push(p),
    });
    expect(report.inserted).toBe(inAreaRows);
    const writing = seen.filter((p) => p.step === 'writing');
    // one answer per chunk (none throttled away), from 0 to all, of the records to write
    expect(writing.map((p) => p.done)).toEqual(
      Array.from({ length: Math.ceil(inAreaRows / 10) + 1 }, (_, i) => Math.min(i * 10, inAreaRows)),
    );
    expect(new Set(writing.map((p) => p.of))).toEqual(new Set([inAreaRows]));
    expect(writing[writing.length - 1].etaSeconds).toBe(0);
    const steps = seen.map((p) => `${p.phase}/${p.step ?? ''}`);
    expect(steps.indexOf('merging/indexes')).toBeGreaterThan(steps.lastIndexOf('merging/writing'));
    expect(steps[steps.length - 1]).toBe('done/');
  });

  it('a cancel between chunks of updates leaves the registry, its history and trace as they were', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    await service().importFile({
      file: SAMPLE,
      fileName: 'sample.csv',
      stationId: station.id,
      dryRun: false,
    });
    const before = await snapshot(station);
    expect(before.orgs).toHaveLength(inAreaRows);
    const renamed = sample.map((r) => [...r]);
    renamed.forEach((r) => (r[COL.name] = r[COL.name] + '改'));
    const file = join(dir, 'renamed.csv');
    await writeFile(file, toCsv(renamed));
    const cancel = new AbortController();
    const seen: number[] = [];
    await expect(
      service().importFile({
        file,
        fileName: 'renamed.csv',
        stationId: station.id,
        dryRun: false,
        writeChunkRows: 10,
        signal: cancel.signal,
        onProgress: (p) => {
          if (p.step !== 'writing') return;
          seen.push(p.done);
          if (p.done >= 30) cancel.abort();
        },
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    // stopped after the third chunk: the first 30 updates were written, then rolled back
    expect(seen).toEqual([0, 10, 20, 30]);
    expect(await snapshot(station)).toEqual(before);
    // the connection went back healthy: the same file imports completely
    const done = await service().importFile({
      file,
      fileName: 'renamed.csv',
      stationId: station.id,
      dryRun: false,
      writeChunkRows: 10,
    });
    expect(done.updated).toBe(inAreaRows);
    expect(done.changeCounts.renamed).toBe(inAreaRows);
  });

  it('a job cancelled while it writes rolls back: the registry stays empty', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const cancel = new AbortController();
    await expect(
      service().importFile({
        file: SAMPLE,
        fileName: 'sample.csv',
        stationId: station.id,
        dryRun: false,
        writeChunkRows: 20,
        signal: cancel.signal,
        onProgress: (p) => {
          if (p.step === 'writing' && p.done > 0) cancel.abort();
        },
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(await snapshot(station)).toEqual({
      orgs: [],
      changes: [{ n: 0 }],
      trace: [{ n: 0 }],
      audits: [{ n: 0 }],
    });
  });

  describe('a first bulk load', () => {
    let file: string;
    beforeAll(async () => {
      const generated = spawnSync(
        process.execPath,
        [join(NTA, 'gen-nta-csv.mjs'), '--rows', '60000', '--seed', '21'],
        {
          maxBuffer: 64 * 2 ** 20,
        },
      );
      expect(generated.status).toBe(0);
      file = join(dir, 'bulk.csv');
      await writeFile(file, generated.stdout);
    });

    it('cancelled mid-write: no records, the search indexes are the old ones and no replacement is left', async () => {
      const station = await t.createStation({ municipalityCodes: EVERY_CITY });
      const before = await ginIndexes();
      const secondary = await secondaryIndexes();
      expect(before.length).toBeGreaterThanOrEqual(2);
      const cancel = new AbortController();
      await expect(
        service().importFile({
          file,
          fileName: 'bulk.csv',
          stationId: station.id,
          dryRun: false,
          writeChunkRows: 10_000,
          signal: cancel.signal,
          onProgress: (p) => {
            if (p.step === 'writing' && p.done >= 20_000) cancel.abort();
          },
        }),
      ).rejects.toMatchObject({ name: 'AbortError' });
      expect((await snapshot(station)).orgs).toEqual([]);
      // the station's exclusion (committed on its own before the writes) is undone: the same
      // indexes by name and definition, no excluding copy or replacement left
      const after = await ginIndexes();
      expect(after.map(({ name, def }) => ({ name, def }))).toEqual(
        before.map(({ name, def }) => ({ name, def })),
      );
      expect(after.filter((a) => /_(others|swap)$/.test(a.name))).toEqual([]);
      expect(await secondaryIndexes()).toEqual(secondary);
    }, 120_000);

    it('a load killed after excluding its station: searches answer the same, the next import restores the indexes', async () => {
      const other = await t.createStation({ municipalityCodes: AREA });
      await service().importFile({
        file: SAMPLE,
        fileName: 'sample.csv',
        stationId: other.id,
        dryRun: false,
      });
      const station = await t.createStation({ municipalityCodes: EVERY_CITY });
      const before = await secondaryIndexes();
      const gin = await ginIndexes();
      const counts = async () =>
        (
          await t.ds.query(
            `SELECT (SELECT count(*)::int FROM organizations WHERE station_id = $1 AND search_grams @> ARRAY['株式']) AS grams,
                    (SELECT count(*)::int FROM organizations WHERE station_id = $1 AND search_text LIKE '%株式会社%') AS trgm,
                    (SELECT count(*)::int FROM organizations WHERE station_id = $1 AND left(normalized_name, 1) = '山') AS initial`,
            [other.id],
          )
        )[0] as { grams: number; trgm: number; initial: number };
      const counted = await counts();
      expect(counted.grams).toBeGreaterThan(0);
      // what a process killed mid-write leaves: the exclusion committed, the load's rows rolled back
      const excluded = await t.app.get(RegisterImportRepository).excludeStation(station.id);
      expect(excluded).toBeGreaterThan(gin.length); // the GIN indexes and the secondary btrees
      const left = await secondaryIndexes();
      const copies = left.filter((a) => a.name.endsWith('_others'));
      expect(copies).toHaveLength(excluded);
      expect(copies.every((a) => a.def.endsWith(`WHERE (station_id <> '${station.id}'::uuid)`))).toBe(true);
      expect(left.map((a) => a.name)).toEqual(expect.arrayContaining(gin.map((g) => `${g.name}_others`)));
      // another station's searches answer the same and read the copies (custom plans prove the predicate)
      expect(await counts()).toEqual(counted);
      const plan: { 'QUERY PLAN': string }[] = await t.ds.query(
        `EXPLAIN SELECT count(*) FROM organizations WHERE station_id = '${other.id}' AND search_grams @> ARRAY['株式']`,
      );
      expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(/ix_organizations_search_grams_others/);
      // the next import (of any station) puts the indexes back as they were
      const third = await t.createStation({ municipalityCodes: AREA });
      await service().importFile({
        file: SAMPLE,
        fileName: 'sample.csv',
        stationId: third.id,
        dryRun: false,
      });
      expect(await secondaryIndexes()).toEqual(before);
      expect(await counts()).toEqual(counted);
    }, 120_000);

    it('other users search the registry while it writes; the indexes are replaced with the same definitions', async () => {
      const other = await t.createStation({ municipalityCodes: AREA });
      const reader = await t.createUser('officer', other.id);
      await service().importFile({
        file: SAMPLE,
        fileName: 'sample.csv',
        stationId: other.id,
        dryRun: false,
      });
      const station = await t.createStation({ municipalityCodes: EVERY_CITY });
      const before = await ginIndexes();
      const secondary = await secondaryIndexes();
      const search = async () => {
        const res = await t
          .http()
          .get('/api/v1/organizations')
          .query({ q: '株式会社', pageSize: 5 })
          .set(bearer(reader))
          .expect(200);
        return { total: res.body.total as number, at: Date.now() };
      };
      const totalBefore = (await search()).total;
      // a search sent while the rows are written: it answers before the import commits (the old
      // drop-and-rebuild made it wait for the commit)
      let during: Promise<{ total: number; at: number }> | undefined;
      let duringIndexes: Promise<{ name: string; def: string }[]> | undefined;
      const report = await service().importFile({
        file,
        fileName: 'bulk.csv',
        stationId: station.id,
        dryRun: false,
        writeChunkRows: 10_000,
        onProgress: (p) => {
          if (p.step === 'writing' && p.done >= 20_000 && !during) {
            during = search();
            duringIndexes = ginIndexes();
          }
        },
      });
      const committedAt = Date.now();
      expect(during).toBeDefined();
      const answered = await during!;
      expect(answered.total).toBe(totalBefore);
      expect(answered.at).toBeLessThan(committedAt);
      // while it wrote, the search indexes left the importing station's rows out: another
      // station's search read none of the load's entries
      expect((await duringIndexes!).map(({ name, def }) => ({ name, def }))).toEqual(
        before.map(({ name, def }) => ({
          name: `${name}_others`,
          def: `${def.replace(/^CREATE INDEX \S+ ON /, `CREATE INDEX ${name}_others ON `)} WHERE (station_id <> '${station.id}'::uuid)`,
        })),
      );
      expect(report.inserted).toBeGreaterThanOrEqual(50_000);
      expect(report.statisticsRefreshed).toBe(true);
      const after = await ginIndexes();
      expect(after.map(({ name, def }) => ({ name, def }))).toEqual(
        before.map(({ name, def }) => ({ name, def })),
      );
      // rebuilt (new relations), none left under a replacement's name
      expect(after.filter((a) => before.some((b) => b.oid === a.oid))).toEqual([]);
      expect(after.filter((a) => a.name.endsWith('_swap'))).toEqual([]);
      // the btrees the load left out are back too, as they were
      expect(await secondaryIndexes()).toEqual(secondary);
      expect((await search()).total).toBe(totalBefore);
      const [{ n }]: { n: number }[] = await t.ds.query(
        `SELECT count(*)::int AS n FROM organizations WHERE station_id = $1 AND search_text LIKE '%精密%'`,
        [station.id],
      );
      expect(n).toBeGreaterThan(0);
    }, 180_000);
  });
});
