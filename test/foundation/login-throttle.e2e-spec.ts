import { LoginThrottleService } from '../../libs/auth/login-throttle.service';
import { TEST_PASSWORD, TestApp } from '../helpers/test-app';

/**
 * Login throttling (issue 12): per account, per (address, account), and per address for unknown
 * usernames only, with locks that double; 429 with Retry-After and `auth.locked_out`.
 * LOGIN_MAX_FAILURES=3 → account and pair lock after 3 failures, an address after 12 unknown names.
 */
describe('login throttle (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '1' });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, address: string) =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ username, password });

  /** Ends the locks of the given scope and key, as if their time had passed. */
  const expire = (scope: string, key: string) =>
    t.ds.query(
      `UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE scope = $1 AND key = $2`,
      [scope, key],
    );

  const expectLocked = (res: { status: number; headers: Record<string, string>; body: { code: string } }) => {
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('auth.locked_out');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    return retryAfter;
  };

  it("a spray of unknown names from one address does not lock a known user's correct login from it", async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const nat = '198.51.100.7';
    for (let i = 0; i < 12; i++) {
      const res = await login(`nobody-${i}-${Date.now()}`, 'whatever-123', nat);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.invalid_credentials');
    }
    // The address is now limited for unknown names…
    const sprayed = await login('nobody-more', 'whatever-123', nat);
    expect(expectLocked(sprayed)).toBeLessThanOrEqual(60);
    // …and a wrong password of a real account from there answers the same, so it tells nothing…
    const wrong = await login(officer.username, 'wrong-password', nat);
    expectLocked(wrong);
    expect(wrong.body.message).toBe(sprayed.body.message);
    // …but the station's real user with the right password gets in from the same address.
    await login(officer.username, TEST_PASSWORD, nat).expect(200);
    // Other addresses are not concerned.
    const elsewhere = await login('nobody-else', 'whatever-123', '198.51.100.8');
    expect(elsewhere.status).toBe(401);
  });

  it('locks an account after LOGIN_MAX_FAILURES from any address, each lock twice the one before', async () => {
    const station = await t.createStation();
    const victim = await t.createUser('officer', station.id);
    const other = await t.createUser('officer', station.id);
    for (let i = 0; i < 3; i++) await login(victim.username, 'bad-password', `203.0.113.${i}`).expect(401);
    const first = expectLocked(await login(victim.username, TEST_PASSWORD, '203.0.113.50'));
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThanOrEqual(60);
    // The lock answers before the password is checked, for known and unknown names alike.
    await login(other.username, TEST_PASSWORD, '203.0.113.50').expect(200);

    await expire('account', victim.username);
    for (let i = 0; i < 3; i++)
      await login(victim.username, 'bad-password', `203.0.113.${10 + i}`).expect(401);
    const second = expectLocked(await login(victim.username, TEST_PASSWORD, '203.0.113.50'));
    expect(second).toBeGreaterThan(110);
    expect(second).toBeLessThanOrEqual(120);

    await expire('account', victim.username);
    for (let i = 0; i < 3; i++)
      await login(victim.username, 'bad-password', `203.0.113.${20 + i}`).expect(401);
    const third = expectLocked(await login(victim.username, TEST_PASSWORD, '203.0.113.50'));
    expect(third).toBeGreaterThan(230);
    expect(third).toBeLessThanOrEqual(240);

    // Once the lock is over, the right password gets in and clears the account's record.
    await expire('account', victim.username);
    await login(victim.username, TEST_PASSWORD, '203.0.113.50').expect(200);
    const rows = await t.ds.query(`SELECT 1 FROM login_throttles WHERE scope = 'account' AND key = $1`, [
      victim.username,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('unknown usernames lock like known ones, so a lock does not tell whether a name exists', async () => {
    const name = `ghost-${Date.now()}`;
    for (let i = 0; i < 3; i++) await login(name, 'bad-password', `192.0.2.${i}`).expect(401);
    expectLocked(await login(name, 'bad-password', '192.0.2.99'));
  });

  it('keeps growing the lock of (address, account) while the real user logs in from elsewhere', async () => {
    const station = await t.createStation();
    const victim = await t.createUser('officer', station.id);
    const attacker = '203.0.113.200';
    const office = '203.0.113.201';
    for (let i = 0; i < 3; i++) await login(victim.username, 'bad-password', attacker).expect(401);
    expectLocked(await login(victim.username, TEST_PASSWORD, office));
    // The account's lock ends; the real user logs in from the office (clearing the account count).
    await expire('account', victim.username);
    await expire('pair', `${attacker}|${victim.username}`);
    await login(victim.username, TEST_PASSWORD, office).expect(200);
    // The attacker's next round locks the account for the first length again, but the pair for twice.
    for (let i = 0; i < 3; i++) await login(victim.username, 'bad-password', attacker).expect(401);
    const fromAttacker = expectLocked(await login(victim.username, TEST_PASSWORD, attacker));
    expect(fromAttacker).toBeGreaterThan(110);
    const fromOffice = expectLocked(await login(victim.username, TEST_PASSWORD, office));
    expect(fromOffice).toBeLessThanOrEqual(60);
    // When the account's lock is over the office gets in; the attacker's address stays locked.
    await expire('account', victim.username);
    await login(victim.username, TEST_PASSWORD, office).expect(200);
    expectLocked(await login(victim.username, TEST_PASSWORD, attacker));
  });

  it('lets no more than LOGIN_MAX_FAILURES parallel guesses through to the password check', async () => {
    const station = await t.createStation();
    const victim = await t.createUser('officer', station.id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(victim.username, `guess-${i}`, `192.0.2.${100 + (i % 5)}`)),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    const checked = await t.auditEvents({ entityId: victim.id, action: 'auth.login_failed' });
    expect(checked).toHaveLength(3);
    // the three failures locked the account
    expectLocked(await login(victim.username, TEST_PASSWORD, '192.0.2.110'));
  });

  it('answers the same 401 for an unknown user and a wrong password', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const unknown = await login('nobody-at-all', 'whatever-123', '192.0.2.150');
    const wrong = await login(officer.username, 'wrong-password', '192.0.2.151');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(unknown.headers['retry-after']).toBeUndefined();
  });

  it('forgets counts after a quiet day and sweeps the rows', async () => {
    const name = `sweep-${Date.now()}`;
    await login(name, 'bad-password', '192.0.2.200').expect(401);
    await t.ds.query(
      `UPDATE login_throttles SET last_failure_at = now() - interval '25 hours', window_started_at = now() - interval '25 hours'
        WHERE key = $1 OR key LIKE $2`,
      [name, `%|${name}`],
    );
    const swept = await t.app.get(LoginThrottleService).sweep();
    expect(swept).toBeGreaterThanOrEqual(2);
    const left = await t.ds.query(`SELECT 1 FROM login_throttles WHERE key = $1 OR key LIKE $2`, [
      name,
      `%|${name}`,
    ]);
    expect(left).toHaveLength(0);
  });
});
