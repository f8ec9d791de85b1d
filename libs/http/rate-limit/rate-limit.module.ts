import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { PgThrottlerStorage } from './pg-throttler.storage';
import { RATE_LIMITS, rateLimitRule } from './rate-limit.guard';

/** One minute windows; a user past a limit waits until a minute after the hit that crossed it. */
const WINDOW_MS = 60_000;

/**
 * The rate limits of the expensive routes (`@RateLimit(name)` on a route): per user and minute,
 * counted in PostgreSQL so that several instances share them.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource) => ({
        storage: new PgThrottlerStorage(dataSource),
        setHeaders: false,
        throttlers: RATE_LIMITS.map((name) => ({
          name,
          ttl: WINDOW_MS,
          limit: Math.max(1, config.rateLimits[name]),
          // Each route counts against its own limit only; 0 in the settings turns a limit off.
          skipIf: (context) => config.rateLimits[name] === 0 || rateLimitRule(context)?.name !== name,
        })),
      }),
    }),
  ],
})
export class RateLimitModule {}
