import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PeriodReportQueryDto } from './period.dto';
import { StrategyTableQueryDto } from './strategy.dto';

const ASYNC_DOC = {
  enum: ['true', 'false'],
  description:
    'files only: true: made as a job (202 {jobId}; GET /jobs/:id, then /jobs/:id/file); false: the file now; default: a job past REPORT_ASYNC_ROWS rows, estimated before the report is built',
};

/** GET /reports/period: the report's query, and for its files whether to make them as a job. */
export class PeriodFileQueryDto extends PeriodReportQueryDto {
  @ApiPropertyOptional(ASYNC_DOC)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'async は true または false です' })
  async?: 'true' | 'false';
}

/** GET /reports/strategy-table: the table's query, and whether to make the file as a job. */
export class StrategyFileQueryDto extends StrategyTableQueryDto {
  @ApiPropertyOptional(ASYNC_DOC)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'async は true または false です' })
  async?: 'true' | 'false';
}
