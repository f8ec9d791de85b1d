import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser, STATION_ROLES } from '../../../../libs/auth/access.decorator';
import { ApiPageResponse } from '../../../../libs/http/api-responses';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import type { Page } from '../../../../libs/http/pagination';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { ACTIVITIES_ERROR_CODES } from './activities.errors';
import { ActivitiesService } from './activities.service';
import { ActivityDto, ActivityListQueryDto, CreateActivityDto, UpdateActivityDto } from './dto/activity.dto';

/** 教養・広報: the station records its own; hq reads across stations. */
@ApiTags('activities')
@ApiErrorResponses('Activities', ACTIVITIES_ERROR_CODES)
@Controller('api/v1/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get()
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiPageResponse(ActivityDto)
  list(@CurrentUser() user: RequestUser, @Query() query: ActivityListQueryDto): Promise<Page<ActivityDto>> {
    return this.activities.list(user, query);
  }

  @Post()
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: ActivityDto })
  create(@CurrentUser() user: RequestUser, @Body() dto: CreateActivityDto): Promise<ActivityDto> {
    return this.activities.create(user, dto);
  }

  @Get(':id')
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiOkResponse({ type: ActivityDto })
  get(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<ActivityDto> {
    return this.activities.get(user, id);
  }

  @Patch(':id')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: ActivityDto })
  update(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateActivityDto,
  ): Promise<ActivityDto> {
    return this.activities.update(user, id, dto);
  }
}
