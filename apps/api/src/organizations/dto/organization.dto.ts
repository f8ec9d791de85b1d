import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
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
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { IsReportDay as IsDay } from '../../coverage/dto/day.validators';
import { PageQueryDto } from '../../../../../libs/http/pagination';
import {
  CONSULTATION_DESK,
  ORGANIZATION_STATUSES,
  TIERS,
  type ConsultationDesk,
  type OrganizationStatus,
  type Tier,
} from '../entities/organization.entity';
import {
  CorporateNumberInput,
  IsCorporateNumber,
  IsKatakanaReading,
  KanaInput,
  PostalCodeInput,
  TrimToNull,
} from './validators';

export const COVERAGE_STATES = ['reached', 'overdue', 'never'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

const CODE = /^[A-Za-z0-9_]{1,64}$/;
const CODE_MESSAGE = 'コードは英数字・_ です (code: letters, digits, _)';
const MUNICIPALITY_MESSAGE = '市区町村コードは5桁の数字です (municipality code: 5 digits)';
const POSTAL_MESSAGE = '郵便番号は7桁の数字です（ハイフン可） (postal code: 7 digits)';
const TIER_MESSAGE = '重点度は A・B・C のいずれかです (tier: A, B or C)';

export class OrganizationDto {
  @ApiProperty() id: string;
  @ApiProperty() stationId: string;
  @ApiProperty({ nullable: true, type: String, example: '7010001008844' }) corporateNumber: string | null;
  @ApiProperty({ example: '株式会社岩国精密' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'イワクニセイミツ' }) nameKana: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'kabushiki' }) legalForm: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'advanced_tech' }) sector: string | null;
  @ApiProperty({ type: [String] }) technologies: string[];
  @ApiProperty({
    enum: TIERS,
    nullable: true,
    description:
      'A, B or C: an outreach target with that priority; null: a candidate (from the register, not chosen)',
  })
  tier: Tier | null;
  @ApiProperty({ nullable: true, type: String, example: '35208' }) municipality: string | null;
  @ApiProperty({ nullable: true, type: String, example: '岩国市' }) municipalityName: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String, example: '7400018' }) postalCode: string | null;
  @ApiProperty() exportControlRelevant: boolean;
  @ApiProperty({ enum: CONSULTATION_DESK }) consultationDesk: ConsultationDesk;
  @ApiProperty({ enum: ORGANIZATION_STATUSES }) status: OrganizationStatus;
  @ApiProperty({ nullable: true, type: String, example: '2024-03-31' }) closedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ example: 'manual' }) source: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2024-05-01',
    description: 'the register update applied last',
  })
  registerUpdatedOn: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'university',
    description:
      'a sector code suggested from the name and legal form while sector is empty, for a person to confirm (never stored by itself)',
  })
  suggestedSector: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2024-05-01',
    description: 'last approved visit or seminar attendance (JST day)',
  })
  lastReachedOn: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2024-10-28',
    description: 'lastReachedOn + the tier cadence',
  })
  nextDueOn: string | null;
  @ApiProperty({ enum: COVERAGE_STATES, nullable: true, description: 'null for a candidate (not counted)' })
  coverage: CoverageState | null;
  @ApiProperty({ nullable: true, type: String }) mergedIntoId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty() version: number;
}

export class DuplicateCandidateDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class CreatedOrganizationDto extends OrganizationDto {
  @ApiPropertyOptional({
    type: [DuplicateCandidateDto],
    description:
      'other organizations of the station with the same normalized name (manual entries without a corporate number)',
  })
  possibleDuplicates?: DuplicateCandidateDto[];
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] }) items: OrganizationDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiPropertyOptional({ description: 'true when total stopped at 10,000' }) totalCapped?: boolean;
}

/** Fields shared by create and update (update makes every one optional). */
class OrganizationFieldsDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: '7010001008844' })
  @IsOptional()
  @CorporateNumberInput()
  @IsCorporateNumber()
  corporateNumber?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'いわくにせいみつ',
    description: 'hiragana or half-width kana are stored as full-width katakana',
  })
  @IsOptional()
  @KanaInput()
  @IsString()
  @MaxLength(200)
  @IsKatakanaReading()
  nameKana?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'code list legalForm' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  legalForm?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'code list sector' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  sector?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  technologies?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, example: '35208' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{5}$/, { message: MUNICIPALITY_MESSAGE })
  municipality?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '740-0018' })
  @IsOptional()
  @PostalCodeInput()
  @IsString()
  @Matches(/^\d{7}$/, { message: POSTAL_MESSAGE })
  postalCode?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  exportControlRelevant?: boolean;

  @ApiPropertyOptional({ enum: CONSULTATION_DESK })
  @OptionalNotNull()
  @IsIn(CONSULTATION_DESK)
  consultationDesk?: ConsultationDesk;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  notes?: string | null;
}

