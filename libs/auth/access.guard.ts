import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CommonErrors } from '../http/domain-error';
import { RequestContext, RequestUser } from '../http/request-context';
import { ACCESS_KEY, AccessRule } from './access.decorator';
import { AuthErrors } from './auth.errors';
import type { SessionUser } from './session.service';

/**
 * Global guard: every route must carry an @Access rule (fail closed otherwise); non-public routes
 * need a valid bearer token (passport-http-bearer → SessionService), no pending account step
 * (forced password change, second-factor enrolment) unless the rule allows it, and one of the
 * listed roles. Role denials are written to the audit trail.
 */
@Injectable()
export class AccessGuard extends AuthGuard('bearer') {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule)
      throw CommonErrors.forbidden('このルートにはアクセス規則がありません (route has no access rule)');
    if (rule.public) return true;
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<{
      user: RequestUser & Partial<Pick<SessionUser, 'gate'>>;
      method: string;
      originalUrl: string;
    }>();
    const ctx = RequestContext.current();
    if (ctx) ctx.user = req.user;
    // A user who must first change their password or enrol a second factor may call only the
    // routes that name that step. A user whose state is unknown is refused (fail closed).
    const gate = req.user.gate;
    if (gate === undefined) throw CommonErrors.forbidden();
    if (gate !== null && !(rule.allowWhile ?? []).includes(gate)) {
      throw gate === 'password_change'
        ? AuthErrors.passwordChangeRequired()
        : AuthErrors.mfaEnrollmentRequired();
    }
    if (!rule.roles.includes(req.user.role)) {
      await this.dataSource.transaction((tx) =>
        this.audit.record(tx, {
          action: 'access.denied',
          entityType: 'route',
          entityId: `${req.method} ${req.originalUrl.split('?')[0]}`.slice(0, 300),
          stationId: req.user.stationId,
        }),
      );
      throw CommonErrors.forbidden();
    }
    return true;
  }

  override handleRequest<TUser = RequestUser>(err: unknown, user: TUser | false): TUser {
    if (err) throw err as Error;
    if (!user) throw AuthErrors.tokenInvalid();
    return user;
  }
}
