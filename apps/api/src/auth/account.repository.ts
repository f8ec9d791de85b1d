import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface PasswordOwnerRecord {
  username: string;
  displayName: string;
  stationName: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
}

export interface SessionRecord {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
}

/** SQL of the user's own account: password, sessions, second-factor status. */
@Injectable()
export class AccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  async passwordOwner(manager: EntityManager, userId: string): Promise<PasswordOwnerRecord | undefined> {
    const rows = await manager.query(
      `SELECT u.username, u.display_name AS "displayName", s.name AS "stationName",
              u.password_hash AS "passwordHash", u.must_change_password AS "mustChangePassword"
         FROM users u LEFT JOIN stations s ON s.id = u.station_id
        WHERE u.id = $1`,
      [userId],
    );
    return rows[0];
  }

  /** Sets the user's own password: no longer a one-time one; sessions from before it end. */
  async setOwnPassword(tx: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await tx.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), must_change_password = false,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [userId, passwordHash],
    );
  }

  /** The user's sessions that still work (not ended, not expired, not older than a new password). */
  async activeSessions(userId: string, idleMinutes: number): Promise<SessionRecord[]> {
    return this.dataSource.query(
      `SELECT s.id, s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
              s.user_agent AS "userAgent", s.client_ip AS "ipAddress"
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.user_id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2)
          AND (u.password_changed_at IS NULL OR u.password_changed_at <= COALESCE(s.reauthenticated_at, s.created_at))
        ORDER BY s.last_seen_at DESC, s.created_at DESC
        LIMIT 200`,
      [userId, idleMinutes],
    );
  }

  /** Ends one of the user's own sessions; false when there is none such (another user's, ended). */
  async revokeSession(tx: EntityManager, userId: string, sessionId: string): Promise<boolean> {
    const [rows] = await tx.query<[unknown[], number]>(
      `UPDATE sessions SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`,
      [sessionId, userId],
    );
    return rows.length > 0;
  }

  async mfaStatus(userId: string): Promise<{ enabledAt: Date | null; recoveryCodesLeft: number }> {
    const [row] = await this.dataSource.query(
      `SELECT u.totp_enabled_at AS "enabledAt",
              (SELECT count(*)::int FROM mfa_recovery_codes c WHERE c.user_id = u.id AND c.used_at IS NULL)
                AS "recoveryCodesLeft"
         FROM users u WHERE u.id = $1`,
      [userId],
    );
    return row ?? { enabledAt: null, recoveryCodesLeft: 0 };
  }
}
