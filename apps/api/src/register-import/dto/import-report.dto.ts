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

  @ApiPropertyOptional({
    enum: ['full', 'diff'],
    description:
      'full (monthly 全件) or diff (daily 差分); default: diff when the file name says so (diff/sabun/差分), else full. Neither closes nor deletes what the file does not mention.',
  })
  mode?: string;
}

export class PossibleMatchDto {
  @ApiProperty({ example: 12, description: '物理行番号 (1-based line of the file)' }) line: number;
  @ApiProperty({ example: '1000012050002' }) corporateNumber: string;
  @ApiProperty({ example: '株式会社岩国マテリアル' }) name: string;
  @ApiProperty({
    format: 'uuid',
    description: 'the existing record without a corporate number it looks like',
  })
  organizationId: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the kept row: POST /register-import/matches/{matchId}/link or /create (null in a dry run)',
  })
  matchId: string | null;
}

export class ImportChangeDto {
  @ApiProperty({ enum: ['new', 'renamed', 'moved', 'closed'] }) kind: 'new' | 'renamed' | 'moved' | 'closed';
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ description: 'the name now' }) name: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'before: the name (renamed), the address (moved), the status (closed)',
  })
  oldValue: string | null;
}

export class ImportChangeCountsDto {
  @ApiProperty() new: number;
  @ApiProperty() renamed: number;
  @ApiProperty() moved: number;
  @ApiProperty() closed: number;
  @ApiProperty({ description: 'other register fields only (reading, postal code, legal form …)' })
  updated: number;
}

export class ImportReportDto {
  @ApiProperty({ format: 'uuid', description: "the import's id (the audit event's changes.importId)" })
  importId: string;
  @ApiProperty({ enum: ['full', 'diff'] }) mode: 'full' | 'diff';
  @ApiProperty({ description: 'new records (candidates: tier null)' }) inserted: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() closed: number;
  @ApiProperty({ description: 'rows outside the station area (nothing else)' })
  skipped: number;
  @ApiProperty({
    description: 'rows of earlier states (latest flag 0, or replaced by a later row of the file)',
  })
  history: number;
  @ApiProperty({ description: 'rows of archived or merged-away records (never resurrected)' })
  archived: number;
  @ApiProperty({
    type: [PossibleMatchDto],
    description: 'rows like an existing record without a corporate number: not inserted (first 1000)',
  })
  possibleMatches: PossibleMatchDto[];
  @ApiProperty() possibleMatchCount: number;
  @ApiProperty({ type: [ImportChangeDto], description: 'what changed (first 100 of each kind)' })
  changes: ImportChangeDto[];
  @ApiProperty({ type: ImportChangeCountsDto }) changeCounts: ImportChangeCountsDto;
  @ApiProperty({ description: 'planner statistics refreshed in the import (a bulk change)' })
  statisticsRefreshed: boolean;
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
