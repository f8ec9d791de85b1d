import { generate } from '@otplib/totp';
import { randomBytes } from 'node:crypto';
import { totpPlugins } from '../../libs/auth/totp';
import { ConfigError, loadConfig } from '../../libs/config/app-config';
import { routesNotGated } from '../helpers/routes';
import { bearer, TEST_PASSWORD, TestApp, TestUser } from '../helpers/test-app';

const KEY = randomBytes(32).toString('hex');
/** A TOTP code from the secret, made by otplib itself (30-second steps; `offset` in steps). */
const codeFor = (secret: string, offset = 0) =>
  generate({ ...totpPlugins, secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

const login = (t: TestApp, username: string, otp?: string) =>
  t
    .http()
    .post('/api/v1/auth/login')
    .send({ username, password: TEST_PASSWORD, ...(otp === undefined ? {} : { otp }) });

/** Lets the next login use the current code again (each code is accepted once). */
const forgetLastStep = (t: TestApp, userId: string) =>
  t.ds.query(`UPDATE users SET totp_last_step = NULL WHERE id = $1`, [userId]);

async function enrol(t: TestApp, user: TestUser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const start = await t.http().post('/api/v1/auth/mfa/totp').set(bearer(user)).expect(200);
  const secret = start.body.secret as string;
  const confirm = await t
    .http()
    .post('/api/v1/auth/mfa/totp/confirm')
    .set(bearer(user))
    .send({ otp: await codeFor(secret) })
    .expect(200);
  await forgetLastStep(t, user.id);
  return { secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
}

describe('MFA: TOTP enrolment, login with a second factor, recovery codes (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ MFA_ENCRYPTION_KEY: KEY });
  });
  afterAll(() => t.close());

  it('enrols in two steps; the secret is sealed at rest and never shown again', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const start = await t.http().post('/api/v1/auth/mfa/totp').set(bearer(officer)).expect(200);
    expect(start.body).toEqual({
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauthUrl: expect.any(String),
    });
    const url = new URL(start.body.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(start.body.secret);
    expect(decodeURIComponent(url.pathname)).toContain(officer.username);
    const [row] = await t.ds.query(`SELECT totp_secret, totp_enabled_at FROM users WHERE id = $1`, [
      officer.id,
    ]);
    expect(row.totp_enabled_at).toBeNull();
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(start.body.secret);
    // Not on yet: logins need no code.
    await login(t, officer.username).expect(200);

    const wrong = await t
      .http()
      .post('/api/v1/auth/mfa/totp/confirm')
      .set(bearer(officer))
      .send({ otp: '000000' })
      .expect(400);
    expect(wrong.body).toMatchObject({ code: 'auth.otp_invalid', details: [{ field: 'otp' }] });
    const confirm = await t
      .http()
      .post('/api/v1/auth/mfa/totp/confirm')
      .set(bearer(officer))
      .send({ otp: await codeFor(start.body.secret) })
      .expect(200);
    const codes = confirm.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await t.ds.query(`SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1`, [
      officer.id,
    ]);
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(codes[0].replace('-', ''));

    const status = await t.http().get('/api/v1/auth/mfa').set(bearer(officer)).expect(200);
    expect(status.body).toEqual({
      enabled: true,
      enabledAt: expect.any(String),
      recoveryCodesLeft: 10,
      required: false,
    });
    const me = await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(200);
    expect(me.body.mfaEnabled).toBe(true);
    const again = await t.http().post('/api/v1/auth/mfa/totp').set(bearer(officer)).expect(409);
    expect(again.body.code).toBe('auth.mfa_already_enabled');
    expect(JSON.stringify(again.body)).not.toContain(start.body.secret);
    const [event] = await t.auditEvents({ entityId: officer.id, action: 'auth.mfa_enabled' });
    expect(event.actor_id).toBe(officer.id);
  });

  it('ends the sessions signed in with the password alone once the second factor is on', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const other = await login(t, officer.username).expect(200);
    const otherToken = other.body.accessToken as string;
    await t
      .http()
      .get('/api/v1/auth/me')
      .set(bearer({ token: otherToken }))
      .expect(200);
    await enrol(t, officer);
    await t
      .http()
      .get('/api/v1/auth/me')
      .set(bearer({ token: otherToken }))
      .expect(401);
    await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(200);
    const [event] = await t.ds.query(
      `SELECT changes FROM audit_events WHERE action = 'auth.mfa_enabled' AND entity_id = $1`,
      [officer.id],
    );
    expect(event.changes.otherSessionsEnded).toBe(1);
  });

  it('refuses a confirmation before the enrolment started', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const res = await t
      .http()
      .post('/api/v1/auth/mfa/totp/confirm')
      .set(bearer(officer))
      .send({ otp: '123456' })
      .expect(409);
    expect(res.body.code).toBe('auth.mfa_not_started');
  });

  it('asks for the code at login, refuses a wrong one and a replayed one', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const { secret } = await enrol(t, officer);

    const without = await login(t, officer.username).expect(401);
    expect(without.body.code).toBe('auth.otp_required');
    // The wrong password answers as before, whether or not a code is given.
    const badPassword = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: officer.username, password: 'wrong-password-x', otp: await codeFor(secret) })
      .expect(401);
    expect(badPassword.body.code).toBe('auth.invalid_credentials');

    const wrong = await login(t, officer.username, '000000').expect(401);
    expect(wrong.body.code).toBe('auth.otp_invalid');
    const failures = await t.auditEvents({ entityId: officer.id, action: 'auth.login_failed' });
    expect(failures.map((e: { changes: { reason: string } }) => e.changes.reason)).toContain('wrong_otp');

    const code = await codeFor(secret);
    const ok = await login(t, officer.username, code).expect(200);
    expect(ok.body.user).toMatchObject({ mfaEnabled: true, mfaEnrollmentRequired: false });
    const replay = await login(t, officer.username, code).expect(401);
    expect(replay.body.code).toBe('auth.otp_invalid');
    // The next step's code (the ±1 window) is still good, once; then older ones are not.
    await login(t, officer.username, await codeFor(secret, 1)).expect(200);
    await login(t, officer.username, await codeFor(secret, 0)).expect(401);
    const [loginEvent] = (await t.auditEvents({ action: 'auth.login' })).filter(
      (e: { actor_id: string; changes: { factors: string[] } }) =>
        e.actor_id === officer.id && e.changes.factors.includes('totp'),
    );
    expect(loginEvent.changes.factors).toEqual(['password', 'totp']);
    // Two steps away is outside the window.
    await forgetLastStep(t, officer.id);
    await login(t, officer.username, await codeFor(secret, -3)).expect(401);
  });

  it('takes each recovery code once, however it is typed', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const { recoveryCodes } = await enrol(t, officer);
    const res = await login(t, officer.username, recoveryCodes[0]).expect(200);
    const again = await login(t, officer.username, recoveryCodes[0]).expect(401);
    expect(again.body.code).toBe('auth.otp_invalid');
    await login(t, officer.username, recoveryCodes[1].toUpperCase().replace('-', ' ')).expect(200);
    const status = await t
      .http()
      .get('/api/v1/auth/mfa')
      .set(bearer({ token: res.body.accessToken }))
      .expect(200);
    expect(status.body.recoveryCodesLeft).toBe(8);
    const used = await t.auditEvents({ entityId: officer.id, action: 'auth.recovery_code_used' });
    expect(used.map((e: { changes: { remaining: number } }) => e.changes.remaining)).toEqual([9, 8]);
  });

  it('turns off with the password and a code; another factor needs both right', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const { secret, recoveryCodes } = await enrol(t, officer);
    const wrongPassword = await t
      .http()
      .delete('/api/v1/auth/mfa')
      .set(bearer(officer))
      .send({ password: 'not-the-password', otp: await codeFor(secret) })
      .expect(400);
    expect(wrongPassword.body).toMatchObject({
      code: 'auth.wrong_password',
      details: [{ field: 'password' }],
    });
    const wrongCode = await t
      .http()
      .delete('/api/v1/auth/mfa')
      .set(bearer(officer))
      .send({ password: TEST_PASSWORD, otp: '000000' })
      .expect(400);
    expect(wrongCode.body).toMatchObject({ code: 'auth.otp_invalid', details: [{ field: 'otp' }] });
    await t
      .http()
      .delete('/api/v1/auth/mfa')
      .set(bearer(officer))
      .send({ password: TEST_PASSWORD, otp: recoveryCodes[3] })
      .expect(204);
    const [row] = await t.ds.query(
      `SELECT totp_secret, totp_enabled_at, (SELECT count(*)::int FROM mfa_recovery_codes WHERE user_id = $1) AS codes
         FROM users WHERE id = $1`,
      [officer.id],
    );
    expect(row).toEqual({ totp_secret: null, totp_enabled_at: null, codes: 0 });
    await login(t, officer.username).expect(200);
    const off = await t
      .http()
      .delete('/api/v1/auth/mfa')
      .set(bearer(officer))
      .send({ password: 'x', otp: 'y' });
    expect(off.status).toBe(409);
    expect(off.body.code).toBe('auth.mfa_not_enabled');
    const [event] = await t.auditEvents({ entityId: officer.id, action: 'auth.mfa_disabled' });
    expect(event.actor_id).toBe(officer.id);
  });

  it('takes recovery codes, not a 500, when the secret cannot be opened (key changed)', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const { secret, recoveryCodes } = await enrol(t, officer);
    // As if MFA_ENCRYPTION_KEY had been replaced: the sealed secret no longer opens.
    await t.ds.query(`UPDATE users SET totp_secret = 'v1.AAAA.BBBB.CCCC' WHERE id = $1`, [officer.id]);
    const res = await login(t, officer.username, await codeFor(secret)).expect(401);
    expect(res.body.code).toBe('auth.otp_invalid');
    await login(t, officer.username, recoveryCodes[0]).expect(200);
  });

  it('lets an admin remove a lost second factor, ending the sessions', async () => {
    const station = await t.createStation();
    const admin = await t.createUser('admin', null);
    const officer = await t.createUser('officer', station.id);
    await enrol(t, officer);
    const user = await t.http().get(`/api/v1/users/${officer.id}`).set(bearer(admin)).expect(200);
    expect(user.body.mfaEnabled).toBe(true);
    const reset = await t
      .http()
      .patch(`/api/v1/users/${officer.id}`)
      .set(bearer(admin))
      .send({ version: user.body.version, resetMfa: true })
      .expect(200);
    expect(reset.body.mfaEnabled).toBe(false);
    await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(401);
    await login(t, officer.username).expect(200);
    const [event] = await t.auditEvents({ entityId: officer.id, action: 'user.update' });
    expect(event.changes.mfa).toEqual({ before: 'totp', after: 'off' });
  });
});

