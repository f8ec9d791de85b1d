import { applyDecorators, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import type { RequestUser } from '../request-context';
import { RateLimitErrors } from './rate-limit.errors';

/** The limits, each a setting RATE_LIMIT_<NAME>_PER_MINUTE (libs/config/app-config.ts). */
export const RATE_LIMITS = ['exports', 'reports', 'import', 'search'] as const;
export type RateLimitName = (typeof RATE_LIMITS)[number];

const RATE_LIMIT_KEY = 'outreach:rate-limit';

interface RateLimitRule {
  name: RateLimitName;
  /** Count only requests that carry this query parameter (e.g. a search's `q`). */
  withQuery?: string;
}

/** The rule of the route being handled, if it has one. */
export function rateLimitRule(context: ExecutionContext): RateLimitRule | undefined {
  return Reflect.getMetadata(RATE_LIMIT_KEY, context.getHandler()) as RateLimitRule | undefined;
}

/**
 * Counts the route's requests per user against the named limit (all routes with the same name share
 * one count); past it, 429 `common.rate_limited` with Retry-After (documented by the controller's
 * @ApiErrorResponses). Runs after the access guard, so the user is known.
 */
export function RateLimit(name: RateLimitName, options: { withQuery?: string } = {}) {
  return applyDecorators(
    SetMetadata(RATE_LIMIT_KEY, { name, withQuery: options.withQuery } satisfies RateLimitRule),
    UseGuards(RateLimitGuard),
  );
}

/**
 * @nestjs/throttler's guard, keyed by user id (not address: a station shares one) and by limit
 * name (not route), answering in the API's error shape. The storage is PostgreSQL
 * (PgThrottlerStorage), shared by all instances.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const rule = rateLimitRule(context);
    if (!rule) return Promise.resolve(true);
    if (rule.withQuery) {
      const value = context.switchToHttp().getRequest<Request>().query[rule.withQuery];
      if (value === undefined || value === '') return Promise.resolve(true);
    }
    return Promise.resolve(false);
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as RequestUser | undefined;
    return Promise.resolve(user ? `user:${user.id}` : `address:${String(req.ip)}`);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw RateLimitErrors.limited(Math.max(1, detail.timeToBlockExpire));
  }
}
