import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { PageQueryDto } from '../../../../../libs/http/pagination';
import {
  CONSULTATION_CATEGORIES,
  CONSULTATION_STATUSES,
  type ConsultationCategory,
  type ConsultationStatus,
} from '../entities/consultation.entity';

const TIMESTAMP_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const TIMESTAMP_MESSAGE = '日時はオフセット付きISO 8601形式です (e.g. 2025-06-21T10:00:00+09:00)';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '日付は YYYY-MM-DD 形式です';
const BOOL = ['true', 'false'];

export class ConsultationDto {
  @ApiProperty() id: string;
  @ApiProperty() stationId: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ example: '2025-06-21T10:00:00+09:00' }) receivedAt: string;
  @ApiProperty({ enum: CONSULTATION_CATEGORIES }) category: ConsultationCategory;
  @ApiProperty({ nullable: true, type: String, description: 'null when masked' }) summary: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null when masked' }) handling: string | null;
  @ApiProperty() escalated: boolean;
  @ApiProperty({ nullable: true, type: String }) escalatedAt: string | null;
  @ApiProperty({ enum: CONSULTATION_STATUSES }) status: ConsultationStatus;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ description: 'content visible to managers, hq and admins only' }) restricted: boolean;
  @ApiProperty({ description: 'true when summary and handling are withheld from this user' }) masked: boolean;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() version: number;
}

export class CreateConsultationDto {
  @ApiProperty() @IsUUID() organizationId: string;

  @ApiProperty({ example: '2025-06-21T10:00:00+09:00' })
  @IsString()
  @Matches(TIMESTAMP_WITH_OFFSET, { message: TIMESTAMP_MESSAGE })
  receivedAt: string;

  @ApiProperty({ enum: CONSULTATION_CATEGORIES })
  @IsIn(CONSULTATION_CATEGORIES)
  category: ConsultationCategory;

  @ApiProperty({ example: '取引先を装った標的型メールを受信した' })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  summary: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(10000)
  handling?: string | null;

  @ApiPropertyOptional({ description: 'escalated to HQ (sets escalatedAt)' })
  @OptionalNotNull()
  @IsBoolean()
  escalated?: boolean;

  @ApiPropertyOptional({ enum: CONSULTATION_STATUSES, default: 'open' })
  @OptionalNotNull()
  @IsIn(CONSULTATION_STATUSES)
  status?: ConsultationStatus;

  @ApiPropertyOptional({ description: 'content visible to managers, hq and admins only' })
  @OptionalNotNull()
  @IsBoolean()
  restricted?: boolean;
}

export class UpdateConsultationDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2_147_483_647) version: number;

  @ApiPropertyOptional({ example: '2025-06-21T10:00:00+09:00' })
  @OptionalNotNull()
  @IsString()
  @Matches(TIMESTAMP_WITH_OFFSET, { message: TIMESTAMP_MESSAGE })
  receivedAt?: string;

  @ApiPropertyOptional({ enum: CONSULTATION_CATEGORIES })
  @OptionalNotNull()
  @IsIn(CONSULTATION_CATEGORIES)
  category?: ConsultationCategory;

  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(10000) summary?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(10000)
  handling?: string | null;

  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() escalated?: boolean;

  @ApiPropertyOptional({ enum: CONSULTATION_STATUSES })
  @OptionalNotNull()
  @IsIn(CONSULTATION_STATUSES)
  status?: ConsultationStatus;

  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() restricted?: boolean;
}

export class ConsultationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-04-01', description: 'received from (JST day, inclusive)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'received to (JST day, inclusive)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  to?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;

  @ApiPropertyOptional({ enum: CONSULTATION_CATEGORIES })
  @IsOptional()
  @IsIn(CONSULTATION_CATEGORIES)
  category?: ConsultationCategory;

  @ApiPropertyOptional({ enum: CONSULTATION_STATUSES })
  @IsOptional()
  @IsIn(CONSULTATION_STATUSES)
  status?: ConsultationStatus;

  @ApiPropertyOptional({ enum: BOOL }) @IsOptional() @IsIn(BOOL) escalated?: string;
  @ApiPropertyOptional({ enum: BOOL }) @IsOptional() @IsIn(BOOL) restricted?: string;
}
