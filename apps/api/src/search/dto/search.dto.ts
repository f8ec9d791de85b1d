import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NO_NUL, NO_NUL_MESSAGE } from '../../coverage/dto/day.validators';

export const SEARCH_TYPES = [
  'organization',
  'visit',
  'seminar',
  'consultation',
  'meeting',
  'partner',
] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export class SearchQueryDto {
  @ApiProperty({ example: '岩国', description: 'normalized as the organization search (kana, width, case)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NO_NUL, { message: NO_NUL_MESSAGE })
  q: string;

  @ApiPropertyOptional({ enum: SEARCH_TYPES, description: 'one type only' })
  @IsOptional()
  @IsIn(SEARCH_TYPES, { message: `type は ${SEARCH_TYPES.join(', ')} のいずれかです` })
  type?: SearchType;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 8, description: 'results per type' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}

export class SearchItemDto {
  @ApiProperty({ enum: SEARCH_TYPES }) type: SearchType;
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'a short excerpt of the record' }) snippet: string;
  @ApiPropertyOptional({ example: '2023-06-21', nullable: true, type: String }) date?: string | null;
}

export class SearchResultDto {
  @ApiProperty({ type: [SearchItemDto] }) items: SearchItemDto[];
}
