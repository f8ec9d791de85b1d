import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed-login counters for temporary lockout (429), shared by every instance of the app
 * (libs/auth/login-throttle.service.ts):
 * - `account`: per username, from any address;
 * - `pair`: per (address, username);
 * - `address`: per address, for failures against usernames that do not exist only.
 * Each lock is twice as long as the one before (`strikes`); a quiet day forgets it all.
 */
@Entity('login_throttles')
@Index('ix_login_throttles_last_failure_at', ['lastFailureAt'])
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  scope: 'account' | 'pair' | 'address';

  @PrimaryColumn({ type: 'text' })
  key: string;

  /** Failures in the current counting window (reset when a lock is imposed). */
  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** Locks imposed so far: the next one lasts LOGIN_LOCK_MINUTES × 2^strikes. */
  @Column({ type: 'int', default: 0 })
  strikes: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastFailureAt: Date;

  /** Attempts let through by check() and not yet recorded (counted while `inFlightSince` is recent). */
  @Column({ type: 'int', default: 0 })
  inFlight: number;

  @Column({ type: 'timestamptz', nullable: true })
  inFlightSince: Date | null;
}
