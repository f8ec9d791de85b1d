import { randomBytes } from 'node:crypto';
import { createAdmin } from '../../apps/api/src/cli/create-admin.command';
import { seedDemoIfEmpty } from '../../apps/api/src/demo/demo-seed';
import { ConfigError, loadConfig } from '../../libs/config/app-config';
import { routesNotGated } from '../helpers/routes';
import { bearer, TEST_PASSWORD, TestApp, TestUser } from '../helpers/test-app';

const NEW_PASSWORD = 'quiet-harbor-lantern-42';
const login = (t: TestApp, username: string, password: string, userAgent?: string) => {
  const req = t.http().post('/api/v1/auth/login');
  if (userAgent) void req.set('User-Agent', userAgent);
  return req.send({ username, password });
};
const uniq = () => randomBytes(4).toString('hex');

/** A user made by an admin through the API: their password is a one-time password. */
async function adminCreatedUser(
  t: TestApp,
  admin: TestUser,
  fields: Partial<{ role: string; stationId: string | null; displayName: string; password: string }> = {},
) {
  const username = `new_${uniq()}`;
  const password = fields.password ?? 'one-time-pass-7781';
  const res = await t
    .http()
    .post('/api/v1/users')
    .set(bearer(admin))
    .send({
      username,
      displayName: fields.displayName ?? '新規 利用者',
      role: fields.role ?? 'hq',
      stationId: fields.stationId ?? undefined,
      password,
    })
    .expect(201);
  expect(res.body.mustChangePassword).toBe(true);
  return { id: res.body.id as string, username, password };
}

