import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { TIERS, type Tier } from '../entities/organization.entity';

/** The most organizations one bulk request may change. */
export const BULK_MAX_ITEMS = 500;

export class BulkItemDto {
  @ApiProperty() @IsUUID('all', { message: 'id が正しくありません (invalid id)' }) id: string;
  @ApiProperty({ description: 'the version the client read' }) @IsInt() @Min(1) version: number;
}

export class BulkSetDto {
  @ApiPropertyOptional({ enum: TIERS, nullable: true, description: 'A/B/C makes a target; null a candidate' })
  @IsOptional()
  @IsIn(TIERS, { message: '重点度は A・B・C のいずれかです (tier: A, B or C)' })
  tier?: Tier | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'code list sector; null clears it' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_]{1,64}$/, { message: 'コードは英数字・_ です (code: letters, digits, _)' })
  sector?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'replaces the technologies' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  technologies?: string[];
}

export class BulkUpdateOrganizationsDto {
  @ApiProperty({ type: [BulkItemDto], minItems: 1, maxItems: BULK_MAX_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_ITEMS, {
    message: `一度に変更できるのは ${BULK_MAX_ITEMS} 件までです (at most ${BULK_MAX_ITEMS} items)`,
  })
  @ValidateNested({ each: true })
  @Type(() => BulkItemDto)
  items: BulkItemDto[];

  @ApiProperty({ type: BulkSetDto, description: 'at least one of tier, sector, technologies' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BulkSetDto)
  set: BulkSetDto;
}

export class BulkFailureDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'organization.stale_version' }) code: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the name, when the caller may see it' })
  name?: string | null;
}

export class BulkUpdateResultDto {
  @ApiProperty({ type: [String] }) updated: string[];
  @ApiProperty({ type: [BulkFailureDto] }) failed: BulkFailureDto[];
}
