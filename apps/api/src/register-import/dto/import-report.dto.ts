import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RejectedRowDto {
  @ApiProperty({ example: 12, description: '物理行番号 (1-based line of the file)' }) line: number;
  @ApiProperty({ example: '法人番号のチェックデジットが不正です: 1000012050002' }) reason: string;
}

/** multipart/form-data of POST /organizations/import (the fields may also be query parameters). */
export class ImportUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: '基本3情報 CSV (UTF-8/Shift_JIS) or its zip',
  })
  file: unknown;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'report without writing' })
  dryRun?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'required for admin; officers and managers import into their own station',
  })
  stationId?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: run as a job (202 {jobId}, progress at GET /jobs/{jobId}); default: a job past IMPORT_ASYNC_THRESHOLD_MB',
  })
  async?: string;
}

export class ImportReportDto {
  @ApiProperty() inserted: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() closed: number;
  @ApiProperty({ description: 'outside the station area, history rows, superseded rows, archived records' })
  skipped: number;
  @ApiProperty({ type: [RejectedRowDto], description: 'the first 1000 rejected rows' })
  rejected: RejectedRowDto[];
  @ApiProperty() rejectedCount: number;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: 'records read' }) rows: number;
  @ApiProperty({ format: 'uuid' }) stationId: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ description: 'organization_changes rows written' }) changesRecorded: number;
  @ApiProperty() durationMs: number;
}
