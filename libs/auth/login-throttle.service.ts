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
/** An attempt reserved by check() counts against the limit until it is recorded, or this long. */
const IN_FLIGHT_SECONDS = 30;
const FORGOTTEN = `(last_failure_at < now() - ${FORGET_AFTER})`;
/** The current counting window (as long as the next lock) is over; $lock, $cap: minutes. */
const windowOver = (lock: string, cap: string) =>
  `(window_started_at <= now() - interval '1 minute' * least(${lock}::int * power(2, CASE WHEN ${FORGOTTEN} THEN 0 ELSE strikes END), ${cap}::int))`;
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
   * (address, account) pair is locked, or while attempts already in flight would reach the limit;
   * otherwise reserves this attempt (so parallel guesses cannot all pass before the first failure
   * is counted) and reports the address lock for the caller to apply to failures. The reservation
   * ends with recordFailure / recordSuccess, or after IN_FLIGHT_SECONDS.
   */
  async check(username: string, address: string): Promise<LoginThrottleState> {
    const { maxFailures, lockMinutes } = this.config.login;
    const pair = pairKey(address, username);
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO login_throttles (scope, key, failures, window_started_at)
         VALUES ('account', $1, 0, now()), ('pair', $2, 0, now()) ON CONFLICT DO NOTHING`,
        [username, pair],
      );
      // Row locks: concurrent attempts on the same account take their turn here (briefly).
      const own: { lockSeconds: number | null; failures: number; inFlight: number }[] = await tx.query(
        `SELECT CASE WHEN locked_until > now() THEN ceil(extract(epoch FROM locked_until - now()))::int END
                  AS "lockSeconds",
                CASE WHEN ${FORGOTTEN} OR ${windowOver('$3', '$4')} THEN 0 ELSE failures END AS failures,
                CASE WHEN in_flight_since > now() - interval '${IN_FLIGHT_SECONDS} seconds' THEN in_flight ELSE 0 END
                  AS "inFlight"
           FROM login_throttles
          WHERE (scope = 'account' AND key = $1) OR (scope = 'pair' AND key = $2)
          ORDER BY scope
            FOR UPDATE`,
        [username, pair, lockMinutes, MAX_LOCK_MINUTES],
      );
      const lock = Math.max(0, ...own.map((r) => r.lockSeconds ?? 0));
      if (lock > 0) throw AuthErrors.lockedOut(lock);
      if (own.some((r) => r.failures + r.inFlight >= maxFailures))
        throw AuthErrors.lockedOut(IN_FLIGHT_SECONDS);
      await tx.query(
        `UPDATE login_throttles
            SET in_flight = CASE WHEN in_flight_since > now() - interval '${IN_FLIGHT_SECONDS} seconds'
                                 THEN in_flight + 1 ELSE 1 END,
                in_flight_since = now()
          WHERE (scope = 'account' AND key = $1) OR (scope = 'pair' AND key = $2)`,
        [username, pair],
      );
      const [addressRow]: { seconds: number }[] = await tx.query(
        `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
           FROM login_throttles WHERE scope = 'address' AND key = $1 AND locked_until > now()`,
        [address],
      );
      return { addressLockedFor: addressRow && addressRow.seconds > 0 ? addressRow.seconds : null };
    });
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
         last_failure_at = now(),
         in_flight = greatest(${t}.in_flight - 1, 0)`,
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
