import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../../../libs/auth/password';
import { ROLES, type Role } from '../../../../../libs/auth/entities/user.entity';
import { PageQueryDto } from '../../../../../libs/http/pagination';

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: String }) stationId: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty({
    description: 'the password was set by an admin (or at first start) and must be changed by the user',
  })
  mustChangePassword: boolean;
  @ApiProperty({ description: 'the user has a second factor (TOTP)' }) mfaEnabled: boolean;
  @ApiProperty() version: number;
}

/**
 * The rules (12–128 characters, not a common password, not the user's names) are checked by the
 * service, answering 400 `auth.weak_password` with `details[{field: 'password'}]`; the DTO only
 * bounds the input.
 */
const PASSWORD_DOC = {
  minLength: PASSWORD_MIN,
  maxLength: PASSWORD_MAX,
  description: `a one-time password: ${PASSWORD_MIN}–${PASSWORD_MAX} characters, not a common password, not containing the username, display name or station name; the user must change it at first login, and it expires after ONE_TIME_PASSWORD_DAYS`,
};

export class CreateUserDto {
  @ApiProperty({ example: 'tanaka' })
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{3,64}$/, { message: 'ユーザー名は3〜64文字の英数字・._- です' })
  username: string;

  @ApiProperty({ example: '田中 一郎' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  stationId?: string | null;

  @ApiProperty(PASSWORD_DOC)
  @IsString()
  @MaxLength(512, { message: `パスワードは${PASSWORD_MAX}文字以下にしてください` })
  password: string;
}

export class UpdateUserDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(100) displayName?: string;

  @ApiPropertyOptional({ enum: ROLES }) @OptionalNotNull() @IsIn(ROLES) role?: Role;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  stationId?: string | null;

  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() disabled?: boolean;

  @ApiPropertyOptional({
    ...PASSWORD_DOC,
    description: `sets a new password and ends the user’s sessions; ${PASSWORD_DOC.description}`,
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(512, { message: `パスワードは${PASSWORD_MAX}文字以下にしてください` })
  password?: string;

  @ApiPropertyOptional({
    description:
      'true removes the user’s second factor and recovery codes (a lost device) and ends their sessions; they enrol again',
  })
  @OptionalNotNull()
  @IsBoolean()
  resetMfa?: boolean;
}

export class UserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() stationId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
}

export class StationMemberDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}
