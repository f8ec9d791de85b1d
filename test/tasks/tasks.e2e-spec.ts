import { todayJst } from '../../libs/japanese/jst';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createCouncilItem, createOrganization, visitBody } from '../visits/factories';

interface Task {
  id: string;
  source: 'visit' | 'council';
  title: string;
  dueOn: string | null;
  status: string;
  link: { type: string; id: string };
  overdue: boolean;
  ownerId: string | null;
  version: number;
}

/**
 * GET /tasks (issue 13): visit follow-ups and council follow-ups in one list, mine or my station's,
 * overdue first then by due date; station scope; hq and admin have no task list.
 */
describe('tasks (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const today = todayJst();
  const day = (n: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };

  async function tasks(user: TestUser, query = '') {
    const res = await t.http().get(`/api/v1/tasks${query}`).set(bearer(user)).expect(200);
    return res.body as { items: Task[]; total: number; page: number; pageSize: number };
  }

  async function setup() {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const officer2 = await t.createUser('officer', a.station.id);
    const org = await createOrganization(t, a.station.id, { name: '株式会社タスク技研' });
    const visit = await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(a.officer))
      .send(
        visitBody(org.id, [a.officer.id], {
          followUps: [
            { title: '来月の確認', dueOn: day(30), ownerId: a.officer.id },
            { title: '期限超過の確認', dueOn: day(-5), ownerId: a.officer.id },
            { title: '期限なし', dueOn: null, ownerId: a.officer.id, status: 'in_progress' },
            { title: '済んだ確認', dueOn: day(-3), ownerId: a.officer.id, status: 'done' },
            { title: '同僚の担当', dueOn: day(2), ownerId: officer2.id },
          ],
        }),
      )
      .expect(201);
    await t
      .http()
      .post(`/api/v1/visits/${visit.body.id}/submit`)
      .set(bearer(a.officer))
      .send({ version: visit.body.version })
      .expect(200);
    // a draft of officer2 never submitted: only officer2 sees it and its follow-up
    const draft = await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(officer2))
      .send(
        visitBody(org.id, [officer2.id], {
          followUps: [{ title: '下書きの課題', dueOn: day(1), ownerId: officer2.id }],
        }),
      )
      .expect(201);
    const item = await createCouncilItem(t, a.station.id);
    const [{ meeting_id: meetingId }] = await t.ds.query(
      `SELECT meeting_id FROM council_items WHERE id = $1`,
      [item.id],
    );
    const council = await t.ds.query(
      `INSERT INTO follow_ups (council_item_id, station_id, title, owner_id, due_on, status) VALUES
         ($1, $2, '学校での講演', $3, $4, 'open'), ($1, $2, '協議会の期限超過', $5, $6, 'in_progress')
       RETURNING id, title`,
      [item.id, a.station.id, a.officer.id, day(10), a.manager.id, day(-20)],
    );
    // station B has tasks of its own
    const orgB = await createOrganization(t, b.station.id);
    await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(b.officer))
      .send(
        visitBody(orgB.id, [b.officer.id], {
          followUps: [{ title: 'B署の課題', dueOn: day(1), ownerId: b.officer.id }],
        }),
      )
      .expect(201);
    return {
      a,
      b,
      officer2,
      visitId: visit.body.id as string,
      draftId: draft.body.id as string,
      meetingId,
      council,
    };
  }

  it('mine: overdue first, then by due date (none last); visit and council follow-ups with their links', async () => {
    const { a, visitId, meetingId } = await setup();
    const mine = await tasks(a.officer, '?assignee=me');
    expect(mine.items.map((i) => [i.title, i.source, i.overdue])).toEqual([
      ['期限超過の確認', 'visit', true],
      ['学校での講演', 'council', false],
      ['来月の確認', 'visit', false],
      ['期限なし', 'visit', false],
    ]);
    expect(mine.total).toBe(4);
    const visitTask = mine.items[0];
    expect(visitTask).toEqual(
      expect.objectContaining({
        dueOn: day(-5),
        status: 'open',
        link: { type: 'visit', id: visitId },
        ownerId: a.officer.id,
        version: expect.any(Number),
        result: null,
        closedAt: null,
      }),
    );
    expect(mine.items[1].link).toEqual({ type: 'meeting', id: meetingId });
  });

  it('the station’s: everyone’s tasks of the station as the caller may see them; filters and paging', async () => {
    const { a, b, officer2 } = await setup();
    const station = await tasks(a.manager);
    expect(station.items.map((i) => i.title)).toEqual([
      '協議会の期限超過',
      '期限超過の確認',
      '同僚の担当',
      '学校での講演',
      '来月の確認',
      '期限なし',
    ]);
    expect(station.items.map((i) => i.title)).not.toContain('下書きの課題'); // someone else's draft
    expect((await tasks(officer2)).items.map((i) => i.title)).toContain('下書きの課題');
    expect((await tasks(b.officer)).items.map((i) => i.title)).toEqual(['B署の課題']);
    expect((await tasks(b.manager)).items).toEqual([]); // B's draft is its officer's until submitted

    expect((await tasks(a.manager, '?overdue=true')).items.map((i) => i.title)).toEqual([
      '協議会の期限超過',
      '期限超過の確認',
    ]);
    expect((await tasks(a.manager, '?status=done')).items.map((i) => i.title)).toEqual(['済んだ確認']);
    expect((await tasks(a.manager, '?status=in_progress')).items.map((i) => i.title)).toEqual([
      '協議会の期限超過',
      '期限なし',
    ]);
    expect((await tasks(a.manager, '?status=all')).total).toBe(7);
    expect((await tasks(a.manager, '?assignee=me')).items.map((i) => i.title)).toEqual(['協議会の期限超過']);

    const page2 = await tasks(a.manager, '?pageSize=4&page=2');
    expect(page2).toEqual(expect.objectContaining({ total: 6, page: 2, pageSize: 4 }));
    expect(page2.items.map((i) => i.title)).toEqual(['来月の確認', '期限なし']);
    const past = await tasks(a.manager, '?pageSize=4&page=9');
    expect(past).toEqual(expect.objectContaining({ items: [], total: 6 }));
  });

  it('a visit task closed through PATCH /visits/follow-ups/:id (its version from the list) leaves the open list', async () => {
    const { a } = await setup();
    const [overdue] = (await tasks(a.officer, '?assignee=me')).items;
    expect(overdue.title).toBe('期限超過の確認');
    await t
      .http()
      .patch(`/api/v1/visits/follow-ups/${overdue.id}`)
      .set(bearer(a.officer))
      .send({ version: overdue.version, status: 'done', result: '設置を確認した' })
      .expect(200);
    expect((await tasks(a.officer, '?assignee=me')).items.map((i) => i.title)).not.toContain(
      '期限超過の確認',
    );
    const done = (await tasks(a.officer, '?assignee=me&status=done')).items.find((i) => i.id === overdue.id);
    expect(done).toEqual(
      expect.objectContaining({
        status: 'done',
        overdue: false,
        result: '設置を確認した',
        closedAt: expect.any(String),
        version: overdue.version + 1,
      }),
    );
  });

  it('hq and admin have no task list; bad input is a 400', async () => {
    const { a } = await setup();
    for (const u of [a.hq, a.admin]) await t.http().get('/api/v1/tasks').set(bearer(u)).expect(403);
    await t.http().get('/api/v1/tasks').expect(401);
    for (const q of ['?assignee=someone', '?status=closed', '?overdue=yes', '?page=0', '?pageSize=500'])
      expect((await t.http().get(`/api/v1/tasks${q}`).set(bearer(a.officer)).expect(400)).body.code).toBe(
        'validation_failed',
      );
  });
});
