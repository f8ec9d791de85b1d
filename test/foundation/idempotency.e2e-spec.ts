import { createOrganization, visitBody } from '../visits/factories';
import { bearer, TestApp, TestUser } from '../helpers/test-app';

/**
 * `Idempotency-Key` on POST creates (issue 12): a retry after a lost answer gets the first answer,
 * not a second record; the same key with another body is refused; concurrent duplicates run once.
 */
describe('idempotency keys (e2e)', () => {
  let t: TestApp;
  let team: Awaited<ReturnType<TestApp['createStationTeam']>>;
  beforeAll(async () => {
    t = await TestApp.create();
    team = await t.createStationTeam();
  });
  afterAll(() => t.close());

  const createOrg = (user: TestUser, key: string | null, body: Record<string, unknown>) => {
    const req = t.http().post('/api/v1/organizations').set(bearer(user));
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const countOrgs = async (name: string) =>
    Number((await t.ds.query(`SELECT count(*) AS n FROM organizations WHERE name = $1`, [name]))[0].n);

  it('replays the first answer to a retry with the same key and body', async () => {
    const name = `冪等テスト株式会社 ${Date.now()}`;
    const key = `org-${Date.now()}`;
    const first = await createOrg(team.officer, key, { name, tier: 'B' }).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // the same body, keys in another order: still the same request
    const retry = await createOrg(team.officer, key, { tier: 'B', name }).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(await countOrgs(name)).toBe(1);
    const audits = await t.auditEvents({ entityId: first.body.id, action: 'organization.create' });
    expect(audits).toHaveLength(1);
  });

  it('refuses the same key with another body or another route (409 common.idempotency_key_reused)', async () => {
    const key = `reuse-${Date.now()}`;
    const name = `再利用テスト ${Date.now()}`;
    await createOrg(team.officer, key, { name }).expect(201);
    const other = await createOrg(team.officer, key, { name: `${name} 別` });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('common.idempotency_key_reused');
    const org = await createOrganization(t, team.station.id);
    const elsewhere = await t
      .http()
      .post('/api/v1/visits')
      .set(bearer(team.officer))
      .set('Idempotency-Key', key)
      .send({ name });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('common.idempotency_key_reused');
    expect(await countOrgs(`${name} 別`)).toBe(0);
    expect(org.id).toBeDefined();
  });

  it('keeps keys per user, and without a key every POST creates', async () => {
    const key = `shared-${Date.now()}`;
    const name = `ユーザー別 ${Date.now()}`;
    const colleague = await t.createUser('officer', team.station.id);
    const a = await createOrg(team.officer, key, { name }).expect(201);
    const b = await createOrg(colleague, key, { name }).expect(201);
    expect(b.body.id).not.toBe(a.body.id);
    await createOrg(team.officer, null, { name }).expect(201);
    expect(await countOrgs(name)).toBe(3);
  });

  it('runs concurrent duplicates once: every answer is the one visit', async () => {
    const org = await createOrganization(t, team.station.id);
    const key = `visit-${Date.now()}`;
    const body = visitBody(org.id, [team.officer.id]);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.http().post('/api/v1/visits').set(bearer(team.officer)).set('Idempotency-Key', key).send(body),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    expect(answers.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    const visits = await t.ds.query(`SELECT id FROM visits WHERE organization_id = $1`, [org.id]);
    expect(visits).toEqual([{ id: answers[0].body.id }]);
  });

  it('keeps nothing for a failed request, so its retry runs', async () => {
    const key = `failed-${Date.now()}`;
    const bad = await createOrg(team.officer, key, { name: '' });
    expect(bad.status).toBe(400);
    const name = `失敗後 ${Date.now()}`;
    await createOrg(team.officer, key, { name }).expect(201);
    expect(await countOrgs(name)).toBe(1);
  });

  it('forgets keys after 24 hours', async () => {
    const key = `expiring-${Date.now()}`;
    const name = `期限切れ ${Date.now()}`;
    const first = await createOrg(team.officer, key, { name }).expect(201);
    const [row] = await t.ds.query(
      `SELECT extract(epoch FROM expires_at - created_at) AS seconds FROM idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(Number(row.seconds)).toBe(24 * 3600);
    await t.ds.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [
      key,
    ]);
    const again = await createOrg(team.officer, key, { name }).expect(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('rejects a malformed key with 400', async () => {
    const res = await createOrg(team.officer, 'x'.repeat(256), { name: 'キー長すぎ' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });

  it('does not apply to POSTs that do not create (200 answers), such as login', async () => {
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('Idempotency-Key', 'login-1')
      .send({ username: team.officer.username, password: 'wrong-password' })
      .expect(401);
    expect(await t.ds.query(`SELECT 1 FROM idempotency_keys WHERE key = 'login-1'`)).toHaveLength(0);
  });
});
