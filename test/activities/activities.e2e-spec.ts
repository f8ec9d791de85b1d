import { bearer, TestApp } from '../helpers/test-app';
import { createOrg } from '../coverage/factories';
import { seedActivitiesDemo } from '../../apps/api/src/activities/activities.demo';

describe('activities (教養・広報) and joint visits (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const partner = async (name: string, stationId: string | null = null, prefectureCode = '35') => {
    const [row] = await t.ds.query(
      `INSERT INTO partners (prefecture_code, station_id, name, kind) VALUES ($1, $2, $3, 'police_hq') RETURNING id`,
      [prefectureCode, stationId, name],
    );
    return row.id as string;
  };

  it('records training and PR: create, list with filters and paging, get, versioned patch, audit', async () => {
    const team = await t.createStationTeam();
    const cyber = await partner('県警察本部 サイバー攻撃対策隊');
    const post = (body: object) => t.http().post('/api/v1/activities').set(bearer(team.officer)).send(body);
    const created = await post({
      kind: 'training',
      heldOn: '2023-05-18',
      title: '経済安全保障に関する担当者向け研修会',
      participants: 24,
      partnerIds: [cyber],
      topics: ['leak_cases'],
      notes: '警察学校における教養',
    }).expect(201);
    expect(created.body).toMatchObject({
      stationId: team.station.id,
      kind: 'training',
      heldOn: '2023-05-18',
      participants: 24,
      partnerIds: [cyber],
      partnerNames: ['県警察本部 サイバー攻撃対策隊'],
      topics: ['leak_cases'],
      version: 1,
    });
    await post({
      kind: 'pr_web',
      heldOn: '2023-06-01',
      title: '署ウェブサイトに技術流出防止の記事を掲載',
    }).expect(201);
    await post({ kind: 'pr_notice', heldOn: '2024-04-02', title: '標的型メールの注意喚起' }).expect(201);

    const list = await t
      .http()
      .get('/api/v1/activities?fiscalYear=R5&pageSize=1')
      .set(bearer(team.manager))
      .expect(200);
    expect(list.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(list.body.items[0].title).toBe('署ウェブサイトに技術流出防止の記事を掲載');
    const pr = await t.http().get('/api/v1/activities?group=pr').set(bearer(team.manager)).expect(200);
    expect(pr.body.total).toBe(2);
    const training = await t
      .http()
      .get('/api/v1/activities?kind=training&from=2023-04-01&to=2023-12-31')
      .set(bearer(team.officer))
      .expect(200);
    expect(training.body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);

    const id = created.body.id as string;
    const patched = await t
      .http()
      .patch(`/api/v1/activities/${id}`)
      .set(bearer(team.manager))
      .send({ version: 1, participants: 30, partnerIds: [] })
      .expect(200);
    expect(patched.body).toMatchObject({ participants: 30, partnerIds: [], version: 2 });
    await t
      .http()
      .patch(`/api/v1/activities/${id}`)
      .set(bearer(team.manager))
      .send({ version: 1, title: 'x' })
      .expect(409);
    const got = await t.http().get(`/api/v1/activities/${id}`).set(bearer(team.officer)).expect(200);
    expect(got.body.title).toBe('経済安全保障に関する担当者向け研修会');
    const audits = await t.auditEvents({ entityType: 'activity', entityId: id });
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['activity.create', 'activity.update']);
    expect(audits[1].changes).toMatchObject({ participants: { before: 24, after: 30 } });
  });

  it('keeps to the station: another station 404, hq reads, admin 403, bad input 400', async () => {
    const team = await t.createStationTeam();
    const other = await t.createStationTeam();
    const foreignPartner = await partner('他署の協力団体', other.station.id);
    const elsewhere = await partner('他県の機関', null, '13');
    const created = await t
      .http()
      .post('/api/v1/activities')
      .set(bearer(team.officer))
      .send({
        kind: 'exercise_participation',
        heldOn: '2023-10-05',
        title: 'サイバー攻撃対処訓練への参加',
        participants: 3,
      })
      .expect(201);
    const id = created.body.id as string;
    await t.http().get(`/api/v1/activities/${id}`).set(bearer(other.officer)).expect(404);
    await t
      .http()
      .patch(`/api/v1/activities/${id}`)
      .set(bearer(other.manager))
      .send({ version: 1, title: 'x' })
      .expect(404);
    const otherList = await t.http().get('/api/v1/activities').set(bearer(other.officer)).expect(200);
    expect(otherList.body.total).toBe(0);
    await t
      .http()
      .get(`/api/v1/activities?stationId=${team.station.id}`)
      .set(bearer(other.officer))
      .expect(404);
    await t.http().get(`/api/v1/activities/${id}`).set(bearer(team.hq)).expect(200);
    const hqOne = await t
      .http()
      .get(`/api/v1/activities?stationId=${team.station.id}`)
      .set(bearer(team.hq))
      .expect(200);
    expect(hqOne.body.total).toBe(1);
    await t
      .http()
      .post('/api/v1/activities')
      .set(bearer(team.hq))
      .send({ kind: 'training', heldOn: '2023-10-05', title: 'x' })
      .expect(403);
    await t.http().get('/api/v1/activities').set(bearer(team.admin)).expect(403);
    await t.http().get('/api/v1/activities').expect(401);
    for (const body of [
      { kind: 'party', heldOn: '2023-10-05', title: 'x' },
      { kind: 'training', heldOn: '2023-02-30', title: 'x' },
      { kind: 'training', heldOn: '2023-10-05', title: '' },
      { kind: 'training', heldOn: '2023-10-05', title: 'x', participants: -1 },
      { kind: 'training', heldOn: '2023-10-05', title: 'x', participants: null },
      { kind: 'training', heldOn: '2023-10-05', title: 'x', partnerIds: ['nope'] },
      { kind: 'training', heldOn: '2023-10-05', title: 'x', extra: 1 },
    ]) {
      const res = await t.http().post('/api/v1/activities').set(bearer(team.officer)).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    for (const partnerIds of [[foreignPartner], [elsewhere]]) {
      const res = await t
        .http()
        .post('/api/v1/activities')
        .set(bearer(team.officer))
        .send({ kind: 'training', heldOn: '2023-10-05', title: 'x', partnerIds })
        .expect(400);
      expect(res.body.code).toBe('activity.invalid_references');
    }
    for (const q of ['fiscalYear=abc', 'from=2023-05-01&to=2023-04-01', 'kind=x', 'sort=nope'])
      await t.http().get(`/api/v1/activities?${q}`).set(bearer(team.officer)).expect(400);
  });

  it('names the partners of a joint visit (同行) and keeps the old free text readable', async () => {
    const team = await t.createStationTeam();
    const other = await t.createStationTeam();
    const cyber = await partner('県警察本部 サイバー攻撃対策隊');
    const foreign = await partner('他署の協力団体', other.station.id);
    const org = await createOrg(t.ds, { stationId: team.station.id, tier: 'A' });
    const body = {
      organizationId: org,
      visitedAt: '2023-06-21T10:00:00+09:00',
      format: 'on_site',
      officerIds: [team.officer.id],
      summary: '技術流出事案を紹介した',
      jointWith: '本部 サイバー攻撃対策隊',
      jointPartnerIds: [cyber],
    };
    const res = await t.http().post('/api/v1/visits').set(bearer(team.officer)).send(body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    const created = res;
    expect(created.body).toMatchObject({ jointPartnerIds: [cyber], jointWith: '本部 サイバー攻撃対策隊' });
    const bad = await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(team.officer))
      .send({ ...body, jointPartnerIds: [foreign] })
      .expect(400);
    expect(JSON.stringify(bad.body.details)).toContain('jointPartnerIds');
    const patched = await t
      .http()
      .patch(`/api/v1/visits/${created.body.id}`)
      .set(bearer(team.officer))
      .send({ version: 1, jointPartnerIds: [] })
      .expect(200);
    expect(patched.body.jointPartnerIds).toEqual([]);
    expect(patched.body.jointWith).toBe('本部 サイバー攻撃対策隊');
    const audits = await t.auditEvents({ entityType: 'visit', entityId: created.body.id });
    expect(audits.at(-1).changes).toMatchObject({ jointPartnerIds: { before: [cyber], after: [] } });
  });

  it("moves a merged partner's activity and joint-visit links to the partner kept, without repeating one", async () => {
    const team = await t.createStationTeam();
    const kept = await partner('県警察本部 外事課');
    const dup = await partner('県警察本部外事課');
    const bystander = await partner('県警察本部 サイバー攻撃対策隊');
    const org = await createOrg(t.ds, { stationId: team.station.id, tier: 'A' });
    const activity = async (partnerIds: string[]) =>
      (
        await t
          .http()
          .post('/api/v1/activities')
          .set(bearer(team.officer))
          .send({ kind: 'training', heldOn: '2023-05-18', title: '研修会', partnerIds })
          .expect(201)
      ).body;
    const visit = async (jointPartnerIds: string[]) =>
      (
        await t
          .http()
          .post('/api/v1/visits')
          .set(bearer(team.officer))
          .send({
            organizationId: org,
            visitedAt: '2023-06-21T10:00:00+09:00',
            format: 'on_site',
            officerIds: [team.officer.id],
            summary: '同行訪問',
            jointPartnerIds,
          })
          .expect(201)
      ).body;
    const onlyDup = await activity([dup]);
    const bothActivity = await activity([dup, kept, bystander]);
    const jointDup = await visit([dup]);
    const jointBoth = await visit([kept, dup]);
    const [{ version: dupVersion }] = await t.ds.query(`SELECT version FROM partners WHERE id = $1`, [dup]);
    const [{ version: keptVersion }] = await t.ds.query(`SELECT version FROM partners WHERE id = $1`, [kept]);
    const merged = await t
      .http()
      .post(`/api/v1/partners/${dup}/merge`)
      .set(bearer(team.hq))
      .send({ intoId: kept, version: dupVersion, intoVersion: keptVersion })
      .expect(200);
    expect(merged.body.moved).toMatchObject({ activities: 1, jointVisits: 1 });
    const partnersOf = async (path: string, field: 'partnerIds' | 'jointPartnerIds') =>
      ((await t.http().get(path).set(bearer(team.officer)).expect(200)).body[field] as string[]).sort();
    expect(await partnersOf(`/api/v1/activities/${onlyDup.id}`, 'partnerIds')).toEqual([kept]);
    expect(await partnersOf(`/api/v1/activities/${bothActivity.id}`, 'partnerIds')).toEqual(
      [kept, bystander].sort(),
    );
    expect(await partnersOf(`/api/v1/visits/${jointDup.id}`, 'jointPartnerIds')).toEqual([kept]);
    expect(await partnersOf(`/api/v1/visits/${jointBoth.id}`, 'jointPartnerIds')).toEqual([kept]);
    const [{ n }] = await t.ds.query(
      `SELECT (SELECT count(*) FROM activity_partners WHERE partner_id = $1)
            + (SELECT count(*) FROM visit_joint_partners WHERE partner_id = $1) AS n`,
      [dup],
    );
    expect(Number(n)).toBe(0);
  });

  it("seeds the demo station's training and PR as the minutes report them, counted in its period report", async () => {
    const team = await t.createStationTeam();
    const other = await t.createStation();
    await partner('山口県警察本部 経済安全保障対策プロジェクトチーム');
    await t.ds.transaction((tx) =>
      seedActivitiesDemo(tx, {
        stationId: team.station.id,
        otherStationId: other.id,
        users: {
          admin: team.admin.id,
          hq: team.hq.id,
          manager: team.manager.id,
          officer: team.officer.id,
          officer2: team.officer.id,
          yanaiOfficer: team.officer.id,
        },
        log: () => undefined,
      }),
    );
    const list = await t
      .http()
      .get('/api/v1/activities?fiscalYear=2025')
      .set(bearer(team.officer))
      .expect(200);
    expect(list.body.total).toBe(6);
    expect(list.body.items.map((a: { title: string }) => a.title)).toContain('サイバー攻撃対処訓練への参加');
    const report = await t
      .http()
      .get('/api/v1/reports/period?fiscalYear=2025')
      .set(bearer(team.manager))
      .expect(200);
    expect(report.body.activities).toMatchObject({
      total: 6,
      training: { count: 4, participants: 93 },
      pr: { count: 2 },
    });
  });
});
