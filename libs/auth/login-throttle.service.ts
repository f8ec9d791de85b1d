import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthErrors } from './auth.errors';

/** Failures per address against unknown usernames: this many times LOGIN_MAX_FAILURES. */
export const ADDRESS_FAILURE_FACTOR = 4;
/** No lock lasts longer than this, however many came before. */
const MAX_LOCK_MINUTES = 24 * 60;
/** A key without a failure for this long starts again from nothing (counter and strikes). */
const FORGET_AFTER = `interval '24 hours'`;
/** One failure in this many also deletes forgotten rows (at most SWEEP_BATCH of them). */
const SWEEP_EVERY = 50;
const SWEEP_BATCH = 1000;

export interface LoginThrottleState {
  /** Seconds left of this address's lock for unknown usernames, or null. */
  addressLockedFor: number | null;
}

/**
 * Failed-login throttling, all in PostgreSQL (login_throttles) so every instance sees the same
 * counts. Three counters, each locking for LOGIN_LOCK_MINUTES × 2^(locks so far), capped at a day:
 * - per account (username, from any address) and per (address, account): LOGIN_MAX_FAILURES
 *   failures within the current window lock that account (resp. that account from that address);
 *   a successful login clears both, a quiet day forgets them;
 * - per address, counting failures against usernames that do not exist only:
 *   LOGIN_MAX_FAILURES × 4. While it holds, failures from that address answer 429, but a known
 *   user's correct password still logs in, so spraying made-up names from a station's shared
 *   address does not lock out the station's real users.
 * Unknown usernames are counted per account too, so a lock does not tell whether a name exists.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Before the password is checked: throws 429 (`auth.locked_out`) while the account or the
   * (address, account) pair is locked; reports the address lock for the caller to apply to failures.
   */
  async check(username: string, address: string): Promise<LoginThrottleState> {
    const rows: { scope: string; seconds: number }[] = await this.dataSource.query(
      `SELECT scope, ceil(extract(epoch FROM locked_until - now()))::int AS seconds
         FROM login_throttles
        WHERE ((scope = 'account' AND key = $1) OR (scope = 'pair' AND key = $2) OR (scope = 'address' AND key = $3))
          AND locked_until > now()`,
      [username, pairKey(address, username), address],
    );
    const accountLock = Math.max(0, ...rows.filter((r) => r.scope !== 'address').map((r) => r.seconds));
    if (accountLock > 0) throw AuthErrors.lockedOut(accountLock);
    const addressLock = rows.find((r) => r.scope === 'address')?.seconds ?? 0;
    return { addressLockedFor: addressLock > 0 ? addressLock : null };
  }

  /**
   * Counts a failed login in the caller's transaction: account and pair always; the address only
   * when the username does not exist. One statement, whatever the outcome, so both cases take
   * about the same time.
   */
  async recordFailure(
    tx: EntityManager,
    username: string,
    address: string,
    knownAccount: boolean,
  ): Promise<void> {
    const { maxFailures, lockMinutes } = this.config.login;
    const keys: [string, string][] = [
      ['account', username],
      ['pair', pairKey(address, username)],
    ];
    if (!knownAccount) keys.push(['address', address]);
    const params: unknown[] = [
      maxFailures,
      maxFailures * ADDRESS_FAILURE_FACTOR,
      lockMinutes,
      MAX_LOCK_MINUTES,
    ];
    const values = keys.map(([scope, key]) => `($${params.push(scope)}, $${params.push(key)})`).join(', ');
    const t = 'login_throttles';
    const threshold = `(CASE ${t}.scope WHEN 'address' THEN $2::int ELSE $1::int END)`;
    const forgotten = `(${t}.last_failure_at < now() - ${FORGET_AFTER})`;
    const strikes = `(CASE WHEN ${forgotten} THEN 0 ELSE ${t}.strikes END)`;
    const minutes = (s: string) => `least($3::int * power(2, ${s}), $4::int)`;
    const windowOver = `(${forgotten} OR ${t}.window_started_at <= now() - interval '1 minute' * ${minutes(strikes)})`;
    const count = `(CASE WHEN ${windowOver} THEN 1 ELSE ${t}.failures + 1 END)`;
    const tripped = `(${count} >= ${threshold})`;
    // One statement: forget old counts, restart an expired window, count, and lock at the limit.
    await tx.query(
      `INSERT INTO ${t} (scope, key, failures, window_started_at, locked_until, strikes, last_failure_at)
       SELECT v.scope, v.key,
              CASE WHEN 1 >= (CASE v.scope WHEN 'address' THEN $2::int ELSE $1::int END) THEN 0 ELSE 1 END,
              now(),
              CASE WHEN 1 >= (CASE v.scope WHEN 'address' THEN $2::int ELSE $1::int END)
                   THEN now() + interval '1 minute' * ${minutes('0')} END,
              CASE WHEN 1 >= (CASE v.scope WHEN 'address' THEN $2::int ELSE $1::int END) THEN 1 ELSE 0 END,
              now()
         FROM (VALUES ${values}) AS v(scope, key)
       ON CONFLICT (scope, key) DO UPDATE SET
         failures = CASE WHEN ${tripped} THEN 0 ELSE ${count} END,
         window_started_at = CASE WHEN ${tripped} OR ${windowOver} THEN now() ELSE ${t}.window_started_at END,
         locked_until = CASE WHEN ${tripped} THEN now() + interval '1 minute' * ${minutes(strikes)}
                             WHEN ${forgotten} THEN NULL ELSE ${t}.locked_until END,
         strikes = CASE WHEN ${tripped} THEN least(${strikes} + 1, 30) ELSE ${strikes} END,
         last_failure_at = now()`,
      params,
    );
    if (Math.random() * SWEEP_EVERY < 1) await this.sweep(tx);
  }

  /** A successful login clears the account's counters (its own and from this address). */
  async recordSuccess(tx: EntityManager, username: string, address: string): Promise<void> {
    await tx.query(
      `DELETE FROM login_throttles WHERE (scope = 'account' AND key = $1) OR (scope = 'pair' AND key = $2)`,
      [username, pairKey(address, username)],
    );
  }

  /** Deletes forgotten rows, a batch at a time (index on last_failure_at). */
  async sweep(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [, count]: [unknown, number] = await manager.query(
      `DELETE FROM login_throttles WHERE (scope, key) IN (
         SELECT scope, key FROM login_throttles
          WHERE last_failure_at < now() - ${FORGET_AFTER} AND (locked_until IS NULL OR locked_until < now())
          LIMIT ${SWEEP_BATCH})`,
    );
    return count;
  }
}

/** An address never contains '|', so the pair key is unambiguous. */
function pairKey(address: string, username: string): string {
  return `${address}|${username}`;
}
