import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  ValidateNested,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { IsReportDay, NO_NUL, NO_NUL_MESSAGE } from '../../coverage/dto/day.validators';

/** A bullet of これまでの取組 / 今後の取組; `repeated` prints (再掲). */
export class StrategyBulletDto {
  @ApiProperty({
    example: 'サイバーセキュリティ対処調整センターの構築・運用に向け、設備及び情報共有システムを設計',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  text: string;

  @ApiProperty({ description: 'printed with (再掲): the action is listed under another task too' })
  @IsBoolean()
  repeated: boolean;
}

export class StrategyTaskDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '35' }) prefectureCode: string;
  @ApiProperty({ example: '4', description: 'the number in the plan: 4, (3)' }) number: string;
  @ApiProperty({ example: '情報収集・分析の強化' }) heading: string;
  @ApiProperty({ description: 'the same as heading (older clients)' }) title: string;
  @ApiProperty({ description: 'the descriptive paragraph under the heading' }) description: string;
  @ApiProperty({ type: [String], example: ['県警察本部', '各警察署'] }) leadAgencies: string[];
  @ApiProperty({ type: [String], example: ['leak_cases'] }) topics: string[];
  @ApiProperty({ type: [StrategyBulletDto], description: 'これまでの取組 as the team keeps it' })
  actionsSoFar: StrategyBulletDto[];
  @ApiProperty({ type: [StrategyBulletDto], description: '今後の取組' }) plannedActions: StrategyBulletDto[];
  @ApiProperty() sortOrder: number;
  @ApiProperty() version: number;
}

const PREFECTURE = /^(0[1-9]|[1-3][0-9]|4[0-7])$/;
const TOPIC = /^[a-z0-9_]{1,64}$/;
const NUMBER = /^[0-9０-９()（）.．\-ー一二三四五六七八九十アイウエオカキクケコ ]{0,16}$/;

class StrategyTaskFieldsDto {
  @ApiPropertyOptional({ example: '4' })
  @OptionalNotNull()
  @IsString()
  @Matches(NUMBER, { message: '番号は16文字以内の数字・括弧です（例: 4、(3)） (invalid number)' })
  number?: string;

  @ApiPropertyOptional({ description: 'the descriptive paragraph' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(5000)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  description?: string;

  @ApiPropertyOptional({ type: [StrategyBulletDto], description: 'これまでの取組' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => StrategyBulletDto)
  actionsSoFar?: StrategyBulletDto[];

  @ApiPropertyOptional({ type: [StrategyBulletDto], description: '今後の取組' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => StrategyBulletDto)
  plannedActions?: StrategyBulletDto[];

  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(0) sortOrder?: number;
}

export class CreateStrategyTaskDto extends StrategyTaskFieldsDto {
  @ApiProperty({ example: '35' })
  @IsString()
  @Matches(PREFECTURE, { message: '都道府県コードは01〜47です' })
  prefectureCode: string;

  @ApiPropertyOptional({ example: '情報収集・分析の強化', description: 'required (or title)' })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  heading?: string;

  @ApiPropertyOptional({ description: 'older name of heading' })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  title?: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @Matches(NO_NUL, { each: true, message: NO_NUL_MESSAGE })
  leadAgencies: string[];

  @ApiProperty({ type: [String], description: 'topic codes whose records are suggested for これまでの取組' })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TOPIC, { each: true, message: '話題コードが正しくありません (invalid topic code)' })
  topics: string[];
}

export class UpdateStrategyTaskDto extends StrategyTaskFieldsDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  heading?: string;

  @ApiPropertyOptional({ description: 'older name of heading' })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  title?: string;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @Matches(NO_NUL, { each: true, message: NO_NUL_MESSAGE })
  leadAgencies?: string[];

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TOPIC, { each: true, message: '話題コードが正しくありません (invalid topic code)' })
  topics?: string[];
}

export class SuggestedBulletDto extends StrategyBulletDto {
  @ApiProperty({ enum: ['visits', 'seminar', 'consultations', 'activity', 'liaisons'] })
  source: 'visits' | 'seminar' | 'consultations' | 'activity' | 'liaisons';
}

export class TaskSuggestionsDto {
  @ApiProperty() taskId: string;
  @ApiProperty({ type: [SuggestedBulletDto] }) bullets: SuggestedBulletDto[];
}

export class StrategySuggestionsDto {
  @ApiProperty({ example: '2023-04-01', nullable: true, type: String }) from: string | null;
  @ApiProperty({ example: '2024-03-31' }) asOf: string;
  @ApiProperty({ type: [TaskSuggestionsDto] }) items: TaskSuggestionsDto[];
}

export class StrategyTaskListQueryDto {
  @ApiPropertyOptional({ example: '35' })
  @IsOptional()
  @Matches(PREFECTURE, { message: '都道府県コードは01〜47です' })
  prefectureCode?: string;
}

export class StrategyTableQueryDto extends StrategyTaskListQueryDto {
  @ApiPropertyOptional({ example: '2023-06-30', description: 'default today' })
  @IsOptional()
  @IsReportDay()
  asOf?: string;

  @ApiPropertyOptional({ enum: ['xlsx', 'pdf', 'docx'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'pdf', 'docx'], { message: 'format は xlsx, pdf, docx のいずれかです' })
  format?: 'xlsx' | 'pdf' | 'docx';

  @ApiPropertyOptional({
    example: '2023-04-01',
    description: 'suggested これまでの取組 count records from this day (default: all up to asOf)',
  })
  @IsOptional()
  @IsReportDay()
  from?: string;

  @ApiPropertyOptional({ description: 'hq: one station only' })
  @IsOptional()
  @IsUUID('all', { message: 'stationId が正しくありません (invalid stationId)' })
  stationId?: string;
}

export class StrategySuggestionQueryDto extends StrategyTaskListQueryDto {
  @ApiPropertyOptional({ example: '2024-03-31', description: 'default today' })
  @IsOptional()
  @IsReportDay()
  asOf?: string;

  @ApiPropertyOptional({ example: '2023-04-01', description: 'default: every record up to asOf' })
  @IsOptional()
  @IsReportDay()
  from?: string;

  @ApiPropertyOptional({ description: 'hq: one station only' })
  @IsOptional()
  @IsUUID('all', { message: 'stationId が正しくありません (invalid stationId)' })
  stationId?: string;
}
