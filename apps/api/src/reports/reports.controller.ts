import { Body, Controller, Get, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { REPORTS_ERROR_CODES } from './reports.errors';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { scopedStationId } from '../coverage/coverage.scope';
import { JobAcceptedDto } from '../jobs/dto/job.dto';
import { PeriodFileQueryDto, StrategyFileQueryDto } from './dto/report-files.dto';
import { reportRows, ReportFileJobs } from './report-file.jobs';
import type { Response } from 'express';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiItemsResponse } from '../../../../libs/http/api-responses';
import { UuidParam } from '../../../../libs/http/params';
import { RateLimit } from '../../../../libs/http/rate-limit/rate-limit.guard';
import type { RequestUser } from '../../../../libs/http/request-context';
import { todayJst } from '../../../../libs/japanese/jst';
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
import { RenderJob, RenderPool } from './render-pool';
import { ReportsService } from './reports.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const TYPES = { xlsx: XLSX_TYPE, pdf: 'application/pdf', docx: DOCX_CONTENT_TYPE } as const;

function download(
  res: Response,
  buffer: Buffer,
  format: 'xlsx' | 'pdf' | 'docx',
  ascii: string,
  japanese: string,
) {
  res.setHeader('Content-Type', TYPES[format]);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${ascii}.${format}"; filename*=UTF-8''${encodeURIComponent(`${japanese}.${format}`)}`,
  );
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(buffer);
}

const compact = (d: string) => d.replace(/-/g, '');

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
    /** Large files (or async=true) are made as jobs: 202 {jobId}, then GET /jobs/:id/file. */
    private readonly fileJobs: ReportFileJobs,
  ) {}

  @Get('period')
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @RateLimit('reports')
  @ApiOkResponse({ type: PeriodReportDto })
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiAcceptedResponse({
    type: JobAcceptedDto,
    description: 'a file made as a job (async=true, or a large report)',
  })
  async period(
    @CurrentUser() user: RequestUser,
    @Query() fileQuery: PeriodFileQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PeriodReportDto | StreamableFile | JobAcceptedDto> {
    const { async, ...query } = fileQuery;
    const report = await this.reports.period(user, query);
    const format = query.format ?? 'json';
    if (format === 'json') return report;
    const today = todayJst();
    const job: RenderJob = {
      kind: format === 'xlsx' ? 'periodXlsx' : 'periodPdf',
      report,
      generatedOn: today,
    };
    const span = `${compact(report.period.from)}-${compact(report.period.to)}`;
    const rows = reportRows(report);
    if (this.fileJobs.asJob(async, rows)) {
      res.status(202);
      const jobId = await this.fileJobs.enqueue(user, scopedStationId(user, query.stationId), {
        render: job,
        report: 'period',
        format,
        name: `期間報告_${span}.${format}`,
        asciiName: `period-report_${span}.${format}`,
        contentType: TYPES[format],
        roles: ['officer', 'manager', 'hq'],
        rows,
      });
      return { jobId };
    }
    const buffer = await this.renderer.render(job);
    return download(res, buffer, format, `period-report_${span}`, `期間報告_${span}`);
  }

  @Get('strategy-table')
  @Access({ roles: ['manager', 'hq', 'admin'] })
  @RateLimit('reports')
  @ApiProduces(XLSX_TYPE, 'application/pdf', DOCX_CONTENT_TYPE)
  @ApiAcceptedResponse({
    type: JobAcceptedDto,
    description: 'the file made as a job (async=true, or a large table)',
  })
  async strategyTable(
    @CurrentUser() user: RequestUser,
    @Query() fileQuery: StrategyFileQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile | JobAcceptedDto> {
    const { async, ...query } = fileQuery;
    const table = await this.reports.strategyTable(user, query);
    const format = query.format ?? 'xlsx';
    const kind = format === 'xlsx' ? 'strategyXlsx' : format === 'docx' ? 'strategyDocx' : 'strategyPdf';
    const rows = reportRows(table);
    if (this.fileJobs.asJob(async, rows)) {
      res.status(202);
      const jobId = await this.fileJobs.enqueue(user, scopedStationId(user, query.stationId), {
        render: { kind, table },
        report: 'strategy_table',
        format,
        name: `取組状況_${compact(table.asOf)}.${format}`,
        asciiName: `strategy-table_${compact(table.asOf)}.${format}`,
        contentType: TYPES[format],
        roles: ['manager', 'hq', 'admin'],
        rows,
      });
      return { jobId };
    }
    const buffer = await this.renderer.render({ kind, table });
    return download(
      res,
      buffer,
      format,
      `strategy-table_${compact(table.asOf)}`,
      `取組状況_${compact(table.asOf)}`,
    );
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
