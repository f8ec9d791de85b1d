import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_STATUSES, type JobStatus } from '../entities/job.entity';

export class JobProgressDto {
  @ApiProperty({ description: 'rows done of the current phase (see phase, step)' }) done: number;
  @ApiProperty({ description: 'rows of the current phase (reading: the file’s records, counted first)' })
  total: number;
  @ApiPropertyOptional({
    enum: ['queued', 'counting', 'reading', 'merging', 'writing', 'done', 'cancelled'],
    description:
      'reading: rows are read and staged; merging: the registry is written (one transaction); writing: an export or report file is made (done/total: its rows)',
  })
  phase?: string;
  @ApiPropertyOptional({
    enum: ['classifying', 'search_text', 'writing'],
    description:
      'while merging: classifying (set-based), search_text (done/total: records prepared of those to write), writing (done/total: the set-based statements done of 4)',
  })
  step?: string;
  @ApiPropertyOptional({ description: 'an import: records read of the file so far' }) rows?: number;
  @ApiPropertyOptional({ description: 'an import: records in the file' }) fileRows?: number;
  @ApiPropertyOptional({ description: 'rows per second of the current phase or step' })
  rowsPerSecond?: number;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'seconds left of the current phase or step at its rate; null where nothing is counted',
  })
  etaSeconds?: number | null;
  @ApiPropertyOptional({ description: 'milliseconds since the job started' }) elapsedMs?: number;
}

export class JobErrorDto {
  @ApiProperty({ example: 'organization_import.unreadable_file' }) code: string;
  @ApiProperty() message: string;
}

export class JobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['register_import', 'duplicate_scan', 'export', 'report_file'] }) kind: string;
  @ApiProperty({ enum: JOB_STATUSES }) status: JobStatus;
  @ApiProperty({ type: JobProgressDto }) progress: JobProgressDto;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'when done: a register import’s report (ImportReportDto); an export or report file: `{file: JobFileDto, rows}`',
  })
  result?: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: JobErrorDto, nullable: true }) error?: JobErrorDto | null;
  @ApiProperty({ description: 'a cancel was asked for; the job stops at its next batch' })
  cancelRequested: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) stationId: string | null;
  @ApiPropertyOptional({ description: 'the stored file’s name (imports)' }) fileName?: string;
  @ApiProperty({ description: 'attempts started (an interrupted job is tried once more)' }) attempts: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class JobAcceptedDto {
  @ApiProperty({ format: 'uuid' }) jobId: string;
}
