import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from '../audit/audit.module';
import { AccessGuard } from './access.guard';
import { BearerStrategy } from './bearer.strategy';
import { LoginThrottleService } from './login-throttle.service';
import { MfaService } from './mfa.service';
import { SessionService } from './session.service';

@Global()
@Module({
  imports: [PassportModule.register({ session: false }), AuditModule],
  providers: [
    SessionService,
    LoginThrottleService,
    MfaService,
    BearerStrategy,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [SessionService, LoginThrottleService, MfaService],
})
export class AuthModule {}
