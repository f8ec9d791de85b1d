import { COPY_APPROVAL_HISTORY_FROM_AUDIT } from '../../migrations/1799619000000-VisitApprovalEvents';
import { bearer, TestApp, TestUser } from '../helpers/test-app';
import { createOrganization, visitBody } from './factories';

/** Issue 19: the 決裁コメント on approve and the approval history on the visit (GET /visits/:id). */
describe('visit approval history (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const post = (user: TestUser, path: string, body: object = {}) =>
    t.http().post(`/api/v1/visits${path}`).set(bearer(user)).send(body);
  const get = (user: TestUser, id: string) => t.http().get(`/api/v1/visits/${id}`).set(bearer(user));

  it('keeps every step with who, when, the reason and the approval comment', async () => {
    const { station, officer, manager, hq } = await t.createStationTeam();
    const organization = await createOrganization(t, station.id);
    const { body: visit } = await post(officer, '', visitBody(organization.id, [officer.id])).expect(201);
    expect(visit.approvalHistory).toEqual([]);

    await post(officer, `/${visit.id}/submit`).expect(200);
    await post(manager, `/${visit.id}/return`, { reason: '応対者の役職を追記してください' }).expect(200);
    await post(officer, `/${visit.id}/submit`).expect(200);
    const approved = await post(manager, `/${visit.id}/approve`, {
      comment: '  内容を確認しました。窓口設置の状況を次回確認のこと。  ',
    }).expect(200);
    expect(approved.body.status).toBe('approved');
    await post(manager, `/${visit.id}/reopen`, { reason: '訪問日時の訂正' }).expect(200);
    await post(officer, `/${visit.id}/submit`).expect(200);
    // approving without a comment, or with a blank one, keeps none
    await post(manager, `/${visit.id}/approve`, { comment: '   ' }).expect(200);

    const { body } = await get(manager, visit.id).expect(200);
    expect(
      body.approvalHistory.map((e: { action: string; actorId: string; comment: string | null }) => [
        e.action,
        e.actorId,
        e.comment,
      ]),
    ).toEqual([
      ['submitted', officer.id, null],
      ['returned', manager.id, '応対者の役職を追記してください'],
      ['submitted', officer.id, null],
      ['approved', manager.id, '内容を確認しました。窓口設置の状況を次回確認のこと。'],
      ['reopened', manager.id, '訪問日時の訂正'],
      ['submitted', officer.id, null],
      ['approved', manager.id, null],
    ]);
    for (const e of body.approvalHistory) {
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+09:00$/);
      expect(e.actorName).toMatch(/^(officer|manager) /);
    }
    const times = body.approvalHistory.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // the comment is in the audit event of the approval too
    const approvals = await t.auditEvents({ entityId: visit.id, action: 'visit.approve' });
    expect(approvals.map((e: { changes: { comment?: string } }) => e.changes.comment)).toEqual([
      '内容を確認しました。窓口設置の状況を次回確認のこと。',
      undefined,
    ]);

    // the officer sees the same history; hq sees the steps without who took them
    const officerView = await get(officer, visit.id).expect(200);
    expect(officerView.body.approvalHistory).toEqual(body.approvalHistory);
    const hqView = await get(hq, visit.id).expect(200);
    expect(hqView.body.approvalHistory.map((e: { action: string }) => e.action)).toEqual(
      body.approvalHistory.map((e: { action: string }) => e.action),
    );
    expect(
      hqView.body.approvalHistory.every(
        (e: { actorId: string | null; actorName: string | null }) =>
          e.actorId === null && e.actorName === null,
      ),
    ).toBe(true);
    expect(hqView.body.approvalHistory[3].comment).toBe(
      '内容を確認しました。窓口設置の状況を次回確認のこと。',
    );
  });

  it('refuses a bad comment with 400 and details, and changes nothing', async () => {
    const { station, officer, manager } = await t.createStationTeam();
    const organization = await createOrganization(t, station.id);
    const { body: visit } = await post(officer, '', visitBody(organization.id, [officer.id])).expect(201);
    await post(officer, `/${visit.id}/submit`).expect(200);
    for (const comment of ['x'.repeat(2001), 42, ['a']]) {
      const res = await post(manager, `/${visit.id}/approve`, { comment }).expect(400);
      expect(res.body.details.length).toBeGreaterThan(0);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(
        res.body.details.map(() => 'comment'),
      );
    }
    const { body } = await get(manager, visit.id).expect(200);
    expect(body.status).toBe('submitted');
    expect(body.approvalHistory.map((e: { action: string }) => e.action)).toEqual(['submitted']);
    // null is no comment
    await post(manager, `/${visit.id}/approve`, { comment: null }).expect(200);
  });

  it('hq reads a visit without the station staff’s names or ids, as in its exports', async () => {
    const { station, officer, manager, hq } = await t.createStationTeam();
    const organization = await createOrganization(t, station.id);
    const { body: visit } = await post(
      officer,
      '',
      visitBody(organization.id, [officer.id], {
        followUps: [{ title: '相談窓口設置状況の確認', dueOn: '2025-09-30', ownerId: officer.id }],
      }),
    ).expect(201);
    // a draft is not for hq
    await get(hq, visit.id).expect(404);
    await post(officer, `/${visit.id}/submit`).expect(200);
    await post(manager, `/${visit.id}/approve`, { comment: '了' }).expect(200);

    const station_ = await get(manager, visit.id).expect(200);
    expect(station_.body).toMatchObject({
      staffHidden: false,
      officerIds: [officer.id],
      createdBy: officer.id,
      approvedBy: manager.id,
    });
    const { body } = await get(hq, visit.id).expect(200);
    expect(body).toMatchObject({
      staffHidden: true,
      officerIds: [],
      officers: [],
      createdBy: null,
      approvedBy: null,
      summary: visit.summary,
      organizationName: organization.name,
      status: 'approved',
    });
    expect(body.followUps).toEqual([
      expect.objectContaining({ title: '相談窓口設置状況の確認', ownerId: null }),
    ]);
    const text = JSON.stringify(body);
    for (const user of [officer, manager]) {
      expect(text).not.toContain(user.id);
      expect(text).not.toContain(user.username);
    }
    // the list is the same for hq, and hq cannot count visits per officer
    const list = await t
      .http()
      .get(`/api/v1/visits?organizationId=${organization.id}`)
      .set(bearer(hq))
      .expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: visit.id, officers: [], officerIds: [] }),
    ]);
    const byOfficer = await t
      .http()
      .get(`/api/v1/visits?officerId=${officer.id}`)
      .set(bearer(hq))
      .expect(400);
    expect(byOfficer.body.details).toEqual([{ field: 'officerId', message: expect.any(String) }]);
    // hq never writes
    await post(hq, `/${visit.id}/reopen`, { reason: 'x' }).expect(403);
  });

  it('the migration copies the steps taken before it from the audit trail', async () => {
    const { station, officer, manager } = await t.createStationTeam();
    const organization = await createOrganization(t, station.id);
    const { body: visit } = await post(officer, '', visitBody(organization.id, [officer.id])).expect(201);
    await post(officer, `/${visit.id}/submit`).expect(200);
    await post(manager, `/${visit.id}/return`, { reason: '役職を追記' }).expect(200);
    await post(officer, `/${visit.id}/submit`).expect(200);
    await post(manager, `/${visit.id}/approve`, { comment: '了承' }).expect(200);
    await post(manager, `/${visit.id}/reopen`, { reason: '日時の訂正' }).expect(200);
    const { body: before } = await get(manager, visit.id).expect(200);

    // as if these steps had been taken before the table existed
    await t.ds.query(`DELETE FROM visit_approval_events WHERE visit_id = $1`, [visit.id]);
    expect((await get(manager, visit.id).expect(200)).body.approvalHistory).toEqual([]);
    await t.ds.query(`${COPY_APPROVAL_HISTORY_FROM_AUDIT} AND v.id = $1`, [visit.id]);

    const { body: after } = await get(manager, visit.id).expect(200);
    const view = (h: { action: string; actorId: string; comment: string | null }[]) =>
      h.map((e) => [e.action, e.actorId, e.comment]);
    expect(view(after.approvalHistory)).toEqual(view(before.approvalHistory));
    expect(view(after.approvalHistory)).toEqual([
      ['submitted', officer.id, null],
      ['returned', manager.id, '役職を追記'],
      ['submitted', officer.id, null],
      ['approved', manager.id, '了承'],
      ['reopened', manager.id, '日時の訂正'],
    ]);
  });

  it('another station’s manager cannot approve or read the history (404)', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const organization = await createOrganization(t, a.station.id);
    const { body: visit } = await post(a.officer, '', visitBody(organization.id, [a.officer.id])).expect(201);
    await post(a.officer, `/${visit.id}/submit`).expect(200);
    await post(b.manager, `/${visit.id}/approve`, { comment: '他署' }).expect(404);
    await get(b.manager, visit.id).expect(404);
    const { body } = await get(a.manager, visit.id).expect(200);
    expect(body.approvalHistory.map((e: { action: string }) => e.action)).toEqual(['submitted']);
  });
});
