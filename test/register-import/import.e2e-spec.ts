import * as iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegisterImportService } from '../../apps/api/src/register-import/register-import.service';
import { bearer, TestApp, TestStation, TestUser } from '../helpers/test-app';
import { AREA, COL, inArea, NTA, readRecords, SAMPLE, toCsv } from './register-files';

interface OrgRow {
  id: string;
  corporate_number: string;
  name: string;
  name_kana: string | null;
  address: string | null;
  tier: string;
  sector: string | null;
  notes: string | null;
  technologies: string[];
  source: string;
  status: string;
  closed_on: string | null;
  search_text: string;
  search_grams: string[];
  sort_key: string;
  normalized_name: string;
  version: number;
}

const sample = readRecords();

/** The uploads of this process are removed once their request is over (413 and 4xx included). */
async function expectNoUploadsLeft(dir: string): Promise<void> {
  const { readdir } = await import('node:fs/promises');
  for (let i = 0; i < 20; i++) {
    const left = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.startsWith('upload-'));
    if (left.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await readdir(dir)).toEqual([]);
}
const expectedInArea = sample.filter((r) => inArea(r)).length;
/** Rows of earlier states (latest flag 0): `history`, apart from `skipped` (outside the area). */
const historyRows = sample.filter((r) => r[COL.latest] !== '1').length;
const outsideArea = 500 - expectedInArea - historyRows;

