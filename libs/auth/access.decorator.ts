import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Role } from './entities/user.entity';
import type { RequestUser } from '../http/request-context';

export const ACCESS_KEY = 'outreach:access';

/**
 * A step a signed-in user must take before anything else: set their own password (it was set by
 * an admin or at first start), or enrol a second factor (their role requires one).
 */
export type AccessGate = 'password_change' | 'mfa_enrollment';
export const ACCESS_GATES: readonly AccessGate[] = ['password_change', 'mfa_enrollment'];

/**
 * Who may call a route. Every route declares one (a test enumerates them):
 * - `public`: no token needed (login, health);
 * - `roles`: the roles allowed; station scoping of the data is done by the service with
 *   `stationScope()`, so records of another station answer 404;
 * - `allowWhile`: the gates under which the route stays open (logout, /me, the password change,
 *   the enrolment). Every other route answers 403 to a gated user: the default is closed.
 */
export type AccessRule =
  { public: true } | { public?: false; roles: readonly Role[]; allowWhile?: readonly AccessGate[] };

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
