import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COUNCIL_ITEM_KINDS,
  type CouncilItemKind,
  FOLLOW_UP_STATUSES,
  type FollowUpStatus,
} from '../entities/council.entity';

export class ReportEvidenceDto {
  @ApiProperty() linkId: string;
  @ApiProperty({ enum: ['visit', 'seminar'] }) type: 'visit' | 'seminar';
  @ApiPropertyOptional() visitId?: string;
  @ApiPropertyOptional() seminarId?: string;
  @ApiProperty() date: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'visit: the organization visited' })
  organizationName?: string | null;
  @ApiPropertyOptional({ description: 'visit: people on the organization’s side' }) attendeeCount?: number;
  @ApiPropertyOptional({ type: [String], description: 'visit: topic labels' }) topics?: string[];
  @ApiPropertyOptional({ description: 'seminar title' }) title?: string;
  @ApiPropertyOptional() kind?: string;
  @ApiPropertyOptional({ description: 'seminar: total attendees' }) totalAttendees?: number;
  @ApiPropertyOptional({ type: [String], description: 'seminar: participating organizations and groups' })
  organizations?: string[];
}

export class ReportFollowUpDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: FollowUpStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ nullable: true, type: String }) ownerId: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerName: string | null;
  @ApiProperty() dueOn: string;
  @ApiProperty({ nullable: true, type: String }) result: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: [ReportEvidenceDto] }) evidence: ReportEvidenceDto[];
  @ApiProperty({ type: [String], description: 'the evidence as report lines (era dates)' })
  evidenceLines: string[];
}

export class ReportItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: COUNCIL_ITEM_KINDS }) kind: CouncilItemKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty({ nullable: true, type: String }) raisedBy: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) response: string | null;
  @ApiProperty({ type: [ReportFollowUpDto] }) followUps: ReportFollowUpDto[];
  @ApiProperty({ description: 'answered in the meeting itself: an answer and no follow-up' })
  answeredInMeeting: boolean;
  @ApiProperty({
    example: '会議において回答済み',
    description: '措置済み | 対応中 | 会議において回答済み | 未対応',
  })
  statusLabel: string;
}

export class ReportMeetingRefDto {
  @ApiProperty() id: string;
  @ApiProperty() heldOn: string;
  @ApiProperty({ example: '令和5年度第1回岩国警察署協議会' }) title: string;
  @ApiProperty({ example: '令和5年度第1回岩国警察署協議会（令和5年6月21日）' }) heading: string;
}

export class ReportSectionDto {
  @ApiProperty({ example: '令和5年度第1回岩国警察署協議会（令和5年6月21日）' }) heading: string;
  @ApiProperty({ type: ReportMeetingRefDto }) meeting: ReportMeetingRefDto;
  @ApiProperty({ type: [ReportItemDto] }) items: ReportItemDto[];
}

export class ReportBackDto {
  @ApiProperty({ type: ReportMeetingRefDto }) meeting: ReportMeetingRefDto;
  @ApiProperty({ nullable: true, type: String }) previousMeetingOn: string | null;
  @ApiProperty({ example: 2023 }) fiscalYear: number;
  @ApiProperty({ example: '令和5年度第2回岩国警察署協議会 報告事項' }) heading: string;
  @ApiProperty({ example: '令和5年度第2回岩国警察署協議会 協議会意見等に対する措置結果' }) title: string;
  @ApiProperty({ description: 'the day the report is made (today in Japan) or the asOf asked for' })
  asOf: string;
  @ApiProperty({ example: '令和5年12月1日現在' }) asOfLabel: string;
  @ApiProperty({ description: 'opening sentence' }) lead: string;
  @ApiProperty({ type: [ReportSectionDto] }) sections: ReportSectionDto[];
  @ApiProperty({ description: 'plain Japanese text, ready to read out' }) text: string;
}
