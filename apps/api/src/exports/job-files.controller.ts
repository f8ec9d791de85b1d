import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { JobFileDto, JobFileResultDto } from './dto/job-file.dto';
import type { Response } from 'express';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { EXPORTS_ERROR_CODES } from './exports.errors';
import { JobFilesService } from './job-files.service';

/**
 * GET /jobs/:id/file: the file of a finished export or report job. Every signed-in role reaches
 * the route; the file itself carries the roles of the export or report that made it (403 for
 * others), and the job's station scope applies (another station's job is 404).
 */
@ApiTags('jobs')
@ApiExtraModels(JobFileResultDto, JobFileDto)
@ApiErrorResponses('Exports', EXPORTS_ERROR_CODES)
@Controller('api/v1/jobs')
export class JobFilesController {
  constructor(private readonly files: JobFilesService) {}

  @Get(':id/file')
  @Access({ roles: ['officer', 'manager', 'hq', 'admin'] })
  @ApiProduces(
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/pdf',
  )
  @ApiOkResponse({ description: 'the file (Content-Disposition names it)' })
  @ApiResponse({ status: 410, description: 'the file has expired (job_file.expired)' })
  async file(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.files.prepare(user, id);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.status(200);
    await this.files.send(id, res);
  }
}
