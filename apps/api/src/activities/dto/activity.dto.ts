import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
} from 'class-validator';
import { PageQueryDto } from '../../../../../libs/http/pagination';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { NO_NUL, NO_NUL_MESSAGE } from '../../coverage/dto/day.validators';
import { ACTIVITY_KINDS, type ActivityKind } from '../entities/activity.entity';

const DATE = /^(19|20)\d{2}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '日付は YYYY-MM-DD 形式です';
const BAD_DATE = '存在しない日付です';
const TOPIC = /^[a-z0-9_]{1,64}$/;

export class ActivityDto {
  @ApiProperty() id: string;
  @ApiProperty() stationId: string;
  @ApiProperty({ enum: ACTIVITY_KINDS }) kind: ActivityKind;
  @ApiProperty({ example: '2023-05-18' }) heldOn: string;
  @ApiProperty({ example: '経済安全保障に関する担当者向け研修会' }) title: string;
  @ApiProperty({ description: 'head count (0 when not counted, e.g. a web page)' }) participants: number;
  @ApiProperty({ type: [String] }) partnerIds: string[];
  @ApiProperty({ type: [String], description: 'partner names, in the order of partnerIds' })
  partnerNames: string[];
  @ApiProperty({ type: [String], description: 'topic codes, offered to the strategy table' })
  topics: string[];
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() version: number;
}

export class ActivityListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ACTIVITY_KINDS })
  @IsOptional()
  @IsIn(ACTIVITY_KINDS, { message: `kind は ${ACTIVITY_KINDS.join(', ')} のいずれかです` })
  kind?: ActivityKind;

  @ApiPropertyOptional({ enum: ['training', 'pr'], description: '人材育成 (training kinds) or 広報 (pr_*)' })
  @IsOptional()
  @IsIn(['training', 'pr'], { message: 'group は training または pr です' })
  group?: 'training' | 'pr';

  @ApiPropertyOptional({ example: '2023-04-01' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  from?: string;

  @ApiPropertyOptional({ example: '2024-03-31' })
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  to?: string;

  @ApiPropertyOptional({
    example: '令和5年度',
    description: 'a fiscal year (2023, 令和5年度, R5) instead of from/to',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  fiscalYear?: string;

  @ApiPropertyOptional({ description: 'hq: one station only' })
  @IsOptional()
  @IsUUID('all', { message: 'stationId が正しくありません (invalid stationId)' })
  stationId?: string;
}

export class CreateActivityDto {
  @ApiProperty({ enum: ACTIVITY_KINDS })
  @IsIn(ACTIVITY_KINDS, { message: `kind は ${ACTIVITY_KINDS.join(', ')} のいずれかです` })
  kind: ActivityKind;

  @ApiProperty({ example: '2023-05-18' })
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  heldOn: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  title: string;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @OptionalNotNull()
  @IsInt({ message: '人数は0以上の整数です' })
  @Min(0, { message: '人数は0以上の整数です' })
  @Max(100000, { message: '人数が多すぎます' })
  participants?: number;

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
  @Matches(TOPIC, { each: true, message: '話題コードが正しくありません (invalid topic code)' })
  topics?: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  notes?: string | null;
}

export class UpdateActivityDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiPropertyOptional({ enum: ACTIVITY_KINDS })
  @OptionalNotNull()
  @IsIn(ACTIVITY_KINDS, { message: `kind は ${ACTIVITY_KINDS.join(', ')} のいずれかです` })
  kind?: ActivityKind;

  @ApiPropertyOptional({ example: '2023-05-18' })
  @OptionalNotNull()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  heldOn?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  title?: string;

  @ApiPropertyOptional({ minimum: 0 })
  @OptionalNotNull()
  @IsInt({ message: '人数は0以上の整数です' })
  @Min(0, { message: '人数は0以上の整数です' })
  @Max(100000, { message: '人数が多すぎます' })
  participants?: number;

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
  @Matches(TOPIC, { each: true, message: '話題コードが正しくありません (invalid topic code)' })
  topics?: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  notes?: string | null;
}
