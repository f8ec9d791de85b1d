import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access, ALL_ROLES, CurrentUser } from '../../../../libs/auth/access.decorator';
import { SessionService } from '../../../../libs/auth/session.service';
import type { RequestUser } from '../../../../libs/http/request-context';
import { LoginDto, LoginResponseDto, MeDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly sessions: SessionService) {}

  @Post('login')
  @HttpCode(200)
  @Access({ public: true })
  @ApiOkResponse({ type: LoginResponseDto })
  async login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResponseDto> {
    const result = await this.sessions.login(body.username, body.password, req.ip ?? null);
    return { accessToken: result.accessToken, expiresAt: result.expiresAt.toISOString(), user: result.user };
  }

  @Post('logout')
  @HttpCode(204)
  @Access({ roles: ALL_ROLES })
  async logout(@CurrentUser() user: RequestUser): Promise<void> {
    await this.sessions.logout(user);
  }

  @Get('me')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: RequestUser): MeDto {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      stationId: user.stationId,
    };
  }
}
