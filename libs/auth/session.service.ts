import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { RequestUser } from '../http/request-context';
import { AuditService } from '../audit/audit.service';
import type { AccessGate } from './access.decorator';
import { AuthErrors } from './auth.errors';
import { LoginThrottleService } from './login-throttle.service';
import { MfaService, SecondFactor } from './mfa.service';
import { revokeOtherSessions } from './session-revocation';
import { dummyPasswordHash, verifyPassword } from './password';
import type { Role } from './entities/user.entity';

const sha256 = (token: string) => createHash('sha256').update(token).digest();

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  station_id: string | null;
  disabled: boolean;
  password_hash: string;
  must_change_password: boolean;
  password_expired: boolean;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
}

/** The account facts the client needs to route the user (forced change, enrolment). */
export interface AccountState {
  /** The password was set by someone else: only the change (and logout, /me) is allowed. */
  mustChangePassword: boolean;
  mfaEnabled: boolean;
  /** The role must use a second factor and the user has none: only the enrolment is allowed. */
  mfaEnrollmentRequired: boolean;
}

/** The user of an authenticated request, with what they must do before anything else. */
export interface SessionUser extends RequestUser, AccountState {
  sessionId: string;
  /** The step that holds the user back (the access guard allows only its routes), or null. */
  gate: AccessGate | null;
}

export interface LoginResult {
  accessToken: string;
  expiresAt: Date;
  user: RequestUser & AccountState;
}

export interface LoginOptions {
  /** The TOTP code or a recovery code, for a user with a second factor. */
  otp?: string;
  userAgent?: string | null;
}

/** The password change comes first, then the enrolment. */
export function accessGate(state: AccountState): AccessGate | null {
  if (state.mustChangePassword) return 'password_change';
  if (state.mfaEnrollmentRequired) return 'mfa_enrollment';
  return null;
}

type FailureReason = 'unknown_user' | 'disabled' | 'wrong_password' | 'wrong_otp';

