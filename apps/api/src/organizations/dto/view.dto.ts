import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { TrimToNull } from './validators';
import { OrganizationFilterDto } from './organization.dto';

/** What a saved view keeps: the list's filters and its sort. */
export class OrganizationViewFilterDto extends OrganizationFilterDto {
  @ApiProperty({ required: false, description: 'field or -field' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^-?[a-zA-Z]{1,40}$/, { message: 'sort は field または -field の形式です' })
  sort?: string;
}

export class CreateOrganizationViewDto {
  @ApiProperty({ example: '岩国市の候補（株式会社）' })
  @TrimToNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ type: OrganizationViewFilterDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => OrganizationViewFilterDto)
  filter: OrganizationViewFilterDto;
}

export class OrganizationViewDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: OrganizationViewFilterDto }) filter: OrganizationViewFilterDto;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}
