import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { EXPORTS_ERROR_CODES } from './exports.errors';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import type { Role } from '../../../../libs/auth/entities/user.entity';
import { RateLimit } from '../../../../libs/http/rate-limit/rate-limit.guard';
import type { RequestUser } from '../../../../libs/http/request-context';
import {
  ConsultationExportQueryDto,
  OrganizationExportQueryDto,
  SeminarExportQueryDto,
  VisitExportQueryDto,
} from './dto/exports.dto';
import { ExportPlan, ExportsService } from './exports.service';

/** Station users export their station; hq exports across stations. Admin manages, does not export. */
const EXPORT_ROLES: readonly Role[] = ['officer', 'manager', 'hq'];

function sendHeaders(res: Response, plan: ExportPlan): void {
  res.setHeader('Content-Type', plan.contentType);
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

  private async stream(res: Response, plan: ExportPlan): Promise<void> {
    sendHeaders(res, plan);
    await this.exports.run(plan, res);
  }

  @Get('organizations.csv')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiProduces('text/csv')
  organizationsCsv(
    @CurrentUser() user: RequestUser,
    @Query() q: OrganizationExportQueryDto,
    @Res() res: Response,
  ) {
    return this.stream(res, this.exports.organizations(user, q, 'csv'));
  }

  @Get('organizations.xlsx')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  organizationsXlsx(
    @CurrentUser() user: RequestUser,
    @Query() q: OrganizationExportQueryDto,
    @Res() res: Response,
  ) {
    return this.stream(res, this.exports.organizations(user, q, 'xlsx'));
  }

  @Get('visits.csv')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiProduces('text/csv')
  visitsCsv(@CurrentUser() user: RequestUser, @Query() q: VisitExportQueryDto, @Res() res: Response) {
    return this.stream(res, this.exports.visits(user, q, 'csv'));
  }

  @Get('visits.xlsx')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  visitsXlsx(@CurrentUser() user: RequestUser, @Query() q: VisitExportQueryDto, @Res() res: Response) {
    return this.stream(res, this.exports.visits(user, q, 'xlsx'));
  }

  @Get('seminars.csv')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiProduces('text/csv')
  seminarsCsv(@CurrentUser() user: RequestUser, @Query() q: SeminarExportQueryDto, @Res() res: Response) {
    return this.stream(res, this.exports.seminars(user, q, 'csv'));
  }

  @Get('seminars.xlsx')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  seminarsXlsx(@CurrentUser() user: RequestUser, @Query() q: SeminarExportQueryDto, @Res() res: Response) {
    return this.stream(res, this.exports.seminars(user, q, 'xlsx'));
  }

  @Get('consultations.csv')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiProduces('text/csv')
  consultationsCsv(
    @CurrentUser() user: RequestUser,
    @Query() q: ConsultationExportQueryDto,
    @Res() res: Response,
  ) {
    return this.stream(res, this.exports.consultations(user, q, 'csv'));
  }

  @Get('consultations.xlsx')
  @Access({ roles: EXPORT_ROLES })
  @RateLimit('exports')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  consultationsXlsx(
    @CurrentUser() user: RequestUser,
    @Query() q: ConsultationExportQueryDto,
    @Res() res: Response,
  ) {
    return this.stream(res, this.exports.consultations(user, q, 'xlsx'));
  }
}
