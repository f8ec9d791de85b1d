import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
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

export class StrategyTaskDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '35' }) prefectureCode: string;
  @ApiProperty({ example: '技術流出防止に向けたアウトリーチ活動の推進' }) title: string;
  @ApiProperty({ type: [String], example: ['県警察本部', '各警察署'] }) leadAgencies: string[];
  @ApiProperty({ type: [String], example: ['leak_cases'] }) topics: string[];
  @ApiProperty({ description: '今後の取組' }) plannedActions: string;
  @ApiProperty() sortOrder: number;
  @ApiProperty() version: number;
}

const PREFECTURE = /^(0[1-9]|[1-3][0-9]|4[0-7])$/;
const TOPIC = /^[a-z0-9_]{1,64}$/;

export class CreateStrategyTaskDto {
  @ApiProperty({ example: '35' })
  @IsString()
  @Matches(PREFECTURE, { message: '都道府県コードは01〜47です' })
  prefectureCode: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  title: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @Matches(NO_NUL, { each: true, message: NO_NUL_MESSAGE })
  leadAgencies: string[];

  @ApiProperty({ type: [String], description: 'topic codes that feed これまでの取組' })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TOPIC, { each: true, message: '話題コードが正しくありません (invalid topic code)' })
  topics: string[];

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MaxLength(5000)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  plannedActions?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(0) sortOrder?: number;
}

export class UpdateStrategyTaskDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional()
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

  @ApiPropertyOptional({ description: '今後の取組 (hq may edit this field only)' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(5000)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  plannedActions?: string;

  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(0) sortOrder?: number;
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

  @ApiPropertyOptional({ enum: ['xlsx', 'pdf'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'pdf'], { message: 'format は xlsx または pdf です' })
  format?: 'xlsx' | 'pdf';

  @ApiPropertyOptional({ description: 'hq: one station only' })
  @IsOptional()
  @IsUUID('all', { message: 'stationId が正しくありません (invalid stationId)' })
  stationId?: string;
}
