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
import {
  PARTNER_KINDS,
  PARTNER_STATUSES,
  type PartnerKind,
  type PartnerStatus,
} from '../entities/partner.entity';

export const PARTNER_OWNERS = ['prefecture', 'station'] as const;
export type PartnerOwner = (typeof PARTNER_OWNERS)[number];

const PREFECTURE = /^(0[1-9]|[1-3][0-9]|4[0-7])$/;
const PREFECTURE_MESSAGE = '都道府県コードは01〜47です';

export class PartnerDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '35' }) prefectureCode: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "the station whose own partner this is; null: prefecture-wide (hq's)",
  })
  stationId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '岩国警察署' }) stationName: string | null;
  @ApiProperty({ enum: PARTNER_STATUSES, description: 'archived: merged into another (mergedIntoId)' })
  status: PartnerStatus;
  @ApiProperty({ nullable: true, type: String }) mergedIntoId: string | null;
  @ApiProperty({ example: '山口県 商工労働部 イノベーション推進課' }) name: string;
  @ApiProperty({
    example: '山口県商工労働部イノベーション推進課',
    description:
      'name + department normalized (width, kana, spaces folded): partners sharing it are likely duplicates',
  })
  normalizedName: string;
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
  @ApiPropertyOptional({
    enum: PARTNER_OWNERS,
    description: "prefecture: prefecture-wide (hq's) only; station: stations' own only",
  })
  @IsOptional()
  @IsIn(PARTNER_OWNERS)
  owner?: PartnerOwner;
  @ApiPropertyOptional({ description: "one station's own partners (hq/admin)" })
  @IsOptional()
  @IsUUID()
  stationId?: string;
  @ApiPropertyOptional({ description: 'also partners merged away (archived)', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeArchived?: 'true' | 'false';
}

export class PartnerDuplicateDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) department: string | null;
  @ApiProperty({ nullable: true, type: String }) stationId: string | null;
}

export class CreatedPartnerDto extends PartnerDto {
  @ApiPropertyOptional({
    type: [PartnerDuplicateDto],
    description:
      'partners the caller sees with the same normalized name and department (likely duplicates; hq may merge them)',
  })
  possibleDuplicates?: PartnerDuplicateDto[];
}

export class MergePartnerDto {
  @ApiProperty({ description: 'the partner kept; the path one is archived with mergedIntoId = this' })
  @IsUUID()
  intoId: string;
  @ApiProperty({ description: 'version of the partner merged away (the path id)' })
  @IsInt()
  @Min(1)
  version: number;
  @ApiProperty({ description: 'version of the partner kept' })
  @IsInt()
  @Min(1)
  intoVersion: number;
}

export class PartnerMergeMovedDto {
  @ApiProperty() liaisons: number;
  @ApiProperty({ description: "the merged network's members" }) networkMembers: number;
  @ApiProperty({ description: 'its memberships in networks' }) memberships: number;
  @ApiProperty({ description: 'seminars it co-organized' }) seminars: number;
  @ApiProperty({ description: 'staff training and PR activities it took part in' }) activities: number;
  @ApiProperty({ description: 'visits it made jointly with the station' }) jointVisits: number;
}

export class PartnerMergeResultDto {
  @ApiProperty({ type: PartnerDto, description: 'the partner kept' }) partner: PartnerDto;
  @ApiProperty({ type: PartnerDto, description: 'the partner merged away (archived)' }) merged: PartnerDto;
  @ApiProperty({ type: PartnerMergeMovedDto }) moved: PartnerMergeMovedDto;
}

export class CreatePartnerDto {
  @ApiPropertyOptional({ description: "defaults to the caller's station's prefecture, else '35'" })
  @OptionalNotNull()
  @Matches(PREFECTURE, { message: PREFECTURE_MESSAGE })
  prefectureCode?: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      "hq/admin: a station's own partner (its prefecture), null or absent: prefecture-wide. Officers and managers always create their own station's.",
  })
  @IsOptional()
  @IsUUID()
  stationId?: string | null;
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
