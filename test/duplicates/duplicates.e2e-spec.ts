import { bearer, TestApp, TestUser } from '../helpers/test-app';

/**
 * Issue 14, duplicates: a scan of the station's registry as a job (POST /duplicates/scan → 202,
 * GET /jobs/:id), the review queue (GET /duplicates), merge through the organizations' merge, and
 * dismiss (remembered: a later scan never suggests the pair again). Station-scoped, audited.
 */
describe('duplicate scan (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  async function team() {
    const station = await t.createStation({ municipalityCodes: ['35208', '35321'] });
    const [officer, manager, hq] = await Promise.all([
      t.createUser('officer', station.id),
      t.createUser('manager', station.id),
      t.createUser('hq', null),
    ]);
    const other = await t.createStation({ municipalityCodes: ['35208'] });
    const otherManager = await t.createUser('manager', other.id);
    return { station, officer, manager, hq, otherManager };
  }

  const create = async (user: TestUser, body: Record<string, unknown>) => {
    const res = await t.http().post('/api/v1/organizations').set(bearer(user)).send(body);
    if (res.status !== 201)
      throw new Error(`create ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };

  async function scan(user: TestUser): Promise<{ found: number; added: number }> {
    const res = await t.http().post('/api/v1/duplicates/scan').set(bearer(user)).send({}).expect(202);
    const jobId = res.body.jobId as string;
    for (let i = 0; i < 100; i++) {
      const job = await t.http().get(`/api/v1/jobs/${jobId}`).set(bearer(user)).expect(200);
      if (job.body.status === 'done') return job.body.result;
      if (job.body.status === 'failed' || job.body.status === 'cancelled')
        throw new Error(`scan ${job.body.status}: ${JSON.stringify(job.body.error)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('scan did not finish');
  }

  const pending = async (user: TestUser) =>
    (await t.http().get('/api/v1/duplicates').set(bearer(user)).expect(200)).body.items as {
      id: string;
      reason: string;
      a: { id: string; name: string; version: number };
      b: { id: string; name: string; version: number };
    }[];

  it('finds same name and municipality as a job, merges one pair, dismisses another for good', async () => {
    const { station, officer, manager, hq, otherManager } = await team();
    const a1 = (await create(officer, { name: '株式会社岩国精密', municipality: '35208' })).body;
    const a2 = (await create(officer, { name: '岩国精密（株）', municipality: '35208' })).body;
    const b1 = (await create(officer, { name: '錦川化学株式会社', municipality: '35208' })).body;
    const b2 = (await create(officer, { name: '錦川化学', municipality: '35208' })).body;
    // Same name elsewhere, or another station: not a pair.
    await create(officer, { name: '株式会社周防電子', municipality: '35208' });
    await create(officer, { name: '株式会社周防電子', municipality: '35321' });
    await create(otherManager, { name: '株式会社岩国精密', municipality: '35208' });

    const first = await scan(officer);
    expect(first).toEqual({ found: 2, added: 2 });
    const items = await pending(officer);
    const pairs = items.map((i) => [i.a.id, i.b.id].sort().join());
    expect(pairs.sort()).toEqual([[a1.id, a2.id].sort().join(), [b1.id, b2.id].sort().join()].sort());
    expect(items.every((i) => i.reason === 'name_municipality')).toBe(true);
    // Station-scoped: another station sees none and gets 404; hq may not.
    expect(await pending(otherManager)).toEqual([]);
    await t.http().get('/api/v1/duplicates').set(bearer(hq)).expect(403);
    const pa = items.find((i) => [i.a.id, i.b.id].includes(a1.id))!;
    const pb = items.find((i) => [i.a.id, i.b.id].includes(b1.id))!;
    await t.http().post(`/api/v1/duplicates/${pb.id}/dismiss`).set(bearer(otherManager)).expect(404);
    await t
      .http()
      .post(`/api/v1/duplicates/${pa.id}/merge`)
      .set(bearer(otherManager))
      .send({ keepId: a1.id, version: 1 })
      .expect(404);

    // Merge: the organizations' merge (managers), keepId one of the pair, its version checked.
    await t
      .http()
      .post(`/api/v1/duplicates/${pa.id}/merge`)
      .set(bearer(officer))
      .send({ keepId: a1.id, version: a1.version })
      .expect(403);
    const bad = await t
      .http()
      .post(`/api/v1/duplicates/${pa.id}/merge`)
      .set(bearer(manager))
      .send({ keepId: b1.id, version: 1 })
      .expect(400);
    expect(bad.body.code).toBe('validation_failed');
    await t
      .http()
      .post(`/api/v1/duplicates/${pa.id}/merge`)
      .set(bearer(manager))
      .send({ keepId: a1.id, version: a1.version + 3 })
      .expect(409);
    const merged = await t
      .http()
      .post(`/api/v1/duplicates/${pa.id}/merge`)
      .set(bearer(manager))
      .send({ keepId: a1.id, version: a1.version })
      .expect(200);
    expect(merged.body).toEqual({ id: pa.id, status: 'merged', keptId: a1.id });
    const [gone] = await t.ds.query(`SELECT status, merged_into_id FROM organizations WHERE id = $1`, [
      a2.id,
    ]);
    expect(gone).toEqual({ status: 'archived', merged_into_id: a1.id });
    const again = await t
      .http()
      .post(`/api/v1/duplicates/${pa.id}/merge`)
      .set(bearer(manager))
      .send({ keepId: a1.id, version: a1.version + 1 })
      .expect(409);
    expect(again.body.code).toBe('duplicate.resolved');

    // Dismiss: remembered; the next scan finds the pair but does not queue it again.
    const dismissed = await t
      .http()
      .post(`/api/v1/duplicates/${pb.id}/dismiss`)
      .set(bearer(officer))
      .expect(200);
    expect(dismissed.body).toEqual({ id: pb.id, status: 'dismissed', keptId: null });
    expect(await pending(officer)).toEqual([]);
    const second = await scan(officer);
    expect(second).toEqual({ found: 1, added: 0 });
    expect(await pending(officer)).toEqual([]);
    const resolved = await t
      .http()
      .get('/api/v1/duplicates')
      .query({ status: 'dismissed' })
      .set(bearer(officer));
    expect(resolved.body.items.map((i: { id: string }) => i.id)).toEqual([pb.id]);

    // Audited.
    const events = await t.ds.query(
      `SELECT action FROM audit_events WHERE station_id = $1 AND action LIKE 'duplicate.%' ORDER BY occurred_at, action`,
      [station.id],
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'duplicate.scan',
      'duplicate.merge',
      'duplicate.dismiss',
      'duplicate.scan',
    ]);
  });

  it('pairs a record without a corporate number with the one that has it, never two different numbers', async () => {
    const { officer } = await team();
    const n1 = (
      await create(officer, {
        name: '株式会社今津技研',
        municipality: '35208',
        corporateNumber: '1500000007919',
      })
    ).body;
    const none = (await create(officer, { name: '今津技研', municipality: '35208' })).body;
    // Valid check digits: two different legal persons of the same name are not duplicates of each other.
    await create(officer, {
      name: '今津技研株式会社',
      municipality: '35208',
      corporateNumber: '2500000015838',
    });
    const result = await scan(officer);
    const items = await pending(officer);
    expect(result.added).toBe(items.length);
    expect(items.map((i) => [i.a.id, i.b.id].sort().join())).toContain([n1.id, none.id].sort().join());
    for (const i of items) expect(i.a.id === none.id || i.b.id === none.id).toBe(true);
  });

  it('answers 400 with a code for bad input', async () => {
    const { manager } = await team();
    const res = await t
      .http()
      .get('/api/v1/duplicates')
      .query({ status: 'maybe' })
      .set(bearer(manager))
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
    await t.http().post('/api/v1/duplicates/not-a-uuid/dismiss').set(bearer(manager)).expect(404);
    await t
      .http()
      .post('/api/v1/duplicates/00000000-0000-4000-8000-000000000000/dismiss')
      .set(bearer(manager))
      .expect(404);
  });
});
