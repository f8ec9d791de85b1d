import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '日付は YYYY-MM-DD 形式です';

export class WorkloadQueryDto {
  @ApiPropertyOptional({
    example: '2025-04-01',
    description: 'first day (JST, inclusive); default: the 1st of this month',
  })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'last day (JST, inclusive); default: today' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  to?: string;
}

/** What one officer (or manager) of the station did in the period, and what is open now. */
export class WorkloadOfficerDto {
  @ApiProperty() userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['officer', 'manager'] }) role: 'officer' | 'manager';
  @ApiProperty({ description: 'the user is disabled (shown while they have work in the figures)' })
  disabled: boolean;
  @ApiProperty({ description: 'visits in the period they took part in, submitted at least once' })
  visits: number;
  @ApiProperty({ description: 'of those, approved' }) approvedVisits: number;
  @ApiProperty({ description: 'seminars held in the period that they recorded' }) seminars: number;
  @ApiProperty({ description: 'visit and council follow-ups they own, open or in progress, now' })
  openFollowUps: number;
  @ApiProperty({ description: 'of those, due before today' }) overdueFollowUps: number;
}

export class WorkloadTotalsDto {
  @ApiProperty() visits: number;
  @ApiProperty() approvedVisits: number;
  @ApiProperty() seminars: number;
  @ApiProperty() openFollowUps: number;
  @ApiProperty() overdueFollowUps: number;
}

/** A station manager's view of the station's workload (staffing: never shown to hq or outsiders). */
export class WorkloadDto {
  @ApiProperty() stationId: string;
  @ApiProperty({ example: '2025-04-01' }) from: string;
  @ApiProperty({ example: '2026-03-31' }) to: string;
  @ApiProperty({ example: '2026-03-31', description: 'the day open follow-ups are counted on' }) asOf: string;
  @ApiProperty({ type: [WorkloadOfficerDto], description: 'by reading of the display name' })
  officers: WorkloadOfficerDto[];
  @ApiProperty({
    type: WorkloadTotalsDto,
    description: 'visits and seminars counted once each, however many officers took part',
  })
  totals: WorkloadTotalsDto;
}
