import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ACCESS_KEY, AccessRule } from '../../libs/auth/access.decorator';
import { TestApp } from '../helpers/test-app';

interface Route {
  route: string;
  rule: AccessRule | undefined;
}

/** Every route of the app with the access rule that applies to it. */
function listRoutes(t: TestApp): Route[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    const metatype = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
    if (!instance || !metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const controllerPath = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const rule = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, metatype)) as
        AccessRule | undefined;
      routes.push({
        route: `${method} /${controllerPath}/${path}`.replace(/\/+/g, '/').replace(/\/$/, ''),
        rule,
      });
    }
  }
  return routes;
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
