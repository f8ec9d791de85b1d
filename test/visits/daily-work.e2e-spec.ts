import { addDays, todayJst } from '../../libs/japanese/jst';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrganization, visitBody } from './factories';

/** A time in Japan on the day `days` from today. */
const jstAt = (days: number, time = '10:00') => `${addDays(todayJst(), days)}T${time}:00+09:00`;

/**
 * Daily work (issue 13): planned visits (future allowed, never reach, cancel, record), follow-ups
 * closed on their own whatever the visit's status, bulk approval.
 */
describe('visits: daily work (e2e)', () => {
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
  const get = (user: TestUser, path: string) => t.http().get(`/api/v1/visits${path}`).set(bearer(user));
  const plan = (user: TestUser, organizationId: string, overrides: Record<string, unknown> = {}) =>
    post(user, '', {
      status: 'planned',
      organizationId,
      visitedAt: jstAt(7, '14:30'),
      officerIds: [user.id],
      topics: ['leak_cases'],
      purpose: '経済安全保障に関する情報提供',
      ...overrides,
    });

  /** Approves a recorded visit through the workflow; answers the approved visit. */
  async function approvedVisit(officer: TestUser, manager: TestUser, organizationId: string, extra = {}) {
    const created = await post(officer, '', visitBody(organizationId, [officer.id], extra)).expect(201);
    await post(officer, `/${created.body.id}/submit`, { version: 1 }).expect(200);
    return (await post(manager, `/${created.body.id}/approve`, { version: 2 }).expect(200)).body;
  }

  describe('planned visits', () => {
    it('may lie in the future; drafts may not; planned visits carry what was planned', async () => {
      const { station, officer, organization } = await team();
      const res = await plan(officer, organization.id).expect(201);
      expect(res.body).toMatchObject({
        status: 'planned',
        stationId: station.id,
        organizationId: organization.id,
        visitedAt: jstAt(7, '14:30'),
        visitedOn: addDays(todayJst(), 7),
        format: 'on_site',
        officerIds: [officer.id],
        topics: ['leak_cases'],
        purpose: '経済安全保障に関する情報提供',
        submittedAt: null,
        cancelledAt: null,
        version: 1,
      });
      const [event] = await t.auditEvents({
        entityType: 'visit',
        entityId: res.body.id,
        action: 'visit.create',
      });
      expect(event.changes.status).toEqual({ before: null, after: 'planned' });

      // the future-date rule stays for drafts
      const draft = await post(
        officer,
        '',
        visitBody(organization.id, [officer.id], { visitedAt: jstAt(1) }),
      ).expect(400);
      expect(draft.body.code).toBe('visit.invalid');
      expect(draft.body.details).toEqual([{ field: 'visitedAt', message: expect.stringContaining('未来') }]);
      await post(
        officer,
        '',
        visitBody(organization.id, [officer.id], { visitedAt: jstAt(1), status: 'draft' }),
      ).expect(400);

      // officers default to the creator; no follow-ups on a plan; not more than two years ahead
      const noOfficers = await plan(officer, organization.id, { officerIds: undefined }).expect(201);
      expect(noOfficers.body.officerIds).toEqual([officer.id]);
      const withFollowUps = await plan(officer, organization.id, {
        followUps: [{ title: '資料送付' }],
      }).expect(400);
      expect(withFollowUps.body.code).toBe('visit.invalid');
      expect((await plan(officer, organization.id, { visitedAt: jstAt(800) }).expect(400)).body.code).toBe(
        'visit.invalid',
      );
      for (const status of ['submitted', 'approved', 'cancelled', null, 1])
        expect((await plan(officer, organization.id, { status }).expect(400)).body.code).toBe(
          'validation_failed',
        );
      await plan(officer, organization.id, { format: null }).expect(400);
      await plan(officer, organization.id, { purpose: 'x'.repeat(2001) }).expect(400);
    });

    it('is listed and filtered as 予定 by its station, not by hq; it cannot be submitted or approved', async () => {
      const { officer, manager, hq, organization } = await team();
      const other = await team();
      const planned = (await plan(officer, organization.id).expect(201)).body;
      await post(officer, '', visitBody(organization.id, [officer.id])).expect(201);

      const list = await get(manager, '?status=planned').expect(200);
      expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([planned.id]);
      await get(manager, `/${planned.id}`).expect(200);
      await get(hq, `/${planned.id}`).expect(404);
      expect((await get(hq, '?status=planned').expect(200)).body.total).toBe(0);
      await get(other.manager, `/${planned.id}`).expect(404);
      await get(officer, '?status=bogus').expect(400);

      const submit = await post(officer, `/${planned.id}/submit`, { version: 1 }).expect(409);
      expect(submit.body).toMatchObject({ code: 'visit.illegal_transition', currentStatus: 'planned' });
      expect((await post(manager, `/${planned.id}/approve`, { version: 1 }).expect(409)).body.code).toBe(
        'visit.illegal_transition',
      );
    });

    it('never counts as reach (coverage, last reach) until recorded and approved', async () => {
      const { officer, manager, organization } = await team();
      const planned = (await plan(officer, organization.id, { visitedAt: jstAt(0, '00:05') }).expect(201))
        .body;
      const reach = async () => ({
        events: await t.ds.query(`SELECT * FROM organization_reach_events WHERE organization_id = $1`, [
          organization.id,
        ]),
        last: await t.ds.query(`SELECT * FROM organization_last_reach WHERE organization_id = $1`, [
          organization.id,
        ]),
        api: (await t.http().get(`/api/v1/organizations/${organization.id}`).set(bearer(manager)).expect(200))
          .body.lastReachedOn,
      });
      expect(await reach()).toEqual({ events: [], last: [], api: null });

      // a planned visit edited (rescheduled) and cancelled stays no reach
      const moved = await t
        .http()
        .patch(`/api/v1/visits/${planned.id}`)
        .set(bearer(officer))
        .send({ version: 1, visitedAt: jstAt(3) })
        .expect(200);
      expect(moved.body).toMatchObject({ status: 'planned', visitedOn: addDays(todayJst(), 3), version: 2 });
      expect(await reach()).toEqual({ events: [], last: [], api: null });

      const another = (await plan(officer, organization.id, { visitedAt: jstAt(-2) }).expect(201)).body;
      const recorded = await post(officer, `/${another.id}/record`, { version: 1 }).expect(200);
      expect(recorded.body.status).toBe('draft');
      expect(await reach()).toEqual({ events: [], last: [], api: null });
      await post(officer, `/${another.id}/submit`, { version: 2 }).expect(200);
      expect(await reach()).toEqual({ events: [], last: [], api: null });
      await post(manager, `/${another.id}/approve`, { version: 3 }).expect(200);
      expect((await reach()).api).toBe(addDays(todayJst(), -2));
    });

    it('cancels with a reason (planned only, audited); records into a draft with what was planned', async () => {
      const { officer, manager, organization } = await team();
      const colleague = await t.createUser('officer', officer.stationId);
      const a = (await plan(officer, organization.id).expect(201)).body;

      // reason required; stale version; another station → 404; hq and admin refused by role
      expect((await post(officer, `/${a.id}/cancel`, { version: 1 }).expect(400)).body.code).toBe(
        'validation_failed',
      );
      await post(officer, `/${a.id}/cancel`, { version: 1, reason: '   ' }).expect(400);
      expect(
        (await post(officer, `/${a.id}/cancel`, { version: 9, reason: '先方都合' }).expect(409)).body.code,
      ).toBe('visit.stale_version');
      const other = await team();
      expect(
        (await post(other.manager, `/${a.id}/cancel`, { reason: '先方都合' }).expect(404)).body.code,
      ).toBe('visit.not_found');
      await post(other.hq, `/${a.id}/cancel`, { reason: '先方都合' }).expect(403);
      await post(other.admin, `/${a.id}/record`, {}).expect(403);
      // a colleague who is not one of its officers may not cancel it; the station's manager may
      expect((await post(colleague, `/${a.id}/cancel`, { reason: '先方都合' }).expect(403)).body.code).toBe(
        'visit.not_an_officer',
      );
      const cancelled = await post(manager, `/${a.id}/cancel`, {
        version: 1,
        reason: '先方都合により延期',
      }).expect(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelReason: '先方都合により延期',
        cancelledAt: expect.any(String),
        version: 2,
      });
      const [audit] = await t.auditEvents({ entityId: a.id, action: 'visit.cancel' });
      expect(audit.changes).toEqual({
        status: { before: 'planned', after: 'cancelled' },
        reason: '先方都合により延期',
      });
      // final: no second cancel, no record, no edit
      expect((await post(officer, `/${a.id}/cancel`, { reason: 'x' }).expect(409)).body.code).toBe(
        'visit.illegal_transition',
      );
      await post(officer, `/${a.id}/record`, {}).expect(409);
      expect(
        (
          await t
            .http()
            .patch(`/api/v1/visits/${a.id}`)
            .set(bearer(officer))
            .send({ version: 2, summary: 'x' })
            .expect(409)
        ).body.code,
      ).toBe('visit.locked');

      // record: a future planned day needs the real time, which may not be in the future either
      const b = (
        await plan(officer, organization.id, {
          officerIds: [officer.id, colleague.id],
          format: 'online',
          materials: ['パンフレット'],
          jointWith: '本部',
        }).expect(201)
      ).body;
      const early = await post(officer, `/${b.id}/record`, { version: 1 }).expect(400);
      expect(early.body).toMatchObject({ code: 'visit.invalid', details: [{ field: 'visitedAt' }] });
      await post(officer, `/${b.id}/record`, { version: 1, visitedAt: jstAt(1) }).expect(400);
      await post(officer, `/${b.id}/record`, { version: 1, visitedAt: 'tomorrow' }).expect(400);
      expect(
        (await post(manager, `/${b.id}/record`, { version: 1, visitedAt: jstAt(0, '00:00') }).expect(403))
          .body.code,
      ).toBe('visit.not_an_officer');
      const rec = await post(colleague, `/${b.id}/record`, {
        version: 1,
        visitedAt: jstAt(-1, '09:15'),
      }).expect(200);
      expect(rec.body).toMatchObject({
        status: 'draft',
        visitedAt: jstAt(-1, '09:15'),
        visitedOn: addDays(todayJst(), -1),
        format: 'online',
        officerIds: expect.arrayContaining([officer.id, colleague.id]),
        topics: ['leak_cases'],
        materials: ['パンフレット'],
        jointWith: '本部',
        purpose: '経済安全保障に関する情報提供',
        createdBy: officer.id,
        version: 2,
      });
      const [recAudit] = await t.auditEvents({ entityId: b.id, action: 'visit.record' });
      expect(recAudit.changes).toEqual({
        status: { before: 'planned', after: 'draft' },
        visitedAt: { before: jstAt(7, '14:30'), after: jstAt(-1, '09:15') },
      });
      // now a draft like any other: follow-ups allowed, the future rule applies, submitted as usual
      await t
        .http()
        .patch(`/api/v1/visits/${b.id}`)
        .set(bearer(officer))
        .send({ version: 2, visitedAt: jstAt(2) })
        .expect(400);
      await t
        .http()
        .patch(`/api/v1/visits/${b.id}`)
        .set(bearer(officer))
        .send({ version: 2, summary: '情報提供した', followUps: [{ title: '資料送付' }] })
        .expect(200);
      expect((await post(officer, `/${b.id}/submit`, { version: 3 }).expect(200)).body.status).toBe(
        'submitted',
      );
      await post(officer, `/${b.id}/record`, {}).expect(409);
    });
  });

  describe('follow-ups closed on their own', () => {
    it('closes a follow-up of an approved visit with a result, without touching the visit', async () => {
      const { officer, manager, hq, organization } = await team();
      const visit = await approvedVisit(officer, manager, organization.id, {
        followUps: [{ title: '相談窓口設置状況の確認', dueOn: '2025-09-30', ownerId: officer.id }],
      });
      const [f] = visit.followUps;
      expect(f).toMatchObject({ status: 'open', result: null, closedAt: null, version: 1 });
      const before = await t.ds.query(`SELECT version, updated_at FROM visits WHERE id = $1`, [visit.id]);

      const patch = (user: TestUser, body: object, id = f.id) =>
        t.http().patch(`/api/v1/visits/follow-ups/${id}`).set(bearer(user)).send(body);
      const done = await patch(officer, {
        version: 1,
        status: 'done',
        result: '窓口を設置済みと確認',
      }).expect(200);
      expect(done.body).toMatchObject({
        id: f.id,
        status: 'done',
        result: '窓口を設置済みと確認',
        closedAt: expect.any(String),
        version: 2,
      });
      expect(await t.ds.query(`SELECT version, updated_at FROM visits WHERE id = $1`, [visit.id])).toEqual(
        before,
      );
      const after = (await get(manager, `/${visit.id}`).expect(200)).body;
      expect(after).toMatchObject({ status: 'approved', version: visit.version });
      expect(after.followUps[0]).toMatchObject({ status: 'done', result: '窓口を設置済みと確認' });
      const [audit] = await t.auditEvents({ entityType: 'visit_follow_up', entityId: f.id });
      expect(audit).toMatchObject({ action: 'visit_follow_up.update' });
      expect(audit.changes).toEqual({
        status: { before: 'open', after: 'done' },
        result: { before: null, after: '窓口を設置済みと確認' },
        visitId: visit.id,
      });

      // stale version → 409, nothing changed; result omitted keeps it; reopening clears closedAt
      expect((await patch(officer, { version: 1, status: 'open' }).expect(409)).body.code).toBe(
        'visit_follow_up.stale_version',
      );
      const reopened = await patch(manager, { version: 2, status: 'in_progress' }).expect(200);
      expect(reopened.body).toMatchObject({
        status: 'in_progress',
        result: '窓口を設置済みと確認',
        closedAt: null,
      });
      // bad input: 400
      for (const body of [
        { status: 'done' },
        { version: 3 },
        { version: 3, status: 'closed' },
        { version: 'x', status: 'done' },
        { version: 3, status: 'done', result: 5 },
        { version: 3, status: 'done', result: 'x'.repeat(2001) },
      ])
        await patch(officer, body).expect(400);
      await t.http().patch('/api/v1/visits/follow-ups/not-a-uuid').set(bearer(officer)).send({}).expect(400);

      // another station → 404; hq and admin by role → 403; a colleague not involved → 403; unknown → 404
      const other = await team();
      expect((await patch(other.manager, { version: 3, status: 'done' }).expect(404)).body.code).toBe(
        'visit_follow_up.not_found',
      );
      await patch(hq, { version: 3, status: 'done' }).expect(403);
      await patch(other.admin, { version: 3, status: 'done' }).expect(403);
      const colleague = await t.createUser('officer', officer.stationId);
      expect((await patch(colleague, { version: 3, status: 'done' }).expect(403)).body.code).toBe(
        'visit.not_an_officer',
      );
      await patch(officer, { version: 3, status: 'done' }, '00000000-0000-4000-8000-000000000000').expect(
        404,
      );

      // the visit's approved state is kept; reopen + edit keeps the follow-up's result and id
      const reopenedVisit = await post(manager, `/${visit.id}/reopen`, { reason: '追記' }).expect(200);
      const edited = await t
        .http()
        .patch(`/api/v1/visits/${visit.id}`)
        .set(bearer(officer))
        .send({
          version: reopenedVisit.body.version,
          followUps: [{ id: f.id, title: '相談窓口設置状況の確認（再）', status: 'done' }, { title: '新規' }],
        })
        .expect(200);
      expect(edited.body.followUps).toEqual([
        expect.objectContaining({ id: f.id, status: 'done', result: '窓口を設置済みと確認', version: 4 }),
        expect.objectContaining({ title: '新規', status: 'open', result: null, version: 1 }),
      ]);
    });

    it('closes a follow-up of a submitted visit without changing it (the workflow goes on)', async () => {
      const { officer, manager, organization } = await team();
      const created = await post(officer, '', visitBody(organization.id, [officer.id])).expect(201);
      await post(officer, `/${created.body.id}/submit`, { version: 1 }).expect(200);
      const [f] = created.body.followUps;
      await t
        .http()
        .patch(`/api/v1/visits/follow-ups/${f.id}`)
        .set(bearer(manager))
        .send({ version: 1, status: 'dropped', result: null })
        .expect(200);
      // the visit's version is unchanged: the manager still approves with the version they saw
      await post(manager, `/${created.body.id}/approve`, { version: 2 }).expect(200);
      const list = await get(officer, '/follow-ups?status=dropped').expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: f.id, result: null, version: 2 })]);
    });
  });

  describe('bulk approval', () => {
    it('approves each item on its own: stale, not submitted, other station and unknown fail with their codes', async () => {
      const { officer, manager, organization } = await team();
      const other = await team();
      const submitted = async (o: TestUser, orgId: string) => {
        const v = await post(o, '', visitBody(orgId, [o.id])).expect(201);
        await post(o, `/${v.body.id}/submit`, { version: 1 }).expect(200);
        return v.body.id as string;
      };
      const ok1 = await submitted(officer, organization.id);
      const ok2 = await submitted(officer, organization.id);
      const stale = await submitted(officer, organization.id);
      // a draft never submitted is not even seen by the manager; a returned one is seen, not submitted
      const draft = (await post(officer, '', visitBody(organization.id, [officer.id])).expect(201)).body.id;
      const returned = await submitted(officer, organization.id);
      await post(manager, `/${returned}/return`, { version: 2, reason: '追記してください' }).expect(200);
      const planned = (await plan(officer, organization.id).expect(201)).body.id;
      const foreign = await submitted(other.officer, other.organization.id);
      const unknown = '00000000-0000-4000-8000-000000000000';

      const res = await post(manager, '/approve', {
        items: [
          { id: ok1, version: 2 },
          { id: stale, version: 1 },
          { id: draft, version: 1 },
          { id: returned, version: 3 },
          { id: planned, version: 1 },
          { id: foreign, version: 2 },
          { id: unknown, version: 1 },
          { id: ok2, version: 2 },
        ],
      }).expect(200);
      expect(res.body.approved).toEqual([ok1, ok2]);
      expect(res.body.failed).toEqual([
        { id: stale, code: 'visit.stale_version', message: expect.any(String) },
        { id: draft, code: 'visit.not_found', message: expect.any(String) },
        { id: returned, code: 'visit.illegal_transition', message: expect.stringContaining('差戻し') },
        { id: planned, code: 'visit.illegal_transition', message: expect.stringContaining('予定') },
        { id: foreign, code: 'visit.not_found', message: expect.any(String) },
        { id: unknown, code: 'visit.not_found', message: expect.any(String) },
      ]);

      const states = await t.ds.query(
        `SELECT id, status, version, approved_by AS "approvedBy" FROM visits WHERE id = ANY($1::uuid[])`,
        [[ok1, ok2, stale, draft, planned, foreign]],
      );
      const byId = new Map(states.map((s: { id: string }) => [s.id, s]));
      expect(byId.get(ok1)).toMatchObject({ status: 'approved', version: 3, approvedBy: manager.id });
      expect(byId.get(ok2)).toMatchObject({ status: 'approved', version: 3 });
      expect(byId.get(stale)).toMatchObject({ status: 'submitted', version: 2 });
      expect(byId.get(draft)).toMatchObject({ status: 'draft', version: 1 });
      expect(byId.get(planned)).toMatchObject({ status: 'planned' });
      expect(byId.get(foreign)).toMatchObject({ status: 'submitted', version: 2 });

      // audited one by one, each with its approval history row, like a single approve
      for (const id of [ok1, ok2]) {
        expect(await t.auditEvents({ entityId: id, action: 'visit.approve' })).toHaveLength(1);
        const history = (await get(manager, `/${id}`).expect(200)).body.approvalHistory;
        expect(history.map((e: { action: string }) => e.action)).toEqual(['submitted', 'approved']);
      }
      expect(await t.auditEvents({ entityId: stale, action: 'visit.approve' })).toHaveLength(0);
      // the approved ones count as reach
      expect(
        (await t.http().get(`/api/v1/organizations/${organization.id}`).set(bearer(manager)).expect(200)).body
          .lastReachedOn,
      ).toBe('2025-06-21');

      // a second run: all already approved
      const again = await post(manager, '/approve', { items: [{ id: ok1, version: 3 }] }).expect(200);
      expect(again.body).toEqual({
        approved: [],
        failed: [{ id: ok1, code: 'visit.illegal_transition', message: expect.any(String) }],
      });
    });

    it('is for managers only, and checks its input', async () => {
      const { officer, hq, admin, organization } = await team();
      const { manager } = await team();
      const v = await post(officer, '', visitBody(organization.id, [officer.id])).expect(201);
      await post(officer, `/${v.body.id}/submit`, { version: 1 }).expect(200);
      const body = { items: [{ id: v.body.id, version: 2 }] };
      for (const user of [officer, hq, admin]) await post(user, '/approve', body).expect(403);
      await t.http().post('/api/v1/visits/approve').send(body).expect(401);
      for (const bad of [
        {},
        { items: [] },
        { items: 'x' },
        { items: [{ id: 'x', version: 1 }] },
        { items: [{ id: v.body.id }] },
        { items: [{ id: v.body.id, version: 0 }] },
        { items: [null] },
        { items: Array.from({ length: 201 }, () => ({ id: v.body.id, version: 2 })) },
      ])
        expect((await post(manager, '/approve', bad).expect(400)).body.code).toBe('validation_failed');
      // another station's manager: not found, nothing changed
      const res = await post(manager, '/approve', body).expect(200);
      expect(res.body.failed).toEqual([
        { id: v.body.id, code: 'visit.not_found', message: expect.any(String) },
      ]);
      expect((await t.ds.query(`SELECT status FROM visits WHERE id = $1`, [v.body.id]))[0].status).toBe(
        'submitted',
      );
    });
  });
});
