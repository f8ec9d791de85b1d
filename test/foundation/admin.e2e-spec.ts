import { Client } from 'pg';
import { bearer, TestApp } from '../helpers/test-app';

describe('admin: users, stations, code lists (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('lets an admin create a station and a user, audited with before/after', async () => {
    const admin = await t.createUser('admin', null);
    const station = await t
      .http()
      .post('/api/v1/stations')
      .set(bearer(admin))
      .send({
        code: 'waki-test',
        name: '和木テスト警察署',
        prefectureCode: '35',
        municipalityCodes: ['35321'],
      })
      .expect(201);
    expect(station.body).toMatchObject({ code: 'waki-test', municipalityCodes: ['35321'], version: 1 });
    const user = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({
        username: 'Suzuki',
        displayName: '鈴木',
        role: 'officer',
        stationId: station.body.id,
        password: 'harbor-lantern-73',
      })
      .expect(201);
    expect(user.body).toMatchObject({
      username: 'suzuki',
      role: 'officer',
      disabled: false,
      stationId: station.body.id,
    });
    expect(user.body.passwordHash).toBeUndefined();
    const [event] = await t.auditEvents({
      entityType: 'user',
      entityId: user.body.id,
      action: 'user.create',
    });
    expect(event.actor_id).toBe(admin.id);
    expect(event.changes.role).toEqual({ before: null, after: 'officer' });
    expect(event.request_id).toEqual(expect.any(String));
    // The new user can log in (username is case-insensitive).
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'SUZUKI', password: 'harbor-lantern-73' })
      .expect(200);
  });

  it('rejects duplicates and bad input with clear 4xx and changes nothing', async () => {
    const admin = await t.createUser('admin', null);
    const station = await t.createStation();
    const body = {
      username: 'dup_user',
      displayName: 'A',
      role: 'officer',
      stationId: station.id,
      password: 'maple-river-stone',
    };
    await t.http().post('/api/v1/users').set(bearer(admin)).send(body).expect(201);
    const dup = await t.http().post('/api/v1/users').set(bearer(admin)).send(body).expect(409);
    expect(dup.body.code).toBe('user.username_taken');
    const noStation = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ ...body, username: 'nostation', stationId: undefined })
      .expect(400);
    expect(noStation.body.details).toEqual([{ field: 'stationId', message: expect.any(String) }]);
    const bad = await t
      .http()
      .post('/api/v1/stations')
      .set(bearer(admin))
      .send({ code: 'X Y', name: '', prefectureCode: '99', municipalityCodes: ['3520'], extra: 1 })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['code', 'extra', 'municipalityCodes', 'name', 'prefectureCode'].sort(),
    );
    const [{ count }] = await t.ds.query(
      `SELECT count(*)::int AS count FROM users WHERE username IN ('nostation')`,
    );
    expect(count).toBe(0);
  });

  it('answers 409 on a stale version and leaves the record unchanged', async () => {
    const admin = await t.createUser('admin', null);
    const station = await t.createStation();
    const first = await t
      .http()
      .patch(`/api/v1/stations/${station.id}`)
      .set(bearer(admin))
      .send({ version: 1, name: '新しい名前' })
      .expect(200);
    expect(first.body.version).toBe(2);
    const stale = await t
      .http()
      .patch(`/api/v1/stations/${station.id}`)
      .set(bearer(admin))
      .send({ version: 1, name: '古い版からの上書き' })
      .expect(409);
    expect(stale.body).toMatchObject({ statusCode: 409, error: 'Conflict', currentVersion: 2 });
    const [row] = await t.ds.query(`SELECT name, version FROM stations WHERE id = $1`, [station.id]);
    expect(row).toEqual({ name: '新しい名前', version: 2 });
  });

  it('answers 403 to other roles and audits the denial; 404 for unknown and malformed ids', async () => {
    const team = await t.createStationTeam();
    for (const user of [team.officer, team.manager, team.hq]) {
      await t.http().get('/api/v1/users').set(bearer(user)).expect(403);
      await t.http().post('/api/v1/stations').set(bearer(user)).send({}).expect(403);
    }
    const denied = await t.auditEvents({ action: 'access.denied' });
    expect(denied.some((e: { actor_id: string }) => e.actor_id === team.officer.id)).toBe(true);
    await t
      .http()
      .get('/api/v1/users/00000000-0000-4000-8000-000000000000')
      .set(bearer(team.admin))
      .expect(404);
    await t.http().get('/api/v1/users/not-a-uuid').set(bearer(team.admin)).expect(404);
  });

  it('shows station users only their own station; hq sees all', async () => {
    const team = await t.createStationTeam();
    const other = await t.createStation();
    const mine = await t.http().get('/api/v1/stations').set(bearer(team.officer)).expect(200);
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([team.station.id]);
    const all = await t.http().get('/api/v1/stations').set(bearer(team.hq)).expect(200);
    expect(all.body.items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([team.station.id, other.id]),
    );
  });

  it('lets an admin extend a code list with Japanese and English labels', async () => {
    const team = await t.createStationTeam();
    const created = await t
      .http()
      .post('/api/v1/code-lists')
      .set(bearer(team.admin))
      .send({ kind: 'sector', code: 'semiconductor', labelJa: '半導体', labelEn: 'Semiconductors' })
      .expect(201);
    expect(created.body).toMatchObject({ kind: 'sector', code: 'semiconductor', active: true });
    const list = await t.http().get('/api/v1/code-lists?kind=sector').set(bearer(team.officer)).expect(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'semiconductor', labelJa: '半導体' })]),
    );
    expect(list.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'medical', labelJa: '医療機関' })]),
    );
    await t
      .http()
      .post('/api/v1/code-lists')
      .set(bearer(team.admin))
      .send({ kind: 'sector', code: 'semiconductor', labelJa: 'x', labelEn: 'x' })
      .expect(409);
    await t.http().post('/api/v1/code-lists').set(bearer(team.officer)).send({}).expect(403);
  });

  it('lists station members for pickers, without other stations', async () => {
    const team = await t.createStationTeam();
    const other = await t.createStation();
    const stranger = await t.createUser('officer', other.id);
    const res = await t.http().get('/api/v1/users/station-officers').set(bearer(team.officer)).expect(200);
    const ids = res.body.items.map((u: { id: string }) => u.id);
    expect(ids).toEqual(expect.arrayContaining([team.officer.id, team.manager.id]));
    expect(ids).not.toContain(stranger.id);
  });
});

