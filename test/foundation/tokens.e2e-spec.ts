import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, TEST_PASSWORD, TestApp, TestUser } from '../helpers/test-app';

/** The bearer token travels in the Authorization header only; API answers are never cached. */
describe('tokens and caching (e2e)', () => {
  let t: TestApp;
  let web: string;
  beforeAll(async () => {
    web = await mkdtemp(join(tmpdir(), 'outreach-web-'));
    await mkdir(join(web, 'assets'));
    await writeFile(join(web, 'index.html'), '<!doctype html><title>web</title>');
    await writeFile(join(web, 'assets', 'app.js'), 'console.log(1)');
    t = await TestApp.create({ WEB_DIST_DIR: web });
  });
  afterAll(async () => {
    await t.close();
    await rm(web, { recursive: true, force: true });
  });

  const stillValid = (user: TestUser) => t.http().get('/api/v1/auth/me').set(bearer(user)).expect(200);

  describe('the token', () => {
    it('is refused in the query string (?access_token=)', async () => {
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      const res = await t.http().get('/api/v1/auth/me').query({ access_token: officer.token }).expect(401);
      const none = await t.http().get('/api/v1/auth/me').expect(401);
      expect(res.body.code).toBe(none.body.code);
      await t.http().get(`/api/v1/organizations?access_token=${officer.token}`).expect(401);
      await stillValid(officer);
    });

    it('is refused in a JSON or form body (access_token)', async () => {
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      await t.http().post('/api/v1/auth/logout').send({ access_token: officer.token }).expect(401);
      await t
        .http()
        .post('/api/v1/auth/logout')
        .type('form')
        .send({ access_token: officer.token })
        .expect(401);
      // Nothing was logged out: the token still works.
      await stillValid(officer);
    });

    it('is read from the Authorization header, whatever a body or query also says', async () => {
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      await t
        .http()
        .get('/api/v1/auth/me')
        .query({ access_token: 'something-else' })
        .set(bearer(officer))
        .expect(200);
      await t
        .http()
        .post('/api/v1/auth/logout')
        .set(bearer(officer))
        .send({ access_token: 'something-else' })
        .expect(204);
      await t.http().get('/api/v1/auth/me').set(bearer(officer)).expect(401);
    });
  });

  describe('Cache-Control: no-store', () => {
    it('is on every API answer: login, errors, reads, documents, health', async () => {
      const station = await t.createStation();
      const officer = await t.createUser('officer', station.id);
      const answers = await Promise.all([
        t.http().post('/api/v1/auth/login').send({ username: officer.username, password: TEST_PASSWORD }),
        t.http().post('/api/v1/auth/login').send({ username: officer.username, password: 'wrong-password' }),
        t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"broken'),
        t.http().get('/api/v1/auth/me').set(bearer(officer)),
        t.http().get('/api/v1/auth/me'),
        t.http().get('/api/v1/organizations').set(bearer(officer)),
        t.http().get('/api/v1/organizations').query({ pageSize: 'many' }).set(bearer(officer)),
        t.http().get('/api/v1/no-such-route').set(bearer(officer)),
        t.http().get('/api/docs-json'),
        t.http().get('/health'),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 401, 400, 200, 401, 200, 400, 404, 200, 200]);
      expect(answers.map((r) => r.headers['cache-control'])).toEqual(answers.map(() => 'no-store'));
    });

    it("leaves the web UI's static files their own caching", async () => {
      const asset = await t.http().get('/assets/app.js').expect(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const page = await t.http().get('/organizations/some-client-route').expect(200);
      expect(page.text).toContain('<title>web</title>');
      expect(page.headers['cache-control']).not.toContain('no-store');
    });
  });
});
