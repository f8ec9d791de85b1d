import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { Response } from 'express';
import { attachmentDisposition, PDF_CONTENT_TYPE } from '../../../../libs/files/http';
import { DOCX_CONTENT_TYPE } from '../../../../libs/files/docx';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { COUNCIL_ERROR_CODES } from './council.errors';
import { ApiItemsResponse, ApiPageResponse } from '../../../../libs/http/api-responses';
import { ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Access, CurrentUser, STATION_ROLES } from '../../../../libs/auth/access.decorator';
import type { Role } from '../../../../libs/auth/entities/user.entity';
import type { Page } from '../../../../libs/http/pagination';
import { UuidParam } from '../../../../libs/http/params';
import { RateLimit } from '../../../../libs/http/rate-limit/rate-limit.guard';
import type { RequestUser } from '../../../../libs/http/request-context';
import { CouncilService } from './council.service';
import {
  CreateFollowUpDto,
  CreateFollowUpLinkDto,
  FollowUpDto,
  FollowUpLinkDto,
  FollowUpListQueryDto,
  UpdateFollowUpDto,
} from './dto/follow-up.dto';
import {
  CouncilItemDto,
  CreateItemDto,
  CreateMeetingDto,
  MeetingDetailDto,
  MeetingDto,
  MeetingListQueryDto,
  MinutesQueryDto,
  ReportBackQueryDto,
  UpdateItemDto,
  UpdateMeetingDto,
} from './dto/meeting.dto';
import { ReportBackDto } from './dto/report-back.dto';

/** Station staff write; the prefectural team reads; administrators have no business here. */
const READERS: readonly Role[] = ['officer', 'manager', 'hq'];

function download(res: Response, file: { buffer: Buffer; filename: string; format: 'pdf' | 'docx' }) {
  res.setHeader('Content-Type', file.format === 'pdf' ? PDF_CONTENT_TYPE : DOCX_CONTENT_TYPE);
  res.setHeader('Content-Disposition', attachmentDisposition(file.filename));
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(file.buffer);
}

@ApiTags('council')
@ApiErrorResponses('Council', COUNCIL_ERROR_CODES)
@Controller('api/v1')
export class CouncilController {
  constructor(private readonly council: CouncilService) {}

  @Get('meetings')
  @Access({ roles: READERS })
  @ApiPageResponse(MeetingDto)
  listMeetings(
    @CurrentUser() user: RequestUser,
    @Query() query: MeetingListQueryDto,
  ): Promise<Page<MeetingDto>> {
    return this.council.listMeetings(user, query);
  }

  @Post('meetings')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: MeetingDetailDto })
  createMeeting(@CurrentUser() user: RequestUser, @Body() dto: CreateMeetingDto): Promise<MeetingDetailDto> {
    return this.council.createMeeting(user, dto);
  }

  @Get('meetings/:id')
  @Access({ roles: READERS })
  @ApiOkResponse({ type: MeetingDetailDto })
  getMeeting(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
  ): Promise<MeetingDetailDto> {
    return this.council.getMeeting(user, id);
  }

  @Patch('meetings/:id')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: MeetingDetailDto })
  updateMeeting(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateMeetingDto,
  ): Promise<MeetingDetailDto> {
    return this.council.updateMeeting(user, id, dto);
  }

  /** The 会議録 in the layout of the station's minutes: PDF (Noto Sans JP, 禁則) or DOCX (for Word). */
  @Get('meetings/:id/minutes')
  @Access({ roles: READERS })
  @RateLimit('reports')
  @ApiOkResponse({
    description: 'the minutes file',
    content: {
      [PDF_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
      [DOCX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async minutes(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Query() query: MinutesQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return download(res, await this.council.minutes(user, id, query.format ?? 'pdf'));
  }

  /**
   * What to report at this meeting about the earlier meetings' items (措置結果): JSON with the same
   * text ready to read out, or a PDF / DOCX document; 「…現在」 is today or asOf.
   */
  @Get('meetings/:id/report-back')
  @Access({ roles: READERS })
  @RateLimit('reports', { withQuery: 'format' })
  @ApiExtraModels(ReportBackDto)
  @ApiOkResponse({
    description: 'format=json (default): the report; pdf / docx: the document',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReportBackDto) } },
      [PDF_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
      [DOCX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async reportBack(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Query() query: ReportBackQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReportBackDto | StreamableFile> {
    const format = query.format ?? 'json';
    if (format === 'json') return this.council.reportBack(user, id, query.asOf);
    return download(res, await this.council.reportBackFile(user, id, format, query.asOf));
  }

  @Get('meetings/:id/items')
  @Access({ roles: READERS })
  @ApiItemsResponse(CouncilItemDto)
  listItems(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
  ): Promise<{ items: CouncilItemDto[] }> {
    return this.council.listItems(user, id);
  }

  @Post('meetings/:id/items')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: CouncilItemDto })
  createItem(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateItemDto,
  ): Promise<CouncilItemDto> {
    return this.council.createItem(user, id, dto);
  }

  @Patch('items/:id')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: CouncilItemDto })
  updateItem(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateItemDto,
  ): Promise<CouncilItemDto> {
    return this.council.updateItem(user, id, dto);
  }

  @Get('follow-ups')
  @Access({ roles: READERS })
  @ApiPageResponse(FollowUpDto)
  listFollowUps(
    @CurrentUser() user: RequestUser,
    @Query() query: FollowUpListQueryDto,
  ): Promise<Page<FollowUpDto>> {
    return this.council.listFollowUps(user, query);
  }

  @Post('follow-ups')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: FollowUpDto })
  createFollowUp(@CurrentUser() user: RequestUser, @Body() dto: CreateFollowUpDto): Promise<FollowUpDto> {
    return this.council.createFollowUp(user, dto);
  }

  @Get('follow-ups/:id')
  @Access({ roles: READERS })
  @ApiOkResponse({ type: FollowUpDto })
  getFollowUp(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<FollowUpDto> {
    return this.council.getFollowUp(user, id);
  }

  @Patch('follow-ups/:id')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: FollowUpDto })
  updateFollowUp(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateFollowUpDto,
  ): Promise<FollowUpDto> {
    return this.council.updateFollowUp(user, id, dto);
  }

  @Post('follow-ups/:id/links')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: FollowUpLinkDto })
  addLink(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateFollowUpLinkDto,
  ): Promise<FollowUpLinkDto> {
    return this.council.addLink(user, id, dto);
  }

  @Delete('follow-ups/:id/links/:linkId')
  @Access({ roles: STATION_ROLES })
  @HttpCode(204)
  @ApiNoContentResponse()
  removeLink(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Param('linkId', UuidParam) linkId: string,
  ): Promise<void> {
    return this.council.removeLink(user, id, linkId);
  }
}
