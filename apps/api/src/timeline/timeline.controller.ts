import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { TIMELINE_ERROR_CODES } from './timeline.error-codes';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import type { Page } from '../../../../libs/http/pagination';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { TimelineEntryDto, TimelinePageDto, TimelineQueryDto } from './dto/timeline.dto';
import { TimelineService } from './timeline.service';

/** The organization timeline; the rest of /organizations belongs to the organizations feature. */
@ApiTags('organizations')
@ApiErrorResponses('Timeline', TIMELINE_ERROR_CODES)
@Controller('api/v1/organizations')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  /** Visits, seminar attendance, consultations, contact and register changes, newest first. */
  @Get(':id/timeline')
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiOkResponse({ type: TimelinePageDto })
  get(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Query() query: TimelineQueryDto,
  ): Promise<Page<TimelineEntryDto>> {
    return this.timeline.timeline(user, id, query);
  }
}
