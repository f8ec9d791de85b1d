import { bearer, TEST_PASSWORD, TestApp } from '../helpers/test-app';

describe('auth (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '1' });
  });
  afterAll(() => t.close());

  it('logs in, answers /me, logs out and rejects the revoked token', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(200);
    expect(me.body).toEqual({
      id: officer.id,
      username: officer.username,
      displayName: expect.any(String),
      role: 'officer',
      stationId: station.id,
      mustChangePassword: false,
      mfaEnabled: false,
      mfaEnrollmentRequired: false,
    });
    await t.http().post('/api/v1/auth/logout').set(bearer(officer)).expect(204);
    const after = await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(401);
    expect(after.body).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      requestId: expect.any(String),
    });
    const events = await t.auditEvents({ entityType: 'session', action: 'auth.logout' });
    expect(events.some((e: { actor_id: string }) => e.actor_id === officer.id)).toBe(true);
  });

  it('answers the same 401 for an unknown user and a wrong password, and audits both', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'nobody-here', password: 'whatever-123' });
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: officer.username, password: 'wrong-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(unknown.body.code).toBe(wrong.body.code);
    const failures = await t.auditEvents({ action: 'auth.login_failed' });
    expect(failures.map((e: { changes: { username: string } }) => e.changes.username)).toEqual(
      expect.arrayContaining(['nobody-here', officer.username]),
    );
  });

  it('locks an account with 429 after repeated failures, without touching other accounts', async () => {
    const station = await t.createStation();
    const victim = await t.createUser('officer', station.id);
    const other = await t.createUser('officer', station.id);
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', `10.9.0.${i}`)
        .send({ username: victim.username, password: 'bad-password' });
    }
    const locked = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: victim.username, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.retryAfterSeconds).toBeGreaterThan(0);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: other.username, password: TEST_PASSWORD })
      .expect(200);
    // The lock is temporary: once it has expired the real user gets in again.
    await t.ds.query(`UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE key = $1`, [
      victim.username,
    ]);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: victim.username, password: TEST_PASSWORD })
      .expect(200);
  });

  it('ends sessions at once when a user is disabled or gets a new password', async () => {
    const station = await t.createStation();
    const admin = await t.createUser('admin', null);
    const officer = await t.createUser('officer', station.id);
    const user = await t.http().get(`/api/v1/users/${officer.id}`).set(bearer(admin)).expect(200);
    await t
      .http()
      .patch(`/api/v1/users/${officer.id}`)
      .set(bearer(admin))
      .send({ version: user.body.version, disabled: true })
      .expect(200);
    await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: officer.username, password: TEST_PASSWORD })
      .expect(401);

    const second = await t.createUser('officer', station.id);
    const secondUser = await t.http().get(`/api/v1/users/${second.id}`).set(bearer(admin)).expect(200);
    await t
      .http()
      .patch(`/api/v1/users/${second.id}`)
      .set(bearer(admin))
      .send({ version: secondUser.body.version, password: 'a-brand-new-password' })
      .expect(200);
    await t.http().get('/api/v1/auth/me').set(bearer(second)).expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: second.username, password: 'a-brand-new-password' })
      .expect(200);
  });

  it('expires idle sessions', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    await t.ds.query(`UPDATE sessions SET last_seen_at = now() - interval '1 day' WHERE user_id = $1`, [
      officer.id,
    ]);
    const res = await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(401);
    expect(res.body.code).toBe('auth.session_expired');
  });

  it('accepts passwords of 12 to 128 characters and rejects shorter ones with field details', async () => {
    const admin = await t.createUser('admin', null);
    const long = 'p'.repeat(128);
    await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: 'longpass_user', displayName: 'L', role: 'hq', password: long })
      .expect(201);
    await t.http().post('/api/v1/auth/login').send({ username: 'longpass_user', password: long }).expect(200);
    const short = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: 'shortpass_user', displayName: 'S', role: 'hq', password: 'eleven-char' })
      .expect(400);
    expect(short.body.details).toEqual([{ field: 'password', message: expect.any(String) }]);
    expect(short.body.code).toBe('auth.weak_password');
  });

  it('rejects a missing or malformed bearer token with 401', async () => {
    await t.http().get('/api/v1/auth/me').expect(401);
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer not-a-token').expect(401);
  });
});
