import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'officer1' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  // 128 characters may take up to 512 UTF-16 units; the rules themselves are checked where set.
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  password: string;

  @ApiPropertyOptional({
    description:
      'the 6-digit code of the authenticator app, or a recovery code (once); needed when the user has a second factor',
    example: '123456',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(32)
  otp?: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['officer', 'manager', 'hq', 'admin'] }) role: string;
  @ApiProperty({ nullable: true, type: String }) stationId: string | null;
  @ApiProperty({
    description:
      'the password was set by someone else (admin, first start): every route but POST /auth/password, logout and /auth/me answers 403 auth.password_change_required until it is changed',
  })
  mustChangePassword: boolean;
  @ApiProperty({ description: 'the user has a second factor (TOTP)' }) mfaEnabled: boolean;
  @ApiProperty({
    description:
      'the role must use a second factor (MFA_REQUIRED_ROLES) and the user has none: every route but the enrolment ones, logout and /auth/me answers 403 auth.mfa_enrollment_required',
  })
  mfaEnrollmentRequired: boolean;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: MeDto }) user: MeDto;
}
