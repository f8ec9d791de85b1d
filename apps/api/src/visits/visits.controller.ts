import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { VISITS_ERROR_CODES } from './visits.errors';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import type { Page } from '../../../../libs/http/pagination';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import {
  ApproveDto,
  BulkApproveDto,
  BulkApproveResultDto,
  CreateVisitDto,
  RecordPlannedDto,
  UpdateVisitFollowUpDto,
  VisitFollowUpDto,
  VisitFollowUpListQueryDto,
  ReasonTransitionDto,
  TransitionDto,
  UpdateVisitDto,
  VisitDetailDto,
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
    @Query() query: VisitFollowUpListQueryDto,
  ): Promise<Page<VisitFollowUpListItemDto>> {
    return this.visits.listFollowUps(user, query);
  }

  /** Closes (or reopens) a follow-up with its result, whatever the visit's status; the visit is untouched. */
  @Patch('follow-ups/:id')
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: VisitFollowUpDto })
  updateFollowUp(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateVisitFollowUpDto,
  ): Promise<VisitFollowUpDto> {
    return this.visits.updateFollowUp(user, id, dto);
  }

  /** Bulk 決裁: each item on its own; `failed` says which were not approved and why. */
  @Post('approve')
  @HttpCode(200)
  @Access({ roles: ['manager'] })
  @ApiOkResponse({ type: BulkApproveResultDto })
  approveMany(@CurrentUser() user: RequestUser, @Body() dto: BulkApproveDto): Promise<BulkApproveResultDto> {
    return this.visits.approveMany(user, dto);
  }

  @Get(':id')
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiOkResponse({ type: VisitDetailDto })
  get(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<VisitDetailDto> {
    return this.visits.get(user, id);
  }

  @Post()
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: VisitDetailDto })
  create(@CurrentUser() user: RequestUser, @Body() dto: CreateVisitDto): Promise<VisitDetailDto> {
    return this.visits.create(user, dto);
  }

  @Patch(':id')
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: VisitDetailDto })
  update(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateVisitDto,
  ): Promise<VisitDetailDto> {
    return this.visits.update(user, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: VisitDetailDto })
  submit(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: TransitionDto,
  ): Promise<VisitDetailDto> {
    return this.visits.transition(user, id, 'submit', dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Access({ roles: ['manager'] })
  @ApiOkResponse({ type: VisitDetailDto })
  approve(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: ApproveDto,
  ): Promise<VisitDetailDto> {
    return this.visits.transition(user, id, 'approve', dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Access({ roles: ['manager'] })
  @ApiOkResponse({ type: VisitDetailDto })
  returnVisit(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReasonTransitionDto,
  ): Promise<VisitDetailDto> {
    return this.visits.transition(user, id, 'return', dto);
  }

  /** Planned → cancelled (final), with a reason. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: VisitDetailDto })
  cancel(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReasonTransitionDto,
  ): Promise<VisitDetailDto> {
    return this.visits.cancel(user, id, dto);
  }

  /** Planned → draft with what was planned filled in; its day may not be after today. */
  @Post(':id/record')
  @HttpCode(200)
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: VisitDetailDto })
  record(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: RecordPlannedDto,
  ): Promise<VisitDetailDto> {
    return this.visits.record(user, id, dto);
  }

  /** Approved → draft, editable by the officers again; needs a reason. */
  @Post(':id/reopen')
  @HttpCode(200)
  @Access({ roles: ['manager'] })
  @ApiOkResponse({ type: VisitDetailDto })
  reopen(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReasonTransitionDto,
  ): Promise<VisitDetailDto> {
    return this.visits.transition(user, id, 'reopen', dto);
  }
}
