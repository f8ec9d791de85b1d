import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ACCESS_KEY, AccessRule } from '../../libs/auth/access.decorator';
import type { TestApp } from './test-app';

export interface AppRoute {
  method: string;
  /** `/api/v1/visits/:id` */
  path: string;
  rule: AccessRule | undefined;
}

/** Every route of the app's controllers with the access rule that applies to it. */
export function appRoutes(t: TestApp): AppRoute[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const routes: AppRoute[] = [];
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
        method,
        path: `/${controllerPath}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'),
        rule,
      });
    }
  }
  return routes;
}

/** Calls a route with a placeholder id for each path parameter and an empty body. */
export function callRoute(t: TestApp, route: AppRoute, token: string) {
  const url = route.path.replace(/:\w+/g, '00000000-0000-4000-8000-000000000000');
  const auth = { Authorization: `Bearer ${token}` };
  const http = t.http();
  switch (route.method) {
    case 'GET':
      return http.get(url).set(auth);
    case 'DELETE':
      return http.delete(url).set(auth);
    case 'PATCH':
      return http.patch(url).set(auth).send({});
    case 'PUT':
      return http.put(url).set(auth).send({});
    default:
      return http.post(url).set(auth).send({});
  }
}

/**
 * The routes a gated user (forced password change, enrolment) may not call answer 403 with the
 * gate's code; answers the routes that did not, as `METHOD /path status code`.
 */
export async function routesNotGated(
  t: TestApp,
  token: string,
  code: string,
  allowed: readonly string[],
): Promise<string[]> {
  const wrong: string[] = [];
  for (const route of appRoutes(t)) {
    if (!route.rule || route.rule.public) continue;
    const name = `${route.method} ${route.path}`;
    if (allowed.includes(name)) continue;
    const res = await callRoute(t, route, token);
    if (res.status !== 403 || res.body?.code !== code)
      wrong.push(`${name} ${res.status} ${String(res.body?.code)}`);
  }
  return wrong;
}
