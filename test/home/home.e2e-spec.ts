import { addDays, todayJst } from '../../libs/japanese/jst';
import { fiscalYearOf, fiscalYearRange } from '../../libs/japanese/fiscal-year';
import { councilFollowUp, meeting, org, visit, visitFollowUp } from '../calendar/factories';
import { bearer, TestApp, TestUser } from '../helpers/test-app';

/** Issue 13: GET /home — each role's landing page in one answer, station-scoped. */
describe('home (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const home = (user: TestUser) => t.http().get('/api/v1/home').set(bearer(user));
  const today = todayJst();
  const at = (day: string, time = '10:00') => `${day}T${time}:00+09:00`;
  const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

  it('officer: my planned visits (today, this week, past), my open tasks overdue first, my returned visits and drafts, my notifications', async () => {
    const { station, officer, manager } = await t.createStationTeam();
    const colleague = await t.createUser('officer', station.id);
    const o = await org(t, station.id, '和木化学株式会社');
    const v = (day: string, status: string, createdBy = officer.id, officerIds?: string[], time?: string) =>
      visit(t, {
        stationId: station.id,
        organizationId: o.id,
        at: at(day, time),
        status,
        createdBy,
        officerIds,
      });
    const todayLate = await v(today, 'planned', officer.id, undefined, '15:00');
    const todayEarly = await v(today, 'planned', colleague.id, [colleague.id, officer.id], '09:00');
    const inThree = await v(addDays(today, 3), 'planned');
    const nextWeek = await v(addDays(today, 7), 'planned');
    const past = await v(addDays(today, -2), 'planned');
    const colleagues = await v(today, 'planned', colleague.id, [colleague.id]);
    const returned = await v(addDays(today, -10), 'returned');
    await t.ds.query(`UPDATE visits SET return_reason = '所見を追記してください' WHERE id = $1`, [
      returned.id,
    ]);
    const draft = await v(addDays(today, -1), 'draft');
    const colleaguesDraft = await v(addDays(today, -1), 'draft', colleague.id, [colleague.id]);
    const approved = await v(addDays(today, -20), 'approved');
    const later = await visitFollowUp(t, approved.id, {
      title: '資料送付',
      dueOn: addDays(today, 5),
      ownerId: officer.id,
    });
    const late = await visitFollowUp(t, approved.id, {
      title: '再訪問の調整',
      dueOn: addDays(today, -3),
      ownerId: officer.id,
    });
    await visitFollowUp(t, approved.id, {
      title: '完了済み',
      dueOn: addDays(today, -3),
      ownerId: officer.id,
      status: 'done',
    });
    await visitFollowUp(t, approved.id, {
      title: '同僚の',
      dueOn: addDays(today, -3),
      ownerId: colleague.id,
    });
    const m = await meeting(t, station.id, addDays(today, -30));
    const council = await councilFollowUp(t, station.id, m.itemId, {
      title: '学校講演の調整',
      dueOn: addDays(today, -1),
      ownerId: officer.id,
    });
    await t.ds.query(
      `INSERT INTO notifications (recipient_id, kind, title, link_type, link_id, station_id, created_at, read_at)
       VALUES ($1, 'visit_returned', '訪問記録が差し戻されました', 'visit', $2, $3, now() - interval '1 hour', NULL),
              ($1, 'visit_approved', '訪問記録が承認されました', 'visit', $4, $3, now() - interval '2 hours', now()),
              ($5, 'visit_submitted', '決裁待ちの訪問があります', 'visit', $4, $3, now(), NULL)`,
      [officer.id, returned.id, station.id, approved.id, manager.id],
    );
    // another station's officer with the same kinds of records sees none of these
    const other = await t.createStationTeam();

    const { body } = await home(officer).expect(200);
    expect(body.role).toBe('officer');
    expect(body.asOf).toBe(today);
    expect(Object.keys(body).sort()).toEqual(['asOf', 'officer', 'role']);
    const h = body.officer;
    expect(ids(h.plannedToday)).toEqual([todayEarly.id, todayLate.id]);
    expect(h.plannedToday[0]).toMatchObject({
      organizationId: o.id,
      organizationName: '和木化学株式会社',
      visitedAt: at(today, '09:00'),
      visitedOn: today,
      status: 'planned',
    });
    expect(ids(h.plannedThisWeek)).toEqual([inThree.id]);
    expect(ids(h.plannedPast)).toEqual([past.id]);
    for (const list of [h.plannedToday, h.plannedThisWeek, h.plannedPast]) {
      expect(ids(list)).not.toContain(colleagues.id);
      expect(ids(list)).not.toContain(nextWeek.id);
    }
    expect(h.openTasks).toMatchObject({ total: 3, overdue: 2 });
    expect(ids(h.openTasks.items)).toEqual([late.id, council.id, later.id]);
    expect(h.openTasks.items[0]).toEqual({
      id: late.id,
      source: 'visit',
      title: '再訪問の調整',
      dueOn: addDays(today, -3),
      status: 'open',
      overdue: true,
      link: { type: 'visit', id: approved.id },
    });
    expect(h.openTasks.items[1]).toMatchObject({
      source: 'council',
      link: { type: 'follow_up', id: council.id },
    });
    expect(h.myVisits.total).toBe(2);
    expect(ids(h.myVisits.items)).toEqual([returned.id, draft.id]);
    expect(h.myVisits.items[0]).toMatchObject({ status: 'returned', returnReason: '所見を追記してください' });
    expect(ids(h.myVisits.items)).not.toContain(colleaguesDraft.id);
    expect(h.notifications.unread).toBe(1);
    expect(h.notifications.items.map((n: { kind: string }) => n.kind)).toEqual([
      'visit_returned',
      'visit_approved',
    ]);
    expect(h.notifications.items[0]).toMatchObject({
      link: { type: 'visit', id: returned.id },
      readAt: null,
    });

    const theirs = await home(other.officer).expect(200);
    expect(theirs.body.officer).toMatchObject({
      plannedToday: [],
      plannedThisWeek: [],
      plannedPast: [],
      openTasks: { items: [], total: 0, overdue: 0 },
      myVisits: { items: [], total: 0 },
      notifications: { items: [], unread: 0 },
    });
  });

  it('manager: the approval queue, the station’s overdue follow-ups, the worklist’s most urgent firms, the coverage trend', async () => {
    const { station, officer, manager } = await t.createStationTeam();
    const other = await t.createStationTeam();
    const o = await org(t, station.id, '岩国電機株式会社');
    const never = await org(t, station.id, '未訪問工業株式会社');
    const first = await visit(t, {
      stationId: station.id,
      organizationId: o.id,
      at: at(addDays(today, -5)),
      status: 'submitted',
      createdBy: officer.id,
    });
    const second = await visit(t, {
      stationId: station.id,
      organizationId: o.id,
      at: at(addDays(today, -2)),
      status: 'submitted',
      createdBy: officer.id,
    });
    await t.ds.query(`UPDATE visits SET submitted_at = now() - interval '3 days' WHERE id = $1`, [first.id]);
    await t.ds.query(`UPDATE visits SET submitted_at = now() - interval '1 day' WHERE id = $1`, [second.id]);
    const approved = await visit(t, {
      stationId: station.id,
      organizationId: o.id,
      at: at(addDays(today, -30)),
      status: 'approved',
      createdBy: officer.id,
    });
    await t.ds.query(
      `UPDATE visits SET approved_at = now() - interval '29 days', approved_by = $2 WHERE id = $1`,
      [approved.id, manager.id],
    );
    const otherOrg = await org(t, other.station.id);
    const foreign = await visit(t, {
      stationId: other.station.id,
      organizationId: otherOrg.id,
      at: at(addDays(today, -1)),
      status: 'submitted',
      createdBy: other.officer.id,
    });
    const overdueVisitTask = await visitFollowUp(t, approved.id, {
      title: '社内相談窓口の確認',
      dueOn: addDays(today, -10),
      ownerId: officer.id,
    });
    await visitFollowUp(t, approved.id, { title: 'まだ先', dueOn: addDays(today, 10), ownerId: officer.id });
    const unowned = await visitFollowUp(t, approved.id, { title: '担当未定', dueOn: addDays(today, -20) });
    const m = await meeting(t, station.id, addDays(today, -60));
    const overdueCouncil = await councilFollowUp(t, station.id, m.itemId, {
      title: '広報の検討',
      dueOn: addDays(today, -1),
    });
    const om = await meeting(t, other.station.id, addDays(today, -60));
    await councilFollowUp(t, other.station.id, om.itemId, { title: '他署の', dueOn: addDays(today, -1) });

    // known for a year, so every point of the trend counts both
    await t.ds.query(
      `UPDATE organizations SET created_at = now() - interval '1 year' WHERE station_id = $1`,
      [station.id],
    );
    const { body } = await home(manager).expect(200);
    expect(Object.keys(body).sort()).toEqual(['asOf', 'manager', 'role']);
    const h = body.manager;
    expect(h.approvalQueue.total).toBe(2);
    expect(ids(h.approvalQueue.items)).toEqual([first.id, second.id]);
    expect(ids(h.approvalQueue.items)).not.toContain(foreign.id);
    expect(h.approvalQueue.items[0].submittedAt).toMatch(/\+09:00$/);
    expect(h.overdueFollowUps).toMatchObject({ total: 3, overdue: 3 });
    expect(ids(h.overdueFollowUps.items)).toEqual([unowned.id, overdueVisitTask.id, overdueCouncil.id]);
    expect(h.overdueFollowUps.items[1].ownerName).toBe(`officer ${officer.username}`);
    expect(h.overdueFollowUps.items[2].ownerName).toBeNull();
    // the worklist: the never-reached firm (the other was reached 30 days ago)
    expect(h.urgentFirms.map((f: { organizationId: string }) => f.organizationId)).toEqual([never.id]);
    expect(h.urgentFirms[0]).toMatchObject({
      name: '未訪問工業株式会社',
      state: 'never',
      lastReachedOn: null,
    });
    expect(h.worklistTotal).toBe(1);
    expect(h.coverageTrend).toHaveLength(6);
    expect(h.coverageTrend[5]).toEqual({ asOf: today, organizations: 2, reached: 1, coverage: 0.5 });
    const days = h.coverageTrend.map((p: { asOf: string }) => p.asOf);
    expect([...days].sort()).toEqual(days);
    expect(days[4] < today.slice(0, 7)).toBe(true); // the end of last month
    // each point is what the coverage screen says for that day
    for (const p of h.coverageTrend) {
      const cov = await t
        .http()
        .get(`/api/v1/coverage?asOf=${p.asOf}&groupBy=tier`)
        .set(bearer(manager))
        .expect(200);
      expect({ organizations: p.organizations, reached: p.reached, coverage: p.coverage }).toEqual({
        organizations: cov.body.totals.organizations,
        reached: cov.body.totals.reached,
        coverage: cov.body.totals.coverage,
      });
    }
    expect(h.coverageTrend[0]).toMatchObject({ organizations: 2, reached: 0 }); // five months ago: not visited yet
  });

  it('hq: stations side by side — coverage, approved visits this fiscal year, open council follow-ups', async () => {
    const a = await t.createStationTeam();
    const b = await t.createStationTeam();
    const o = await org(t, a.station.id);
    await org(t, a.station.id);
    await org(t, b.station.id);
    const fyFrom = fiscalYearRange(fiscalYearOf(today)).from;
    await visit(t, {
      stationId: a.station.id,
      organizationId: o.id,
      at: at(today, '08:00'),
      status: 'approved',
      createdBy: a.officer.id,
    });
    await visit(t, {
      stationId: a.station.id,
      organizationId: o.id,
      at: at(fyFrom, '08:00'),
      status: 'approved',
      createdBy: a.officer.id,
    });
    await visit(t, {
      stationId: a.station.id,
      organizationId: o.id,
      at: at(addDays(fyFrom, -1)),
      status: 'approved',
      createdBy: a.officer.id,
    });
    await visit(t, {
      stationId: a.station.id,
      organizationId: o.id,
      at: at(today, '07:00'),
      status: 'submitted',
      createdBy: a.officer.id,
    });
    const m = await meeting(t, b.station.id, addDays(today, -60));
    await councilFollowUp(t, b.station.id, m.itemId, { title: '期限切れ', dueOn: addDays(today, -1) });
    await councilFollowUp(t, b.station.id, m.itemId, {
      title: '対応中',
      dueOn: addDays(today, 30),
      status: 'in_progress',
    });
    await councilFollowUp(t, b.station.id, m.itemId, {
      title: '完了',
      dueOn: addDays(today, -30),
      status: 'done',
    });

    const { body } = await home(a.hq).expect(200);
    expect(Object.keys(body).sort()).toEqual(['asOf', 'hq', 'role']);
    expect(body.hq.fiscalYear).toBe(fiscalYearOf(today));
    expect(body.hq.fiscalYearFrom).toBe(fyFrom);
    const byId = new Map(body.hq.stations.map((s: { stationId: string }) => [s.stationId, s]));
    expect(byId.get(a.station.id)).toEqual({
      stationId: a.station.id,
      code: a.station.code,
      name: a.station.name,
      organizations: 2,
      reached: 1,
      coverage: 0.5,
      visitsThisFiscalYear: 2,
      openCouncilFollowUps: 0,
      overdueCouncilFollowUps: 0,
    });
    expect(byId.get(b.station.id)).toMatchObject({
      organizations: 1,
      reached: 0,
      coverage: 0,
      visitsThisFiscalYear: 0,
      openCouncilFollowUps: 2,
      overdueCouncilFollowUps: 1,
    });
    const codes = body.hq.stations.map((s: { code: string }) => s.code);
    expect([...codes].sort()).toEqual(codes);
    // no per-officer figures for hq
    expect(JSON.stringify(body)).not.toContain(a.officer.id);
  });

  it('admin: users with pending or expired one-time passwords, recent failed logins', async () => {
    const { station, admin } = await t.createStationTeam();
    const pending = await t.createUser('officer', station.id);
    const expired = await t.createUser('manager', station.id);
    await t.ds.query(
      `UPDATE users SET must_change_password = true, password_changed_at = now() - interval '1 day' WHERE id = $1`,
      [pending.id],
    );
    await t.ds.query(
      `UPDATE users SET must_change_password = true, password_changed_at = now() - interval '30 days' WHERE id = $1`,
      [expired.id],
    );
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: pending.username, password: 'wrong-password-1' })
      .expect(401);

    const { body } = await home(admin).expect(200);
    expect(Object.keys(body).sort()).toEqual(['admin', 'asOf', 'role']);
    const byId = new Map(body.admin.passwords.map((u: { id: string }) => [u.id, u]));
    expect(byId.get(pending.id)).toMatchObject({
      username: pending.username,
      role: 'officer',
      state: 'pending',
      stationName: station.name,
    });
    expect(byId.get(expired.id)).toMatchObject({ role: 'manager', state: 'expired' });
    const failure = body.admin.failedLogins.find(
      (f: { username: string }) => f.username === pending.username,
    );
    expect(failure).toMatchObject({ reason: 'wrong_password' });
    expect(failure.occurredAt).toMatch(/\+09:00$/);
    expect(body.admin.failedLast24h).toBeGreaterThanOrEqual(1);
  });

  it('is one endpoint for every role; without a token 401; a station user without a station 403', async () => {
    await t.http().get('/api/v1/home').expect(401);
    const loose = await t.createUser('officer', null);
    const res = await home(loose).expect(403);
    expect(res.body.code).toBe('home.no_station');
  });
});
