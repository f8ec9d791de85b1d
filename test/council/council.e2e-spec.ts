import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrganization, createVisit } from './factories';

describe('council meetings, items, follow-ups and report-back (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const meeting = (overrides: Record<string, unknown> = {}) => ({
    heldOn: '2023-06-21',
    place: '岩国警察署 5階 講堂',
    attendance: { members: 11, police: 15 },
    agenda: ['業務推進状況説明', '諮問事項説明', '協議'],
    consultationTopic: '警察における経済安全保障に関する取組の推進',
    ...overrides,
  });

  async function newMeeting(user: TestUser, overrides: Record<string, unknown> = {}) {
    const res = await t
      .http()
      .post('/api/v1/meetings')
      .set(bearer(user))
      .send(meeting(overrides))
      .expect(201);
    return res.body as { id: string; version: number };
  }

  async function newItem(user: TestUser, meetingId: string, overrides: Record<string, unknown> = {}) {
    const res = await t
      .http()
      .post(`/api/v1/meetings/${meetingId}/items`)
      .set(bearer(user))
      .send({
        kind: 'request',
        raisedBy: '委員',
        text: '高校生や中学生に対し、学校での講演なども行ってはいかがか。',
        response: '関係機関と調整の上、検討してまいりたい。',
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; version: number };
  }

  async function newFollowUp(user: TestUser, itemId: string, overrides: Record<string, unknown> = {}) {
    const res = await t
      .http()
      .post('/api/v1/follow-ups')
      .set(bearer(user))
      .send({
        councilItemId: itemId,
        title: '学校での講演の実施',
        ownerId: user.id,
        dueOn: '2023-12-31',
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; version: number };
  }

  it('records meetings with items: roles, scope, versions and audit', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const created = await t
      .http()
      .post('/api/v1/meetings')
      .set(bearer(a.officer))
      .send(meeting())
      .expect(201);
    expect(created.body).toMatchObject({
      stationId: a.station.id,
      heldOn: '2023-06-21',
      attendance: { members: 11, police: 15 },
      agenda: ['業務推進状況説明', '諮問事項説明', '協議'],
      consultationTopic: '警察における経済安全保障に関する取組の推進',
      items: [],
      version: 1,
    });
    const id = created.body.id;
    await t.http().post('/api/v1/meetings').set(bearer(a.hq)).send(meeting()).expect(403);
    await t.http().post('/api/v1/meetings').set(bearer(a.admin)).send(meeting()).expect(403);
    await t.http().get('/api/v1/meetings').set(bearer(a.admin)).expect(403);

    const bad = await t
      .http()
      .post('/api/v1/meetings')
      .set(bearer(a.officer))
      .send({ heldOn: '2023-02-29', attendance: { members: -1, mayor: 1 }, agenda: 'x', extra: 1 })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['heldOn', 'attendance.members', 'attendance.mayor', 'agenda', 'extra']),
    );

    const q1 = await newItem(a.officer, id, {
      kind: 'question',
      text: '関係機関等との連携状況について説明願う。',
      response: '県のイノベーション推進課、岩国市の産業振興部 商工振興課等と連携している。',
    });
    const r1 = await newItem(a.manager, id);
    const badItem = await t
      .http()
      .post(`/api/v1/meetings/${id}/items`)
      .set(bearer(a.officer))
      .send({ kind: 'complaint', text: '' })
      .expect(400);
    expect(badItem.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['kind', 'text']),
    );
    await t
      .http()
      .post(`/api/v1/meetings/${id}/items`)
      .set(bearer(b.officer))
      .send({ kind: 'opinion', text: 'x' })
      .expect(404);

    const detail = await t.http().get(`/api/v1/meetings/${id}`).set(bearer(a.hq)).expect(200);
    expect(detail.body.items.map((i: { id: string }) => i.id)).toEqual([q1.id, r1.id]);
    expect(detail.body.itemCount).toBe(2);
    const items = await t.http().get(`/api/v1/meetings/${id}/items`).set(bearer(a.officer)).expect(200);
    expect(items.body.items.map((i: { position: number }) => i.position)).toEqual([0, 1]);
    await t.http().get(`/api/v1/meetings/${id}`).set(bearer(b.officer)).expect(404);
    await t.http().get(`/api/v1/meetings/${id}/items`).set(bearer(b.manager)).expect(404);
    const listB = await t.http().get('/api/v1/meetings').set(bearer(b.officer)).expect(200);
    expect(listB.body.total).toBe(0);

    const patched = await t
      .http()
      .patch(`/api/v1/meetings/${id}`)
      .set(bearer(a.manager))
      .send({ version: 1, attendance: { members: 11, police: 16 }, notes: '副会長講評あり' })
      .expect(200);
    expect(patched.body).toMatchObject({
      attendance: { members: 11, police: 16 },
      notes: '副会長講評あり',
      version: 2,
    });
    await t
      .http()
      .patch(`/api/v1/meetings/${id}`)
      .set(bearer(a.manager))
      .send({ version: 1, notes: 'x' })
      .expect(409);
    // null for a required field is refused, not written (and never a 500)
    const nulls = await t
      .http()
      .patch(`/api/v1/meetings/${id}`)
      .set(bearer(a.manager))
      .send({ version: 2, heldOn: null, agenda: null })
      .expect(400);
    expect(nulls.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['heldOn', 'agenda']),
    );
    await t
      .http()
      .patch(`/api/v1/items/${q1.id}`)
      .set(bearer(a.officer))
      .send({ version: 1, text: null })
      .expect(400);
    await t
      .http()
      .patch(`/api/v1/meetings/${id}`)
      .set(bearer(b.manager))
      .send({ version: 2, notes: 'x' })
      .expect(404);

    const item = await t
      .http()
      .patch(`/api/v1/items/${q1.id}`)
      .set(bearer(a.officer))
      .send({ version: 1, response: '県・市の関係機関と連携している。' })
      .expect(200);
    expect(item.body).toMatchObject({ response: '県・市の関係機関と連携している。', version: 2 });
    await t
      .http()
      .patch(`/api/v1/items/${q1.id}`)
      .set(bearer(a.officer))
      .send({ version: 1, text: 'x' })
      .expect(409);
    await t
      .http()
      .patch(`/api/v1/items/${q1.id}`)
      .set(bearer(b.officer))
      .send({ version: 2, text: 'x' })
      .expect(404);
    await t
      .http()
      .patch(`/api/v1/items/${q1.id}`)
      .set(bearer(a.hq))
      .send({ version: 2, text: 'x' })
      .expect(403);

    const meetingEvents = await t.auditEvents({ entityType: 'council_meeting', entityId: id });
    expect(meetingEvents.map((e: { action: string }) => e.action)).toEqual([
      'meeting.create',
      'meeting.update',
    ]);
    expect(meetingEvents[1].changes.attendance).toEqual({
      before: { members: 11, police: 15 },
      after: { members: 11, police: 16 },
    });
    const itemEvents = await t.auditEvents({ entityType: 'council_item', entityId: q1.id });
    expect(itemEvents.map((e: { action: string }) => e.action)).toEqual([
      'council_item.create',
      'council_item.update',
    ]);
  });

  it('validates follow-ups: item and owner of the station, due date not before the meeting', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const m = await newMeeting(a.officer);
    const item = await newItem(a.officer, m.id);
    const mb = await newMeeting(b.officer);
    const itemB = await newItem(b.officer, mb.id);

    const early = await t
      .http()
      .post('/api/v1/follow-ups')
      .set(bearer(a.officer))
      .send({ councilItemId: item.id, title: '学校講演', ownerId: a.officer.id, dueOn: '2023-06-20' })
      .expect(400);
    expect(early.body.details).toEqual([{ field: 'dueOn', message: expect.any(String) }]);
    const foreignOwner = await t
      .http()
      .post('/api/v1/follow-ups')
      .set(bearer(a.officer))
      .send({ councilItemId: item.id, title: '学校講演', ownerId: b.officer.id, dueOn: '2023-12-31' })
      .expect(400);
    expect(foreignOwner.body.details[0].field).toBe('ownerId');
    const foreignItem = await t
      .http()
      .post('/api/v1/follow-ups')
      .set(bearer(a.officer))
      .send({ councilItemId: itemB.id, title: '学校講演', ownerId: a.officer.id, dueOn: '2023-12-31' })
      .expect(400);
    expect(foreignItem.body.details[0].field).toBe('councilItemId');
    const shape = await t
      .http()
      .post('/api/v1/follow-ups')
      .set(bearer(a.officer))
      .send({ councilItemId: 'x', title: '', dueOn: 'tomorrow', status: 'done' })
      .expect(400);
    expect(shape.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['councilItemId', 'title', 'ownerId', 'dueOn', 'status']),
    );
    await t
      .http()
      .post('/api/v1/follow-ups')
      .set(bearer(a.hq))
      .send({ councilItemId: item.id, title: 'x', ownerId: a.officer.id, dueOn: '2023-12-31' })
      .expect(403);

    const onTheDay = await newFollowUp(a.officer, item.id, { dueOn: '2023-06-21', ownerId: a.manager.id });
    const fu = await t.http().get(`/api/v1/follow-ups/${onTheDay.id}`).set(bearer(a.hq)).expect(200);
    expect(fu.body).toMatchObject({
      councilItemId: item.id,
      meetingId: m.id,
      meetingHeldOn: '2023-06-21',
      itemKind: 'request',
      ownerId: a.manager.id,
      status: 'open',
      overdue: true,
      links: [],
      version: 1,
    });
    await t.http().get(`/api/v1/follow-ups/${onTheDay.id}`).set(bearer(b.officer)).expect(404);
    const events = await t.auditEvents({ entityType: 'follow_up', entityId: onTheDay.id });
    expect(events).toEqual([
      expect.objectContaining({ action: 'follow_up.create', station_id: a.station.id }),
    ]);
    // Moving the due date before the meeting is refused too.
    await t
      .http()
      .patch(`/api/v1/follow-ups/${onTheDay.id}`)
      .set(bearer(a.officer))
      .send({ version: 1, dueOn: '2023-01-01' })
      .expect(400);
  });

  it('moves follow-ups through their statuses; done needs a result; lists filter and find overdue ones', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const m = await newMeeting(a.officer);
    const item = await newItem(a.officer, m.id);
    const future = '2099-12-31';
    const overdue = await newFollowUp(a.officer, item.id, { title: '期限切れ', dueOn: '2023-07-31' });
    const current = await newFollowUp(a.officer, item.id, {
      title: '期限内',
      dueOn: future,
      ownerId: a.manager.id,
    });
    const url = (id: string) => `/api/v1/follow-ups/${id}`;

    const started = await t
      .http()
      .patch(url(overdue.id))
      .set(bearer(a.officer))
      .send({ version: 1, status: 'in_progress' })
      .expect(200);
    expect(started.body).toMatchObject({ status: 'in_progress', closedAt: null, version: 2 });

    const noResult = await t
      .http()
      .patch(url(overdue.id))
      .set(bearer(a.officer))
      .send({ version: 2, status: 'done' })
      .expect(400);
    expect(noResult.body.details).toEqual([{ field: 'result', message: expect.any(String) }]);
    await t
      .http()
      .patch(url(overdue.id))
      .set(bearer(a.officer))
      .send({ version: 2, status: 'done', result: '   ' })
      .expect(400);

    await t
      .http()
      .patch(url(overdue.id))
      .set(bearer(a.officer))
      .send({ version: 2, status: null, dueOn: null, title: null })
      .expect(400);
    const listOverdue = await t
      .http()
      .get('/api/v1/follow-ups?overdue=true')
      .set(bearer(a.officer))
      .expect(200);
    expect(listOverdue.body.items.map((f: { id: string }) => f.id)).toEqual([overdue.id]);
    expect(listOverdue.body.items[0].overdue).toBe(true);
    const byOwner = await t
      .http()
      .get(`/api/v1/follow-ups?ownerId=${a.manager.id}`)
      .set(bearer(a.officer))
      .expect(200);
    expect(byOwner.body.items.map((f: { id: string }) => f.id)).toEqual([current.id]);
    const byStatus = await t.http().get('/api/v1/follow-ups?status=open').set(bearer(a.officer)).expect(200);
    expect(byStatus.body.items.map((f: { id: string }) => f.id)).toEqual([current.id]);
    const byMeeting = await t
      .http()
      .get(`/api/v1/follow-ups?meetingId=${m.id}`)
      .set(bearer(a.hq))
      .expect(200);
    expect(byMeeting.body.total).toBe(2);
    const otherStation = await t.http().get('/api/v1/follow-ups').set(bearer(b.officer)).expect(200);
    expect(otherStation.body.total).toBe(0);
    await t.http().get('/api/v1/follow-ups?overdue=yes').set(bearer(a.officer)).expect(400);
    await t.http().get('/api/v1/follow-ups').set(bearer(a.admin)).expect(403);

    const done = await t
      .http()
      .patch(url(overdue.id))
      .set(bearer(a.manager))
      .send({ version: 2, status: 'done', result: '市内の高校2校で講演を実施した。' })
      .expect(200);
    expect(done.body).toMatchObject({
      status: 'done',
      result: '市内の高校2校で講演を実施した。',
      overdue: false,
    });
    expect(Date.parse(done.body.closedAt)).toBeGreaterThan(Date.now() - 60_000);
    // done → dropped is not a transition; reopening is.
    const illegal = await t
      .http()
      .patch(url(overdue.id))
      .set(bearer(a.manager))
      .send({ version: 3, status: 'dropped' })
      .expect(409);
    expect(illegal.body.currentStatus).toBe('done');
    await t.http().patch(url(overdue.id)).set(bearer(a.manager)).send({ version: 2, title: 'x' }).expect(409);
    const reopened = await t
      .http()
      .patch(url(overdue.id))
      .set(bearer(a.manager))
      .send({ version: 3, status: 'in_progress' })
      .expect(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', closedAt: null, version: 4 });

    const dropped = await t
      .http()
      .patch(url(current.id))
      .set(bearer(a.officer))
      .send({ version: 1, status: 'dropped', result: '他の施策で対応' })
      .expect(200);
    expect(dropped.body.closedAt).toEqual(expect.any(String));
    await t.http().patch(url(current.id)).set(bearer(b.officer)).send({ version: 2, title: 'x' }).expect(404);
    await t.http().patch(url(current.id)).set(bearer(a.hq)).send({ version: 2, title: 'x' }).expect(403);

    const events = await t.auditEvents({
      entityType: 'follow_up',
      entityId: overdue.id,
      action: 'follow_up.update',
    });
    expect(events.map((e: { changes: { status?: { after: string } } }) => e.changes.status?.after)).toEqual([
      'in_progress',
      'done',
      'in_progress',
    ]);
  });

  it('links visits and seminars of the same station as evidence, and unlinks them', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const m = await newMeeting(a.officer);
    const item = await newItem(a.officer, m.id);
    const fu = await newFollowUp(a.officer, item.id);
    const org = await createOrganization(t, a.station.id, '岩国精密工業株式会社');
    const visit = await createVisit(t, {
      stationId: a.station.id,
      organizationId: org.id,
      createdBy: a.officer.id,
      visitedOn: '2023-08-02',
    });
    const orgB = await createOrganization(t, b.station.id);
    const visitB = await createVisit(t, {
      stationId: b.station.id,
      organizationId: orgB.id,
      createdBy: b.officer.id,
      visitedOn: '2023-08-03',
    });
    const seminarB = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(b.officer))
      .send({ title: '柳井の講演', kind: 'school_lecture', heldOn: '2023-09-01' })
      .expect(201);
    const url = `/api/v1/follow-ups/${fu.id}/links`;

    const foreignVisit = await t
      .http()
      .post(url)
      .set(bearer(a.officer))
      .send({ visitId: visitB.id })
      .expect(400);
    expect(foreignVisit.body.details).toEqual([{ field: 'visitId', message: expect.any(String) }]);
    const foreignSeminar = await t
      .http()
      .post(url)
      .set(bearer(a.officer))
      .send({ seminarId: seminarB.body.id })
      .expect(400);
    expect(foreignSeminar.body.details[0].field).toBe('seminarId');
    await t.http().post(url).set(bearer(a.officer)).send({}).expect(400);
    await t
      .http()
      .post(url)
      .set(bearer(a.officer))
      .send({ visitId: visit.id, seminarId: seminarB.body.id })
      .expect(400);

    const link = await t.http().post(url).set(bearer(a.officer)).send({ visitId: visit.id }).expect(201);
    expect(link.body).toEqual({
      id: expect.any(String),
      followUpId: fu.id,
      visitId: visit.id,
      seminarId: null,
      date: '2023-08-02',
      organizationName: '岩国精密工業株式会社',
      seminarTitle: null,
    });
    await t.http().post(url).set(bearer(a.officer)).send({ visitId: visit.id }).expect(409);
    await t.http().post(url).set(bearer(b.officer)).send({ visitId: visitB.id }).expect(404);
    await t.http().post(url).set(bearer(a.hq)).send({ visitId: visit.id }).expect(403);

    const got = await t.http().get(`/api/v1/follow-ups/${fu.id}`).set(bearer(a.officer)).expect(200);
    expect(got.body.links).toEqual([
      expect.objectContaining({
        id: link.body.id,
        visitId: visit.id,
        date: '2023-08-02',
        organizationName: '岩国精密工業株式会社',
      }),
    ]);

    await t.http().delete(`${url}/${link.body.id}`).set(bearer(b.officer)).expect(404);
    await t.http().delete(`${url}/${link.body.id}`).set(bearer(a.manager)).expect(204);
    await t.http().delete(`${url}/${link.body.id}`).set(bearer(a.manager)).expect(404);
    const after = await t.http().get(`/api/v1/follow-ups/${fu.id}`).set(bearer(a.officer)).expect(200);
    expect(after.body.links).toEqual([]);
    const events = await t.auditEvents({ entityType: 'follow_up', entityId: fu.id });
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'follow_up.create',
      'follow_up.link_add',
      'follow_up.link_remove',
    ]);
  });

  it('follows a council request from meeting to follow-up to linked seminar to the report-back text', async () => {
    const { station, officer, manager, hq } = await t.createStationTeam();
    const other = await t.createStationTeam();
    // June 2023: members ask for school lectures; the station answers and makes a follow-up.
    const june = await newMeeting(officer);
    const request = await newItem(officer, june.id, {
      raisedBy: '委員',
      text: '高校生や中学生に対し、経済安全保障の周知に努めることも必要。学校での講演なども行ってはいかがか。',
      response: '教育委員会等と調整の上、学校での講演を検討してまいりたい。',
    });
    const pr = await newItem(officer, june.id, {
      kind: 'question',
      text: 'PR活動の現状について説明願う。',
      response: 'ホームページに掲載している。',
    });
    const followUp = await newFollowUp(officer, request.id, {
      title: '高校・中学校での講演の実施',
      ownerId: officer.id,
    });
    const prFollowUp = await newFollowUp(officer, pr.id, {
      title: '署ホームページ・広報紙での周知',
      dueOn: '2024-03-31',
    });

    // The school lecture, with the schools as free participants, linked as evidence.
    const org = await createOrganization(t, station.id, '岩国精密工業株式会社');
    const lecture = await t
      .http()
      .post('/api/v1/seminars')
      .set(bearer(officer))
      .send({
        title: '経済安全保障と技術流出防止（高校生向け講演）',
        kind: 'school_lecture',
        heldOn: '2023-11-10',
        venue: '岩国高等学校 体育館',
        topics: ['leak_cases'],
        participants: [
          { name: '山口県立岩国高等学校', attendeeCount: 120 },
          { name: '岩国市立岩国中学校', attendeeCount: 80 },
        ],
        councilItemIds: [request.id],
      })
      .expect(201);
    expect(lecture.body.councilItemIds).toEqual([request.id]);
    await t
      .http()
      .post(`/api/v1/follow-ups/${followUp.id}/links`)
      .set(bearer(officer))
      .send({ seminarId: lecture.body.id })
      .expect(201);
    const visit = await createVisit(t, {
      stationId: station.id,
      organizationId: org.id,
      createdBy: officer.id,
      visitedOn: '2023-10-02',
      topics: ['leak_cases', 'consultation_desk'],
      attendees: 2,
    });
    await t
      .http()
      .post(`/api/v1/follow-ups/${prFollowUp.id}/links`)
      .set(bearer(officer))
      .send({ visitId: visit.id })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/follow-ups/${followUp.id}`)
      .set(bearer(manager))
      .send({ version: 1, status: 'done', result: '令和5年11月、市内の高校・中学校で講演を実施した。' })
      .expect(200);

    // The next meeting reports back.
    const december = await newMeeting(officer, { heldOn: '2023-12-13', consultationTopic: null });
    const report = await t
      .http()
      .get(`/api/v1/meetings/${december.id}/report-back`)
      .set(bearer(manager))
      .expect(200);
    const juneTitle = `令和5年度第1回${station.name}協議会`;
    expect(report.body.heading).toBe(`令和5年度第2回${station.name}協議会 報告事項`);
    expect(report.body.previousMeetingOn).toBe('2023-06-21');
    expect(report.body.sections).toHaveLength(1);
    expect(report.body.sections[0].meeting).toMatchObject({
      id: june.id,
      title: juneTitle,
      heading: `${juneTitle}（令和5年6月21日）`,
    });
    const [reqItem, prItem] = report.body.sections[0].items;
    expect(reqItem).toMatchObject({ id: request.id, kind: 'request', kindLabel: '要望', raisedBy: '委員' });
    expect(reqItem.followUps[0]).toMatchObject({
      id: followUp.id,
      status: 'done',
      result: '令和5年11月、市内の高校・中学校で講演を実施した。',
    });
    expect(reqItem.followUps[0].evidence).toEqual([
      expect.objectContaining({
        type: 'seminar',
        seminarId: lecture.body.id,
        date: '2023-11-10',
        title: '経済安全保障と技術流出防止（高校生向け講演）',
        totalAttendees: 200,
        organizations: ['山口県立岩国高等学校', '岩国市立岩国中学校'],
      }),
    ]);
    expect(prItem.followUps[0].evidence).toEqual([
      expect.objectContaining({
        type: 'visit',
        date: '2023-10-02',
        organizationName: '岩国精密工業株式会社',
        attendeeCount: 2,
        topics: ['技術流出事案の紹介', '社内相談窓口の設置等'],
      }),
    ]);
    const text: string = report.body.text;
    expect(text).toContain(`令和5年度第2回${station.name}協議会 協議会意見等に対する措置結果`);
    expect(text).toContain(`【${juneTitle}（令和5年6月21日）】`);
    expect(text).toContain('1 要望（委員）\u3000措置済み');
    expect(text).toContain(
      '令和5年11月10日 学校での講演「経済安全保障と技術流出防止（高校生向け講演）」（参加者200名',
    );
    expect(text).toContain('措置結果：令和5年11月、市内の高校・中学校で講演を実施した。');
    expect(text).toContain('令和5年10月2日 個別訪問 岩国精密工業株式会社');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // Per-officer data stays out of the read-out text.
    expect(text).not.toContain(officer.username);

    // hq reads it; another station does not see it; the first meeting has nothing earlier to report.
    await t.http().get(`/api/v1/meetings/${december.id}/report-back`).set(bearer(hq)).expect(200);
    await t.http().get(`/api/v1/meetings/${december.id}/report-back`).set(bearer(other.officer)).expect(404);
    const first = await t
      .http()
      .get(`/api/v1/meetings/${june.id}/report-back`)
      .set(bearer(officer))
      .expect(200);
    expect(first.body.sections).toEqual([]);
    expect(first.body.text).toContain('報告すべき事項はありません');

    // A later meeting of the fiscal year reports every item of the year's earlier meetings again,
    // closed or not; the next fiscal year carries over only what is still open.
    await t.ds.query(`UPDATE follow_ups SET closed_at = '2023-12-01T10:00:00+09:00' WHERE id = $1`, [
      followUp.id,
    ]);
    const march = await newMeeting(officer, { heldOn: '2024-03-20' });
    const later = await t
      .http()
      .get(`/api/v1/meetings/${march.id}/report-back`)
      .set(bearer(officer))
      .expect(200);
    const followUpIds = later.body.sections.flatMap((s: { items: { followUps: { id: string }[] }[] }) =>
      s.items.flatMap((i) => i.followUps.map((f) => f.id)),
    );
    expect(followUpIds).toEqual([followUp.id, prFollowUp.id]);
    const nextYear = await newMeeting(officer, { heldOn: '2024-06-19' });
    const carried = await t
      .http()
      .get(`/api/v1/meetings/${nextYear.id}/report-back`)
      .set(bearer(officer))
      .expect(200);
    expect(carried.body.fiscalYear).toBe(2024);
    expect(carried.body.sections.map((s: { meeting: { id: string } }) => s.meeting.id)).toEqual([june.id]);
    expect(carried.body.sections[0].items.map((i: { id: string }) => i.id)).toEqual([pr.id]);
  });
});