describe('accounts: own password change, one-time passwords, password rules, sessions (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  describe('own password change', () => {
    it('answers 204, ends the other sessions, keeps this one, and is audited', async () => {
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      const other = (await login(t, officer.username, TEST_PASSWORD).expect(200)).body.accessToken as string;
      await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(officer))
        .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
        .expect(204);
      await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(200);
      await t.http().get('/api/v1/organizations').set(bearer(officer)).expect(200);
      await t
        .http()
        .get('/api/v1/auth/me')
        .set(bearer({ token: other }))
        .expect(401);
      await login(t, officer.username, TEST_PASSWORD).expect(401);
      await login(t, officer.username, NEW_PASSWORD).expect(200);
      const [event] = await t.auditEvents({ entityId: officer.id, action: 'auth.password_change' });
      expect(event).toMatchObject({ actor_id: officer.id, entity_type: 'user' });
      expect(event.changes).toMatchObject({
        password: { before: '***', after: '***' },
        otherSessionsEnded: 1,
      });
      expect(JSON.stringify(event.changes)).not.toContain(NEW_PASSWORD);
    });

    it('refuses a wrong current password with 400 and changes nothing', async () => {
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      const res = await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(officer))
        .send({ currentPassword: 'not-my-password-at-all', newPassword: NEW_PASSWORD })
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'auth.wrong_password',
        details: [{ field: 'currentPassword', message: expect.any(String) }],
      });
      await login(t, officer.username, TEST_PASSWORD).expect(200);
      const failed = await t.auditEvents({ entityId: officer.id, action: 'auth.password_change_failed' });
      expect(failed).toHaveLength(1);
      // Missing fields are plain validation errors.
      const missing = await t.http().post('/api/v1/auth/password').set(bearer(officer)).send({}).expect(400);
      expect([...new Set(missing.body.details.map((d: { field: string }) => d.field))].sort()).toEqual([
        'currentPassword',
        'newPassword',
      ]);
    });
  });

  describe('password rules (ASVS 6.2)', () => {
    let station: { id: string; name: string };
    let officer: TestUser;
    beforeAll(async () => {
      station = await t.createStation({ name: '岩国警察署' });
      officer = await t.createUser('officer', station.id, { displayName: '岩国署 警備課 田中 一郎' });
    });

    const change = (newPassword: string) =>
      t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(officer))
        .send({ currentPassword: TEST_PASSWORD, newPassword });

    it.each([
      ['11 characters', 'eleven-char'],
      ['129 characters', 'x'.repeat(129)],
      ['a common password', 'qwerty123456'],
      ['a common password in capitals', 'QWERTY123456'],
      ['a common password in full-width letters', 'ｐａｓｓｗｏｒｄ１２３４'],
      ['the username', 'USERNAME'],
      ['the username in full-width capitals', 'FULLWIDTH'],
      ['the display name', 'わたしは田中です二〇二四年'],
      ['the station name', '岩国の錦帯橋は美しい橋です'],
      ['the current password', TEST_PASSWORD],
    ])('refuses %s with 400 auth.weak_password on newPassword', async (_what, raw) => {
      const fullWidth = (s: string) =>
        [...s.toUpperCase()].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
      const password =
        raw === 'USERNAME'
          ? `my-${officer.username.toUpperCase()}-pass`
          : raw === 'FULLWIDTH'
            ? `${fullWidth(officer.username.replace('_', ''))}！`
            : raw;
      const res = await change(password).expect(400);
      expect(res.body).toMatchObject({
        code: 'auth.weak_password',
        details: [{ field: 'newPassword', message: expect.stringMatching(/[ぁ-んァ-ン一-龥]/) }],
      });
      await login(t, officer.username, TEST_PASSWORD).expect(200);
    });

    it('lets the user try one rule-breaking password after another without a lock', async () => {
      for (let i = 0; i < t.config.login.maxFailures + 2; i++) await change(`qwerty123456`).expect(400);
      await change('still-fine-password-x').expect(204);
      await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(officer))
        .send({ currentPassword: 'still-fine-password-x', newPassword: TEST_PASSWORD })
        .expect(204);
    });

    it('counts wrong current passwords like failed logins (429 past the limit)', async () => {
      const target = await t.createUser('officer', station.id);
      const statuses: number[] = [];
      for (let i = 0; i < t.config.login.maxFailures + 1; i++) {
        const res = await t
          .http()
          .post('/api/v1/auth/password')
          .set(bearer(target))
          .send({ currentPassword: `guess-number-${i}`, newPassword: NEW_PASSWORD });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, t.config.login.maxFailures)).toEqual(
        Array(t.config.login.maxFailures).fill(400),
      );
      expect(statuses.at(-1)).toBe(429);
    });

    it('accepts 12 and 128 characters, and any script', async () => {
      const extra = await t.createUser('officer', station.id);
      let current = TEST_PASSWORD;
      for (const password of [
        'twelve-chars',
        'k'.repeat(128),
        '霧島の湧水で淹れた朝の緑茶',
        'päßwörd-ñ-üñí-😀😀',
      ]) {
        await t
          .http()
          .post('/api/v1/auth/password')
          .set(bearer(extra))
          .send({ currentPassword: current, newPassword: password })
          .expect(204);
        current = password;
        await login(t, extra.username, password).expect(200);
      }
    });

    it('applies the rules to admin creates and resets too (field password)', async () => {
      const admin = await t.createUser('admin', null);
      const create = (username: string, password: string, displayName = '鈴木 花子') =>
        t
          .http()
          .post('/api/v1/users')
          .set(bearer(admin))
          .send({ username, displayName, role: 'officer', stationId: station.id, password });
      for (const [username, password] of [
        [`u_${uniq()}`, 'short-pass'],
        [`u_${uniq()}`, 'iloveyou1234'],
        ['sato_hanako', 'Sato_Hanako-2024'],
        [`u_${uniq()}`, '鈴木さんの秘密の合言葉です'],
        [`u_${uniq()}`, 'わたしの岩国警察署パスワード'],
      ]) {
        const res = await create(username, password).expect(400);
        expect(res.body).toMatchObject({ code: 'auth.weak_password', details: [{ field: 'password' }] });
      }
      const ok = await create(`u_${uniq()}`, 'plenty-of-birch-trees').expect(201);
      const reset = await t
        .http()
        .patch(`/api/v1/users/${ok.body.id}`)
        .set(bearer(admin))
        .send({ version: ok.body.version, password: 'password1234' })
        .expect(400);
      expect(reset.body).toMatchObject({ code: 'auth.weak_password', details: [{ field: 'password' }] });
      // The display name the same request sets is checked too.
      const renamed = await t
        .http()
        .patch(`/api/v1/users/${ok.body.id}`)
        .set(bearer(admin))
        .send({ version: ok.body.version, displayName: '北斗 七星', password: 'hokuto-北斗-secret' })
        .expect(400);
      expect(renamed.body.code).toBe('auth.weak_password');
    });

    it('applies them to the CLI create-admin, whose admin sets their own password', async () => {
      const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        await expect(
          createAdmin(t.app, { username: `cli_${uniq()}`, password: 'qwertyuiop123' }),
        ).rejects.toMatchObject({ code: 'auth.weak_password' });
        const username = `cli_${uniq()}`;
        await expect(createAdmin(t.app, { username, password: 'granite-owl-meadow' })).resolves.toBe(0);
        const res = await login(t, username, 'granite-owl-meadow').expect(200);
        expect(res.body.user).toMatchObject({ role: 'admin', mustChangePassword: false });
      } finally {
        write.mockRestore();
      }
    });
  });

  describe('passwords set by someone else', () => {
    it('must be changed: mustChangePassword at login and /me, every other route 403 until then', async () => {
      const admin = await t.createUser('admin', null);
      const user = await adminCreatedUser(t, admin);
      const res = await login(t, user.username, user.password).expect(200);
      expect(res.body.user).toMatchObject({ mustChangePassword: true, mfaEnrollmentRequired: false });
      const token = res.body.accessToken as string;
      const me = await t.http().get('/api/v1/auth/me').set(bearer({ token })).expect(200);
      expect(me.body.mustChangePassword).toBe(true);
      const denied = await t.http().get('/api/v1/organizations').set(bearer({ token })).expect(403);
      expect(denied.body).toMatchObject({
        code: 'auth.password_change_required',
        message: expect.any(String),
      });
      // Every route class — reads, writes, admin, exports, the account's own sessions and MFA.
      const open = await routesNotGated(t, token, 'auth.password_change_required', [
        'GET /api/v1/auth/me',
        'POST /api/v1/auth/logout',
        'POST /api/v1/auth/password',
      ]);
      expect(open).toEqual([]);
      await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer({ token }))
        .send({ currentPassword: user.password, newPassword: NEW_PASSWORD })
        .expect(204);
      const after = await t.http().get('/api/v1/auth/me').set(bearer({ token })).expect(200);
      expect(after.body.mustChangePassword).toBe(false);
      await t.http().get('/api/v1/stations').set(bearer({ token })).expect(200);
      const again = await login(t, user.username, NEW_PASSWORD).expect(200);
      expect(again.body.user.mustChangePassword).toBe(false);
    });

    it('comes again with an admin reset, which ends the sessions', async () => {
      const admin = await t.createUser('admin', null);
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      const before = await t.http().get(`/api/v1/users/${officer.id}`).set(bearer(admin)).expect(200);
      expect(before.body.mustChangePassword).toBe(false);
      const reset = await t
        .http()
        .patch(`/api/v1/users/${officer.id}`)
        .set(bearer(admin))
        .send({ version: before.body.version, password: 'temporary-cedar-9921' })
        .expect(200);
      expect(reset.body.mustChangePassword).toBe(true);
      await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(401);
      const res = await login(t, officer.username, 'temporary-cedar-9921').expect(200);
      expect(res.body.user.mustChangePassword).toBe(true);
      await t
        .http()
        .get('/api/v1/visits')
        .set(bearer({ token: res.body.accessToken }))
        .expect(403);
    });

    it('logout works while the change is due', async () => {
      const admin = await t.createUser('admin', null);
      const user = await adminCreatedUser(t, admin);
      const token = (await login(t, user.username, user.password).expect(200)).body.accessToken as string;
      await t.http().post('/api/v1/auth/logout').set(bearer({ token })).expect(204);
      await t.http().get('/api/v1/auth/me').set(bearer({ token })).expect(401);
    });

    it('expire after 7 days: 401 auth.password_expired, telling to ask the admin', async () => {
      const admin = await t.createUser('admin', null);
      const user = await adminCreatedUser(t, admin);
      await t.ds.query(
        `UPDATE users SET password_changed_at = now() - interval '6 days 23 hours' WHERE id = $1`,
        [user.id],
      );
      await login(t, user.username, user.password).expect(200);
      await t.ds.query(
        `UPDATE users SET password_changed_at = now() - interval '7 days 1 minute' WHERE id = $1`,
        [user.id],
      );
      const expired = await login(t, user.username, user.password).expect(401);
      expect(expired.body.code).toBe('auth.password_expired');
      expect(expired.body.message).toMatch(/管理者/);
      // A wrong password still answers the plain 401: the expiry tells nothing to a guesser.
      const wrong = await login(t, user.username, 'a-wrong-password-here').expect(401);
      expect(wrong.body.code).toBe('auth.invalid_credentials');
      const [event] = await t.auditEvents({ entityId: user.id, action: 'auth.login_failed' });
      expect(event.changes.reason).toBe('password_expired');
      // An admin reset issues a new one.
      const current = await t.http().get(`/api/v1/users/${user.id}`).set(bearer(admin)).expect(200);
      await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(bearer(admin))
        .send({ version: current.body.version, password: 'second-chance-pass' })
        .expect(200);
      await login(t, user.username, 'second-chance-pass').expect(200);
      // A password the user chose themselves does not expire.
      const station = await t.createStation();
      const own = await t.createUser('officer', station.id);
      await t.ds.query(`UPDATE users SET password_changed_at = now() - interval '400 days' WHERE id = $1`, [
        own.id,
      ]);
      await login(t, own.username, TEST_PASSWORD).expect(200);
    });

    it('reads the expiry from ONE_TIME_PASSWORD_DAYS, validated', () => {
      expect(loadConfig({}).accounts.oneTimePasswordDays).toBe(7);
      expect(loadConfig({ ONE_TIME_PASSWORD_DAYS: '3' }).accounts.oneTimePasswordDays).toBe(3);
      expect(() => loadConfig({ ONE_TIME_PASSWORD_DAYS: '0' })).toThrow(ConfigError);
      expect(() => loadConfig({ ONE_TIME_PASSWORD_DAYS: 'week' })).toThrow(/ONE_TIME_PASSWORD_DAYS/);
    });
  });

  describe('sessions', () => {
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
    const safari =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

    it('lists the user’s own live sessions with device, address and the current one', async () => {
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      const stranger = await t.createUser('officer', station.id);
      const pc = (await login(t, officer.username, TEST_PASSWORD, chrome).expect(200)).body.accessToken;
      const phone = (await login(t, officer.username, TEST_PASSWORD, safari).expect(200)).body.accessToken;
      const ended = (await login(t, officer.username, TEST_PASSWORD).expect(200)).body.accessToken;
      await t
        .http()
        .post('/api/v1/auth/logout')
        .set(bearer({ token: ended }))
        .expect(204);
      const res = await t
        .http()
        .get('/api/v1/auth/sessions')
        .set(bearer({ token: pc }))
        .expect(200);
      expect(res.body.items).toHaveLength(3); // the helper's login, pc, phone
      const mine = res.body.items.find((s: { current: boolean }) => s.current);
      expect(mine).toMatchObject({
        id: expect.any(String),
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        lastSeenAt: expect.any(String),
        expiresAt: expect.any(String),
        userAgent: chrome,
        device: 'Chrome / Windows',
        ipAddress: expect.any(String),
        current: true,
      });
      expect(res.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      expect(res.body.items.map((s: { device: string }) => s.device)).toContain('Safari / iOS');
      const theirs = await t.http().get('/api/v1/auth/sessions').set(bearer(stranger)).expect(200);
      expect(theirs.body.items).toHaveLength(1);
      expect(theirs.body.items[0].current).toBe(true);
      void phone;
    });

    it('ends one of the user’s own sessions; another user’s answers 404', async () => {
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      const stranger = await t.createUser('officer', station.id);
      const phone = (await login(t, officer.username, TEST_PASSWORD, safari).expect(200)).body.accessToken;
      const list = await t.http().get('/api/v1/auth/sessions').set(bearer(officer)).expect(200);
      const phoneSession = list.body.items.find((s: { current: boolean }) => !s.current);
      const strangers = await t.http().get('/api/v1/auth/sessions').set(bearer(stranger)).expect(200);
      const strangerSession = strangers.body.items[0].id as string;

      const notMine = await t
        .http()
        .delete(`/api/v1/auth/sessions/${strangerSession}`)
        .set(bearer(officer))
        .expect(404);
      expect(notMine.body.code).toBe('session.not_found');
      await t.http().get('/api/v1/auth/me').set(bearer(stranger)).expect(200);
      await t.http().delete(`/api/v1/auth/sessions/${randomUuid()}`).set(bearer(officer)).expect(404);
      await t.http().delete('/api/v1/auth/sessions/not-a-uuid').set(bearer(officer)).expect(404);

      await t.http().delete(`/api/v1/auth/sessions/${phoneSession.id}`).set(bearer(officer)).expect(204);
      await t
        .http()
        .get('/api/v1/auth/me')
        .set(bearer({ token: phone }))
        .expect(401);
      await t.http().delete(`/api/v1/auth/sessions/${phoneSession.id}`).set(bearer(officer)).expect(404);
      const [event] = await t.auditEvents({ entityId: phoneSession.id, action: 'auth.session_revoked' });
      expect(event).toMatchObject({ actor_id: officer.id, entity_type: 'session' });

      // Ending the current one is a logout.
      const current = list.body.items.find((s: { current: boolean }) => s.current);
      await t.http().delete(`/api/v1/auth/sessions/${current.id}`).set(bearer(officer)).expect(204);
      await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(401);
    });

    it('audits logins with their factors and logouts', async () => {
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      const [loginEvent] = await t
        .auditEvents({ action: 'auth.login' })
        .then((events) => events.filter((e: { actor_id: string }) => e.actor_id === officer.id));
      expect(loginEvent.changes).toEqual({ factors: ['password'] });
      const [session] = await t.ds.query(`SELECT user_agent FROM sessions WHERE user_id = $1`, [officer.id]);
      expect(session).toBeDefined();
    });
  });
});

describe('accounts: the demo’s one-time passwords (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('must be changed at first login and expire 7 days after the first start', async () => {
    const lines: string[] = [];
    expect(await seedDemoIfEmpty(t.ds, (m) => lines.push(m))).toBe(true);
    const printed = lines
      .map((l) => l.trim().split(/\s+/))
      .filter((p) => p.length === 3 && p[0] === 'officer');
    expect(printed).toHaveLength(1);
    const [, , password] = printed[0];
    const res = await login(t, 'officer', password).expect(200);
    expect(res.body.user.mustChangePassword).toBe(true);
    await t
      .http()
      .get('/api/v1/visits')
      .set(bearer({ token: res.body.accessToken }))
      .expect(403);

    const manager = lines.map((l) => l.trim().split(/\s+/)).find((p) => p[0] === 'manager')!;
    await t.ds.query(`UPDATE users SET created_at = now() - interval '8 days' WHERE username = 'manager'`);
    const expired = await login(t, 'manager', manager[2]).expect(401);
    expect(expired.body.code).toBe('auth.password_expired');
  });
});

function randomUuid(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
