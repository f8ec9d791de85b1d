import { bearer, TestApp } from '../helpers/test-app';
import { createOrganization, createOrganizations } from '../council/factories';

describe('seminars (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const seminar = (overrides: Record<string, unknown> = {}) => ({
    title: 'サイバーセキュリティセミナー',
    kind: 'seminar',
    heldOn: '2023-03-15',
    venue: '岩国警察署 5階 講堂',
    speakers: [{ name: '山口大学 教授', affiliation: '山口大学' }],
    topics: ['cyber_trends', 'leak_cases'],
    ...overrides,
  });

  it('creates a seminar with registered and free participants; the total is derived', async () => {
    const { station, officer, manager, hq, admin } = await t.createStationTeam();
    const org1 = await createOrganization(t, station.id, '岩国中央病院');
    const org2 = await createOrganization(t, station.id, '岩国電力株式会社');
    const [partner] = await t.ds.query(
      `INSERT INTO partners (prefecture_code, name, kind) VALUES ('35', '山口県 商工労働部 イノベーション推進課', 'prefecture') RETURNING id`,
    );
    const res = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(officer))
      .send(
        seminar({
          speakers: [
            { userId: manager.id, name: '警備課長' },
            { name: '外部有識者', affiliation: '山口大学' },
          ],
          partnerIds: [partner.id],
          participants: [
            { organizationId: org1.id, attendeeCount: 3 },
            { organizationId: org2.id, attendeeCount: 2 },
            { name: '岩国商業高校', attendeeCount: 40 },
          ],
        }),
      )
      .expect(201);
    expect(res.body).toMatchObject({
      stationId: station.id,
      title: 'サイバーセキュリティセミナー',
      kind: 'seminar',
      heldOn: '2023-03-15',
      partnerIds: [partner.id],
      topics: ['cyber_trends', 'leak_cases'],
      totalAttendees: 45,
      councilItemIds: [],
      version: 1,
    });
    expect(res.body.participants).toEqual([
      expect.objectContaining({
        organizationId: org1.id,
        organizationName: '岩国中央病院',
        name: null,
        attendeeCount: 3,
      }),
      expect.objectContaining({ organizationId: org2.id, attendeeCount: 2 }),
      expect.objectContaining({ organizationId: null, name: '岩国商業高校', attendeeCount: 40 }),
    ]);
    expect(res.body.speakers[0]).toEqual({ userId: manager.id, name: '警備課長' });

    // Attending counts as being reached that day (the shared reach-events view).
    const reach = await t.ds.query(
      `SELECT to_char(reached_on, 'YYYY-MM-DD') AS d FROM organization_reach_events WHERE organization_id = $1`,
      [org1.id],
    );
    expect(reach).toEqual([{ d: '2023-03-15' }]);

    const got = await t.http().get(`/api/v1/seminars/${res.body.id}`).set(bearer(hq)).expect(200);
    expect(got.body.totalAttendees).toBe(45);
    await t.http().get(`/api/v1/seminars/${res.body.id}`).set(bearer(admin)).expect(403);
    await t.http().post('/api/v1/seminars').set(bearer(hq)).send(seminar()).expect(403);
    await t.http().post('/api/v1/seminars').set(bearer(admin)).send(seminar()).expect(403);

    const events = await t.auditEvents({ entityType: 'seminar', entityId: res.body.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'seminar.create', station_id: station.id });
    expect(events[0].changes.totalAttendees).toEqual({ before: null, after: 45 });
  });

  it('adds 60 participants in one request with one insert, and PATCH replaces them set-based', async () => {
    const { station, officer, manager } = await t.createStationTeam();
    const orgIds = await createOrganizations(t, station.id, 60);
    const participants = orgIds.map((organizationId, i) => ({ organizationId, attendeeCount: (i % 3) + 1 }));
    const expected = participants.reduce((sum, p) => sum + p.attendeeCount, 0);

    const statements: string[] = [];
    const original = t.ds.driver.createQueryRunner.bind(t.ds.driver);
    const spy = jest.spyOn(t.ds.driver, 'createQueryRunner').mockImplementation((mode) => {
      const runner = original(mode);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, ...rest: unknown[]) => {
        statements.push(sql);
        return (query as (...args: unknown[]) => unknown)(sql, ...rest);
      }) as typeof runner.query;
      return runner;
    });
    const started = Date.now();
    let res;
    try {
      res = await t
        .http()
        .post('/api/v1/seminars')
        .set(bearer(officer))
        .send(seminar({ title: '岩国商工会議所 例会での情報提供', kind: 'briefing', participants }))
        .expect(201);
    } finally {
      spy.mockRestore();
    }
    const elapsed = Date.now() - started;
    // One INSERT … SELECT FROM unnest for the 60 rows; a constant number of statements in all.
    expect(statements.filter((sql) => /INSERT INTO seminar_participants/.test(sql))).toHaveLength(1);
    expect(statements.length).toBeLessThan(15);
    expect(res.body.participants).toHaveLength(60);
    expect(res.body.totalAttendees).toBe(expected);
    expect(elapsed).toBeLessThan(2000);

    const patched = await t
      .http()
      .patch(`/api/v1/seminars/${res.body.id}`)
      .set(bearer(manager))
      .send({
        version: 1,
        participants: [...participants.slice(0, 10), { name: '岩国市役所', attendeeCount: 5 }],
      })
      .expect(200);
    expect(patched.body.participants).toHaveLength(11);
    expect(patched.body.totalAttendees).toBe(
      participants.slice(0, 10).reduce((s, p) => s + p.attendeeCount, 0) + 5,
    );
    expect(patched.body.version).toBe(2);
    const [{ count }] = await t.ds.query(
      `SELECT count(*)::int AS count FROM seminar_participants WHERE seminar_id = $1`,
      [res.body.id],
    );
    expect(count).toBe(11);
    // Stale version: 409 and nothing changes.
    await t
      .http()
      .patch(`/api/v1/seminars/${res.body.id}`)
      .set(bearer(manager))
      .send({ version: 1, participants: [] })
      .expect(409);
    await t
      .http()
      .patch(`/api/v1/seminars/${res.body.id}`)
      .set(bearer(manager))
      .send({ version: 2, title: null, kind: null, participants: null })
      .expect(400);
    const after = await t.http().get(`/api/v1/seminars/${res.body.id}`).set(bearer(officer)).expect(200);
    expect(after.body.participants).toHaveLength(11);
    const events = await t.auditEvents({
      entityType: 'seminar',
      entityId: res.body.id,
      action: 'seminar.update',
    });
    expect(events).toHaveLength(1);
    expect(events[0].changes.participants.after).toHaveLength(11);
  });

  it('rejects bad participants with field details (count 0 or negative, another station, both or neither)', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const own = await createOrganization(t, a.station.id);
    const foreign = await createOrganization(t, b.station.id);
    const counts = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(a.officer))
      .send(
        seminar({
          participants: [
            { organizationId: own.id, attendeeCount: 1 },
            { name: 'A校', attendeeCount: 0 },
            { name: 'B校', attendeeCount: -3 },
            { name: 'C校', attendeeCount: 1.5 },
          ],
        }),
      )
      .expect(400);
    const fields = counts.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'participants[1].attendeeCount',
        'participants[2].attendeeCount',
        'participants[3].attendeeCount',
      ]),
    );
    expect(fields).not.toContain('participants[0].attendeeCount');

    const other = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(a.officer))
      .send(
        seminar({
          participants: [
            { organizationId: own.id, attendeeCount: 1 },
            { organizationId: foreign.id, attendeeCount: 2 },
          ],
        }),
      )
      .expect(400);
    expect(other.body.details).toEqual([
      { field: 'participants[1].organizationId', message: expect.any(String) },
    ]);

    const choice = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(a.officer))
      .send(
        seminar({
          participants: [{ attendeeCount: 1 }, { organizationId: own.id, name: '重複', attendeeCount: 1 }],
        }),
      )
      .expect(400);
    expect(choice.body.details.map((d: { field: string }) => d.field)).toEqual([
      'participants[0]',
      'participants[1]',
    ]);

    const refs = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(a.officer))
      .send(
        seminar({
          topics: ['weather'],
          partnerIds: ['00000000-0000-4000-8000-000000000000'],
          councilItemIds: ['00000000-0000-4000-8000-000000000001'],
          speakers: [{ userId: b.officer.id, name: '他署の職員' }],
        }),
      )
      .expect(400);
    expect(refs.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['topics', 'partnerIds', 'councilItemIds', 'speakers[0].userId']),
    );

    const shape = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(a.officer))
      .send({ title: '', kind: 'party', heldOn: '2023-13-01', unknown: true })
      .expect(400);
    expect(shape.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['title', 'kind', 'heldOn', 'unknown']),
    );
    const [{ count }] = await t.ds.query(
      `SELECT count(*)::int AS count FROM seminars WHERE station_id = $1`,
      [a.station.id],
    );
    expect(count).toBe(0);
  });

  it('scopes seminars to the station and filters the list', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const org = await createOrganization(t, a.station.id);
    const s1 = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(a.officer))
      .send(seminar({ heldOn: '2023-03-15', participants: [{ organizationId: org.id, attendeeCount: 2 }] }))
      .expect(201);
    const s2 = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(a.officer))
      .send(
        seminar({ title: '学校での講演', kind: 'school_lecture', heldOn: '2023-11-10', topics: ['other'] }),
      )
      .expect(201);
    const sb = await t.http().post('/api/v1/seminars').set(bearer(b.officer)).send(seminar()).expect(201);

    await t.http().get(`/api/v1/seminars/${sb.body.id}`).set(bearer(a.officer)).expect(404);
    await t
      .http()
      .patch(`/api/v1/seminars/${sb.body.id}`)
      .set(bearer(a.manager))
      .send({ version: 1, title: 'x' })
      .expect(404);

    const list = await t.http().get('/api/v1/seminars').set(bearer(a.officer)).expect(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([s2.body.id, s1.body.id]);
    expect(list.body.total).toBe(2);
    const q = (qs: string) => t.http().get(`/api/v1/seminars?${qs}`).set(bearer(a.officer)).expect(200);
    expect((await q('kind=school_lecture')).body.items.map((s: { id: string }) => s.id)).toEqual([
      s2.body.id,
    ]);
    expect((await q('from=2023-04-01&to=2024-03-31')).body.items.map((s: { id: string }) => s.id)).toEqual([
      s2.body.id,
    ]);
    expect((await q(`organizationId=${org.id}`)).body.items.map((s: { id: string }) => s.id)).toEqual([
      s1.body.id,
    ]);
    expect((await q('topic=cyber_trends')).body.items.map((s: { id: string }) => s.id)).toEqual([s1.body.id]);
    const hqList = await t.http().get('/api/v1/seminars?pageSize=200').set(bearer(a.hq)).expect(200);
    expect(hqList.body.items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([s1.body.id, sb.body.id]),
    );
    await t.http().get('/api/v1/seminars?from=2023-02-30').set(bearer(a.officer)).expect(400);
  });
});
