import { bearer, TestApp } from '../helpers/test-app';

type Team = Awaited<ReturnType<TestApp['createStationTeam']>>;

describe('audit trail for people (e2e)', () => {
  let t: TestApp;
  let team: Team;

  beforeAll(async () => {
    t = await TestApp.create();
    team = await t.createStationTeam();
  });
  afterAll(() => t.close());

  it('names the record and the actor, so the trail reads without ids', async () => {
    const created = await t
      .http()
      .post('/api/v1/organizations')
      .set(bearer(team.officer))
      .send({ name: '株式会社監査表示テスト', tier: 'B', municipality: '35208', legalForm: 'kabushiki' })
      .expect(201);
    const res = await t
      .http()
      .get('/api/v1/audit-events')
      .query({ entityType: 'organization', entityId: created.body.id })
      .set(bearer(team.manager))
      .expect(200);
    expect(res.body.items[0]).toMatchObject({
      action: 'organization.create',
      entityLabel: '株式会社監査表示テスト',
      actorId: team.officer.id,
    });
    const [{ display_name }] = await t.ds.query(`SELECT display_name FROM users WHERE id = $1`, [
      team.officer.id,
    ]);
    expect(res.body.items[0].actorName).toBe(display_name);

    // an id that is not a uuid (a login's username, a route) has no label and breaks nothing
    const logins = await t
      .http()
      .get('/api/v1/audit-events')
      .query({ action: 'auth.login', sort: 'action' })
      .set(bearer(team.manager))
      .expect(200);
    expect(logins.body.items.length).toBeGreaterThan(0);
  });
});
