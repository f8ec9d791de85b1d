import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';

export class StationDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'iwakuni' }) code: string;
  @ApiProperty({ example: '岩国警察署' }) name: string;
  @ApiProperty({ example: '35' }) prefectureCode: string;
  @ApiProperty({ example: ['35208', '35321'] }) municipalityCodes: string[];
  @ApiProperty() version: number;
}

export class CreateStationDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[a-z0-9_-]{2,20}$/, { message: 'コードは2〜20文字の英小文字・数字・_- です' })
  code: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name: string;

  @ApiProperty()
  @IsString()
  @Matches(/^(0[1-9]|[1-3][0-9]|4[0-7])$/, { message: '都道府県コードは01〜47です' })
  prefectureCode: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^\d{5}$/, { each: true, message: '市区町村コードは5桁の数字です' })
  municipalityCodes: string[];
}

export class UpdateStationDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^\d{5}$/, { each: true, message: '市区町村コードは5桁の数字です' })
  municipalityCodes?: string[];
}
