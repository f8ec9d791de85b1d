import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { PageQueryDto } from '../../../../../libs/http/pagination';
import {
  COUNCIL_ITEM_KINDS,
  type CouncilItemKind,
  FOLLOW_UP_STATUSES,
  type FollowUpStatus,
} from '../entities/council.entity';

export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const TIME_MESSAGE = '時刻は HH:MM 形式です（例 14:50）';
export const DATE = /^(19|20)\d{2}-\d{2}-\d{2}$/;
export const DATE_MESSAGE = '日付は YYYY-MM-DD 形式です';
export const BAD_DATE = '存在しない日付です';

export class AttendanceDto {
  @ApiPropertyOptional({ description: 'council members present (委員)', example: 11 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1000)
  members?: number;
  @ApiPropertyOptional({ description: 'police staff present (警察署)', example: 15 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1000)
  police?: number;
  @ApiPropertyOptional({ description: 'others (observers, guests)' })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1000)
  others?: number;
}

export class DiscussionTurnDto {
  @ApiProperty({ description: '委員, or the police post that answered (警備課長, 署長 …)', example: '委員' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  speakerRole: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'name, when the minutes give one' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  speaker?: string | null;
  @ApiProperty({ description: 'what was said; newlines separate paragraphs' })
  @IsString()
  @MinLength(1)
  @MaxLength(8000)
  text: string;
}

export class FollowUpSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: FollowUpStatus;
  @ApiProperty() dueOn: string;
}

export class CouncilItemDto {
  @ApiProperty() id: string;
  @ApiProperty() meetingId: string;
  @ApiProperty() stationId: string;
  @ApiProperty({ enum: COUNCIL_ITEM_KINDS }) kind: CouncilItemKind;
  @ApiProperty({ nullable: true, type: String, example: '委員' }) raisedBy: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String, description: "the station's answer" }) response: string | null;
  @ApiProperty() position: number;
  @ApiProperty({ type: [FollowUpSummaryDto] }) followUps: FollowUpSummaryDto[];
  @ApiProperty() version: number;
}

export class MeetingDto {
  @ApiProperty() id: string;
  @ApiProperty() stationId: string;
  @ApiProperty({ example: '2023-06-21' }) heldOn: string;
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty({ type: AttendanceDto }) attendance: AttendanceDto;
  @ApiProperty({ type: [String] }) agenda: string[];
  @ApiProperty({ nullable: true, type: String, description: '諮問事項' }) consultationTopic: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ example: 2023, description: '年度 (from 1 April)' }) fiscalYear: number;
  @ApiProperty({ example: 1, description: '第N回 of the fiscal year' }) sequence: number;
  @ApiProperty({ example: '令和5年度第1回岩国警察署協議会' }) title: string;
  @ApiProperty({ description: 'title follows fiscalYear/sequence (no title given)' }) titleDerived: boolean;
  @ApiProperty({ nullable: true, type: String, example: '14:50' }) startTime: string | null;
  @ApiProperty({ nullable: true, type: String, example: '17:00' }) endTime: string | null;
  @ApiProperty({ type: [String], description: '出席者 委員 by name', example: ['木村', '塩田'] })
  memberAttendees: string[];
  @ApiProperty({ type: [String], description: '出席者 警察署 by post', example: ['署長', '警備課長'] })
  policeAttendees: string[];
  @ApiProperty({ nullable: true, type: String, description: '会長挨拶（要旨）' }) chairGreeting:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: '署長挨拶 (empty: 省略)' }) chiefGreeting:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: '業務推進状況説明' }) businessReport:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: '署長' }) businessReportBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: '諮問事項説明' }) consultationExplanation:
    string | null;
  @ApiProperty({ type: [DiscussionTurnDto], description: '協議, in order' }) discussion: DiscussionTurnDto[];
  @ApiProperty({ nullable: true, type: String, description: '講評' }) review: string | null;
  @ApiProperty({ nullable: true, type: String, example: '副会長' }) reviewBy: string | null;
  @ApiProperty({ type: [String], description: '配付資料' }) handouts: string[];
  @ApiProperty() itemCount: number;
  @ApiProperty({ description: 'follow-ups of its items still open or in progress' }) openFollowUps: number;
  @ApiProperty() version: number;
}

export class MeetingDetailDto extends MeetingDto {
  @ApiProperty({ type: [CouncilItemDto] }) items: CouncilItemDto[];
}

export class MeetingListQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  from?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  to?: string;
}

export class MinutesQueryDto {
  @ApiPropertyOptional({ enum: ['pdf', 'docx'], default: 'pdf' })
  @IsOptional()
  @IsIn(['pdf', 'docx'], { message: 'format は pdf または docx です' })
  format?: 'pdf' | 'docx';
}