describe('register import (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  async function team() {
    const station = await t.createStation({ municipalityCodes: AREA });
    const officer = await t.createUser('officer', station.id);
    return { station, officer };
  }

  function upload(user: TestUser, content: Buffer | string, name = 'register.csv', query = '') {
    return t
      .http()
      .post(`/api/v1/organizations/import${query}`)
      .set(bearer(user))
      .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  }

  const orgs = (station: TestStation): Promise<OrgRow[]> =>
    t.ds.query(
      `SELECT o.*, to_char(o.closed_on, 'YYYY-MM-DD') AS closed_on FROM organizations o WHERE station_id = $1 ORDER BY corporate_number`,
      [station.id],
    );

  it('imports the station area of the sample, then finds nothing to change the second time', async () => {
    expect(expectedInArea).toBe(137);
    const { station, officer } = await team();
    const first = await upload(officer, readFileSync(SAMPLE), 'yamaguchi-sample.csv').expect(200);
    expect(first.body).toMatchObject({
      inserted: expectedInArea,
      updated: 0,
      unchanged: 0,
      closed: 0,
      skipped: outsideArea,
      history: historyRows,
      rejected: [],
      dryRun: false,
      rows: 500,
    });
    const rows = await orgs(station);
    expect(rows).toHaveLength(expectedInArea);
    for (const o of rows) {
      // New records are candidates: no tier until an officer makes one a target.
      expect(o).toMatchObject({ tier: null, sector: null, source: 'register', version: 1 });
      expect(AREA).toContain(
        sample.find((r) => r[COL.number] === o.corporate_number)![COL.prefCode] +
          '' +
          sample.find((r) => r[COL.number] === o.corporate_number)![COL.cityCode],
      );
      expect(o.search_grams.length).toBeGreaterThan(0);
      expect(o.search_text).toContain(o.corporate_number);
    }
    // Closed in the register (process 21 with a close date) → status closed with the date.
    const closedInFile = sample.filter((r) => inArea(r) && r[COL.process] === '21');
    expect(closedInFile.length).toBeGreaterThan(0);
    for (const r of closedInFile) {
      const o = rows.find((x) => x.corporate_number === r[COL.number])!;
      expect(o.status).toBe('closed');
      expect(o.closed_on).toBe(r[COL.closeDate]);
    }
    // Search columns are the organizations feature's: full-width digits folded, reading in katakana.
    const one = rows.find((o) => o.name_kana)!;
    expect(one.sort_key).toBe(one.name_kana!.replace(/[\s・]/g, ''));
    expect(one.search_text).not.toMatch(/[０-９]/);
    // The grams the import computes in JS are exactly the set the database function computes.
    const [{ differing }] = await t.ds.query(
      `SELECT count(*)::int AS differing FROM organizations
        WHERE station_id = $1 AND NOT (search_grams @> organization_search_grams(search_text)
                                       AND organization_search_grams(search_text) @> search_grams)`,
      [station.id],
    );
    expect(differing).toBe(0);

    const again = await upload(officer, readFileSync(SAMPLE), 'yamaguchi-sample.csv').expect(200);
    expect(again.body).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: expectedInArea,
      closed: 0,
      skipped: outsideArea,
      history: historyRows,
      rows: 500,
    });
    const after = await orgs(station);
    expect(after.map((o) => o.version)).toEqual(rows.map(() => 1));

    const audits = (await t.auditEvents({ action: 'organization.import' })).filter(
      (e: { station_id: string }) => e.station_id === station.id,
    );
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ actor_id: officer.id, entity_type: 'organization_import' });
    expect(audits[0].changes).toMatchObject({
      fileName: 'yamaguchi-sample.csv',
      dryRun: false,
      inserted: expectedInArea,
      skipped: outsideArea,
      history: historyRows,
      rows: 500,
    });
    expect(audits[1].changes).toMatchObject({ unchanged: expectedInArea, inserted: 0 });
  });

  it('applies changes and closures, keeps the old values and never overwrites hand-set fields', async () => {
    const { station, officer } = await team();
    await upload(officer, readFileSync(SAMPLE)).expect(200);
    const active = sample.filter((r) => inArea(r) && r[COL.process] !== '21');
    const [renamed1, renamed2, moved, closing1, closing2, handSet] = active;
    // An officer set tier, sector, notes, technologies and a reading by hand.
    await t.ds.query(
      `UPDATE organizations SET tier = 'A', sector = 'advanced_tech', notes = '重点', technologies = '{半導体}',
              consultation_desk = 'established', export_control_relevant = true, name_kana = 'テガキ'
        WHERE station_id = $1 AND corporate_number = ANY($2)`,
      [station.id, [renamed1[COL.number], handSet[COL.number]]],
    );
    const before = await orgs(station);
    const old = (r: string[]) => before.find((o) => o.corporate_number === r[COL.number])!;

    const changed = sample.map((r) => [...r]);
    const edit = (r: string[], f: (x: string[]) => void) =>
      f(changed.find((x) => x[COL.number] === r[COL.number])!);
    edit(renamed1, (x) => {
      x[COL.process] = '11';
      x[COL.name] = '株式会社岩国新名称';
      x[COL.furigana] = 'イワクニシンメイショウ';
      x[COL.updateDate] = '2024-04-02';
      x[COL.changeDate] = '2024-04-01';
    });
    edit(renamed2, (x) => {
      x[COL.process] = '11';
      x[COL.name] = x[COL.name] + '２';
      x[COL.changeDate] = '2024-05-01';
    });
    edit(moved, (x) => {
      x[COL.process] = '12';
      x[COL.streetNumber] = '今津町１丁目１番１号';
      x[COL.changeDate] = '2024-06-01';
    });
    for (const c of [closing1, closing2])
      edit(c, (x) => {
        x[COL.process] = '21';
        x[COL.closeDate] = '2024-07-31';
        x[COL.changeDate] = '2024-08-05';
      });

    const res = await upload(officer, toCsv(changed), 'changes.csv').expect(200);
    expect(res.body).toMatchObject({
      inserted: 0,
      updated: 3,
      closed: 2,
      unchanged: expectedInArea - 5,
      skipped: outsideArea,
      history: historyRows,
      rows: 500,
    });
    const after = await orgs(station);
    const now = (r: string[]) => after.find((o) => o.corporate_number === r[COL.number])!;
    expect(now(renamed1)).toMatchObject({
      name: '株式会社岩国新名称',
      tier: 'A',
      sector: 'advanced_tech',
      notes: '重点',
      technologies: ['半導体'],
      // The register renamed the firm and gave its new reading: it replaces the old one.
      name_kana: 'イワクニシンメイショウ',
      version: old(renamed1).version + 1,
    });
    expect(now(renamed1).search_text).toContain('イワクニシンメイショウ');
    expect(now(renamed1).search_text).toContain('岩国新名称');
    expect(now(renamed1).sort_key).toBe('イワクニシンメイショウ');
    expect(now(renamed1).search_grams).toEqual(expect.arrayContaining(['新', '新名']));
    // A reading set by hand on a record the register did not change stays.
    expect(now(handSet)).toMatchObject({
      tier: 'A',
      sector: 'advanced_tech',
      name_kana: 'テガキ',
      version: old(handSet).version,
    });
    expect(now(moved).address).toContain('今津町１丁目１番１号');
    for (const c of [closing1, closing2])
      expect(now(c)).toMatchObject({ status: 'closed', closed_on: '2024-07-31' });

    const changes: {
      organization_id: string;
      field: string;
      old_value: string;
      new_value: string;
      changed_on: string;
      source: string;
    }[] = await t.ds.query(
      `SELECT organization_id, field, old_value, new_value, to_char(changed_on, 'YYYY-MM-DD') AS changed_on, source
           FROM organization_changes WHERE station_id = $1
          ORDER BY changed_on, field, organization_id::text COLLATE "C"`,
      [station.id],
    );
    expect(changes).toEqual(
      [
        {
          organization_id: old(renamed1).id,
          field: 'name',
          old_value: old(renamed1).name,
          new_value: '株式会社岩国新名称',
          changed_on: '2024-04-01',
          source: 'register',
        },
        {
          organization_id: old(renamed1).id,
          field: 'nameKana',
          old_value: 'テガキ',
          new_value: 'イワクニシンメイショウ',
          changed_on: '2024-04-01',
          source: 'register',
        },
        {
          organization_id: old(renamed2).id,
          field: 'name',
          old_value: old(renamed2).name,
          new_value: old(renamed2).name + '２',
          changed_on: '2024-05-01',
          source: 'register',
        },
        {
          organization_id: old(moved).id,
          field: 'address',
          old_value: old(moved).address,
          new_value: now(moved).address,
          changed_on: '2024-06-01',
          source: 'register',
        },
        ...[closing1, closing2]
          .map((c) => ({
            organization_id: old(c).id,
            field: 'status',
            old_value: 'active',
            new_value: 'closed',
            changed_on: '2024-07-31',
            source: 'register',
          }))
          .sort((a, b) => (a.organization_id < b.organization_id ? -1 : 1)),
      ].sort(
        (a, b) =>
          a.changed_on.localeCompare(b.changed_on) ||
          a.field.localeCompare(b.field) ||
          (a.organization_id < b.organization_id ? -1 : a.organization_id > b.organization_id ? 1 : 0),
      ),
    );

    // The same change file again changes nothing.
    const again = await upload(officer, toCsv(changed), 'changes.csv').expect(200);
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, closed: 0, unchanged: expectedInArea });
  });

  it('skips history rows, lets the last row of a corporate number win and leaves archived records alone', async () => {
    const { station, officer } = await team();
    const [a, b, c] = sample.filter((r) => inArea(r) && r[COL.process] === '01');
    await upload(officer, toCsv([a, c])).expect(200);
    await t.ds.query(
      `UPDATE organizations SET status = 'archived', archived_at = now() WHERE station_id = $1 AND corporate_number = $2`,
      [station.id, c[COL.number]],
    );
    const history = [...a];
    history[COL.latest] = '0';
    history[COL.name] = '旧商号株式会社';
    const earlier = [...b];
    earlier[COL.seq] = '10';
    earlier[COL.name] = '先の名前株式会社';
    const later = [...b];
    later[COL.seq] = '11';
    later[COL.name] = '後の名前株式会社';
    const renamedArchived = [...c];
    renamedArchived[COL.name] = '復活しない株式会社';
    // The later row comes first in the file: the sequence number decides.
    const res = await upload(officer, toCsv([history, later, earlier, renamedArchived])).expect(200);
    // history: the latest-flag-0 row and the earlier row of b; the archived record's row apart; none outside the area.
    expect(res.body).toMatchObject({
      inserted: 1,
      updated: 0,
      unchanged: 0,
      closed: 0,
      skipped: 0,
      history: 2,
      archived: 1,
      rows: 4,
    });
    const rows = await orgs(station);
    expect(rows.find((o) => o.corporate_number === a[COL.number])!.name).toBe(a[COL.name]);
    expect(rows.find((o) => o.corporate_number === b[COL.number])!.name).toBe('後の名前株式会社');
    expect(rows.find((o) => o.corporate_number === c[COL.number])).toMatchObject({
      status: 'archived',
      name: c[COL.name],
    });
  });

  it('rejects bad rows with their line numbers and imports the good ones', async () => {
    const { station, officer } = await team();
    for (const name of ['bad-check-digit.csv', 'bad-columns.csv', 'bad-dates.csv']) {
      const records = readRecords(join(NTA, name));
      const res = await upload(officer, readFileSync(join(NTA, name)), name).expect(200);
      expect(res.body.rows).toBe(20);
      expect(res.body.rejected.length).toBeGreaterThan(0);
      expect(res.body.rejectedCount).toBe(res.body.rejected.length);
      for (const r of res.body.rejected) {
        expect(r).toEqual({ line: expect.any(Number), reason: expect.any(String) });
        expect(r.line).toBeGreaterThanOrEqual(1);
        expect(r.line).toBeLessThanOrEqual(20);
      }
      const {
        inserted,
        updated,
        unchanged,
        closed,
        skipped,
        history,
        archived,
        possibleMatchCount,
        rejectedCount,
      } = res.body;
      expect(
        inserted +
          updated +
          unchanged +
          closed +
          skipped +
          history +
          archived +
          possibleMatchCount +
          rejectedCount,
      ).toBe(20);
      const good = records.filter(
        (r, i) => inArea(r) && !res.body.rejected.some((x: { line: number }) => x.line === i + 1),
      );
      expect(inserted + updated + unchanged + closed).toBeLessThanOrEqual(good.length);
    }
    // A NUL character (after the first 64 KB, so the file is not refused as binary) rejects its row only.
    const withNul = sample.map((r) => [...r]);
    const nulIndex = withNul
      .map((r, i) => (inArea(r) ? i : -1))
      .filter((i) => i >= 0)
      .pop()!;
    withNul[nulIndex][COL.name] = '株式会社\u0000岩国';
    const nul = await upload(officer, toCsv(withNul), 'nul.csv').expect(200);
    expect(nul.body.rejected).toEqual([{ line: nulIndex + 1, reason: expect.stringContaining('NUL') }]);
    expect(nul.body.rows).toBe(500);
    const checkDigit = await upload(officer, readFileSync(join(NTA, 'bad-check-digit.csv'))).expect(200);
    expect(checkDigit.body.rejected[0]).toEqual({
      line: 1,
      reason: expect.stringContaining('チェックデジット'),
    });
    expect((await orgs(station)).length).toBeGreaterThan(0);
  });

  it('reads Shift_JIS and zip uploads', async () => {
    const { station, officer } = await team();
    const sjis = iconv.encode(readFileSync(SAMPLE, 'utf8'), 'cp932');
    const res = await upload(officer, sjis, 'yamaguchi-sjis.csv').expect(200);
    expect(res.body).toMatchObject({ inserted: expectedInArea, rows: 500, rejected: [] });
    const names = (await orgs(station)).map((o) => o.name).sort();
    const expectedNames = sample
      .filter((r) => inArea(r))
      .map((r) => r[COL.name])
      .sort();
    expect(names).toEqual(expectedNames);

    const other = await team();
    const zip = await upload(
      other.officer,
      readFileSync(join(NTA, 'yamaguchi-sample.zip')),
      'yamaguchi.zip',
    ).expect(200);
    expect(zip.body).toMatchObject({ inserted: expectedInArea, rows: 500 });
    expect((await orgs(other.station)).map((o) => o.name).sort()).toEqual(expectedNames);
  });

  it('dryRun reports the counts and writes nothing (but is audited)', async () => {
    const { station, officer } = await team();
    const res = await upload(officer, readFileSync(SAMPLE), 'dry.csv', '?dryRun=true').expect(200);
    expect(res.body).toMatchObject({ inserted: expectedInArea, dryRun: true, rows: 500 });
    expect(await orgs(station)).toHaveLength(0);
    // As a form field too.
    const form = await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(officer))
      .field('dryRun', 'true')
      .attach('file', readFileSync(SAMPLE), 'dry.csv')
      .expect(200);
    expect(form.body).toMatchObject({ inserted: expectedInArea, dryRun: true });
    expect(await orgs(station)).toHaveLength(0);
    const audits = (await t.auditEvents({ action: 'organization.import' })).filter(
      (e: { station_id: string }) => e.station_id === station.id,
    );
    expect(audits.map((a: { changes: { dryRun: boolean } }) => a.changes.dryRun)).toEqual([true, true]);
    await upload(officer, readFileSync(SAMPLE), 'dry.csv', '?dryRun=maybe').expect(400);
  });

  it('keeps to the station: own station for officers and managers, stationId for admin, 403 for hq', async () => {
    const a = await team();
    const b = await team();
    const manager = await t.createUser('manager', a.station.id);
    const hq = await t.createUser('hq', null);
    const admin = await t.createUser('admin', null);
    await upload(b.officer, readFileSync(SAMPLE)).expect(200);
    const bBefore = await orgs(b.station);

    await upload(manager, readFileSync(SAMPLE)).expect(200);
    expect(await orgs(a.station)).toHaveLength(expectedInArea);
    // Another station's id answers 404 for a station user.
    await upload(a.officer, readFileSync(SAMPLE), 'x.csv', `?stationId=${b.station.id}`).expect(404);
    await upload(hq, readFileSync(SAMPLE)).expect(403);
    const noStation = await upload(admin, readFileSync(SAMPLE)).expect(400);
    expect(noStation.body.details).toEqual([{ field: 'stationId', message: expect.any(String) }]);
    await upload(
      admin,
      readFileSync(SAMPLE),
      'x.csv',
      '?stationId=00000000-0000-4000-8000-000000000000',
    ).expect(404);
    await upload(admin, readFileSync(SAMPLE), 'x.csv', '?stationId=nope').expect(400);
    const byAdmin = await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(admin))
      .field('stationId', a.station.id)
      .attach('file', readFileSync(SAMPLE), 'x.csv')
      .expect(200);
    expect(byAdmin.body).toMatchObject({ unchanged: expectedInArea, stationId: a.station.id });

    // The other station's records are untouched by all of this.
    expect(await orgs(b.station)).toEqual(bBefore);
    await t
      .http()
      .post('/api/v1/organizations/import')
      .attach('file', readFileSync(SAMPLE), 'x.csv')
      .expect(401);
  });

  it('answers 400/415 for a missing file, a non-multipart request, binary garbage and a zip without CSV', async () => {
    const { station, officer } = await team();
    const missing = await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(officer))
      .field('dryRun', 'false')
      .expect(400);
    expect(missing.body.details).toEqual([{ field: 'file', message: expect.any(String) }]);
    await t.http().post('/api/v1/organizations/import').set(bearer(officer)).send({ file: 'x' }).expect(415);
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    const bin = await upload(officer, garbage, 'garbage.bin').expect(415);
    expect(bin.body.message).toContain('CSV');
    await upload(officer, readFileSync(join(NTA, 'no-csv.zip')), 'no-csv.zip').expect(415);
    await upload(officer, Buffer.from('PK\x03\x04garbage-that-is-not-a-zip'), 'broken.zip').expect(400);
    await upload(officer, Buffer.alloc(0), 'empty.csv').expect(400);
    // Two files in the field: 400.
    await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(officer))
      .attach('file', readFileSync(SAMPLE), 'a.csv')
      .attach('file', readFileSync(SAMPLE), 'b.csv')
      .expect(400);
    expect(await orgs(station)).toHaveLength(0);
    await expectNoUploadsLeft(t.config.registerUploadDir);
  });

  it('normalises readings that are not plain katakana', async () => {
    const { station, officer } = await team();
    const rows = sample.filter((r) => inArea(r)).map((r) => [...r]);
    rows[0][COL.furigana] = 'いわくにｾｲﾐﾂ';
    rows[1][COL.furigana] = 'ｶﾌﾞｼｷｶﾞｲｼｬ  テスト ';
    rows[2][COL.furigana] = '';
    const res = await upload(officer, toCsv(rows), 'readings.csv').expect(200);
    expect(res.body).toMatchObject({ inserted: rows.length, rejectedCount: 0 });
    const byNumber = new Map((await orgs(station)).map((o) => [o.corporate_number, o]));
    expect(byNumber.get(rows[0][COL.number])!.name_kana).toBe('イワクニセイミツ');
    expect(byNumber.get(rows[0][COL.number])!.sort_key).toBe('イワクニセイミツ');
    expect(byNumber.get(rows[1][COL.number])!.name_kana).toBe('カブシキガイシャ テスト');
    expect(byNumber.get(rows[2][COL.number])!.name_kana).toBeNull();
    expect(byNumber.get(rows[3][COL.number])!.name_kana).toBe(rows[3][COL.furigana]);
  });

  it('rebuilds the search indexes for a bulk load, with the same definitions, and search works after', async () => {
    const { spawnSync } = await import('node:child_process');
    const everyCity = ['35208', '35321', '35201', '35202', '35203', '35215', '35212', '35210'];
    const station = await t.createStation({ municipalityCodes: everyCity });
    const officer = await t.createUser('officer', station.id);
    const generated = spawnSync(
      process.execPath,
      [join(NTA, 'gen-nta-csv.mjs'), '--rows', '60000', '--seed', '11'],
      {
        maxBuffer: 64 * 2 ** 20,
      },
    );
    expect(generated.status).toBe(0);
    const indexes = () =>
      t.ds.query(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'organizations' AND indexdef LIKE '%USING gin%' ORDER BY 1`,
      );
    // A rebuilt index is a new relation (new oid); one updated in place keeps its oid.
    const oids = async () =>
      (
        await t.ds.query<{ oid: number }[]>(
          `SELECT c.oid::int AS oid FROM pg_class c JOIN pg_indexes i ON i.indexname = c.relname
            WHERE i.tablename = 'organizations' AND i.indexdef LIKE '%USING gin%' ORDER BY c.relname`,
        )
      ).map((r) => r.oid);
    const oidsBefore = await oids();
    const before = await indexes();
    // the search feature's GIN indexes, however many it has (read from the catalog, as the import does)
    expect(before.length).toBeGreaterThanOrEqual(2);
    const res = await upload(officer, generated.stdout, 'bulk.csv').expect(200);
    expect(res.body.inserted).toBeGreaterThanOrEqual(50_000);
    // The planner statistics are refreshed in the import: search plans are right at once.
    expect(res.body.statisticsRefreshed).toBe(true);
    expect(await indexes()).toEqual(before);
    const oidsAfter = await oids();
    expect(oidsAfter).toHaveLength(before.length);
    expect(oidsAfter.filter((o) => oidsBefore.includes(o))).toEqual([]);
    // The rebuilt indexes answer searches: a two-character query finds what a plain LIKE finds.
    const [{ n }]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM organizations WHERE station_id = $1 AND search_text LIKE '%精密%'`,
      [station.id],
    );
    expect(n).toBeGreaterThan(0);
    const found = await t
      .http()
      .get('/api/v1/organizations')
      .query({ q: '精密', pageSize: 100 })
      .set(bearer(officer))
      .expect(200);
    expect(Math.min(n, 10_000)).toBe(found.body.total);
    // A small follow-up import keeps the indexes and updates them in place.
    const again = await upload(officer, readFileSync(SAMPLE), 'yamaguchi-sample.csv').expect(200);
    expect(again.body.rows).toBe(500);
    expect(await indexes()).toEqual(before);
    expect(await oids()).toEqual(oidsAfter);
  }, 120_000);

  it('leaves the registry as it was when the import fails after the COPY', async () => {
    const { station, officer } = await team();
    await upload(officer, readFileSync(SAMPLE)).expect(200);
    const before = await orgs(station);
    const changed = sample.map((r) => [...r]);
    changed.forEach((r) => (r[COL.name] = r[COL.name] + '改'));
    const { writeFile, mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'ri-fail-'));
    const file = join(dir, 'changes.csv');
    await writeFile(file, toCsv(changed));
    try {
      const service = t.app.get(RegisterImportService);
      await expect(
        service.importFile({
          file,
          fileName: 'changes.csv',
          stationId: station.id,
          dryRun: false,
          afterStaging: () => {
            throw new Error('simulated crash after COPY');
          },
        }),
      ).rejects.toThrow('simulated crash after COPY');
      expect(await orgs(station)).toEqual(before);
      const changes = await t.ds.query(`SELECT 1 FROM organization_changes WHERE station_id = $1`, [
        station.id,
      ]);
      expect(changes).toHaveLength(0);
      // The pool is healthy afterwards and the import works.
      const ok = await service.importFile({
        file,
        fileName: 'changes.csv',
        stationId: station.id,
        dryRun: false,
      });
      expect(ok).toMatchObject({ updated: expectedInArea, changesRecorded: expectedInArea });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('register import upload limit (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ UPLOAD_LIMIT_MB: '1' });
  });
  afterAll(() => t.close());

  it('answers 413 past UPLOAD_LIMIT_MB and writes nothing', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const officer = await t.createUser('officer', station.id);
    const big = Buffer.alloc(2 * 1024 * 1024, readFileSync(SAMPLE));
    const res = await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(officer))
      .attach('file', big, 'big.csv');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'organization_import.too_large' });
    const rows = await t.ds.query(`SELECT 1 FROM organizations WHERE station_id = $1`, [station.id]);
    expect(rows).toHaveLength(0);
    await expectNoUploadsLeft(t.config.registerUploadDir);
    // Under the limit it still works.
    await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(officer))
      .attach('file', readFileSync(SAMPLE), 'ok.csv')
      .expect(200);
  });
});
