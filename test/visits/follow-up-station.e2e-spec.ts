import { addDays, todayJst } from '../../libs/japanese/jst';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrganization, visitBody } from './factories';

/** A time in Japan on the day `days` from today. */
const jstAt = (days: number, time = '10:00') => `${addDays(todayJst(), days)}T${time}:00+09:00`;

/**
 * visit_follow_ups.station_id (issue 18: the follow-ups list and the task list read a station's
 * follow-ups by their own station): it is always the visit's, whichever way a follow-up is written
 * (POST and PATCH /visits, an INSERT that leaves it out), cannot be set to another station, follows
 * a visit whose station changes, and survives an organization merge; and the lists found by it keep
 * the visibility rule (drafts never submitted: creator and listed officers only; tasks leave out
 * cancelled visits) and the station scope.
 */
describe('visit follow-ups: their station is their visit’s (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  async function team() {
    const base = await t.createStationTeam();
    const organization = await createOrganization(t, base.station.id);
    return { ...base, organization };
  }
  const post = (user: TestUser, path: string, body: object = {}) =>
    t.http().post(`/api/v1${path}`).set(bearer(user)).send(body);
  const patch = (user: TestUser, path: string, body: object) =>
    t.http().patch(`/api/v1${path}`).set(bearer(user)).send(body);
  const get = (user: TestUser, path: string) => t.http().get(`/api/v1${path}`).set(bearer(user));

  /** Follow-ups whose station differs from their visit's (none, ever). */
  const mismatched = async (): Promise<number> =>
    (
      await t.ds.query(
        `SELECT count(*)::int AS n FROM visit_follow_ups f JOIN visits v ON v.id = f.visit_id
          WHERE f.station_id IS DISTINCT FROM v.station_id`,
      )
    )[0].n;
  const stationsOf = async (visitId: string): Promise<string[]> =>
    (
      await t.ds.query(`SELECT station_id FROM visit_follow_ups WHERE visit_id = $1 ORDER BY title`, [
        visitId,
      ])
    ).map((r: { station_id: string }) => r.station_id);
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id).sort();

  it('takes the visit’s station on POST /visits and on PATCH (kept and new ones)', async () => {
    const { station, officer, organization } = await team();
    const created = await post(
      officer,
      '/visits',
      visitBody(organization.id, [officer.id], {
        followUps: [{ title: 'A 資料送付', dueOn: '2025-09-30', ownerId: officer.id }, { title: 'B 再訪問' }],
      }),
    ).expect(201);
    expect(await stationsOf(created.body.id)).toEqual([station.id, station.id]);

    const [kept] = created.body.followUps;
    await patch(officer, `/visits/${created.body.id}`, {
      version: 1,
      followUps: [
        { id: kept.id, title: kept.title, status: 'in_progress' },
        { title: 'C 新規', dueOn: '2025-10-31' },
      ],
    }).expect(200);
    expect(await stationsOf(created.body.id)).toEqual([station.id, station.id]);

    const list = await get(officer, '/visits/follow-ups?pageSize=200').expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((i: { title: string }) => i.title).sort()).toEqual(['A 資料送付', 'C 新規']);
    expect(await mismatched()).toBe(0);
  });

  it('is filled from the visit when an INSERT leaves it out; another station is refused; a visit that moves takes its follow-ups', async () => {
    const { station, officer, organization } = await team();
    const other = await team();
    const visit = (await post(officer, '/visits', visitBody(organization.id, [officer.id])).expect(201)).body;
    await post(officer, `/visits/${visit.id}/submit`, { version: 1 }).expect(200);

    const [filled] = await t.ds.query(
      `INSERT INTO visit_follow_ups (visit_id, title) VALUES ($1, '旧来の書き手') RETURNING station_id`,
      [visit.id],
    );
    expect(filled.station_id).toBe(station.id);

    // another station than the visit's: the (visit_id, station_id) foreign key refuses it
    await expect(
      t.ds.query(`INSERT INTO visit_follow_ups (visit_id, station_id, title) VALUES ($1, $2, '他署')`, [
        visit.id,
        other.station.id,
      ]),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(
      t.ds.query(`UPDATE visit_follow_ups SET station_id = $2 WHERE visit_id = $1`, [
        visit.id,
        other.station.id,
      ]),
    ).rejects.toMatchObject({ code: '23503' });

    const before = await get(officer, '/visits/follow-ups?pageSize=200').expect(200);
    expect(before.body.total).toBe(2);
    expect((await get(other.officer, '/visits/follow-ups').expect(200)).body.total).toBe(0);

    // a visit moved to another station (no route does it today): its follow-ups go with it
    await t.ds.query(`UPDATE visits SET station_id = $2 WHERE id = $1`, [visit.id, other.station.id]);
    expect(await stationsOf(visit.id)).toEqual([other.station.id, other.station.id]);
    expect((await get(officer, '/visits/follow-ups').expect(200)).body.total).toBe(0);
    const moved = await get(other.manager, '/visits/follow-ups?pageSize=200').expect(200);
    expect(ids(moved)).toEqual(ids(before));
    expect(await mismatched()).toBe(0);
  });

  it('keeps its station through an organization merge, listed under the organization kept', async () => {
    const { station, officer, manager, organization } = await team();
    const source = await createOrganization(t, station.id, { name: '合併される株式会社' });
    const visit = (
      await post(
        officer,
        '/visits',
        visitBody(source.id, [officer.id], { followUps: [{ title: '合併前の宿題', ownerId: officer.id }] }),
      ).expect(201)
    ).body;
    await post(officer, `/visits/${visit.id}/submit`, { version: 1 }).expect(200);

    const merged = await post(manager, `/organizations/${organization.id}/merge`, {
      sourceId: source.id,
      version: 1,
    }).expect(200);
    expect(merged.body.organization.id).toBe(organization.id);
    expect(await stationsOf(visit.id)).toEqual([station.id]);
    expect(await mismatched()).toBe(0);

    const list = await get(manager, '/visits/follow-ups').expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      visitId: visit.id,
      organizationId: organization.id,
      organizationName: organization.name,
    });
    const tasks = await get(officer, '/tasks?assignee=me').expect(200);
    expect(
      tasks.body.items.map((i: { title: string; organizationName: string }) => [i.title, i.organizationName]),
    ).toEqual([['合併前の宿題', organization.name]]);
  });

  it('lists keep the visibility rule: a draft never submitted is its creator’s; tasks leave out cancelled visits', async () => {
    const { station, officer, manager, hq, organization } = await team();
    const colleague = await t.createUser('officer', station.id);
    const other = await team();

    const draft = (
      await post(
        officer,
        '/visits',
        visitBody(organization.id, [officer.id], {
          followUps: [{ title: '下書きの宿題', ownerId: officer.id }],
        }),
      ).expect(201)
    ).body;
    const submitted = (
      await post(
        colleague,
        '/visits',
        visitBody(organization.id, [colleague.id], {
          followUps: [{ title: '提出済みの宿題', dueOn: '2020-01-31' }],
        }),
      ).expect(201)
    ).body;
    await post(colleague, `/visits/${submitted.id}/submit`, { version: 1 }).expect(200);
    const planned = (
      await post(officer, '/visits', {
        status: 'planned',
        organizationId: organization.id,
        visitedAt: jstAt(3),
        officerIds: [officer.id],
      }).expect(201)
    ).body;
    // a planned visit takes no follow-ups by the API; one written before it is cancelled (by an
    // INSERT that leaves the station out) stays on the follow-ups list but is no task
    await t.ds.query(`INSERT INTO visit_follow_ups (visit_id, title) VALUES ($1, '中止になる予定の宿題')`, [
      planned.id,
    ]);
    await post(officer, `/visits/${planned.id}/cancel`, { version: 1, reason: '先方都合' }).expect(200);

    const titles = (res: { body: { items: { title: string }[] } }) =>
      res.body.items.map((i) => i.title).sort();
    const creator = await get(officer, '/visits/follow-ups').expect(200);
    expect(titles(creator)).toEqual(['下書きの宿題', '中止になる予定の宿題', '提出済みの宿題']);
    expect(creator.body.total).toBe(3);
    const colleagues = await get(colleague, '/visits/follow-ups').expect(200);
    expect(titles(colleagues)).toEqual(['中止になる予定の宿題', '提出済みの宿題']);
    expect(colleagues.body.total).toBe(2);
    expect((await get(manager, '/visits/follow-ups').expect(200)).body.total).toBe(2);
    const overdue = await get(manager, '/visits/follow-ups?overdue=true').expect(200);
    expect(titles(overdue)).toEqual(['提出済みの宿題']);
    expect(ids(await get(hq, `/visits/follow-ups?pageSize=200`).expect(200))).toEqual(
      expect.arrayContaining([submitted.followUps[0].id]),
    );
    expect(
      (await get(hq, `/visits/follow-ups?pageSize=200`).expect(200)).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).not.toContain(draft.followUps[0].id);
    expect((await get(other.officer, '/visits/follow-ups').expect(200)).body.total).toBe(0);

    // tasks: the cancelled visit's follow-up is not work; the draft is its creator's
    const officerTasks = await get(officer, '/tasks').expect(200);
    expect(titles(officerTasks)).toEqual(['下書きの宿題', '提出済みの宿題']);
    expect(officerTasks.body.total).toBe(2);
    const colleagueTasks = await get(colleague, '/tasks').expect(200);
    expect(titles(colleagueTasks)).toEqual(['提出済みの宿題']);
    expect(colleagueTasks.body.total).toBe(1);
    const overdueTasks = await get(manager, '/tasks?overdue=true').expect(200);
    expect(overdueTasks.body.items).toEqual([
      expect.objectContaining({ title: '提出済みの宿題', overdue: true }),
    ]);
    expect((await get(other.manager, '/tasks').expect(200)).body.total).toBe(0);
  });
});
