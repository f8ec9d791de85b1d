import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { VISITS_ERROR_CODES } from './visits.errors';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import type { Page } from '../../../../libs/http/pagination';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import {
  CreateVisitDto,
  FollowUpListQueryDto,
  ReasonTransitionDto,
  TransitionDto,
  UpdateVisitDto,
  VisitDto,
  VisitFollowUpListItemDto,
  VisitFollowUpPageDto,
  VisitListQueryDto,
  VisitPageDto,
} from './dto/visit.dto';
import { VisitsService } from './visits.service';

/** Outreach visits (アウトリーチ活動). Admins have no access; hq reads across stations. */
@ApiTags('visits')
@ApiErrorResponses('Visits', VISITS_ERROR_CODES)
@Controller('api/v1/visits')
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @Get()
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiOkResponse({ type: VisitPageDto })
  list(@CurrentUser() user: RequestUser, @Query() query: VisitListQueryDto): Promise<Page<VisitDto>> {
    return this.visits.list(user, query);
  }

  /** Follow-up tasks agreed at visits ("my open follow-ups": ?mine=true&status=open). */
  @Get('follow-ups')
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiOkResponse({ type: VisitFollowUpPageDto })
  listFollowUps(
    @CurrentUser() user: RequestUser,
    @Query() query: FollowUpListQueryDto,
  ): Promise<Page<VisitFollowUpListItemDto>> {
    return this.visits.listFollowUps(user, query);
  }

  @Get(':id')
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiOkResponse({ type: VisitDto })
  get(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<VisitDto> {
    return this.visits.get(user, id);
  }

  @Post()
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: VisitDto })
  create(@CurrentUser() user: RequestUser, @Body() dto: CreateVisitDto): Promise<VisitDto> {
    return this.visits.create(user, dto);
  }

  @Patch(':id')
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: VisitDto })
  update(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateVisitDto,
  ): Promise<VisitDto> {
    return this.visits.update(user, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: VisitDto })
  submit(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: TransitionDto,
  ): Promise<VisitDto> {
    return this.visits.transition(user, id, 'submit', dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Access({ roles: ['manager'] })
  @ApiOkResponse({ type: VisitDto })
  approve(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: TransitionDto,
  ): Promise<VisitDto> {
    return this.visits.transition(user, id, 'approve', dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Access({ roles: ['manager'] })
  @ApiOkResponse({ type: VisitDto })
  returnVisit(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReasonTransitionDto,
  ): Promise<VisitDto> {
    return this.visits.transition(user, id, 'return', dto);
  }

  /** Approved → draft, editable by the officers again; needs a reason. */
  @Post(':id/reopen')
  @HttpCode(200)
  @Access({ roles: ['manager'] })
  @ApiOkResponse({ type: VisitDto })
  reopen(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReasonTransitionDto,
  ): Promise<VisitDto> {
    return this.visits.transition(user, id, 'reopen', dto);
  }
}
