import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../../../libs/http/pagination';
import { IsReportDay } from './day.validators';

export const COVERAGE_GROUP_BYS = ['sector', 'municipality', 'tier', 'station'] as const;
export type CoverageGroupBy = (typeof COVERAGE_GROUP_BYS)[number];
export const COVERAGE_STATES = ['reached', 'overdue', 'never'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];
const TIERS = ['A', 'B', 'C'] as const;

export class CoverageQueryDto {
  @ApiPropertyOptional({ example: '2023-06-30', description: 'day in Japan; default today' })
  @IsOptional()
  @IsReportDay()
  asOf?: string;

  @ApiPropertyOptional({ enum: COVERAGE_GROUP_BYS, default: 'sector' })
  @IsOptional()
  @IsIn(COVERAGE_GROUP_BYS, { message: 'groupBy は sector, municipality, tier, station のいずれかです' })
  groupBy?: CoverageGroupBy;

  @ApiPropertyOptional({ description: 'hq/admin: one station only' })
  @IsOptional()
  @IsUUID('all', { message: 'stationId が正しくありません (invalid stationId)' })
  stationId?: string;
}

export class WorklistQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2023-06-30', description: 'day in Japan; default today' })
  @IsOptional()
  @IsReportDay()
  asOf?: string;

  @ApiPropertyOptional({ description: 'hq/admin: one station only' })
  @IsOptional()
  @IsUUID('all', { message: 'stationId が正しくありません (invalid stationId)' })
  stationId?: string;

  @ApiPropertyOptional({ enum: TIERS })
  @IsOptional()
  @IsIn(TIERS, { message: 'tier は A, B, C のいずれかです' })
  tier?: 'A' | 'B' | 'C';

  @ApiPropertyOptional({ enum: ['overdue', 'never'] })
  @IsOptional()
  @IsIn(['overdue', 'never'], { message: 'state は overdue または never です' })
  state?: 'overdue' | 'never';
}

/** Counts of targets (organizations with a tier): candidates are never in them. */
export class CoverageCountsDto {
  @ApiProperty({ description: 'targets (tier A, B or C)' }) organizations: number;
  @ApiProperty() reached: number;
  @ApiProperty() overdue: number;
  @ApiProperty() never: number;
}

export class CoverageTotalsDto extends CoverageCountsDto {
  @ApiProperty({ description: 'reached / organizations, 0..1 (0 when there are none)' }) coverage: number;
  @ApiProperty({
    description:
      'candidates (tier null: from the register, not chosen as targets) of the same scope; not counted in organizations or coverage',
  })
  candidates: number;
}

export class CoverageGroupDto extends CoverageCountsDto {
  @ApiProperty({ nullable: true, type: String, description: 'sector code, municipality code, tier or station id' })
  key: string | null;
  @ApiProperty({ description: 'Japanese label' }) label: string;
  @ApiProperty({ description: 'reached / organizations, 0..1' }) coverage: number;
}

export class CoverageDto {
  @ApiProperty({ example: '2023-06-30' }) asOf: string;
  @ApiProperty({ enum: COVERAGE_GROUP_BYS }) groupBy: CoverageGroupBy;
  @ApiProperty({ nullable: true, type: String }) stationId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { A: 180, B: 365, C: 730 },
    description: 'days between reaches, per tier',
  })
  cadenceDays: Record<string, number>;
  @ApiProperty({ type: CoverageTotalsDto }) totals: CoverageTotalsDto;
  @ApiProperty({ type: [CoverageGroupDto] }) groups: CoverageGroupDto[];
}

export class WorklistItemDto {
  @ApiProperty() organizationId: string;
  @ApiProperty() stationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) corporateNumber: string | null;
  @ApiProperty({ enum: TIERS }) tier: string;
  @ApiProperty({ nullable: true, type: String }) sector: string | null;
  @ApiProperty({ nullable: true, type: String }) sectorLabel: string | null;
  @ApiProperty({ nullable: true, type: String, example: '岩国市', description: 'the municipality name' })
  municipality: string | null;
  @ApiProperty({ nullable: true, type: String, example: '35208' }) municipalityCode: string | null;
  @ApiProperty({ enum: ['overdue', 'never'] }) state: CoverageState;
  @ApiProperty({ nullable: true, type: String }) lastReachedOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null when never reached (due now)' })
  nextDueOn: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null when never reached' })
  daysOverdue: number | null;
}

export class WorklistDto {
  @ApiProperty() asOf: string;
  @ApiProperty({ type: [WorklistItemDto] }) items: WorklistItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
