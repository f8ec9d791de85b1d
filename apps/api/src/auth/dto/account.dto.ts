import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../../../libs/auth/password';

export class ChangePasswordDto {
  @ApiProperty({ description: 'the password the user signed in with' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  currentPassword: string;

  @ApiProperty({
    minLength: PASSWORD_MIN,
    maxLength: PASSWORD_MAX,
    description: `${PASSWORD_MIN}–${PASSWORD_MAX} characters, not a common password, not containing the username, display name or station name; else 400 auth.weak_password`,
  })
  @IsString()
  @MaxLength(512)
  newPassword: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({
    description: 'base32 secret for the authenticator app; shown this once',
    example: 'JBSWY3DPEHPK3PXP…',
  })
  secret: string;

  @ApiProperty({
    description: 'otpauth:// URI of the secret, for a QR code',
    example: 'otpauth://totp/Outreach%20CRM:tanaka?secret=…',
  })
  otpauthUrl: string;
}

export class ConfirmTotpDto {
  @ApiProperty({ description: 'the 6-digit code the app shows now', example: '123456' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  otp: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: '10 one-time codes for when the app is not at hand; shown this once, stored only hashed',
    example: ['abcde-fghjk'],
  })
  recoveryCodes: string[];
}

export class DisableMfaDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(512) password: string;

  @ApiProperty({ description: 'a current code of the app, or a recovery code', example: '123456' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  otp: string;
}

export class MfaStatusDto {
  @ApiProperty() enabled: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) enabledAt: string | null;
  @ApiProperty({ description: 'unused recovery codes' }) recoveryCodesLeft: number;
  @ApiProperty({ description: 'the role must use a second factor (MFA_REQUIRED_ROLES)' }) required: boolean;
}

export class SessionDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time', description: 'when the session began (login)' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'last request, to the minute' }) lastSeenAt: string;
  @ApiProperty({ format: 'date-time', description: 'when it ends at the latest' }) expiresAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'the User-Agent header at login' })
  userAgent: string | null;
  @ApiProperty({ description: 'browser and system read from the user agent, e.g. "Chrome / Windows"' })
  device: string;
  @ApiProperty({ nullable: true, type: String, description: 'the client address at login' })
  ipAddress: string | null;
  @ApiProperty({ description: 'the session of this request' }) current: boolean;
}
