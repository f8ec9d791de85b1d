import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';

export class PossibleMatchListQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'resolved', 'all'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'resolved', 'all'])
  status?: 'pending' | 'resolved' | 'all';
}

/** A register row kept because it looks like an existing record without a corporate number. */
export class RegisterMatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'the import that found it (audit event changes.importId)' })
  importId: string;
  @ApiProperty({ format: 'uuid' }) stationId: string;
  @ApiProperty({ example: 12, description: '物理行番号 of the imported file' }) line: number;
  @ApiProperty({ example: '1000012050002' }) corporateNumber: string;
  @ApiProperty({ description: "the register's name" }) name: string;
  @ApiProperty({ type: String, nullable: true }) nameKana: string | null;
  @ApiProperty({ type: String, nullable: true }) municipalityName: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ format: 'uuid', description: 'the existing record it looks like' }) organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ type: String, nullable: true }) organizationAddress: string | null;
  @ApiProperty({ description: "the existing record's version (for link)" }) organizationVersion: number;
  @ApiProperty({
    type: String,
    enum: ['linked', 'created'],
    nullable: true,
    description: 'null while pending',
  })
  resolution: 'linked' | 'created' | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) resolvedOrganizationId: string | null;
  @ApiProperty() createdAt: Date;
}

export class LinkMatchDto {
  @ApiProperty({ description: "the existing record's version (optimistic lock)" })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

export class ResolvedMatchDto {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty({ enum: ['linked', 'created'] }) resolution: 'linked' | 'created';
  @ApiProperty({ format: 'uuid', description: 'the record that now has the corporate number' })
  organizationId: string;
}