export class CreateOrganizationDto extends OrganizationFieldsDto {
  @ApiProperty({ example: '株式会社岩国精密' })
  @IsString()
  @TrimToNull()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /**
   * A record made by hand is a target: a person who types a firm in has chosen it. The tier may be
   * omitted (C, the lowest priority) but not null; candidates come from the register.
   */
  @ApiPropertyOptional({
    enum: TIERS,
    default: 'C',
    description:
      'a record made by hand is a target: omitted means C; null is not accepted (candidates come from the register)',
  })
  @OptionalNotNull()
  @IsIn(TIERS, { message: TIER_MESSAGE })
  tier?: Tier;
}

export class UpdateOrganizationDto extends OrganizationFieldsDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @TrimToNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    enum: TIERS,
    nullable: true,
    description: 'null turns a target back into a candidate',
  })
  @IsOptional()
  @IsIn(TIERS, { message: TIER_MESSAGE })
  tier?: Tier | null;

  @ApiPropertyOptional({ enum: ['active', 'closed'], description: 'archive with DELETE' })
  @OptionalNotNull()
  @IsIn(['active', 'closed'], { message: '状態は active または closed です (status: active or closed)' })
  status?: 'active' | 'closed';

  @ApiPropertyOptional({ nullable: true, type: String, example: '2024-03-31' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '日付は YYYY-MM-DD です (date: YYYY-MM-DD)' })
  closedOn?: string | null;
}

/** The list's filters (also what a saved view keeps). */
export class OrganizationFilterDto {
  @ApiPropertyOptional({ description: 'part of the name, reading, address or corporate number' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  sector?: string;

  @ApiPropertyOptional({ enum: TIERS })
  @OptionalNotNull()
  @IsIn(TIERS, { message: TIER_MESSAGE })
  tier?: Tier;

  @ApiPropertyOptional({ example: '35208' })
  @OptionalNotNull()
  @Matches(/^\d{5}$/, { message: MUNICIPALITY_MESSAGE })
  municipality?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_STATUSES, description: 'default: active and closed' })
  @OptionalNotNull()
  @IsIn(ORGANIZATION_STATUSES)
  status?: OrganizationStatus;

  @ApiPropertyOptional({ enum: COVERAGE_STATES, description: 'targets only (candidates have no coverage)' })
  @OptionalNotNull()
  @IsIn(COVERAGE_STATES)
  coverage?: CoverageState;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: targets only (tier A, B or C); false: candidates only (tier null); omitted: both',
  })
  @OptionalNotNull()
  @IsIn(['true', 'false'], { message: 'target は true または false です (target: true or false)' })
  target?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'code list legalForm', example: 'kabushiki' })
  @OptionalNotNull()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  legalForm?: string;

  @ApiPropertyOptional({
    description: 'words of the name, separated by spaces: every word in the name (kana and width folded)',
    example: '大学 研究',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  nameWords?: string;

  @ApiPropertyOptional({
    example: '2024-04-01',
    description: 'register update date on or after (YYYY-MM-DD)',
  })
  @OptionalNotNull()
  @IsDay()
  registerUpdatedFrom?: string;

  @ApiPropertyOptional({
    example: '2024-04-30',
    description: 'register update date on or before (YYYY-MM-DD)',
  })
  @OptionalNotNull()
  @IsDay()
  registerUpdatedTo?: string;
}

export class OrganizationListQueryDto extends IntersectionType(PageQueryDto, OrganizationFilterDto) {
  @ApiPropertyOptional({ description: 'hq and admin: one station only' })
  @IsOptional()
  @IsUUID()
  stationId?: string;
}

export class MergeOrganizationDto {
  @ApiProperty({ description: 'the organization merged away (archived, merged_into_id = this one)' })
  @IsUUID()
  sourceId: string;

  @ApiProperty({ description: 'version of the organization kept (the path id)' })
  @IsInt()
  @Min(1)
  version: number;
}

export class MergeResultDto {
  @ApiProperty({ type: OrganizationDto }) organization: OrganizationDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'rows moved to the organization kept, per kind (visits, contacts, consultations, …)',
    example: { visits: 2, contacts: 1, consultations: 0, seminarParticipants: 1, networkMembers: 0 },
  })
  moved: Record<string, number>;
}
