import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsReportDay } from '../../coverage/dto/day.validators';

export const PERIOD_FORMATS = ['json', 'xlsx', 'pdf'] as const;
export type PeriodFormat = (typeof PERIOD_FORMATS)[number];

/** One of: from + to, month, quarter (fiscal), fiscalYear. */
export class PeriodReportQueryDto {
  @ApiPropertyOptional({ example: '2023-04-01' }) @IsOptional() @IsReportDay() from?: string;
  @ApiPropertyOptional({ example: '2023-06-30' }) @IsOptional() @IsReportDay() to?: string;

  @ApiPropertyOptional({ example: '2023-06', description: 'a calendar month' })
  @IsOptional()
  @Matches(/^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/, { message: 'month は YYYY-MM 形式です (month as YYYY-MM)' })
  month?: string;

  @ApiPropertyOptional({ example: '2023Q1', description: 'fiscal quarter: 2023Q1 = 2023-04-01..2023-06-30' })
  @IsOptional()
  @Matches(/^(19|2\d)\d{2}Q[1-4]$/, { message: 'quarter は 2023Q1 の形式です (fiscal quarter as YYYYQn)' })
  quarter?: string;

  @ApiPropertyOptional({ example: '令和5年度', description: '2023, 2023年度, 令和5年度, R5' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  fiscalYear?: string;

  @ApiPropertyOptional({ enum: PERIOD_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(PERIOD_FORMATS, { message: 'format は json, xlsx, pdf のいずれかです' })
  format?: PeriodFormat;

  @ApiPropertyOptional({ description: 'hq: one station only' })
  @IsOptional()
  @IsUUID('all', { message: 'stationId が正しくありません (invalid stationId)' })
  stationId?: string;
}

export class CountRowDto {
  @ApiProperty({ nullable: true, type: String }) key: string | null;
  @ApiProperty() label: string;
  @ApiProperty() count: number;
}

export class PeriodDto {
  @ApiProperty({ example: '2023-04-01' }) from: string;
  @ApiProperty({ example: '2023-06-30' }) to: string;
  @ApiProperty({
    example: '令和5年度第1四半期',
    description:
      'as officials write it: 令和N年度 for a fiscal year, 令和N年度第M四半期 for a quarter, 令和N年M月 for a month, else the date range',
  })
  label: string;
  @ApiProperty({ example: '令和5年4月1日～令和5年6月30日' }) range: string;
  @ApiProperty({ enum: ['fiscal_year', 'quarter', 'month', 'range'] }) kind:
    'fiscal_year' | 'quarter' | 'month' | 'range';
}

export class VisitFiguresDto {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'distinct organizations visited' }) organizations: number;
  @ApiProperty({ type: [CountRowDto] }) bySector: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) byMunicipality: CountRowDto[];
  @ApiProperty({ type: [CountRowDto] }) byTopic: CountRowDto[];
}

export class CoverageAtEndDto {
  @ApiProperty() asOf: string;
  @ApiProperty() organizations: number;
  @ApiProperty() reached: number;
  @ApiProperty() overdue: number;
  @ApiProperty() never: number;
  @ApiProperty() coverage: number;
}

export class OrganizationFiguresDto {
  @ApiProperty({ description: 'distinct organizations reached in the period (visit or seminar)' })
  reached: number;
  @ApiProperty({ type: CoverageAtEndDto }) coverageAtEnd: CoverageAtEndDto;
}

export class SeminarFiguresDto {
  @ApiProperty() count: number;
  @ApiProperty() attendees: number;
  @ApiProperty({ description: 'distinct registered organizations that took part' }) organizations: number;
  @ApiProperty({ type: [CountRowDto] }) byKind: CountRowDto[];
}

export class ConsultationRowDto extends CountRowDto {
  @ApiProperty() escalated: number;
}

export class ConsultationFiguresDto {
  @ApiProperty() total: number;
  @ApiProperty() escalated: number;
  @ApiProperty({ type: [ConsultationRowDto] }) byCategory: ConsultationRowDto[];
}

export class FollowUpFiguresDto {
  @ApiProperty() opened: number;
  @ApiProperty() done: number;
  @ApiProperty({ description: 'due before the period end and still open then' }) overdue: number;
}

export class JointVisitFiguresDto {
  @ApiProperty({ description: 'approved visits with partners that went along (同行)' }) total: number;
  @ApiProperty({ type: [CountRowDto], description: 'key: partner id' }) byPartner: CountRowDto[];
}

export class ActivityKindRowDto extends CountRowDto {
  @ApiProperty() participants: number;
}

export class CountFigureDto {
  @ApiProperty() count: number;
}

export class TrainingFiguresDto extends CountFigureDto {
  @ApiProperty({ description: 'people who took part, summed' }) participants: number;
}

export class ActivityFiguresDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: TrainingFiguresDto, description: '人材育成: training, lectures, exercises' })
  training: TrainingFiguresDto;
  @ApiProperty({ type: CountFigureDto, description: '広報: web, media, notices' }) pr: CountFigureDto;
  @ApiProperty({ type: [ActivityKindRowDto] }) byKind: ActivityKindRowDto[];
}

/** hq's per-station breakdown: counts only. */
export class StationBreakdownDto {
  @ApiProperty() stationId: string;
  @ApiProperty() stationName: string;
  @ApiProperty() visits: number;
  @ApiProperty() organizationsVisited: number;
  @ApiProperty() jointVisits: number;
  @ApiProperty() organizationsReached: number;
  @ApiProperty() seminars: number;
  @ApiProperty() seminarAttendees: number;
  @ApiProperty() consultations: number;
  @ApiProperty() activities: number;
}

export class PeriodReportDto {
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty({ nullable: true, type: String }) stationId: string | null;
  @ApiProperty({ nullable: true, type: String }) stationName: string | null;
  @ApiProperty({ type: VisitFiguresDto }) visits: VisitFiguresDto;
  @ApiProperty({ type: OrganizationFiguresDto }) organizations: OrganizationFiguresDto;
  @ApiProperty({ type: SeminarFiguresDto }) seminars: SeminarFiguresDto;
  @ApiProperty({ type: ConsultationFiguresDto }) consultations: ConsultationFiguresDto;
  @ApiProperty({ type: FollowUpFiguresDto }) followUps: FollowUpFiguresDto;
  @ApiProperty({ type: CountFigureDto, description: 'liaison meetings with partners' })
  liaisons: CountFigureDto;
  @ApiProperty({ type: JointVisitFiguresDto }) jointVisits: JointVisitFiguresDto;
  @ApiProperty({ type: ActivityFiguresDto }) activities: ActivityFiguresDto;
  @ApiProperty({
    type: [StationBreakdownDto],
    nullable: true,
    description: 'hq over every station: one row per station (counts only); null otherwise',
  })
  byStation: StationBreakdownDto[] | null;
}