export class ReportBackQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'pdf', 'docx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'pdf', 'docx'], { message: 'format は json、pdf または docx です' })
  format?: 'json' | 'pdf' | 'docx';
  @ApiPropertyOptional({ description: 'the 「…現在」 date (default today in Japan)', example: '2023-12-01' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  asOf?: string;
}

export class CreateMeetingDto {
  @ApiProperty({ example: '2023-06-21' })
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  heldOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(200) place?:
    string | null;
  @ApiPropertyOptional({ type: AttendanceDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => AttendanceDto)
  attendance?: AttendanceDto;
  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  agenda?: string[];
  @ApiPropertyOptional({ nullable: true, type: String, description: '諮問事項' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  consultationTopic?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(8000) notes?:
    string | null;
  @ApiPropertyOptional({ example: 2023, description: '年度; from heldOn when absent' })
  @OptionalNotNull()
  @IsInt()
  @Min(1989)
  @Max(2200)
  fiscalYear?: number;
  @ApiPropertyOptional({ example: 1, description: '第N回; from the meetings held before it when absent' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(99)
  sequence?: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'official name; null or absent: derived',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '14:50' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(TIME, { message: TIME_MESSAGE })
  startTime?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '17:00' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(TIME, { message: TIME_MESSAGE })
  endTime?: string | null;
  @ApiPropertyOptional({ type: [String], description: '出席者 委員 by name' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  memberAttendees?: string[];
  @ApiPropertyOptional({ type: [String], description: '出席者 警察署 by post' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  policeAttendees?: string[];
  @ApiPropertyOptional({ nullable: true, type: String, description: '会長挨拶（要旨）' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  chairGreeting?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '署長挨拶 (empty: 省略)' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  chiefGreeting?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '業務推進状況説明' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(20000)
  businessReport?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '署長' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(50)
  businessReportBy?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '諮問事項説明' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  consultationExplanation?: string | null;
  @ApiPropertyOptional({ type: [DiscussionTurnDto], description: '協議, in order' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DiscussionTurnDto)
  discussion?: DiscussionTurnDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: '講評' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  review?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '副会長' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(50)
  reviewBy?: string | null;
  @ApiPropertyOptional({ type: [String], description: '配付資料' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  handouts?: string[];
}

export class UpdateMeetingDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional()
  @OptionalNotNull()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  heldOn?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(200)
  place?: string | null;
  @ApiPropertyOptional({ type: AttendanceDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => AttendanceDto)
  attendance?: AttendanceDto;
  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  agenda?: string[];
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(1000)
  consultationTopic?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  notes?: string | null;
  @ApiPropertyOptional({ example: 2023, description: '年度; from heldOn when absent' })
  @OptionalNotNull()
  @IsInt()
  @Min(1989)
  @Max(2200)
  fiscalYear?: number;
  @ApiPropertyOptional({ example: 1, description: '第N回; from the meetings held before it when absent' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(99)
  sequence?: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'official name; null or absent: derived',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '14:50' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(TIME, { message: TIME_MESSAGE })
  startTime?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '17:00' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(TIME, { message: TIME_MESSAGE })
  endTime?: string | null;
  @ApiPropertyOptional({ type: [String], description: '出席者 委員 by name' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  memberAttendees?: string[];
  @ApiPropertyOptional({ type: [String], description: '出席者 警察署 by post' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  policeAttendees?: string[];
  @ApiPropertyOptional({ nullable: true, type: String, description: '会長挨拶（要旨）' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  chairGreeting?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '署長挨拶 (empty: 省略)' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  chiefGreeting?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '業務推進状況説明' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(20000)
  businessReport?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '署長' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(50)
  businessReportBy?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '諮問事項説明' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  consultationExplanation?: string | null;
  @ApiPropertyOptional({ type: [DiscussionTurnDto], description: '協議, in order' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DiscussionTurnDto)
  discussion?: DiscussionTurnDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: '講評' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  review?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '副会長' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(50)
  reviewBy?: string | null;
  @ApiPropertyOptional({ type: [String], description: '配付資料' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  handouts?: string[];
}

export class CreateItemDto {
  @ApiProperty({ enum: COUNCIL_ITEM_KINDS }) @IsIn(COUNCIL_ITEM_KINDS) kind: CouncilItemKind;
  @ApiPropertyOptional({ nullable: true, type: String, example: '委員' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  raisedBy?: string | null;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4000) text: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: "the station's answer" })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  response?: string | null;
}

export class UpdateItemDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ enum: COUNCIL_ITEM_KINDS })
  @OptionalNotNull()
  @IsIn(COUNCIL_ITEM_KINDS)
  kind?: CouncilItemKind;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(100)
  raisedBy?: string | null;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(4000) text?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  response?: string | null;
}
