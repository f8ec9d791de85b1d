import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../../../libs/http/pagination';

export const TIMELINE_KINDS = [
  'visit',
  'seminar',
  'consultation',
  'contact_change',
  'organization_change',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['-date', 'date'], default: '-date', description: 'newest first by default' })
  @IsOptional()
  @IsIn(['-date', 'date'], { message: 'sort は date または -date です' })
  declare sort?: string;
}

export class TimelineEntryDto {
  @ApiProperty({ example: '2025-06-21', description: 'the day in Japan' }) date: string;
  @ApiProperty({
    example: '2025-06-21T10:00:00+09:00',
    description: 'the instant, for ordering within a day',
  })
  at: string;
  @ApiProperty({ enum: TIMELINE_KINDS }) kind: TimelineKind;
  @ApiProperty({ example: '田中 一郎が訪問し、「技術流出事案の紹介」ほか1件について話しました（決裁済み）' })
  summary: string;
  @ApiProperty({
    description: 'id of the visit, seminar, consultation, contact or organization change the entry is about',
  })
  linkId: string;
  @ApiProperty({ description: 'same as linkId (for older clients)' }) refId: string;
  @ApiPropertyOptional({ description: 'visit or consultation status' }) status?: string;
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineEntryDto] }) items: TimelineEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
