import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { RequestUser } from '../http/request-context';
import { AuditService } from '../audit/audit.service';
import { AuthErrors } from './auth.errors';
import { LoginThrottleService } from './login-throttle.service';
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
}

export interface LoginResult {
  accessToken: string;
  expiresAt: Date;
  user: RequestUser & { mustChangePassword: boolean };
}

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
  ) {}

  async login(username: string, password: string, clientIp: string | null): Promise<LoginResult> {
    const normalized = username.trim().toLowerCase();
    const ipKey = clientIp ?? 'unknown';
    const throttle = await this.throttle.check(normalized, ipKey);
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT id, username, display_name, role, station_id, disabled, password_hash, must_change_password
         FROM users WHERE username = $1`,
      [normalized],
    );
    const user = rows[0];
    const ok = user
      ? await verifyPassword(user.password_hash, password)
      : await verifyPassword(await dummyPasswordHash(), password);
    if (!user || !ok || user.disabled) {
      await this.dataSource.transaction(async (tx) => {
        await this.throttle.recordFailure(tx, normalized, ipKey, user !== undefined);
        await this.audit.record(tx, {
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          stationId: user?.station_id ?? null,
          actor: user ? { id: user.id, username: user.username } : null,
          changes: {
            username: normalized,
            reason: !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password',
          },
        });
      });
      // While the address is locked for unknown names, every failure from it answers 429 (known or
      // not, so the answer does not tell); a known user's correct password still gets through.
      if (throttle.addressLockedFor) throw AuthErrors.lockedOut(throttle.addressLockedFor);
      throw AuthErrors.invalidCredentials();
    }
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.session.absoluteHours * 3600_000);
    await this.dataSource.transaction(async (tx) => {
      await this.throttle.recordSuccess(tx, normalized, ipKey);
      const [session] = await tx.query(
        `INSERT INTO sessions (token_hash, user_id, last_seen_at, expires_at, client_ip)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [sha256(token), user.id, now, expiresAt, clientIp],
      );
      await this.audit.record(tx, {
        action: 'auth.login',
        entityType: 'session',
        entityId: session.id,
        stationId: user.station_id,
        actor: { id: user.id, username: user.username },
      });
    });
    return {
      accessToken: token,
      expiresAt,
      user: {
        id: user.id,
        username: user.username,
        displayName: user.display_name,
        role: user.role,
        stationId: user.station_id,
        mustChangePassword: user.must_change_password,
      },
    };
  }

  /** Resolves a bearer token to its user, or throws 401. Touches last_seen_at at most once a minute. */
  async authenticate(token: string): Promise<RequestUser> {
    if (!token || token.length > 200) throw AuthErrors.tokenInvalid();
    const rows: (UserRow & {
      session_id: string;
      last_seen_at: Date;
      expires_at: Date;
      revoked_at: Date | null;
      session_created_at: Date;
      password_changed_at: Date | null;
    })[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, s.revoked_at, s.created_at AS session_created_at,
              u.id, u.username, u.display_name, u.role, u.station_id, u.disabled, u.password_changed_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1`,
      [sha256(token)],
    );
    const row = rows[0];
    if (!row || row.revoked_at || row.disabled) throw AuthErrors.tokenInvalid();
    if (row.password_changed_at && row.password_changed_at > row.session_created_at)
      throw AuthErrors.tokenInvalid();
    const now = Date.now();
    if (row.expires_at.getTime() <= now) throw AuthErrors.sessionExpired();
    if (row.last_seen_at.getTime() + this.config.session.idleMinutes * 60_000 <= now)
      throw AuthErrors.sessionExpired();
    if (now - row.last_seen_at.getTime() > 60_000) {
      await this.dataSource.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [row.session_id]);
    }
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      stationId: row.station_id,
      sessionId: row.session_id,
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
}
