import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
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
import { PageQueryDto } from '../../../../../libs/http/pagination';
import { PARTNER_KINDS, type PartnerKind } from '../entities/partner.entity';

const PREFECTURE = /^(0[1-9]|[1-3][0-9]|4[0-7])$/;
const PREFECTURE_MESSAGE = '都道府県コードは01〜47です';

export class PartnerDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '35' }) prefectureCode: string;
  @ApiProperty({ example: '山口県 商工労働部 イノベーション推進課' }) name: string;
  @ApiProperty({ enum: PARTNER_KINDS }) kind: PartnerKind;
  @ApiProperty({ nullable: true, type: String }) department: string | null;
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ description: 'members of a network (organizations of every station and partners)' })
  memberCount: number;
  @ApiProperty() version: number;
}

export class PartnerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PARTNER_KINDS }) @IsOptional() @IsIn(PARTNER_KINDS) kind?: PartnerKind;
  @ApiPropertyOptional({ description: 'part of the name or department' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ description: 'hq/admin only; station users see their prefecture' })
  @IsOptional()
  @Matches(PREFECTURE, { message: PREFECTURE_MESSAGE })
  prefectureCode?: string;
}

export class CreatePartnerDto {
  @ApiPropertyOptional({ description: "defaults to the caller's station's prefecture, else '35'" })
  @OptionalNotNull()
  @Matches(PREFECTURE, { message: PREFECTURE_MESSAGE })
  prefectureCode?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: PARTNER_KINDS }) @IsIn(PARTNER_KINDS) kind: PartnerKind;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  department?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contactName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Matches(/^[0-9０-９+()（）\- ]{1,30}$/, { message: '電話番号は数字と +-() です' })
  phone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsEmail({}, { message: 'メールアドレスの形式が正しくありません' })
  @MaxLength(200)
  email?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(2000) notes?:
    string | null;
}

export class UpdatePartnerDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: PARTNER_KINDS }) @OptionalNotNull() @IsIn(PARTNER_KINDS) kind?: PartnerKind;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(200)
  department?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(100)
  contactName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^[0-9０-９+()（）\- ]{1,30}$/, { message: '電話番号は数字と +-() です' })
  phone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsEmail({}, { message: 'メールアドレスの形式が正しくありません' })
  @MaxLength(200)
  email?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

export class NetworkMemberDto {
  @ApiProperty() id: string;
  @ApiProperty() networkId: string;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationName: string | null;
  @ApiProperty({ nullable: true, type: String }) stationId: string | null;
  @ApiProperty({ nullable: true, type: String }) partnerId: string | null;
  @ApiProperty({ nullable: true, type: String }) partnerName: string | null;
}

export class AddNetworkMemberDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "an organization of the caller's station",
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'a partner agency of the same prefecture',
  })
  @IsOptional()
  @IsUUID()
  partnerId?: string | null;
}
