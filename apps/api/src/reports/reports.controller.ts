import { Body, Controller, Get, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { REPORTS_ERROR_CODES } from './reports.errors';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { JobAcceptedDto } from '../jobs/dto/job.dto';
import { PeriodFileQueryDto, StrategyFileQueryDto } from './dto/report-files.dto';
import { ReportFile, ReportFileJobs } from './report-file.jobs';
import type { Response } from 'express';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiItemsResponse } from '../../../../libs/http/api-responses';
import { UuidParam } from '../../../../libs/http/params';
import { RateLimit } from '../../../../libs/http/rate-limit/rate-limit.guard';
import type { RequestUser } from '../../../../libs/http/request-context';
import { PeriodReportDto } from './dto/period.dto';
import {
  CreateStrategyTaskDto,
  StrategySuggestionQueryDto,
  StrategySuggestionsDto,
  StrategyTaskDto,
  StrategyTaskListQueryDto,
  UpdateStrategyTaskDto,
} from './dto/strategy.dto';
import { DOCX_CONTENT_TYPE } from '../../../../libs/files/docx';
import { RenderPool } from './render-pool';
import { ReportsService } from './reports.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function download(res: Response, buffer: Buffer, file: ReportFile) {
  const { format, base } = file;
  res.setHeader('Content-Type', file.contentType);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${base.ascii}.${format}"; filename*=UTF-8''${encodeURIComponent(`${base.japanese}.${format}`)}`,
  );
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(buffer);
}

/**
 * Period reports: station users get their station, hq every station (or one). The strategy table:
 * managers (their station), hq and admin. Admin keeps the list of strategy tasks; hq (the project
 * team) writes the bullets of これまでの取組 and 今後の取組.
 */
@ApiTags('reports')
@ApiErrorResponses('Reports', REPORTS_ERROR_CODES)
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    /** Files are built in worker threads: a large XLSX/PDF never blocks other requests. */
    private readonly renderer: RenderPool,
    /** Large files (by an estimate before building; or async=true) are made as jobs: 202 {jobId}, then GET /jobs/:id/file. */
    private readonly fileJobs: ReportFileJobs,
  ) {}

  @Get('period')
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @RateLimit('reports')
  @ApiOkResponse({ type: PeriodReportDto })
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiAcceptedResponse({
    type: JobAcceptedDto,
    description: 'a file made as a job (async=true, or past REPORT_ASYNC_ROWS estimated rows)',
  })
  async period(
    @CurrentUser() user: RequestUser,
    @Query() fileQuery: PeriodFileQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PeriodReportDto | StreamableFile | JobAcceptedDto> {
    const { async, ...query } = fileQuery;
    const format = query.format ?? 'json';
    if (format === 'json') return this.reports.period(user, query);
    const estimate = await this.fileJobs.asJob(user, { report: 'period', format, query }, async);
    if (estimate !== null) {
      res.status(202);
      const jobId = await this.fileJobs.enqueue(user, {
        report: 'period',
        format,
        query,
        estimatedRows: estimate,
      });
      return { jobId };
    }
    const file = await this.fileJobs.build(user, { report: 'period', format, query });
    return download(res, await this.renderer.render(file.render), file);
  }

  @Get('strategy-table')
  @Access({ roles: ['manager', 'hq', 'admin'] })
  @RateLimit('reports')
  @ApiProduces(XLSX_TYPE, 'application/pdf', DOCX_CONTENT_TYPE)
  @ApiAcceptedResponse({
    type: JobAcceptedDto,
    description: 'the file made as a job (async=true, or past REPORT_ASYNC_ROWS estimated rows)',
  })
  async strategyTable(
    @CurrentUser() user: RequestUser,
    @Query() fileQuery: StrategyFileQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile | JobAcceptedDto> {
    const { async, ...query } = fileQuery;
    const format = query.format ?? 'xlsx';
    const estimate = await this.fileJobs.asJob(user, { report: 'strategy_table', format, query }, async);
    if (estimate !== null) {
      res.status(202);
      const jobId = await this.fileJobs.enqueue(user, {
        report: 'strategy_table',
        format,
        query,
        estimatedRows: estimate,
      });
      return { jobId };
    }
    const file = await this.fileJobs.build(user, { report: 'strategy_table', format, query });
    return download(res, await this.renderer.render(file.render), file);
  }

  /** Suggested これまでの取組 bullets per task from the records (the editor offers them to keep). */
  @Get('strategy-tasks/suggestions')
  @Access({ roles: ['manager', 'hq', 'admin'] })
  @ApiOkResponse({ type: StrategySuggestionsDto })
  suggestions(
    @CurrentUser() user: RequestUser,
    @Query() query: StrategySuggestionQueryDto,
  ): Promise<StrategySuggestionsDto> {
    return this.reports.suggestions(user, query);
  }

  @Get('strategy-tasks')
  @Access({ roles: ['manager', 'hq', 'admin'] })
  @ApiItemsResponse(StrategyTaskDto)
  async listTasks(
    @CurrentUser() user: RequestUser,
    @Query() query: StrategyTaskListQueryDto,
  ): Promise<{ items: StrategyTaskDto[] }> {
    return { items: await this.reports.listTasks(user, query) };
  }

  @Post('strategy-tasks')
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: StrategyTaskDto })
  createTask(@Body() dto: CreateStrategyTaskDto): Promise<StrategyTaskDto> {
    return this.reports.createTask(dto);
  }

  @Patch('strategy-tasks/:id')
  @Access({ roles: ['admin', 'hq'] })
  @ApiOkResponse({ type: StrategyTaskDto })
  updateTask(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateStrategyTaskDto,
  ): Promise<StrategyTaskDto> {
    return this.reports.updateTask(user, id, dto);
  }
}
