import { Controller, HttpCode, Inject, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { REGISTER_IMPORT_ERROR_CODES } from './register-import.errors';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { JobAcceptedDto } from '../jobs/dto/job.dto';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { stationForWrite } from '../../../../libs/auth/station-scope';
import { RateLimit } from '../../../../libs/http/rate-limit/rate-limit.guard';
import type { RequestUser } from '../../../../libs/http/request-context';
import { ImportReportDto, ImportUploadDto } from './dto/import-report.dto';
import { RegisterImportErrors } from './register-import.errors';
import { RegisterImportJobs } from './register-import.jobs';
import {
  IMPORT_MODES,
  ImportMode,
  modeOfFileName,
  RegisterImportReport,
  RegisterImportService,
} from './register-import.service';
import { RegisterUploadInterceptor } from './register-upload.interceptor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function flag(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw RegisterImportErrors.badFlag(field);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * POST /api/v1/organizations/import: the corporate-number register into a station's registry.
 * Officers and managers import into their own station; an admin names the station (`stationId`);
 * hq (read and export only) may not import (403). With `async=true`, or a file larger than
 * IMPORT_ASYNC_THRESHOLD_MB (unless `async=false`), the import runs as a job: 202 `{jobId}`, then
 * GET /jobs/:id for progress and the report.
 */
@ApiTags('organizations')
@ApiErrorResponses('RegisterImport', REGISTER_IMPORT_ERROR_CODES)
@Controller('api/v1/organizations')
export class RegisterImportController {
  constructor(
    private readonly imports: RegisterImportService,
    private readonly jobs: RegisterImportJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('import')
  @HttpCode(200)
  @Access({ roles: ['officer', 'manager', 'admin'] })
  @RateLimit('import')
  @UseInterceptors(RegisterUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiOkResponse({ type: ImportReportDto, description: 'the report (synchronous import)' })
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'queued as a job: poll GET /jobs/{jobId}' })
  async import(
    @CurrentUser() user: RequestUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() query: Record<string, unknown>,
  ): Promise<RegisterImportReport | JobAcceptedDto> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const dryRun = flag(text(body.dryRun) ?? query.dryRun, 'dryRun') ?? false;
    const requested = text(body.stationId) ?? text(query.stationId);
    if (requested !== undefined && !UUID.test(requested)) throw RegisterImportErrors.badStationId();
    const stationId = stationForWrite(user, requested);
    const runAsync = flag(text(body.async) ?? query.async, 'async');
    const requestedMode = text(body.mode) ?? text(query.mode);
    if (requestedMode !== undefined && !(IMPORT_MODES as readonly string[]).includes(requestedMode))
      throw RegisterImportErrors.badMode();
    if (!req.file) throw RegisterImportErrors.fileRequired();
    const mode = (requestedMode as ImportMode | undefined) ?? modeOfFileName(req.file.originalname);
    if (runAsync ?? req.file.size > this.config.jobs.importAsyncThresholdBytes) {
      const jobId = await this.jobs.enqueue(user, {
        file: req.file.path,
        fileName: req.file.originalname,
        stationId,
        dryRun,
        mode,
      });
      res.status(202);
      return { jobId };
    }
    return this.imports.importFile({
      file: req.file.path,
      fileName: req.file.originalname,
      stationId,
      dryRun,
      mode,
    });
  }
}
