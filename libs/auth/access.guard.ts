import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CommonErrors } from '../http/domain-error';
import { RequestContext, RequestUser } from '../http/request-context';
import { ACCESS_KEY, AccessRule } from './access.decorator';
import { AuthErrors } from './auth.errors';

/**
 * Global guard: every route must carry an @Access rule (fail closed otherwise); non-public routes
 * need a valid bearer token (passport-http-bearer → SessionService) and one of the listed roles.
 * Role denials are written to the audit trail.
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
    const req = context
      .switchToHttp()
      .getRequest<{ user: RequestUser; method: string; originalUrl: string }>();
    const ctx = RequestContext.current();
    if (ctx) ctx.user = req.user;
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
