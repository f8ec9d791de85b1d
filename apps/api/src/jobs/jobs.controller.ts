import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ALL_ROLES, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { JobDto } from './dto/job.dto';
import { JOBS_ERROR_CODES } from './jobs.errors';
import { JobsService } from './jobs.service';

/** GET /jobs/:id, POST /jobs/:id/cancel: station-scoped (another station's job is 404). */
@ApiTags('jobs')
@ApiErrorResponses('Jobs', JOBS_ERROR_CODES)
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':id')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: JobDto })
  get(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<JobDto> {
    return this.jobs.get(user, id);
  }

  /** Answers the job as it is now: `cancelled` if it was queued, else `cancelRequested` while it stops. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Access({ roles: ['officer', 'manager', 'admin'] })
  @ApiOkResponse({ type: JobDto })
  cancel(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<JobDto> {
    return this.jobs.cancel(user, id);
  }
}
