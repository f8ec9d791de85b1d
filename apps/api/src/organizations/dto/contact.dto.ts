import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { CONTACT_ROLES, type ContactRole } from '../entities/contact.entity';
import { IsKatakanaReading, KanaInput, TrimToNull } from './validators';

const PHONE = /^[0-9+()\- ]{6,20}$/;
const PHONE_MESSAGE = '電話番号は数字・ハイフンで入力してください (phone: digits and hyphens)';

export class ContactDto {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) nameKana: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ enum: CONTACT_ROLES }) role: ContactRole;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt: Date | null;
  @ApiProperty() version: number;
}

class ContactFieldsDto {
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @KanaInput()
  @IsString()
  @MaxLength(200)
  @IsKatakanaReading()
  nameKana?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '総務部長' })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @ApiPropertyOptional({ enum: CONTACT_ROLES })
  @OptionalNotNull()
  @IsIn(CONTACT_ROLES)
  role?: ContactRole;

  @ApiPropertyOptional({ nullable: true, type: String, example: '0827-00-0000' })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @TrimToNull()
  @IsEmail({}, { message: 'メールアドレスの形式が正しくありません (invalid e-mail)' })
  @MaxLength(254)
  email?: string | null;
}

export class CreateContactDto extends ContactFieldsDto {
  @ApiProperty({ example: '山田 太郎' })
  @TrimToNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

export class UpdateContactDto extends ContactFieldsDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @TrimToNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
}
