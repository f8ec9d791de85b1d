import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Request counters of the rate limits (PgThrottlerStorage), one row per limit and user, shared by
 * every instance of the app. A fixed window: `hits` counts from the first request until
 * `windowEndsAt`; past the limit the key is blocked until `blockedUntil`.
 */
@Entity('rate_limit_hits')
@Index('ix_rate_limit_hits_window_ends_at', ['windowEndsAt'])
export class RateLimitHitEntity {
  /** `<limit name>:<user id>` */
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'int' })
  hits: number;

  @Column({ type: 'timestamptz' })
  windowEndsAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
