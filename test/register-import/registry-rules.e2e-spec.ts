import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { AREA, COL, inArea, NTA, readRecords, toCsv } from './register-files';

/**
 * Issue 14, "the import leaves the registry right": the register's reading, possible matches (link
 * or create anyway), skipped vs history, the trace of each organization to its import, what
 * changed, statistics after a bulk change, daily change files.
 */
const sample = readRecords();
const active = sample.filter((r) => inArea(r) && r[COL.process] === '01');

describe('register import: the registry right (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  async function team() {
    const station = await t.createStation({ municipalityCodes: AREA });
    const [officer, manager, hq, admin] = await Promise.all([
      t.createUser('officer', station.id),
      t.createUser('manager', station.id),
      t.createUser('hq', null),
      t.createUser('admin', null),
    ]);
    const other = await t.createStation({ municipalityCodes: AREA });
    const otherOfficer = await t.createUser('officer', other.id);
    return { station, officer, manager, hq, admin, other, otherOfficer };
  }

  const upload = (user: TestUser, records: string[][], name = 'register.csv', query = '') =>
    t
      .http()
      .post(`/api/v1/organizations/import${query}`)
      .set(bearer(user))
      .attach('file', Buffer.from(toCsv(records)), name);

  const byNumber = async (stationId: string, number: string) =>
    (
      await t.ds.query(`SELECT * FROM organizations WHERE station_id = $1 AND corporate_number = $2`, [
        stationId,
        number,
      ])
    )[0];

  it('stores the reading and updates it when the register renames a firm: the new hiragana reading finds it', async () => {
    const { station, officer } = await team();
    const [firm] = active;
    await upload(officer, [firm]).expect(200);
    expect((await byNumber(station.id, firm[COL.number])).name_kana).toBe(firm[COL.furigana]);

    const renamed = [...firm];
    renamed[COL.process] = '11';
    renamed[COL.name] = '株式会社ミライマテリアル';
    renamed[COL.furigana] = 'ミライマテリアル';
    renamed[COL.updateDate] = '2025-04-02';
    renamed[COL.changeDate] = '2025-04-01';
    const res = await upload(officer, [renamed]).expect(200);
    expect(res.body).toMatchObject({ updated: 1, changeCounts: { renamed: 1 } });
    const org = await byNumber(station.id, firm[COL.number]);
    expect(org).toMatchObject({ name: '株式会社ミライマテリアル', name_kana: 'ミライマテリアル' });

    const found = await t
      .http()
      .get('/api/v1/organizations')
      .query({ q: 'みらいまてりある' })
      .set(bearer(officer))
      .expect(200);
    expect(found.body.items.map((o: { id: string }) => o.id)).toEqual([org.id]);
    const old = await t
      .http()
      .get('/api/v1/organizations')
      .query({ q: firm[COL.furigana] })
      .set(bearer(officer))
      .expect(200);
    expect(old.body.items.map((o: { id: string }) => o.id)).not.toContain(org.id);
    // The report lists the rename with the old name.
    expect(res.body.changes).toEqual([
      { kind: 'renamed', organizationId: org.id, name: '株式会社ミライマテリアル', oldValue: firm[COL.name] },
    ]);
  });

  it('keeps skipped for rows outside the area only and counts history rows apart', async () => {
    const { officer } = await team();
    const [a, b] = active;
    const outside = [...b];
    outside[COL.cityCode] = '999';
    const history = [...a];
    history[COL.latest] = '0';
    history[COL.name] = '旧商号株式会社';
    const res = await upload(officer, [a, history, outside]).expect(200);
    expect(res.body).toMatchObject({ inserted: 1, skipped: 1, history: 1, archived: 0, rows: 3 });
  });

  it('traces every organization it inserts, changes or closes to the import (audit event importId)', async () => {
    const { station, officer } = await team();
    const [a, b, c] = active;
    const first = await upload(officer, [a, b, c]).expect(200);
    const changedB = [...b];
    changedB[COL.process] = '12';
    changedB[COL.streetNumber] = '今津町９丁目';
    changedB[COL.updateDate] = '2025-05-02';
    const closedC = [...c];
    closedC[COL.process] = '21';
    closedC[COL.closeDate] = '2025-05-31';
    const second = await upload(officer, [a, changedB, closedC]).expect(200);
    expect(second.body).toMatchObject({ unchanged: 1, updated: 1, closed: 1 });

    const trace: { import_id: string; kind: string; number: string }[] = await t.ds.query(
      `SELECT c.import_id, c.kind, o.corporate_number AS number
         FROM register_import_changes c JOIN organizations o ON o.id = c.organization_id
        WHERE c.station_id = $1 ORDER BY o.corporate_number, c.kind`,
      [station.id],
    );
    const expected = [
      { import_id: first.body.importId, kind: 'new', number: a[COL.number] },
      { import_id: first.body.importId, kind: 'new', number: b[COL.number] },
      { import_id: second.body.importId, kind: 'moved', number: b[COL.number] },
      { import_id: first.body.importId, kind: 'new', number: c[COL.number] },
      { import_id: second.body.importId, kind: 'closed', number: c[COL.number] },
    ].sort((x, y) => x.number.localeCompare(y.number) || x.kind.localeCompare(y.kind));
    expect(trace).toEqual(expected);
    // The link: the import's audit event carries the same importId.
    const events = (await t.auditEvents({ action: 'organization.import' })).filter(
      (e: { station_id: string }) => e.station_id === station.id,
    );
    expect(events.map((e: { changes: { importId: string } }) => e.changes.importId)).toEqual([
      first.body.importId,
      second.body.importId,
    ]);
    expect(second.body.changes.map((x: { kind: string }) => x.kind).sort()).toEqual(['closed', 'moved']);
    expect(first.body.changeCounts).toEqual({ new: 3, renamed: 0, moved: 0, closed: 0, updated: 0 });
  });

  it('does not insert a row like a record without a corporate number: link it, or create it anyway', async () => {
    const { station, officer, manager, hq, admin, otherOfficer } = await team();
    const [x, y] = active;
    const make = (r: string[]) =>
      t
        .http()
        .post('/api/v1/organizations')
        .set(bearer(officer))
        .send({ name: r[COL.name], municipality: r[COL.prefCode] + r[COL.cityCode] })
        .expect(201);
    const hand1 = (await make(x)).body;
    const hand2 = (await make(y)).body;

    const dry = await upload(officer, [x, y], 'register.csv', '?dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ inserted: 0, possibleMatchCount: 2 });
    expect(dry.body.possibleMatches[0].matchId).toBeNull();

    const res = await upload(officer, [x, y]).expect(200);
    expect(res.body).toMatchObject({ inserted: 0, possibleMatchCount: 2 });
    expect(res.body.possibleMatches).toEqual([
      {
        line: 1,
        corporateNumber: x[COL.number],
        name: x[COL.name],
        organizationId: hand1.id,
        matchId: expect.any(String),
      },
      {
        line: 2,
        corporateNumber: y[COL.number],
        name: y[COL.name],
        organizationId: hand2.id,
        matchId: expect.any(String),
      },
    ]);
    expect(await byNumber(station.id, x[COL.number])).toBeUndefined();
    const [m1, m2] = res.body.possibleMatches.map((m: { matchId: string }) => m.matchId);

    // The review list, station-scoped; hq may not; another station sees nothing and gets 404.
    const list = await t.http().get('/api/v1/register-import/matches').set(bearer(manager)).expect(200);
    expect(list.body.items.map((m: { id: string }) => m.id).sort()).toEqual([m1, m2].sort());
    await t.http().get('/api/v1/register-import/matches').set(bearer(hq)).expect(403);
    const others = await t
      .http()
      .get('/api/v1/register-import/matches')
      .set(bearer(otherOfficer))
      .expect(200);
    expect(others.body.items).toEqual([]);
    await t
      .http()
      .post(`/api/v1/register-import/matches/${m1}/link`)
      .set(bearer(otherOfficer))
      .send({ version: hand1.version })
      .expect(404);
    await t
      .http()
      .post(`/api/v1/register-import/matches/${m1}/link`)
      .set(bearer(hq))
      .send({ version: 1 })
      .expect(403);
    // Bad input → 400 with a code; a stale version → 409.
    const bad = await t
      .http()
      .post(`/api/v1/register-import/matches/${m1}/link`)
      .set(bearer(officer))
      .send({})
      .expect(400);
    expect(bad.body.code).toBeDefined();
    await t
      .http()
      .post(`/api/v1/register-import/matches/${m1}/link`)
      .set(bearer(officer))
      .send({ version: hand1.version + 5 })
      .expect(409);

    // Link: the record gains the number (and the register's reading it lacked).
    const linked = await t
      .http()
      .post(`/api/v1/register-import/matches/${m1}/link`)
      .set(bearer(officer))
      .send({ version: hand1.version })
      .expect(200);
    expect(linked.body).toEqual({ matchId: m1, resolution: 'linked', organizationId: hand1.id });
    const now1 = await byNumber(station.id, x[COL.number]);
    expect(now1).toMatchObject({ id: hand1.id, name_kana: x[COL.furigana], version: hand1.version + 1 });
    expect(now1.search_text).toContain(x[COL.number]);
    const again = await t
      .http()
      .post(`/api/v1/register-import/matches/${m1}/link`)
      .set(bearer(officer))
      .send({ version: hand1.version + 1 })
      .expect(409);
    expect(again.body.code).toBe('register_import.match_resolved');

    // Create anyway: a new candidate with the register's values.
    const created = await t
      .http()
      .post(`/api/v1/register-import/matches/${m2}/create`)
      .set(bearer(admin))
      .expect(201);
    expect(created.body).toMatchObject({ matchId: m2, resolution: 'created' });
    const now2 = await byNumber(station.id, y[COL.number]);
    expect(now2).toMatchObject({
      id: created.body.organizationId,
      tier: null,
      source: 'register',
      name: y[COL.name],
    });
    expect(now2.id).not.toBe(hand2.id);

    // Audited, and traced to the import.
    const [linkEvent] = await t.auditEvents({ action: 'organization.register_link', entityId: hand1.id });
    expect(linkEvent).toMatchObject({ actor_id: officer.id, station_id: station.id });
    expect(linkEvent.changes).toMatchObject({
      importId: res.body.importId,
      corporateNumber: { after: x[COL.number] },
    });
    const [createEvent] = await t.auditEvents({ action: 'organization.create', entityId: now2.id });
    expect(createEvent.changes).toMatchObject({ importId: res.body.importId, notSameAs: hand2.id });
    const pending = await t.http().get('/api/v1/register-import/matches').set(bearer(officer)).expect(200);
    expect(pending.body.items).toEqual([]);

    // The next import finds the linked record by its number: unchanged or updated, never a second record.
    const next = await upload(officer, [x, y]).expect(200);
    expect(next.body).toMatchObject({ inserted: 0, possibleMatchCount: 0 });
    const count = await t.ds.query(`SELECT count(*)::int AS n FROM organizations WHERE station_id = $1`, [
      station.id,
    ]);
    expect(count[0].n).toBe(3);
  });

  it('refreshes the planner statistics after a bulk change', async () => {
    const station = await t.createStation({
      municipalityCodes: ['35208', '35321', '35201', '35202', '35203', '35215', '35212', '35210'],
    });
    const officer = await t.createUser('officer', station.id);
    const gen = spawnSync(
      process.execPath,
      [join(NTA, 'gen-nta-csv.mjs'), '--rows', '1500', '--seed', '77'],
      {
        maxBuffer: 64 * 2 ** 20,
      },
    );
    const before: { n: number }[] = await t.ds.query(
      `SELECT coalesce(analyze_count, 0)::int AS n FROM pg_stat_user_tables WHERE relname = 'organizations'`,
    );
    const res = await t
      .http()
      .post('/api/v1/organizations/import')
      .set(bearer(officer))
      .attach('file', gen.stdout, 'big.csv')
      .expect(200);
    expect(res.body.inserted).toBeGreaterThanOrEqual(1000);
    expect(res.body.statisticsRefreshed).toBe(true);
    // pg_stat counters arrive asynchronously; the statistics themselves are in pg_class now.
    const [{ reltuples }] = await t.ds.query(
      `SELECT reltuples::bigint::int AS reltuples FROM pg_class WHERE oid = 'organizations'::regclass`,
    );
    expect(reltuples).toBeGreaterThanOrEqual(res.body.inserted);
    expect(before).toBeDefined();
  });

  it('imports a daily change file (差分): only what it mentions changes, nothing is closed', async () => {
    const { station, officer } = await team();
    const inAreaRows = sample.filter((r) => inArea(r));
    await upload(officer, inAreaRows, 'full.csv').expect(200);
    const [firm] = active;
    const changed = [...firm];
    changed[COL.process] = '12';
    changed[COL.streetNumber] = '今津町８丁目';
    changed[COL.updateDate] = '2025-06-02';
    const diff = await upload(officer, [changed], '20250602_35_diff.csv').expect(200);
    expect(diff.body).toMatchObject({
      mode: 'diff',
      updated: 1,
      closed: 0,
      inserted: 0,
      unchanged: 0,
      rows: 1,
    });
    const statuses: { status: string; n: number }[] = await t.ds.query(
      `SELECT status, count(*)::int AS n FROM organizations WHERE station_id = $1 GROUP BY status ORDER BY status`,
      [station.id],
    );
    const closedInFile = inAreaRows.filter((r) => r[COL.process] === '21' || r[COL.closeDate]).length;
    expect(statuses).toEqual(
      [
        { status: 'active', n: inAreaRows.length - closedInFile },
        { status: 'closed', n: closedInFile },
      ].filter((s) => s.n > 0),
    );
    // mode may be given; anything else is a 400 with a code.
    const given = await upload(officer, [changed], 'x.csv', '?mode=diff').expect(200);
    expect(given.body.mode).toBe('diff');
    const bad = await upload(officer, [changed], 'x.csv', '?mode=weekly').expect(400);
    expect(bad.body.code).toBe('validation_failed');
  });
});
