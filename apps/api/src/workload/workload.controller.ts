import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import type { RequestUser } from '../../../../libs/http/request-context';
import { WorkloadDto, WorkloadQueryDto } from './dto/workload.dto';
import { WORKLOAD_ERROR_CODES } from './workload.errors';
import { WorkloadService } from './workload.service';

/** 業務量: visits, seminars and open follow-ups per officer of the manager's own station. */
@ApiTags('workload')
@ApiErrorResponses('Workload', WORKLOAD_ERROR_CODES)
@Controller('api/v1/workload')
export class WorkloadController {
  constructor(private readonly workload: WorkloadService) {}

  /** Managers only, their own station; hq, officers and admins get 403 (staffing is not public). */
  @Get()
  @Access({ roles: ['manager'] })
  @ApiOkResponse({ type: WorkloadDto })
  get(@CurrentUser() user: RequestUser, @Query() query: WorkloadQueryDto): Promise<WorkloadDto> {
    return this.workload.get(user, query);
  }
}
