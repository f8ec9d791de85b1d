import { OptionalNotNull } from '../../../../../libs/http/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { DUPLICATE_REASONS, DUPLICATE_STATUSES } from '../entities/duplicate-candidate.entity';
import type { DuplicateReason, DuplicateStatus } from '../entities/duplicate-candidate.entity';

export class DuplicateListQueryDto {
  @ApiPropertyOptional({ enum: DUPLICATE_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(DUPLICATE_STATUSES)
  status?: DuplicateStatus;
}

export class StartScanDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'admin: the station to scan; others scan their own' })
  @OptionalNotNull()
  @IsUUID()
  stationId?: string;
}

export class DuplicateOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) corporateNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) municipalityName: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['A', 'B', 'C'] }) tier: string | null;
  @ApiProperty() status: string;
  @ApiProperty() version: number;
}

export class DuplicatePairDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) stationId: string;
  @ApiProperty({ enum: DUPLICATE_REASONS }) reason: DuplicateReason;
  @ApiProperty({ enum: DUPLICATE_STATUSES }) status: DuplicateStatus;
  @ApiProperty({ type: DuplicateOrganizationDto, description: 'the older record' })
  a: DuplicateOrganizationDto;
  @ApiProperty({ type: DuplicateOrganizationDto }) b: DuplicateOrganizationDto;
  @ApiProperty() createdAt: Date;
}

export class MergeDuplicateDto {
  @ApiProperty({ format: 'uuid', description: 'the record kept (a or b); the other is merged into it' })
  @IsUUID()
  keepId: string;

  @ApiProperty({ description: 'version of the record kept' })
  @IsInt()
  @Min(1)
  version: number;
}

export class DuplicateResolvedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DUPLICATE_STATUSES }) status: DuplicateStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'merge: the record kept' })
  keptId: string | null;
}

export class DuplicateScanResultDto {
  @ApiProperty({ description: 'pairs found by this scan (new and already known)' }) found: number;
  @ApiProperty({ description: 'pairs new to the review queue' }) added: number;
}
