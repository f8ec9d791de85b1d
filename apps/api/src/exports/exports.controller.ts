import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { EXPORTS_ERROR_CODES } from './exports.errors';
import { ApiAcceptedResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { JobAcceptedDto } from '../jobs/dto/job.dto';
import type { Response } from 'express';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { EXPORT_ROLES } from './export.jobs';
import { RateLimit } from '../../../../libs/http/rate-limit/rate-limit.guard';
import type { RequestUser } from '../../../../libs/http/request-context';
import {
  ExportCommonDto,
  ConsultationExportQueryDto,
  OrganizationExportQueryDto,
  SeminarExportQueryDto,
  VisitExportQueryDto,
} from './dto/exports.dto';
import { ExportPlan, ExportsService } from './exports.service';

function sendHeaders(res: Response, plan: ExportPlan, gzip: boolean): void {
  res.setHeader('Content-Type', plan.contentType);
  if (gzip) {
    // gzipped in the render worker: the compression middleware leaves an encoded answer alone
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
  }
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${plan.filename.ascii}"; filename*=UTF-8''${encodeURIComponent(plan.filename.japanese)}`,
  );
  res.setHeader('Cache-Control', 'no-store');
  res.status(200);
}

@ApiTags('exports')
@ApiErrorResponses('Exports', EXPORTS_ERROR_CODES)
@Controller('api/v1/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /**
   * The file now (streamed), or past EXPORT_ASYNC_ROWS estimated rows (or with `async=true`) a job:
   * 202 {jobId}; GET /jobs/:id shows its progress and then `result.file`, GET /jobs/:id/file sends it.
   */
  private async stream(
    res: Response,
    user: RequestUser,
    query: ExportCommonDto,
    plan: ExportPlan,
  ): Promise<void> {
    const estimate = await this.exports.asJob(plan, query.async);
    if (estimate !== null) {
      const { async: _async, ...rest } = query;
      const jobId = await this.exports.enqueue(user, plan, { ...rest }, estimate);
      res.status(202).json({ jobId });
      return;
    }
    // A CSV goes out gzipped when the client takes it, compressed in the render worker (not on this
    // thread). The headers go with the file's first bytes: a file that cannot be made is an error.
    const gzip = plan.format === 'csv' && res.req.acceptsEncodings('gzip', 'identity') === 'gzip';
    await this.exports.run(plan, res, () => sendHeaders(res, plan, gzip), { gzip });
  }

  @Get('organizations.csv')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'made as a job (async=true, or a large export)' })
  @ApiProduces('text/csv')
  organizationsCsv(
    @CurrentUser() user: RequestUser,
    @Query() q: OrganizationExportQueryDto,
    @Res() res: Response,
  ) {
    return this.stream(res, user, q, this.exports.organizations(user, q, 'csv'));
  }

  @Get('organizations.xlsx')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'made as a job (async=true, or a large export)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  organizationsXlsx(
    @CurrentUser() user: RequestUser,
    @Query() q: OrganizationExportQueryDto,
    @Res() res: Response,
  ) {
    return this.stream(res, user, q, this.exports.organizations(user, q, 'xlsx'));
  }

  @Get('visits.csv')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'made as a job (async=true, or a large export)' })
  @ApiProduces('text/csv')
  visitsCsv(@CurrentUser() user: RequestUser, @Query() q: VisitExportQueryDto, @Res() res: Response) {
    return this.stream(res, user, q, this.exports.visits(user, q, 'csv'));
  }

  @Get('visits.xlsx')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'made as a job (async=true, or a large export)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  visitsXlsx(@CurrentUser() user: RequestUser, @Query() q: VisitExportQueryDto, @Res() res: Response) {
    return this.stream(res, user, q, this.exports.visits(user, q, 'xlsx'));
  }

  @Get('seminars.csv')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'made as a job (async=true, or a large export)' })
  @ApiProduces('text/csv')
  seminarsCsv(@CurrentUser() user: RequestUser, @Query() q: SeminarExportQueryDto, @Res() res: Response) {
    return this.stream(res, user, q, this.exports.seminars(user, q, 'csv'));
  }

  @Get('seminars.xlsx')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'made as a job (async=true, or a large export)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  seminarsXlsx(@CurrentUser() user: RequestUser, @Query() q: SeminarExportQueryDto, @Res() res: Response) {
    return this.stream(res, user, q, this.exports.seminars(user, q, 'xlsx'));
  }

  @Get('consultations.csv')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'made as a job (async=true, or a large export)' })
  @ApiProduces('text/csv')
  consultationsCsv(
    @CurrentUser() user: RequestUser,
    @Query() q: ConsultationExportQueryDto,
    @Res() res: Response,
  ) {
    return this.stream(res, user, q, this.exports.consultations(user, q, 'csv'));
  }

  @Get('consultations.xlsx')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'made as a job (async=true, or a large export)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  consultationsXlsx(
    @CurrentUser() user: RequestUser,
    @Query() q: ConsultationExportQueryDto,
    @Res() res: Response,
  ) {
    return this.stream(res, user, q, this.exports.consultations(user, q, 'xlsx'));
  }
}
