import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiItemsResponse } from '../../../../libs/http/api-responses';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { JobAcceptedDto } from '../jobs/dto/job.dto';
import {
  DuplicatePairDto,
  DuplicateListQueryDto,
  DuplicateResolvedDto,
  MergeDuplicateDto,
  StartScanDto,
} from './dto/duplicate.dto';
import { DUPLICATES_ERROR_CODES } from './duplicates.errors';
import { DuplicatesService } from './duplicates.service';

const REVIEWERS = ['officer', 'manager', 'admin'] as const;

/**
 * The duplicate scan of a station's registry (a job: POST /duplicates/scan → 202 {jobId}, progress
 * and result at GET /jobs/:id) and its review queue.
 */
@ApiTags('duplicates')
@ApiErrorResponses('Duplicates', DUPLICATES_ERROR_CODES)
@Controller('api/v1/duplicates')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Post('scan')
  @HttpCode(202)
  @Access({ roles: REVIEWERS })
  @ApiAcceptedResponse({ type: JobAcceptedDto, description: 'queued: poll GET /jobs/{jobId}' })
  scan(@CurrentUser() user: RequestUser, @Body() dto: StartScanDto): Promise<JobAcceptedDto> {
    return this.duplicates.start(user, dto.stationId);
  }

  @Get()
  @Access({ roles: REVIEWERS })
  @ApiItemsResponse(DuplicatePairDto)
  list(
    @CurrentUser() user: RequestUser,
    @Query() query: DuplicateListQueryDto,
  ): Promise<{ items: DuplicatePairDto[] }> {
    return this.duplicates.list(user, query.status);
  }

  /** Merge through the organizations feature (managers and admins, as POST /organizations/:id/merge). */
  @Post(':id/merge')
  @HttpCode(200)
  @Access({ roles: ['manager', 'admin'] })
  @ApiOkResponse({ type: DuplicateResolvedDto })
  merge(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: MergeDuplicateDto,
  ): Promise<DuplicateResolvedDto> {
    return this.duplicates.merge(user, id, dto.keepId, dto.version);
  }

  /** Not a duplicate: remembered, never suggested again. */
  @Post(':id/dismiss')
  @HttpCode(200)
  @Access({ roles: REVIEWERS })
  @ApiOkResponse({ type: DuplicateResolvedDto })
  dismiss(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
  ): Promise<DuplicateResolvedDto> {
    return this.duplicates.dismiss(user, id);
  }
}
