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
  IsUUID,
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
import { SEMINAR_KINDS, type SeminarKind } from '../entities/seminar.entity';

const DATE = /^(19|20)\d{2}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '日付は YYYY-MM-DD 形式です';
const BAD_DATE = '存在しない日付です';
export const MAX_PARTICIPANTS = 1000;

export class SpeakerDto {
  @ApiPropertyOptional({ description: 'an officer of the station' })
  @OptionalNotNull()
  @IsUUID()
  userId?: string;
  @ApiProperty({ example: '山口大学 教授 山田太郎' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(200) affiliation?: string;
}

export class ParticipantInputDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'a registered organization of the station (or give name)',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'a free entry: a school, a group without a record',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string | null;
  @ApiProperty({ minimum: 1, example: 3 })
  @IsInt({ message: '参加人数は1以上の整数です' })
  @Min(1, { message: '参加人数は1以上の整数です' })
  @Max(100000, { message: '参加人数が多すぎます' })
  attendeeCount: number;
}

export class ParticipantDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "the organization's name; null for a free entry",
  })
  organizationName: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the free entry; null when organizationId is set',
  })
  name: string | null;
  @ApiProperty() attendeeCount: number;
}

export class SeminarDto {
  @ApiProperty() id: string;
  @ApiProperty() stationId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: SEMINAR_KINDS }) kind: SeminarKind;
  @ApiProperty({ example: '2023-03-15' }) heldOn: string;
  @ApiProperty({ nullable: true, type: String }) venue: string | null;
  @ApiProperty({ type: [SpeakerDto] }) speakers: SpeakerDto[];
  @ApiProperty({ type: [String] }) partnerIds: string[];
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ type: [ParticipantDto] }) participants: ParticipantDto[];
  @ApiProperty({ description: 'sum of the participants’ attendee counts (derived)' }) totalAttendees: number;
  @ApiProperty({ type: [String] }) councilItemIds: string[];
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() version: number;
}

export class SeminarListQueryDto extends PageQueryDto {
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
  @ApiPropertyOptional({ enum: SEMINAR_KINDS }) @IsOptional() @IsIn(SEMINAR_KINDS) kind?: SeminarKind;
  @ApiPropertyOptional({ description: 'seminars this organization attended' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
  @ApiPropertyOptional({ description: 'a topic code' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  topic?: string;
}

export class CreateSeminarDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) title: string;
  @ApiProperty({ enum: SEMINAR_KINDS }) @IsIn(SEMINAR_KINDS) kind: SeminarKind;
  @ApiProperty({ example: '2023-03-15' })
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  heldOn: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(200) venue?:
    string | null;
  @ApiPropertyOptional({ type: [SpeakerDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SpeakerDto)
  speakers?: SpeakerDto[];
  @ApiPropertyOptional({ type: [String], description: 'co-organizing partner agencies' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  partnerIds?: string[];
  @ApiPropertyOptional({ type: [String], description: "codes of code list 'topic'" })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  topics?: string[];
  @ApiPropertyOptional({ type: [ParticipantInputDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @ValidateNested({ each: true })
  @Type(() => ParticipantInputDto)
  participants?: ParticipantInputDto[];
  @ApiPropertyOptional({ type: [String], description: 'council items of the station this seminar answers' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  councilItemIds?: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(4000) notes?:
    string | null;
}

export class UpdateSeminarDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @ApiPropertyOptional({ enum: SEMINAR_KINDS }) @OptionalNotNull() @IsIn(SEMINAR_KINDS) kind?: SeminarKind;
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
  venue?: string | null;
  @ApiPropertyOptional({ type: [SpeakerDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SpeakerDto)
  speakers?: SpeakerDto[];
  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  partnerIds?: string[];
  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  topics?: string[];
  @ApiPropertyOptional({ type: [ParticipantInputDto], description: 'replaces every participant' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_PARTICIPANTS)
  @ValidateNested({ each: true })
  @Type(() => ParticipantInputDto)
  participants?: ParticipantInputDto[];
  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  councilItemIds?: string[];
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(4000)
  notes?: string | null;
}