describe('audit trail (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('is append-only: the database rejects UPDATE, DELETE and TRUNCATE, even by the owner', async () => {
    await t.createUser('admin', null);
    // The app's role has no such rights at all (test/foundation/database-role.e2e-spec.ts); the
    // triggers hold for the owner too.
    const owner = new Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });

  it('shows managers their own station only; hq and admin all; officers 403', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const res = await t
      .http()
      .get('/api/v1/audit-events?action=auth.login')
      .set(bearer(a.manager))
      .expect(200);
    const stations = new Set(res.body.items.map((e: { stationId: string }) => e.stationId));
    expect([...stations]).toEqual([a.station.id]);
    const hq = await t
      .http()
      .get(`/api/v1/audit-events?actorId=${b.manager.id}`)
      .set(bearer(a.hq))
      .expect(200);
    expect(hq.body.items.length).toBeGreaterThan(0);
    await t.http().get('/api/v1/audit-events').set(bearer(a.officer)).expect(403);
    const bad = await t.http().get('/api/v1/audit-events?from=yesterday').set(bearer(a.admin)).expect(400);
    expect(bad.body.details[0].field).toBe('from');
    await t.http().get('/api/v1/audit-events?sort=-password').set(bearer(a.admin)).expect(400);
  });
});

describe('HTTP basics (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('reports health with the database checked', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('echoes a request id and puts it in error bodies; sets security headers', async () => {
    const res = await t.http().get('/api/v1/auth/me').set('X-Request-Id', 'trace-123').expect(401);
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(res.body.requestId).toBe('trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers 413 for a body over the limit and 400 for malformed JSON, without internals', async () => {
    const big = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(big.body.statusCode).toBe(413);
    const broken = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username":')
      .expect(400);
    expect(broken.body.message).not.toMatch(/JSON|position|token/);
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.js/);
  });

  it('answers 404 in the same error shape for unknown paths', async () => {
    const res = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', requestId: expect.any(String) });
  });
});
