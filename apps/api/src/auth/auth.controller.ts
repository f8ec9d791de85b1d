import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { AUTH_ERROR_CODES } from './auth.error-codes';
import { ApiItemsResponse } from '../../../../libs/http/api-responses';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access, ALL_ROLES, CurrentUser } from '../../../../libs/auth/access.decorator';
import { MfaService } from '../../../../libs/auth/mfa.service';
import { SessionService, SessionUser } from '../../../../libs/auth/session.service';
import { UuidParam } from '../../../../libs/http/params';
import { AccountService } from './account.service';
import {
  ChangePasswordDto,
  ConfirmTotpDto,
  DisableMfaDto,
  MfaStatusDto,
  RecoveryCodesDto,
  SessionDto,
  TotpEnrolmentDto,
} from './dto/account.dto';
import { LoginDto, LoginResponseDto, MeDto } from './dto/login.dto';

@ApiTags('auth')
@ApiErrorResponses('Auth', AUTH_ERROR_CODES)
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionService,
    private readonly account: AccountService,
    private readonly mfa: MfaService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Access({ public: true })
  @ApiOperation({
    summary: 'Sign in',
    description:
      'With a second factor: without `otp` → 401 `auth.otp_required`; a wrong or reused code → 401 `auth.otp_invalid`; a recovery code is accepted once. A one-time password past ONE_TIME_PASSWORD_DAYS → 401 `auth.password_expired`.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  async login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResponseDto> {
    const result = await this.sessions.login(body.username, body.password, req.ip ?? null, {
      otp: body.otp,
      userAgent: req.get('user-agent') ?? null,
    });
    return { accessToken: result.accessToken, expiresAt: result.expiresAt.toISOString(), user: result.user };
  }

  @Post('logout')
  @HttpCode(204)
  @Access({ roles: ALL_ROLES, allowWhile: ['password_change', 'mfa_enrollment'] })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: SessionUser): Promise<void> {
    await this.sessions.logout(user);
  }

  @Get('me')
  @Access({ roles: ALL_ROLES, allowWhile: ['password_change', 'mfa_enrollment'] })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: SessionUser): MeDto {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      stationId: user.stationId,
      mustChangePassword: user.mustChangePassword,
      mfaEnabled: user.mfaEnabled,
      mfaEnrollmentRequired: user.mfaEnrollmentRequired,
    };
  }

  @Post('password')
  @HttpCode(204)
  @Access({ roles: ALL_ROLES, allowWhile: ['password_change'] })
  @ApiOperation({
    summary: 'Change one’s own password',
    description:
      'Ends the user’s other sessions (this one stays). Wrong current password → 400 `auth.wrong_password`; a new password breaking the rules → 400 `auth.weak_password` with `details[{field: "newPassword"}]`.',
  })
  @ApiNoContentResponse()
  async changePassword(@CurrentUser() user: SessionUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.account.changePassword(user, dto);
  }

  @Get('mfa')
  @Access({ roles: ALL_ROLES, allowWhile: ['mfa_enrollment'] })
  @ApiOkResponse({ type: MfaStatusDto })
  mfaStatus(@CurrentUser() user: SessionUser): Promise<MfaStatusDto> {
    return this.account.mfaStatus(user);
  }

  @Post('mfa/totp')
  @HttpCode(200)
  @Access({ roles: ALL_ROLES, allowWhile: ['mfa_enrollment'] })
  @ApiOperation({
    summary: 'Start the TOTP enrolment',
    description:
      'A new secret for the authenticator app (replacing an unconfirmed one), shown only now; confirm with POST /auth/mfa/totp/confirm. Already on → 409 `auth.mfa_already_enabled`.',
  })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  startTotp(@CurrentUser() user: SessionUser): Promise<TotpEnrolmentDto> {
    return this.mfa.startEnrolment(user);
  }

  @Post('mfa/totp/confirm')
  @HttpCode(200)
  @Access({ roles: ALL_ROLES, allowWhile: ['mfa_enrollment'] })
  @ApiOperation({
    summary: 'Confirm the TOTP enrolment',
    description:
      'A current code of the app turns the second factor on; answers 10 one-time recovery codes, shown only now. Wrong code → 400 `auth.otp_invalid`.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  confirmTotp(@CurrentUser() user: SessionUser, @Body() dto: ConfirmTotpDto): Promise<RecoveryCodesDto> {
    return this.mfa.confirmEnrolment(user, dto.otp);
  }

  @Delete('mfa')
  @HttpCode(204)
  @Access({ roles: ALL_ROLES })
  @ApiOperation({
    summary: 'Turn the second factor off',
    description:
      'Needs the password and a current code (or a recovery code). A role in MFA_REQUIRED_ROLES is then held to the enrolment again.',
  })
  @ApiNoContentResponse()
  async disableMfa(@CurrentUser() user: SessionUser, @Body() dto: DisableMfaDto): Promise<void> {
    await this.mfa.disable(user, dto.password, dto.otp);
  }

  @Get('sessions')
  @Access({ roles: ALL_ROLES })
  @ApiOperation({ summary: 'The user’s own sessions that are still valid, the latest used first' })
  @ApiItemsResponse(SessionDto)
  async listSessions(@CurrentUser() user: SessionUser): Promise<{ items: SessionDto[] }> {
    return { items: await this.account.listSessions(user) };
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @Access({ roles: ALL_ROLES })
  @ApiOperation({ summary: 'End one of the user’s own sessions (another user’s: 404)' })
  @ApiNoContentResponse()
  async endSession(@CurrentUser() user: SessionUser, @Param('id', UuidParam) id: string): Promise<void> {
    await this.account.endSession(user, id);
  }
}
