import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { CODE_LIST_KINDS, type CodeListKind } from '../entities/code-list-item.entity';

export class CodeListItemDto {
  @ApiProperty({ enum: CODE_LIST_KINDS }) kind: CodeListKind;
  @ApiProperty() code: string;
  @ApiProperty() labelJa: string;
  @ApiProperty() labelEn: string;
  @ApiProperty() sortOrder: number;
  @ApiProperty() active: boolean;
}

export class CodeListQueryDto {
  @ApiPropertyOptional({ enum: CODE_LIST_KINDS }) @IsOptional() @IsIn(CODE_LIST_KINDS) kind?: CodeListKind;
}

export class CreateCodeListItemDto {
  @ApiProperty({ enum: CODE_LIST_KINDS }) @IsIn(CODE_LIST_KINDS) kind: CodeListKind;
  @ApiProperty()
  @IsString()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'コードは英小文字・数字・_ です' })
  code: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) labelJa: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) labelEn: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(0) sortOrder?: number;
}

export class UpdateCodeListItemDto {
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(100) labelJa?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(100) labelEn?: string;
  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(0) sortOrder?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() active?: boolean;
}