/**
 * Server-side sessions: the bearer token is random, stored hashed, and checked on every request
 * (revoked, idle and absolute expiry, disabled user, password changed since login).
 * Failed logins are throttled by LoginThrottleService (per account, per address and account, and
 * per address for unknown usernames only); locks answer 429 and expire, growing with each repeat.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly throttle: LoginThrottleService,
    private readonly mfa: MfaService,
  ) {}

  /**
   * Password, then (for a user who has one) the second factor: without `otp` → 401
   * `auth.otp_required`, a wrong or reused code → 401 `auth.otp_invalid` (counted like a wrong
   * password). A one-time password older than ONE_TIME_PASSWORD_DAYS → 401 `auth.password_expired`.
   */
  async login(
    username: string,
    password: string,
    clientIp: string | null,
    options: LoginOptions = {},
  ): Promise<LoginResult> {
    const normalized = username.trim().toLowerCase();
    const ipKey = clientIp ?? 'unknown';
    const throttle = await this.throttle.check(normalized, ipKey);
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT id, username, display_name, role, station_id, disabled, password_hash, must_change_password,
              must_change_password AND COALESCE(password_changed_at, created_at) < now() - make_interval(days => $2)
                AS password_expired,
              totp_secret, totp_enabled_at, totp_last_step
         FROM users WHERE username = $1`,
      [normalized, this.config.accounts.oneTimePasswordDays],
    );
    const user = rows[0];
    const ok = user
      ? await verifyPassword(user.password_hash, password)
      : await verifyPassword(await dummyPasswordHash(), password);
    if (!user || !ok || user.disabled) {
      await this.recordFailure(
        user,
        normalized,
        ipKey,
        !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password',
      );
      // While the address is locked for unknown names, every failure from it answers 429 (known or
      // not, so the answer does not tell); a known user's correct password still gets through.
      if (throttle.addressLockedFor) throw AuthErrors.lockedOut(throttle.addressLockedFor);
      throw AuthErrors.invalidCredentials();
    }
    const actor = { id: user.id, username: user.username };
    if (user.password_expired) {
      // The password was right, so this is not counted as a failure (and ends the throttle's
      // reservation of this attempt); the admin must issue a new one.
      await this.dataSource.transaction(async (tx) => {
        await this.throttle.recordSuccess(tx, normalized, ipKey);
        await this.audit.record(tx, {
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          stationId: user.station_id,
          actor,
          changes: { username: normalized, reason: 'password_expired' },
        });
      });
      throw AuthErrors.passwordExpired(this.config.accounts.oneTimePasswordDays);
    }
    const mfaEnabled = user.totp_enabled_at !== null;
    // Not a success for the throttle: clearing the counts here would let someone who knows the
    // password guess codes without end. The attempt's reservation lapses by itself.
    if (mfaEnabled && !options.otp) throw AuthErrors.otpRequired();
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.session.absoluteHours * 3600_000);
    const userAgent = options.userAgent ? options.userAgent.slice(0, 500) : null;
    const signedIn = await this.dataSource.transaction(async (tx) => {
      let factor: SecondFactor | null = null;
      if (mfaEnabled) {
        factor = await this.mfa.consume(tx, user, options.otp ?? '');
        if (!factor) return false;
      }
      await this.throttle.recordSuccess(tx, normalized, ipKey);
      const [session] = await tx.query(
        `INSERT INTO sessions (token_hash, user_id, last_seen_at, expires_at, client_ip, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [sha256(token), user.id, now, expiresAt, clientIp, userAgent],
      );
      await this.audit.record(tx, {
        action: 'auth.login',
        entityType: 'session',
        entityId: session.id,
        stationId: user.station_id,
        actor,
        changes: { factors: factor ? ['password', factor] : ['password'] },
      });
      return true;
    });
    if (!signedIn) {
      await this.recordFailure(user, normalized, ipKey, 'wrong_otp');
      if (throttle.addressLockedFor) throw AuthErrors.lockedOut(throttle.addressLockedFor);
      throw AuthErrors.otpInvalid();
    }
    return {
      accessToken: token,
      expiresAt,
      user: {
        id: user.id,
        username: user.username,
        displayName: user.display_name,
        role: user.role,
        stationId: user.station_id,
        ...this.accountState(user.role, user.must_change_password, mfaEnabled),
      },
    };
  }

  private accountState(role: Role, mustChangePassword: boolean, mfaEnabled: boolean): AccountState {
    return {
      mustChangePassword,
      mfaEnabled,
      mfaEnrollmentRequired: !mfaEnabled && this.mfa.requiredFor(role),
    };
  }

  /** A failed login: counted by the throttle and audited, in one transaction. */
  private async recordFailure(
    user: UserRow | undefined,
    normalized: string,
    ipKey: string,
    reason: FailureReason,
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.throttle.recordFailure(tx, normalized, ipKey, user !== undefined);
      await this.audit.record(tx, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        stationId: user?.station_id ?? null,
        actor: user ? { id: user.id, username: user.username } : null,
        changes: { username: normalized, reason },
      });
    });
  }

  /** Resolves a bearer token to its user, or throws 401. Touches last_seen_at at most once a minute. */
  async authenticate(token: string): Promise<SessionUser> {
    if (!token || token.length > 200) throw AuthErrors.tokenInvalid();
    const rows: (UserRow & {
      session_id: string;
      last_seen_at: Date;
      expires_at: Date;
      revoked_at: Date | null;
      session_created_at: Date;
      password_changed_at: Date | null;
    })[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, s.revoked_at,
              COALESCE(s.reauthenticated_at, s.created_at) AS session_created_at,
              u.id, u.username, u.display_name, u.role, u.station_id, u.disabled, u.password_changed_at,
              u.must_change_password, u.totp_enabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1`,
      [sha256(token)],
    );
    const row = rows[0];
    if (!row || row.revoked_at || row.disabled) throw AuthErrors.tokenInvalid();
    // A password set after the session began (or after the user last proved theirs in it) ends it.
    if (row.password_changed_at && row.password_changed_at > row.session_created_at)
      throw AuthErrors.tokenInvalid();
    const now = Date.now();
    if (row.expires_at.getTime() <= now) throw AuthErrors.sessionExpired();
    if (row.last_seen_at.getTime() + this.config.session.idleMinutes * 60_000 <= now)
      throw AuthErrors.sessionExpired();
    if (now - row.last_seen_at.getTime() > 60_000) {
      await this.dataSource.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [row.session_id]);
    }
    const state = this.accountState(row.role, row.must_change_password, row.totp_enabled_at !== null);
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      stationId: row.station_id,
      sessionId: row.session_id,
      ...state,
      gate: accessGate(state),
    };
  }

  async logout(user: RequestUser): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
        user.sessionId,
      ]);
      await this.audit.record(tx, {
        action: 'auth.logout',
        entityType: 'session',
        entityId: user.sessionId ?? null,
        stationId: user.stationId,
      });
    });
  }

  /** Ends every session of a user (disable, password reset), inside the caller's transaction. */
  async revokeAll(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]);
  }

  /**
   * The user's own password change: ends their other sessions and keeps this one (it has just
   * proved the current password), inside the caller's transaction. Answers how many were ended.
   */
  revokeOthers(tx: EntityManager, userId: string, keepSessionId: string): Promise<number> {
    return revokeOtherSessions(tx, userId, keepSessionId);
  }
}
