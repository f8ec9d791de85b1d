import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '日付は YYYY-MM-DD 形式です';

export const CALENDAR_KINDS = ['visit', 'seminar', 'meeting', 'follow_up'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
export const CALENDAR_LINK_TYPES = ['visit', 'seminar', 'meeting', 'follow_up'] as const;
export type CalendarLinkType = (typeof CALENDAR_LINK_TYPES)[number];

export class CalendarQueryDto {
  @ApiProperty({ example: '2025-06-01', description: 'first day (JST, inclusive)' })
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  from: string;

  @ApiProperty({
    example: '2025-06-30',
    description: 'last day (JST, inclusive); at most 92 days after from',
  })
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  to: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'only what this officer does: visits they are on, seminars they recorded, follow-ups they own (council meetings are left out). Station users only',
  })
  @IsOptional()
  @IsUUID('all', { message: 'officerId は UUID です' })
  officerId?: string;
}

export class CalendarLinkDto {
  @ApiProperty({
    enum: CALENDAR_LINK_TYPES,
    description:
      'the record to open: a visit follow-up links to its visit, a council follow-up to the follow-up board',
  })
  type: CalendarLinkType;
  @ApiProperty({ format: 'uuid' }) id: string;
}

/** One entry of the calendar. */
export class CalendarItemDto {
  @ApiProperty({ enum: CALENDAR_KINDS }) kind: CalendarKind;
  @ApiProperty({ format: 'uuid', description: 'the visit, seminar, meeting or follow-up' }) id: string;
  @ApiProperty({
    description:
      'need-to-know: a visit shows its organization’s name, a seminar its title, a meeting its name, a follow-up its title',
  })
  title: string;
  @ApiProperty({
    example: '2025-06-21T10:00:00+09:00',
    description: 'a timestamp with offset (visits) or a day YYYY-MM-DD (allDay entries)',
  })
  start: string;
  @ApiPropertyOptional({ description: 'when known; never for allDay entries' }) end?: string;
  @ApiProperty({ example: '2025-06-21', description: 'the day in Japan the entry belongs to' }) date: string;
  @ApiProperty({ description: 'a whole-day entry (seminars, meetings, follow-up due dates)' })
  allDay: boolean;
  @ApiProperty({
    description:
      'visit: planned|draft|submitted|approved|returned; seminar and meeting: scheduled|held; follow-up: open|in_progress|done',
  })
  status: string;
  @ApiPropertyOptional({ enum: ['visit', 'council'], description: 'follow-ups: where it comes from' })
  source?: 'visit' | 'council';
  @ApiProperty({ format: 'uuid' }) stationId: string;
  @ApiProperty({ type: CalendarLinkDto }) link: CalendarLinkDto;
}

export class CalendarDto {
  @ApiProperty({ example: '2025-06-01' }) from: string;
  @ApiProperty({ example: '2025-06-30' }) to: string;
  @ApiProperty({
    type: [CalendarItemDto],
    description: 'by day, then time (whole-day entries first), kind, title',
  })
  items: CalendarItemDto[];
}
