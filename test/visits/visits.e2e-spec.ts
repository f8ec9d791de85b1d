import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createContact, createCouncilItem, createOrganization, visitBody } from './factories';

describe('visits (e2e)', () => {
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
    t.http().post(`/api/v1/visits${path}`).set(bearer(user)).send(body);

  it('runs the whole workflow: draft → submitted → returned → submitted → approved → reopened', async () => {
    const { station, officer, manager, hq, admin, organization } = await team();
    const contact = await createContact(t, organization, station.id);
    const councilItem = await createCouncilItem(t, station.id);

    const created = await post(
      officer,
      '',
      visitBody(organization.id, [officer.id], {
        attendees: [
          { contactId: contact.id },
          { name: '技術部 高橋', role: 'employee', createContact: true },
          { name: '研究員 伊藤', role: 'researcher' },
        ],
        followUps: [{ title: '相談窓口設置状況の確認', dueOn: '2025-09-30', ownerId: officer.id }],
        councilItemIds: [councilItem.id],
      }),
    ).expect(201);
    const visit = created.body;
    expect(visit).toMatchObject({
      stationId: station.id,
      organizationId: organization.id,
      organizationName: organization.name,
      visitedAt: '2025-06-21T10:00:00+09:00',
      visitedOn: '2025-06-21',
      format: 'on_site',
      officerIds: [officer.id],
      status: 'draft',
      topics: ['leak_cases', 'cyber_trends'],
      councilItemIds: [councilItem.id],
      createdBy: officer.id,
      version: 1,
    });
    expect(visit.attendees).toEqual([
      { id: expect.any(String), contactId: contact.id, name: contact.name, role: 'manager' },
      { id: expect.any(String), contactId: expect.any(String), name: '技術部 高橋', role: 'employee' },
      { id: expect.any(String), contactId: null, name: '研究員 伊藤', role: 'researcher' },
    ]);
    expect(visit.followUps).toEqual([
      {
        id: expect.any(String),
        title: '相談窓口設置状況の確認',
        dueOn: '2025-09-30',
        ownerId: officer.id,
        status: 'open',
        result: null,
        closedAt: null,
        version: 1,
      },
    ]);
    // The new attendee became a contact of the organization, audited in the same transaction.
    const [newContact] = await t.ds.query(`SELECT organization_id, name, role FROM contacts WHERE id = $1`, [
      visit.attendees[1].contactId,
    ]);
    expect(newContact).toEqual({ organization_id: organization.id, name: '技術部 高橋', role: 'employee' });
    expect(
      await t.auditEvents({ entityType: 'contact', entityId: visit.attendees[1].contactId }),
    ).toHaveLength(1);

    // Only managers approve or return; hq reads only; admins have no access to visits.
    await post(officer, `/${visit.id}/approve`).expect(403);
    await post(hq, `/${visit.id}/submit`).expect(403);
    await t.http().get(`/api/v1/visits/${visit.id}`).set(bearer(admin)).expect(403);
    await t.http().get('/api/v1/visits').set(bearer(admin)).expect(403);

    const submitted = await post(officer, `/${visit.id}/submit`, { version: 1 }).expect(200);
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      version: 2,
      submittedAt: expect.any(String),
    });

    const returned = await post(manager, `/${visit.id}/return`, {
      reason: '応対者の役職を追記してください',
    }).expect(200);
    expect(returned.body).toMatchObject({
      status: 'returned',
      returnReason: '応対者の役職を追記してください',
    });

    const patched = await t
      .http()
      .patch(`/api/v1/visits/${visit.id}`)
      .set(bearer(officer))
      .send({ version: returned.body.version, summary: '役職を追記した。', topics: ['consultation_desk'] })
      .expect(200);
    expect(patched.body).toMatchObject({
      status: 'returned',
      summary: '役職を追記した。',
      topics: ['consultation_desk'],
    });
    expect(patched.body.attendees).toHaveLength(3);

    // Submit and approve also work without a body at all (the web client sends none).
    await t.http().post(`/api/v1/visits/${visit.id}/submit`).set(bearer(officer)).expect(200);
    const approved = await t
      .http()
      .post(`/api/v1/visits/${visit.id}/approve`)
      .set(bearer(manager))
      .expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      approvedBy: manager.id,
      approvedAt: expect.any(String),
    });

    // Approved is locked.
    const locked = await t
      .http()
      .patch(`/api/v1/visits/${visit.id}`)
      .set(bearer(officer))
      .send({ version: approved.body.version, summary: 'x' })
      .expect(409);
    expect(locked.body).toMatchObject({ currentStatus: 'approved', code: 'visit.locked' });

    // hq sees it; reopening needs a manager and a reason.
    await t.http().get(`/api/v1/visits/${visit.id}`).set(bearer(hq)).expect(200);
    await post(officer, `/${visit.id}/reopen`, { reason: '訂正' }).expect(403);
    const noReason = await post(manager, `/${visit.id}/reopen`, {}).expect(400);
    expect(noReason.body.details).toEqual([{ field: 'reason', message: expect.any(String) }]);
    const reopened = await post(manager, `/${visit.id}/reopen`, { reason: '訪問日時の訂正' }).expect(200);
    expect(reopened.body).toMatchObject({
      status: 'draft',
      approvedAt: null,
      approvedBy: null,
      returnReason: '訪問日時の訂正',
    });
    // A reopened visit was submitted before: the manager still sees it, the officers edit it.
    await t.http().get(`/api/v1/visits/${visit.id}`).set(bearer(manager)).expect(200);
    await t
      .http()
      .patch(`/api/v1/visits/${visit.id}`)
      .set(bearer(officer))
      .send({ version: reopened.body.version, visitedAt: '2025-06-20T15:00:00+09:00' })
      .expect(200);

    const events = await t.auditEvents({ entityType: 'visit', entityId: visit.id });
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'visit.create',
      'visit.submit',
      'visit.return',
      'visit.update',
      'visit.submit',
      'visit.approve',
      'visit.reopen',
      'visit.update',
    ]);
    const returnEvent = events.find((e: { action: string }) => e.action === 'visit.return');
    expect(returnEvent.actor_id).toBe(manager.id);
    expect(returnEvent.changes).toEqual({
      status: { before: 'submitted', after: 'returned' },
      reason: '応対者の役職を追記してください',
    });
    const reopenEvent = events.find((e: { action: string }) => e.action === 'visit.reopen');
    expect(reopenEvent.changes.reason).toBe('訪問日時の訂正');
  });

  it('answers 409 with the current status for illegal transitions', async () => {
    const { officer, manager, organization } = await team();
    const { body: visit } = await post(officer, '', visitBody(organization.id, [officer.id])).expect(201);
    await post(officer, `/${visit.id}/submit`).expect(200);
    await post(manager, `/${visit.id}/return`, { reason: '追記を' }).expect(200);
    const approveReturned = await post(manager, `/${visit.id}/approve`).expect(409);
    expect(approveReturned.body).toMatchObject({
      statusCode: 409,
      code: 'visit.illegal_transition',
      currentStatus: 'returned',
    });
    await post(manager, `/${visit.id}/reopen`, { reason: 'x' }).expect(409);
    await post(officer, `/${visit.id}/submit`).expect(200);
    const again = await post(officer, `/${visit.id}/submit`).expect(409);
    expect(again.body.currentStatus).toBe('submitted');
    // A stale version on a legal transition is a 409 too, without currentStatus mismatch.
    const stale = await post(manager, `/${visit.id}/approve`, { version: 2 }).expect(409);
    expect(stale.body.code).toBe('visit.stale_version');
    await post(manager, `/${visit.id}/return`, { reason: '   ' }).expect(400);
    await post(manager, `/${visit.id}/approve`, { unknown: 1 }).expect(400);
    await post(manager, `/${visit.id}/approve`).expect(200);
    const returnApproved = await post(manager, `/${visit.id}/return`, { reason: '再確認' }).expect(409);
    expect(returnApproved.body.currentStatus).toBe('approved');
    expect(await t.auditEvents({ entityId: visit.id, action: 'visit.approve' })).toHaveLength(1);
  });

  it('lets exactly one of two managers approving at once succeed', async () => {
    const { station, officer, manager, organization } = await team();
    const manager2 = await t.createUser('manager', station.id);
    for (let i = 0; i < 3; i++) {
      const { body: visit } = await post(officer, '', visitBody(organization.id, [officer.id])).expect(201);
      await post(officer, `/${visit.id}/submit`).expect(200);
      const results = await Promise.all([
        post(manager, `/${visit.id}/approve`),
        post(manager2, `/${visit.id}/approve`),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.currentStatus).toBe('approved');
      expect(await t.auditEvents({ entityId: visit.id, action: 'visit.approve' })).toHaveLength(1);
    }
  });

  it('hides another station’s visits (404) and keeps drafts private to their officers', async () => {
    const { station, officer, manager, hq, organization } = await team();
    const other = await team();
    const colleague = await t.createUser('officer', station.id);
    const partner = await t.createUser('officer', station.id);
    const { body: draft } = await post(
      officer,
      '',
      visitBody(organization.id, [officer.id, partner.id]),
    ).expect(201);

    for (const user of [other.officer, other.manager]) {
      await t.http().get(`/api/v1/visits/${draft.id}`).set(bearer(user)).expect(404);
      await t
        .http()
        .patch(`/api/v1/visits/${draft.id}`)
        .set(bearer(user))
        .send({ version: 1, summary: 'x' })
        .expect(404);
    }
    await post(other.officer, `/${draft.id}/submit`).expect(404);

    // Draft: the creator and the listed officers only.
    await t.http().get(`/api/v1/visits/${draft.id}`).set(bearer(partner)).expect(200);
    for (const user of [colleague, manager, hq])
      await t.http().get(`/api/v1/visits/${draft.id}`).set(bearer(user)).expect(404);
    const colleagueList = await t.http().get('/api/v1/visits').set(bearer(colleague)).expect(200);
    expect(colleagueList.body.items.map((v: { id: string }) => v.id)).not.toContain(draft.id);
    await post(colleague, `/${draft.id}/submit`).expect(404);

    // A listed officer may submit; afterwards the station (and hq) see it, another station does not.
    await post(partner, `/${draft.id}/submit`).expect(200);
    for (const user of [colleague, manager, hq])
      await t.http().get(`/api/v1/visits/${draft.id}`).set(bearer(user)).expect(200);
    await post(other.manager, `/${draft.id}/approve`).expect(404);
    const otherList = await t.http().get('/api/v1/visits').set(bearer(other.manager)).expect(200);
    expect(otherList.body.items.map((v: { id: string }) => v.id)).not.toContain(draft.id);
    // A colleague who is not on the visit cannot edit it.
    await post(manager, `/${draft.id}/return`, { reason: '追記を' }).expect(200);
    await t
      .http()
      .patch(`/api/v1/visits/${draft.id}`)
      .set(bearer(colleague))
      .send({ version: 3, summary: 'x' })
      .expect(403);
  });

  it('rejects bad input with 400 and field details', async () => {
    const { station, officer, organization } = await team();
    const other = await team();
    const otherContact = await createContact(t, other.organization, other.station.id);
    const otherCouncilItem = await createCouncilItem(t, other.station.id);
    const hq = await t.createUser('hq', null);
    const base = visitBody(organization.id, [officer.id]);
    const cases: [Record<string, unknown>, string][] = [
      [{ topics: ['leak_cases', 'no_such_topic'] }, 'topics'],
      [{ visitedAt: '2099-01-01T10:00:00+09:00' }, 'visitedAt'],
      [{ visitedAt: '2025-06-21 10:00' }, 'visitedAt'],
      [{ visitedAt: '2025-02-30T10:00:00+09:00' }, 'visitedAt'],
      [{ officerIds: [other.officer.id] }, 'officerIds'],
      [{ officerIds: [hq.id] }, 'officerIds'],
      [{ officerIds: [] }, 'officerIds'],
      [{ officerIds: ['not-a-uuid'] }, 'officerIds'],
      [{ attendees: [{ contactId: otherContact.id }] }, 'attendees[0].contactId'],
      [{ attendees: [{ role: 'manager' }] }, 'attendees[0].name'],
      [{ attendees: [{ name: '山田', role: 'boss' }] }, 'attendees[0].role'],
      [{ councilItemIds: [otherCouncilItem.id] }, 'councilItemIds'],
      [{ organizationId: other.organization.id }, 'organizationId'],
      [{ format: 'letter' }, 'format'],
      [{ followUps: [{ title: '確認', dueOn: '2025-13-01' }] }, 'followUps[0].dueOn'],
      [{ followUps: [{ title: '確認', ownerId: other.officer.id }] }, 'followUps[0].ownerId'],
      [{ color: 'red' }, 'color'],
    ];
    for (const [override, field] of cases) {
      const res = await post(officer, '', { ...base, ...override });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const missing = await post(officer, '', {}).expect(400);
    expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['organizationId', 'visitedAt', 'format', 'officerIds']),
    );
    // Nothing was written by the failed requests.
    const [{ count }] = await t.ds.query(`SELECT count(*)::int AS count FROM visits WHERE station_id = $1`, [
      station.id,
    ]);
    expect(count).toBe(0);
  });

  it('files a visit at 00:30 JST on 1 April under 1 April', async () => {
    const { officer, organization } = await team();
    const res = await post(
      officer,
      '',
      visitBody(organization.id, [officer.id], { visitedAt: '2025-03-31T15:30:00Z' }),
    ).expect(201);
    expect(res.body).toMatchObject({ visitedAt: '2025-04-01T00:30:00+09:00', visitedOn: '2025-04-01' });
    const march = await t
      .http()
      .get('/api/v1/visits?from=2025-03-01&to=2025-03-31')
      .set(bearer(officer))
      .expect(200);
    expect(march.body.total).toBe(0);
    const april = await t
      .http()
      .get('/api/v1/visits?from=2025-04-01&to=2025-04-01')
      .set(bearer(officer))
      .expect(200);
    expect(april.body.items.map((v: { id: string }) => v.id)).toEqual([res.body.id]);
  });

  it('replaces attendees, follow-ups and council items on PATCH, keeping follow-up ids; stale version → 409', async () => {
    const { station, officer, organization } = await team();
    const item1 = await createCouncilItem(t, station.id);
    const item2 = await createCouncilItem(t, station.id);
    const { body: v } = await post(
      officer,
      '',
      visitBody(organization.id, [officer.id], {
        councilItemIds: [item1.id],
        followUps: [{ title: 'A' }, { title: 'B' }],
      }),
    ).expect(201);
    const keep = v.followUps.find((f: { title: string }) => f.title === 'A');
    const res = await t
      .http()
      .patch(`/api/v1/visits/${v.id}`)
      .set(bearer(officer))
      .send({
        version: 1,
        attendees: [],
        councilItemIds: [item2.id],
        followUps: [{ id: keep.id, title: 'A（更新）', status: 'done' }, { title: 'C' }],
      })
      .expect(200);
    expect(res.body.attendees).toEqual([]);
    expect(res.body.councilItemIds).toEqual([item2.id]);
    expect(res.body.followUps).toHaveLength(2);
    expect(res.body.followUps).toEqual(
      expect.arrayContaining([
        {
          id: keep.id,
          title: 'A（更新）',
          dueOn: null,
          ownerId: null,
          status: 'done',
          result: null,
          closedAt: expect.any(String),
          version: 2,
        },
        expect.objectContaining({ title: 'C', status: 'open' }),
      ]),
    );
    expect(res.body.version).toBe(2);
    const stale = await t
      .http()
      .patch(`/api/v1/visits/${v.id}`)
      .set(bearer(officer))
      .send({ version: 1, summary: 'stale' })
      .expect(409);
    expect(stale.body.code).toBe('visit.stale_version');
    const unknownFollowUp = await t
      .http()
      .patch(`/api/v1/visits/${v.id}`)
      .set(bearer(officer))
      .send({ version: 2, followUps: [{ id: item1.id, title: 'x' }] })
      .expect(400);
    expect(unknownFollowUp.body.details[0].field).toBe('followUps[0].id');
    const [update] = await t.auditEvents({ entityId: v.id, action: 'visit.update' });
    expect(Object.keys(update.changes).sort()).toEqual(['attendees', 'councilItemIds', 'followUps']);
  });

  it('filters lists: period, organization, officer, status, topic, mine, awaiting my approval, my follow-ups', async () => {
    const { station, officer, manager, organization } = await team();
    const officer2 = await t.createUser('officer', station.id);
    const org2 = await createOrganization(t, station.id);
    const a = (
      await post(
        officer,
        '',
        visitBody(organization.id, [officer.id], {
          visitedAt: '2025-05-10T10:00:00+09:00',
          topics: ['export_control'],
          followUps: [{ title: '輸出管理の資料送付', ownerId: officer.id, dueOn: '2025-05-31' }],
        }),
      ).expect(201)
    ).body;
    const b = (
      await post(
        officer2,
        '',
        visitBody(org2.id, [officer2.id], {
          visitedAt: '2025-07-10T10:00:00+09:00',
          followUps: [{ title: '他人のタスク', ownerId: officer2.id }],
        }),
      ).expect(201)
    ).body;
    await post(officer, `/${a.id}/submit`).expect(200);
    await post(officer2, `/${b.id}/submit`).expect(200);
    await post(manager, `/${b.id}/approve`).expect(200);

    const ids = async (user: TestUser, query: string) => {
      const res = await t.http().get(`/api/v1/visits?${query}`).set(bearer(user)).expect(200);
      return res.body.items.map((v: { id: string }) => v.id);
    };
    expect(await ids(manager, '')).toEqual([b.id, a.id]);
    expect(await ids(manager, 'sort=visitedAt')).toEqual([a.id, b.id]);
    expect(await ids(manager, 'from=2025-06-01')).toEqual([b.id]);
    expect(await ids(manager, 'to=2025-06-01')).toEqual([a.id]);
    expect(await ids(manager, `organizationId=${org2.id}`)).toEqual([b.id]);
    expect(await ids(manager, `officerId=${officer.id}`)).toEqual([a.id]);
    expect(await ids(manager, 'status=approved')).toEqual([b.id]);
    expect(await ids(manager, 'topic=export_control')).toEqual([a.id]);
    expect(await ids(officer2, 'mine=true')).toEqual([b.id]);
    expect(await ids(manager, 'awaitingMyApproval=true')).toEqual([a.id]);
    expect(await ids(officer, 'awaitingMyApproval=true')).toEqual([]);
    await t.http().get('/api/v1/visits?status=done').set(bearer(manager)).expect(400);
    await t.http().get('/api/v1/visits?from=2025-1-1').set(bearer(manager)).expect(400);
    const badDate = await t.http().get('/api/v1/visits?from=2025-02-30').set(bearer(manager)).expect(400);
    expect(badDate.body.details).toEqual([{ field: 'from', message: expect.any(String) }]);
    await t.http().get('/api/v1/visits?sort=-password').set(bearer(manager)).expect(400);

    const mine = await t
      .http()
      .get('/api/v1/visits/follow-ups?mine=true&status=open')
      .set(bearer(officer))
      .expect(200);
    expect(mine.body).toMatchObject({ total: 1, page: 1 });
    expect(mine.body.items[0]).toMatchObject({
      visitId: a.id,
      title: '輸出管理の資料送付',
      ownerId: officer.id,
      status: 'open',
      organizationName: organization.name,
      visitedOn: '2025-05-10',
    });
  });
});
