import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { PageQueryDto } from '../../../../../libs/http/pagination';

const DATE = /^(19|20)\d{2}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '日付は YYYY-MM-DD 形式です';

export class LiaisonDto {
  @ApiProperty() id: string;
  @ApiProperty() partnerId: string;
  @ApiProperty() partnerName: string;
  @ApiProperty() stationId: string;
  @ApiProperty({ example: '2023-05-15' }) heldOn: string;
  @ApiProperty({ type: [String] }) ourAttendees: string[];
  @ApiProperty({ type: [String] }) theirAttendees: string[];
  @ApiProperty() subject: string;
  @ApiProperty({ nullable: true, type: String }) agreed: string | null;
  @ApiProperty({ nullable: true, type: String }) followUp: string | null;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty() createdBy: string;
  @ApiProperty() version: number;
}

export class LiaisonListQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true })
  to?: string;
}

export class CreateLiaisonDto {
  @ApiProperty({ example: '2023-05-15' })
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: '存在しない日付です' })
  heldOn: string;
  @ApiProperty({ type: [String], description: 'our side: officer names' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  ourAttendees: string[];
  @ApiProperty({ type: [String], description: "the partner's side" })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  theirAttendees: string[];
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) subject: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(4000) agreed?:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  followUp?: string | null;
  @ApiPropertyOptional({ type: [String], description: "codes of code list 'topic'" })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  topics?: string[];
}
