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
