import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { AuthErrors } from '../../../../libs/auth/auth.errors';
import { LoginThrottleService } from '../../../../libs/auth/login-throttle.service';
import { MfaService } from '../../../../libs/auth/mfa.service';
import { hashPassword, verifyPassword } from '../../../../libs/auth/password';
import { passwordProblem } from '../../../../libs/auth/password-policy';
import { SessionService, SessionUser } from '../../../../libs/auth/session.service';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { CommonErrors } from '../../../../libs/http/domain-error';
import { RequestContext } from '../../../../libs/http/request-context';
import { AccountRepository } from './account.repository';
import { ChangePasswordDto, MfaStatusDto, SessionDto } from './dto/account.dto';
import { describeUserAgent } from './user-agent';

/**
 * The signed-in user's own account: their password (ASVS 6.2: the rules of password-policy.ts;
 * the change ends their other sessions), their sessions, their second factor's status.
 * A wrong current password counts as a failed login (LoginThrottleService), so a stolen session
 * cannot be used to guess it.
 */
@Injectable()
export class AccountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AccountRepository,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly mfa: MfaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async changePassword(user: SessionUser, dto: ChangePasswordDto): Promise<void> {
    const owner = await this.repo.passwordOwner(this.dataSource.manager, user.id);
    if (!owner) throw AuthErrors.tokenInvalid();
    const address = RequestContext.current()?.clientIp ?? 'unknown';
    await this.throttle.check(owner.username, address);
    if (!(await verifyPassword(owner.passwordHash, dto.currentPassword))) {
      await this.dataSource.transaction(async (tx) => {
        await this.throttle.recordFailure(tx, owner.username, address, true);
        await this.audit.record(tx, {
          action: 'auth.password_change_failed',
          entityType: 'user',
          entityId: user.id,
          stationId: user.stationId,
          changes: { reason: 'wrong_password' },
        });
      });
      throw AuthErrors.wrongPassword('currentPassword');
    }
    // The current password was right: the throttle's counts (and this attempt's reservation) end
    // here, so trying several new passwords against the rules is not taken for guessing.
    await this.dataSource.transaction((tx) => this.throttle.recordSuccess(tx, owner.username, address));
    if (dto.newPassword === dto.currentPassword)
      throw AuthErrors.weakPassword('newPassword', '現在のパスワードとは違うパスワードにしてください');
    const problem = passwordProblem(dto.newPassword, owner);
    if (problem) throw AuthErrors.weakPassword('newPassword', problem);
    const passwordHash = await hashPassword(dto.newPassword);
    await this.dataSource.transaction(async (tx) => {
      await this.repo.setOwnPassword(tx, user.id, passwordHash);
      const ended = await this.sessions.revokeOthers(tx, user.id, user.sessionId);
      await this.audit.record(tx, {
        action: 'auth.password_change',
        entityType: 'user',
        entityId: user.id,
        stationId: user.stationId,
        changes: {
          password: { before: '***', after: '***' },
          ...(owner.mustChangePassword ? { mustChangePassword: { before: true, after: false } } : {}),
          otherSessionsEnded: ended,
        },
      });
    });
  }

  async listSessions(user: SessionUser): Promise<SessionDto[]> {
    const rows = await this.repo.activeSessions(user.id, this.config.session.idleMinutes);
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      userAgent: s.userAgent,
      device: describeUserAgent(s.userAgent),
      ipAddress: s.ipAddress,
      current: s.id === user.sessionId,
    }));
  }

  /** Ends one of the user's own sessions (this one too: that is a logout); another's answers 404. */
  async endSession(user: SessionUser, sessionId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.repo.revokeSession(tx, user.id, sessionId))) throw CommonErrors.notFound('session');
      await this.audit.record(tx, {
        action: 'auth.session_revoked',
        entityType: 'session',
        entityId: sessionId,
        stationId: user.stationId,
        changes: { current: sessionId === user.sessionId },
      });
    });
  }

  async mfaStatus(user: SessionUser): Promise<MfaStatusDto> {
    const status = await this.repo.mfaStatus(user.id);
    return {
      enabled: status.enabledAt !== null,
      enabledAt: status.enabledAt ? status.enabledAt.toISOString() : null,
      recoveryCodesLeft: status.enabledAt ? status.recoveryCodesLeft : 0,
      required: this.mfa.requiredFor(user.role),
    };
  }
}
