import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { RequestUser } from '../http/request-context';
import { AuthErrors } from './auth.errors';
import type { Role } from './entities/user.entity';
import { verifyPassword } from './password';
import { revokeOtherSessions } from './session-revocation';
import {
  looksLikeRecoveryCode,
  newRecoveryCode,
  newTotpSecret,
  openSecret,
  RECOVERY_CODE_COUNT,
  recoveryCodeHash,
  sealSecret,
  totpUri,
  verifyTotp,
} from './totp';

/** The second-factor columns of a user, as the login and the enrolment read them. */
export interface MfaState {
  id: string;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
}

export type SecondFactor = 'totp' | 'recovery_code';

/** `UPDATE … RETURNING` through manager.query answers [rows, count] on PostgreSQL. */
const updatedRows = (result: unknown): unknown[] =>
  Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as unknown[]) : [];

/**
 * The second factor: TOTP (RFC 6238) with ten one-time recovery codes (stored hashed).
 * Enrolment is two steps — a new secret (shown once), then a code from the app confirms it and
 * turns it on. A user who has one must give a code at every login; MFA_REQUIRED_ROLES names the
 * roles that must have one (the access guard holds them to the enrolment routes until then).
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether the role must use a second factor (MFA_REQUIRED_ROLES). */
  requiredFor(role: Role): boolean {
    return this.config.accounts.mfaRequiredRoles.includes(role);
  }

  /**
   * Checks a login's code (TOTP, or a recovery code) and uses it up inside the caller's
   * transaction: the TOTP step is recorded so the same code (or an older one) is refused, a
   * recovery code is marked used. Null when the code is wrong or already used.
   */
  async consume(tx: EntityManager, user: MfaState, code: string): Promise<SecondFactor | null> {
    if (!user.totp_enabled_at || !user.totp_secret) return null;
    // A secret that cannot be opened (MFA_ENCRYPTION_KEY changed or removed) takes no TOTP code;
    // the recovery codes still work, and an admin can reset the factor.
    const secret = this.open(user.totp_secret);
    const step = secret === null ? null : await verifyTotp(secret, code, user.totp_last_step);
    if (step !== null) {
      // Conditional on the stored step, so two logins racing with one code cannot both pass.
      const result: unknown = await tx.query(
        `UPDATE users SET totp_last_step = $2
          WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
        [user.id, step],
      );
      return updatedRows(result).length > 0 ? 'totp' : null;
    }
    if (!looksLikeRecoveryCode(code)) return null;
    const result: unknown = await tx.query(
      `UPDATE mfa_recovery_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [user.id, recoveryCodeHash(code)],
    );
    if (updatedRows(result).length === 0) return null;
    await this.audit.record(tx, {
      action: 'auth.recovery_code_used',
      entityType: 'user',
      entityId: user.id,
      changes: { remaining: await this.recoveryCodesLeft(tx, user.id) },
    });
    return 'recovery_code';
  }

  async recoveryCodesLeft(manager: EntityManager, userId: string): Promise<number> {
    const [{ count }] = await manager.query(
      `SELECT count(*)::int AS count FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return count as number;
  }

  /** Step 1: a new secret for the authenticator app (replacing an unconfirmed one). */
  async startEnrolment(user: RequestUser): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (tx) => {
      const state = await this.state(tx, user.id, true);
      if (state.totp_enabled_at) throw AuthErrors.mfaAlreadyEnabled();
      await tx.query(
        `UPDATE users SET totp_secret = $2, totp_last_step = NULL, updated_at = now() WHERE id = $1`,
        [user.id, sealSecret(secret, this.config.accounts.mfaEncryptionKey)],
      );
      await this.audit.record(tx, {
        action: 'auth.mfa_enrolment_started',
        entityType: 'user',
        entityId: user.id,
        stationId: user.stationId,
      });
    });
    return { secret, otpauthUrl: totpUri(secret, user.username) };
  }

  /** Step 2: a code from the app turns the second factor on; answers the recovery codes, once. */
  async confirmEnrolment(user: RequestUser, otp: string): Promise<{ recoveryCodes: string[] }> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.dataSource.transaction(async (tx) => {
      const state = await this.state(tx, user.id, true);
      if (state.totp_enabled_at) throw AuthErrors.mfaAlreadyEnabled();
      const secret = state.totp_secret ? this.open(state.totp_secret) : null;
      if (secret === null) throw AuthErrors.mfaNotStarted();
      const step = await verifyTotp(secret, otp, null);
      if (step === null) throw AuthErrors.wrongOtp('otp');
      await tx.query(
        `UPDATE users SET totp_enabled_at = now(), totp_last_step = $2, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [user.id, step],
      );
      await this.replaceRecoveryCodes(tx, user.id, codes);
      // the other sessions were signed in with the password alone
      const ended = user.sessionId ? await revokeOtherSessions(tx, user.id, user.sessionId) : 0;
      await this.audit.record(tx, {
        action: 'auth.mfa_enabled',
        entityType: 'user',
        entityId: user.id,
        stationId: user.stationId,
        changes: {
          mfa: { before: 'off', after: 'totp' },
          recoveryCodes: codes.length,
          otherSessionsEnded: ended,
        },
      });
    });
    return { recoveryCodes: codes };
  }

  /** Turns the second factor off: needs the password and a current code (or a recovery code). */
  async disable(user: RequestUser, password: string, otp: string): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [user.id]);
    const passwordOk = row ? await verifyPassword(row.password_hash as string, password) : false;
    await this.dataSource.transaction(async (tx) => {
      const state = await this.state(tx, user.id, true);
      if (!state.totp_enabled_at) throw AuthErrors.mfaNotEnabled();
      if (!passwordOk) throw AuthErrors.wrongPassword('password');
      if (!(await this.consume(tx, state, otp))) throw AuthErrors.wrongOtp('otp');
      await this.clear(tx, user.id);
      await this.audit.record(tx, {
        action: 'auth.mfa_disabled',
        entityType: 'user',
        entityId: user.id,
        stationId: user.stationId,
        changes: { mfa: { before: 'totp', after: 'off' } },
      });
    });
  }

  /** Removes a user's second factor (the admin's reset for a lost device); true when there was one. */
  async reset(tx: EntityManager, userId: string): Promise<boolean> {
    const state = await this.state(tx, userId, true);
    if (!state.totp_secret && !state.totp_enabled_at) return false;
    await this.clear(tx, userId);
    return state.totp_enabled_at !== null;
  }

  private open(stored: string): string | null {
    try {
      return openSecret(stored, this.config.accounts.mfaEncryptionKey);
    } catch {
      return null;
    }
  }

  private async clear(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(
      `UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [userId],
    );
    await tx.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
  }

  private async replaceRecoveryCodes(tx: EntityManager, userId: string, codes: string[]): Promise<void> {
    await tx.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
    await tx.query(`INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`, [
      userId,
      codes.map(recoveryCodeHash),
    ]);
  }

  private async state(tx: EntityManager, userId: string, lock: boolean): Promise<MfaState> {
    const rows: MfaState[] = await tx.query(
      `SELECT id, totp_secret, totp_enabled_at, totp_last_step FROM users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [userId],
    );
    if (!rows[0]) throw AuthErrors.tokenInvalid();
    return rows[0];
  }
}
