import { DomainError } from '../domain-error';

export const RateLimitErrors = {
  limited: (retryAfterSeconds: number) =>
    new DomainError(
      'too_many_requests',
      'common.rate_limited',
      `リクエストが多すぎます。${retryAfterSeconds}秒後に再度お試しください (too many requests)`,
      undefined,
      { retryAfterSeconds },
    ),
};
