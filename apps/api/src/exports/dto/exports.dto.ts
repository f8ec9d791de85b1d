import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsReportDay, NO_NUL, NO_NUL_MESSAGE } from '../../coverage/dto/day.validators';

export const EXPORT_ENCODINGS = ['utf8', 'shift_jis'] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];
const TIERS = ['A', 'B', 'C'] as const;
const ORG_STATUSES = ['active', 'closed', 'archived'] as const;
const COVERAGE = ['reached', 'overdue', 'never'] as const;

export class ExportCommonDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: made as a job (202 {jobId}; GET /jobs/:id, then /jobs/:id/file); false: the file now; default: a job past EXPORT_ASYNC_ROWS estimated rows',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'async は true または false です' })
  async?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: EXPORT_ENCODINGS,
    default: 'utf8',
    description: 'CSV only: UTF-8 with BOM, or Shift_JIS',
  })
  @IsOptional()
  @IsIn(EXPORT_ENCODINGS, { message: 'encoding は utf8 または shift_jis です' })
  encoding?: ExportEncoding;

  @ApiPropertyOptional({ description: 'hq: one station only' })
  @IsOptional()
  @IsUUID('all', { message: 'stationId が正しくありません (invalid stationId)' })
  stationId?: string;
}

/** The organization list's filters. */
export class OrganizationExportQueryDto extends ExportCommonDto {
  @ApiPropertyOptional({ description: 'substring of name, reading, address or corporate number' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  q?: string;

  @ApiPropertyOptional({ description: 'sector code' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'sector が正しくありません (invalid sector)' })
  sector?: string;

  @ApiPropertyOptional({ enum: TIERS })
  @IsOptional()
  @IsIn(TIERS, { message: 'tier は A, B, C のいずれかです' })
  tier?: 'A' | 'B' | 'C';

  @ApiPropertyOptional({ description: '5-digit municipality code, or its name' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  municipality?: string;

  @ApiPropertyOptional({ enum: ORG_STATUSES, description: 'default: active and closed' })
  @IsOptional()
  @IsIn(ORG_STATUSES, { message: 'status は active, closed, archived のいずれかです' })
  status?: (typeof ORG_STATUSES)[number];

  @ApiPropertyOptional({ enum: COVERAGE, description: 'as of today' })
  @IsOptional()
  @IsIn(COVERAGE, { message: 'coverage は reached, overdue, never のいずれかです' })
  coverage?: (typeof COVERAGE)[number];

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'managers only, with a reason: adds contacts',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includePersonal は true または false です' })
  includePersonal?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'why personal data are exported (required with includePersonal=true)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  reason?: string;
}

export class VisitExportQueryDto extends ExportCommonDto {
  @ApiPropertyOptional({ example: '2023-04-01' })
  @IsOptional()
  @IsReportDay()
  from?: string;

  @ApiPropertyOptional({ example: '2024-03-31' })
  @IsOptional()
  @IsReportDay()
  to?: string;

  @ApiPropertyOptional({ enum: ['approved', 'submitted'], description: 'default both' })
  @IsOptional()
  @IsIn(['approved', 'submitted'], { message: 'status は approved または submitted です' })
  status?: 'approved' | 'submitted';
}

class DateRangeExportDto extends ExportCommonDto {
  @ApiPropertyOptional({ example: '2023-04-01' })
  @IsOptional()
  @IsReportDay()
  from?: string;

  @ApiPropertyOptional({ example: '2024-03-31' })
  @IsOptional()
  @IsReportDay()
  to?: string;
}

const SEMINAR_KINDS = ['seminar', 'briefing', 'school_lecture', 'exercise', 'other'] as const;
const CONSULTATION_CATEGORIES = [
  'targeted_email',
  'unauthorized_access',
  'defacement',
  'suspicious_approach',
  'tech_leak',
  'other',
] as const;

export class SeminarExportQueryDto extends DateRangeExportDto {
  @ApiPropertyOptional({ enum: SEMINAR_KINDS })
  @IsOptional()
  @IsIn(SEMINAR_KINDS, { message: `kind は ${SEMINAR_KINDS.join(', ')} のいずれかです` })
  kind?: (typeof SEMINAR_KINDS)[number];
}

export class ConsultationExportQueryDto extends DateRangeExportDto {
  @ApiPropertyOptional({ enum: CONSULTATION_CATEGORIES })
  @IsOptional()
  @IsIn(CONSULTATION_CATEGORIES, {
    message: `category は ${CONSULTATION_CATEGORIES.join(', ')} のいずれかです`,
  })
  category?: (typeof CONSULTATION_CATEGORIES)[number];

  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'], { message: 'status は open または closed です' })
  status?: 'open' | 'closed';
}
