import { bearer, TestApp } from '../helpers/test-app';

/**
 * Malformed input on the routes of tasks and notifications: always a 4xx with a code, never a 5xx
 * (the same idea as test/foundation/fuzz.e2e-spec.ts, aimed at these routes only).
 */
describe('tasks and notifications: malformed input (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('answers every malformed query, body and id with a 4xx and a code', async () => {
    const { officer, manager } = await t.createStationTeam();
    const queries = [
      'page=abc',
      'page=-1',
      'page=1e9',
      'pageSize=0',
      'pageSize=1.5',
      'status=',
      'status[]=open',
      'status=open&status=done',
      'assignee=me&assignee=me',
      'assignee[$ne]=x',
      'overdue=1',
      'overdue=TRUE',
      'sort=dueOn',
      `assignee=${'x'.repeat(5000)}`,
      'assignee=%00',
    ];
    for (const q of queries) {
      const res = await t.http().get(`/api/v1/tasks?${q}`).set(bearer(officer));
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expect(typeof res.body.code).toBe('string');
    }
    for (const q of [
      'limit=abc',
      'limit=201',
      'limit=-5',
      'limit[]=1',
      'unreadOnly=1',
      'unreadOnly[]=true',
    ]) {
      const res = await t.http().get(`/api/v1/notifications?${q}`).set(bearer(manager));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const bodies: unknown[] = [
      [],
      'email',
      { email: ['a@b.jp'] },
      { email: { $gt: '' } },
      { email: 'a@b.jp', extra: 1 },
      { email: `${'a'.repeat(300)}@example.jp` },
      { email: 'a@b.jp\r\nBcc: x@y.jp' },
      { email: true },
    ];
    for (const body of bodies) {
      const res = await t
        .http()
        .put('/api/v1/notifications/settings')
        .set(bearer(officer))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(typeof res.body.code).toBe('string');
    }
    const broken = await t
      .http()
      .put('/api/v1/notifications/settings')
      .set(bearer(officer))
      .set('Content-Type', 'application/json')
      .send('{"email": ');
    expect(broken.status).toBe(400);
    for (const id of ['x', '1', "'; DROP TABLE notifications; --", '00000000-0000-0000-0000-00000000000g'])
      await t
        .http()
        .post(`/api/v1/notifications/${encodeURIComponent(id)}/read`)
        .set(bearer(officer))
        .expect(404);
    // a body on the body-less routes is ignored, not an error
    await t.http().post('/api/v1/notifications/read-all').set(bearer(officer)).send({ all: 'x' }).expect(200);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM notification_settings`);
    expect(n).toBe(0);
  });
});
