import type { AccessRule } from '../../libs/auth/access.decorator';
import { appRoutes } from '../helpers/routes';
import { TestApp } from '../helpers/test-app';

/** Every route of the app (`GET /api/v1/visits/:id`) with the access rule that applies to it. */
function listRoutes(t: TestApp): { route: string; rule: AccessRule | undefined }[] {
  return appRoutes(t).map((r) => ({ route: `${r.method} ${r.path}`, rule: r.rule }));
}

describe('access rules (every route declares who may call it)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('finds the routes of every feature', () => {
    const routes = listRoutes(t).map((r) => r.route);
    expect(routes).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/users', 'GET /health']),
    );
    expect(routes.length).toBeGreaterThan(10);
  });

  it('has an @Access rule on every route', () => {
    const missing = listRoutes(t)
      .filter((r) => !r.rule)
      .map((r) => r.route);
    expect(missing).toEqual([]);
  });

  it('makes only login and the health probes public', () => {
    const publicRoutes = listRoutes(t)
      .filter((r) => r.rule?.public)
      .map((r) => r.route)
      .sort();
    expect(publicRoutes).toEqual([
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'POST /api/v1/auth/login',
    ]);
  });

  it('lists every route in the OpenAPI document', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops))
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const undocumented = listRoutes(t)
      .map((r) => r.route)
      .filter((r) => !documented.has(r));
    expect(undocumented).toEqual([]);
  });
});
