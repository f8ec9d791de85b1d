import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createCouncilItem, createOrganization, createSeminar, visitBody } from '../visits/factories';

/** Issue 19: a station manager's workload screen; never for hq, officers, admins or other stations. */
describe('workload (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const post = (user: TestUser, path: string, body: object = {}) =>
    t.http().post(`/api/v1${path}`).set(bearer(user)).send(body);
  const workload = (user: TestUser, query = '') => t.http().get(`/api/v1/workload${query}`).set(bearer(user));

  async function visit(officer: TestUser, officers: string[], org: string, at: string, approveBy?: TestUser) {
    const { body } = await post(
      officer,
      '/visits',
      visitBody(org, officers, { visitedAt: at, followUps: [] }),
    ).expect(201);
    await post(officer, `/visits/${body.id}/submit`).expect(200);
    if (approveBy) await post(approveBy, `/visits/${body.id}/approve`).expect(200);
    return body.id as string;
  }

  it('counts visits, seminars and open follow-ups per officer over the period', async () => {
    const { station, officer, manager } = await t.createStationTeam();
    const officer2 = await t.createUser('officer', station.id, { displayName: 'あ 二人目' });
    const org = await createOrganization(t, station.id);
    // in the period: a joint visit (approved), one of officer's alone (submitted); one outside; a draft
    await visit(officer, [officer.id, officer2.id], org.id, '2025-06-10T10:00:00+09:00', manager);
    await visit(officer, [officer.id], org.id, '2025-06-20T10:00:00+09:00');
    await visit(officer, [officer.id], org.id, '2025-07-02T10:00:00+09:00', manager);
    await post(
      officer,
      '/visits',
      visitBody(org.id, [officer.id], { visitedAt: '2025-06-11T10:00:00+09:00' }),
    ).expect(201);
    await createSeminar(t, station.id, officer2.id, '2025-06-15', '情報セキュリティ講演会', [
      { organizationId: org.id, attendeeCount: 5 },
    ]);
    // follow-ups: officer2 owns an overdue visit follow-up and an open council one; a done one is not counted
    await post(
      officer,
      '/visits',
      visitBody(org.id, [officer.id], {
        followUps: [
          { title: '期限切れ', dueOn: '2025-01-31', ownerId: officer2.id },
          { title: '完了', dueOn: '2025-01-31', ownerId: officer2.id, status: 'done' },
        ],
      }),
    ).expect(201);
    const item = await createCouncilItem(t, station.id);
    await t.ds.query(
      `INSERT INTO follow_ups (council_item_id, station_id, title, owner_id, due_on) VALUES ($1, $2, '学校講演の調整', $3, '2099-03-31')`,
      [item.id, station.id, officer2.id],
    );

    const { body } = await workload(manager, '?from=2025-06-01&to=2025-06-30').expect(200);
    expect(body).toMatchObject({ stationId: station.id, from: '2025-06-01', to: '2025-06-30' });
    const byId = new Map(body.officers.map((o: { userId: string }) => [o.userId, o]));
    expect(byId.get(officer.id)).toMatchObject({
      role: 'officer',
      visits: 2,
      approvedVisits: 1,
      seminars: 0,
      openFollowUps: 0,
      overdueFollowUps: 0,
    });
    expect(byId.get(officer2.id)).toMatchObject({
      displayName: 'あ 二人目',
      visits: 1,
      approvedVisits: 1,
      seminars: 1,
      openFollowUps: 2,
      overdueFollowUps: 1,
    });
    expect(byId.get(manager.id)).toMatchObject({ role: 'manager', visits: 0 });
    // the joint visit counts once in the totals
    expect(body.totals).toEqual({
      visits: 2,
      approvedVisits: 1,
      seminars: 1,
      openFollowUps: 2,
      overdueFollowUps: 1,
    });

    // another period
    const july = await workload(manager, '?from=2025-07-01&to=2025-07-31').expect(200);
    expect(july.body.totals).toMatchObject({ visits: 1, approvedVisits: 1, seminars: 0 });
    // defaults: this month up to today
    const now = await workload(manager).expect(200);
    expect(now.body.from).toBe(`${now.body.to.slice(0, 7)}-01`);
  });

  it('is for the station’s managers only: hq, officers and admins get 403; another station sees nothing of it', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const org = await createOrganization(t, a.station.id);
    await visit(a.officer, [a.officer.id], org.id, '2025-06-10T10:00:00+09:00', a.manager);

    for (const user of [a.hq, a.officer, a.admin]) {
      const res = await workload(user, '?from=2025-06-01&to=2025-06-30').expect(403);
      expect(res.body.code).toBe('forbidden');
    }
    await t.http().get('/api/v1/workload').expect(401);
    // another station's manager gets their own station, never a's people or counts
    const other = await workload(b.manager, '?from=2025-06-01&to=2025-06-30').expect(200);
    expect(other.body.stationId).toBe(b.station.id);
    expect(other.body.totals.visits).toBe(0);
    const text = JSON.stringify(other.body);
    for (const u of [a.officer, a.manager]) expect(text).not.toContain(u.id);
    // no way to ask for another station
    const asked = await workload(b.manager, `?stationId=${a.station.id}`).expect(400);
    expect(asked.body.code).toBe('validation_failed');
  });

  it('answers bad periods with 400 and details', async () => {
    const { manager } = await t.createStationTeam();
    for (const [query, field] of [
      ['?from=2025-13-01', 'from'],
      ['?to=yesterday', 'to'],
      ['?from=2025-06-30&to=2025-06-01', 'to'],
    ]) {
      const res = await workload(manager, query).expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('never shows in hq’s period report or exports (no per-officer figures there)', async () => {
    const { station, officer, manager, hq } = await t.createStationTeam();
    const org = await createOrganization(t, station.id);
    await visit(officer, [officer.id], org.id, '2025-06-10T10:00:00+09:00', manager);
    const report = await t
      .http()
      .get('/api/v1/reports/period?from=2025-06-01&to=2025-06-30&format=json')
      .set(bearer(hq))
      .expect(200);
    const exported = await t
      .http()
      .get('/api/v1/exports/visits.csv?from=2025-06-01&to=2025-06-30')
      .set(bearer(hq))
      .expect(200);
    for (const text of [JSON.stringify(report.body), exported.text]) {
      expect(text).not.toContain(officer.id);
      expect(text).not.toContain(officer.username);
    }
  });
});
