import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One hit in this many also deletes a batch of finished rows (cheap, no timer, any instance). */
const SWEEP_EVERY = 100;
const SWEEP_BATCH = 500;

interface HitRow {
  hits: number;
  blocked: boolean;
  windowSeconds: number;
  blockSeconds: number;
}

/**
 * @nestjs/throttler's storage in PostgreSQL (rate_limit_hits), so every instance of the app counts
 * the same hits. Each hit is one atomic `INSERT … ON CONFLICT … DO UPDATE … RETURNING`, with the
 * database's clock (${at}: read after the row lock, so concurrent hits see time in order): a new window starts when the old one (or a block) is over; the hit past the
 * limit blocks the key for `blockDuration`; hits while blocked are not counted.
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly dataSource: DataSource) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const r = 'rate_limit_hits';
    const ttlAfter = (at: string) => `${at} + $2 * interval '1 millisecond'`;
    const blockAfter = (at: string) => `${at} + $4 * interval '1 millisecond'`;
    // The sub-select reads the clock once, after the row lock, so all three columns agree.
    const rows: HitRow[] = await this.dataSource.query(
      `INSERT INTO ${r} (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, ${ttlAfter('clock_timestamp()')}, CASE WHEN 1 > $3 THEN ${blockAfter('clock_timestamp()')} END)
       ON CONFLICT (key) DO UPDATE SET (hits, window_ends_at, blocked_until) = (
         SELECT CASE WHEN s.blocked THEN ${r}.hits WHEN s.restart THEN 1 ELSE ${r}.hits + 1 END,
                CASE WHEN s.blocked THEN ${r}.window_ends_at
                     WHEN s.restart THEN ${ttlAfter('s.at')} ELSE ${r}.window_ends_at END,
                CASE WHEN s.blocked THEN ${r}.blocked_until
                     WHEN s.restart THEN CASE WHEN 1 > $3 THEN ${blockAfter('s.at')} END
                     WHEN ${r}.hits + 1 > $3 THEN ${blockAfter('s.at')} END
           FROM (SELECT c.at,
                        coalesce(${r}.blocked_until > c.at, false) AS blocked,
                        (${r}.window_ends_at <= c.at OR ${r}.blocked_until IS NOT NULL) AS restart
                   FROM (SELECT clock_timestamp() AS at) c) s)
       RETURNING hits,
                 coalesce(blocked_until > clock_timestamp(), false) AS blocked,
                 greatest(0, ceil(extract(epoch FROM window_ends_at - clock_timestamp())))::int AS "windowSeconds",
                 coalesce(greatest(0, ceil(extract(epoch FROM blocked_until - clock_timestamp()))), 0)::int
                   AS "blockSeconds"`,
      [key, ttl, limit, blockDuration],
    );
    const row = rows[0];
    if (Math.random() * SWEEP_EVERY < 1) await this.sweep();
    return {
      totalHits: row.hits,
      timeToExpire: row.windowSeconds,
      isBlocked: row.blocked,
      timeToBlockExpire: row.blocked ? Math.max(1, row.blockSeconds) : 0,
    };
  }

  /** Deletes rows whose window and block are both over; returns how many. */
  async sweep(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM rate_limit_hits WHERE key IN (
         SELECT key FROM rate_limit_hits
          WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())
          LIMIT ${SWEEP_BATCH})`,
    );
    return count;
  }
}
