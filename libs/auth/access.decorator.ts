import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Role } from './entities/user.entity';
import type { RequestUser } from '../http/request-context';

export const ACCESS_KEY = 'outreach:access';

/**
 * Who may call a route. Every route declares one (a test enumerates them):
 * - `public`: no token needed (login, health);
 * - `roles`: the roles allowed; station scoping of the data is done by the service with
 *   `stationScope()`, so records of another station answer 404.
 */
export type AccessRule = { public: true } | { public?: false; roles: readonly Role[] };

export const ALL_ROLES: readonly Role[] = ['officer', 'manager', 'hq', 'admin'];
export const STATION_ROLES: readonly Role[] = ['officer', 'manager'];

export function Access(rule: AccessRule): MethodDecorator & ClassDecorator {
  return rule.public
    ? applyDecorators(SetMetadata(ACCESS_KEY, rule))
    : applyDecorators(SetMetadata(ACCESS_KEY, rule), ApiBearerAuth());
}

/** The authenticated user of this request. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: RequestUser }>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});
