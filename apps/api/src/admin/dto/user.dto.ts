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
  @ApiProperty() mustChangePassword: boolean;
  @ApiProperty() version: number;
}

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

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `パスワードは${PASSWORD_MIN}文字以上です` })
  @MaxLength(PASSWORD_MAX, { message: `パスワードは${PASSWORD_MAX}文字以下です` })
  password: string;
}

export class UpdateUserDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(100) displayName?: string;

  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  stationId?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;

  @ApiPropertyOptional({ description: 'sets a new password and ends the user’s sessions' })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `パスワードは${PASSWORD_MIN}文字以上です` })
  @MaxLength(PASSWORD_MAX, { message: `パスワードは${PASSWORD_MAX}文字以下です` })
  password?: string;
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