describe('MFA: MFA_REQUIRED_ROLES (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ MFA_REQUIRED_ROLES: 'manager,admin' });
  });
  afterAll(() => t.close());

  it('holds a user of such a role to the enrolment until it is done', async () => {
    const station = await t.createStation();
    const manager = await t.createUser('manager', station.id);
    const res = await login(t, manager.username).expect(200);
    expect(res.body.user).toMatchObject({
      mfaEnabled: false,
      mfaEnrollmentRequired: true,
      mustChangePassword: false,
    });
    const token = res.body.accessToken as string;
    const denied = await t.http().get('/api/v1/coverage').set(bearer({ token })).expect(403);
    expect(denied.body.code).toBe('auth.mfa_enrollment_required');
    const open = await routesNotGated(t, token, 'auth.mfa_enrollment_required', [
      'GET /api/v1/auth/me',
      'POST /api/v1/auth/logout',
      'GET /api/v1/auth/mfa',
      'POST /api/v1/auth/mfa/totp',
      'POST /api/v1/auth/mfa/totp/confirm',
    ]);
    expect(open).toEqual([]);
    const status = await t.http().get('/api/v1/auth/mfa').set(bearer({ token })).expect(200);
    expect(status.body).toMatchObject({ enabled: false, required: true });

    const { secret } = await enrol(t, { ...manager, token });
    await t.http().get('/api/v1/organizations').set(bearer({ token })).expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(bearer({ token })).expect(200);
    expect(me.body).toMatchObject({ mfaEnabled: true, mfaEnrollmentRequired: false });
    await login(t, manager.username).expect(401);
    await login(t, manager.username, await codeFor(secret)).expect(200);
  });

  it('leaves other roles alone, and puts the password change first', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const res = await login(t, officer.username).expect(200);
    expect(res.body.user.mfaEnrollmentRequired).toBe(false);
    await t.http().get('/api/v1/organizations').set(bearer(officer)).expect(200);

    const admin = await t.createUser('admin', null);
    await enrol(t, admin); // admin is a required role here too
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({
        username: `boss_${randomBytes(3).toString('hex')}`,
        displayName: '新任 課長',
        role: 'manager',
        stationId: station.id,
        password: 'first-day-password',
      })
      .expect(201);
    const first = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: created.body.username, password: 'first-day-password' })
      .expect(200);
    expect(first.body.user).toMatchObject({ mustChangePassword: true, mfaEnrollmentRequired: true });
    const token = first.body.accessToken as string;
    const enrolFirst = await t.http().post('/api/v1/auth/mfa/totp').set(bearer({ token })).expect(403);
    expect(enrolFirst.body.code).toBe('auth.password_change_required');
    await t
      .http()
      .post('/api/v1/auth/password')
      .set(bearer({ token }))
      .send({ currentPassword: 'first-day-password', newPassword: 'evening-tide-pool-88' })
      .expect(204);
    const next = await t.http().get('/api/v1/visits').set(bearer({ token })).expect(403);
    expect(next.body.code).toBe('auth.mfa_enrollment_required');
    await t.http().post('/api/v1/auth/mfa/totp').set(bearer({ token })).expect(200);
  });

  it('defaults to manager,hq,admin with an external database and nobody embedded; validated', () => {
    expect(loadConfig({}).accounts.mfaRequiredRoles).toEqual([]);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/x' }).accounts.mfaRequiredRoles).toEqual([
      'manager',
      'hq',
      'admin',
    ]);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u:p@db/x', MFA_REQUIRED_ROLES: '' }).accounts.mfaRequiredRoles,
    ).toEqual([]);
    expect(loadConfig({ MFA_REQUIRED_ROLES: ' hq , officer' }).accounts.mfaRequiredRoles).toEqual([
      'hq',
      'officer',
    ]);
    expect(() => loadConfig({ MFA_REQUIRED_ROLES: 'boss' })).toThrow(ConfigError);
    expect(() => loadConfig({ MFA_ENCRYPTION_KEY: 'short' })).toThrow(/MFA_ENCRYPTION_KEY/);
    expect(loadConfig({ MFA_ENCRYPTION_KEY: KEY }).accounts.mfaEncryptionKey).toHaveLength(32);
    expect(
      loadConfig({ MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64') }).accounts.mfaEncryptionKey,
    ).toHaveLength(32);
  });
});
