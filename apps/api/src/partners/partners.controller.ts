import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { PARTNERS_ERROR_CODES } from './partners.errors';
import { ApiItemsResponse, ApiPageResponse } from '../../../../libs/http/api-responses';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ALL_ROLES, CurrentUser, STATION_ROLES } from '../../../../libs/auth/access.decorator';
import type { Page } from '../../../../libs/http/pagination';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { CreateLiaisonDto, LiaisonDto, LiaisonListQueryDto } from './dto/liaison.dto';
import {
  AddNetworkMemberDto,
  CreatedPartnerDto,
  CreatePartnerDto,
  MergePartnerDto,
  NetworkMemberDto,
  PartnerDto,
  PartnerListQueryDto,
  PartnerMergeResultDto,
  UpdatePartnerDto,
} from './dto/partner.dto';
import { PartnersService } from './partners.service';

@ApiTags('partners')
@ApiErrorResponses('Partners', PARTNERS_ERROR_CODES)
@Controller('api/v1/partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Get()
  @Access({ roles: ALL_ROLES })
  @ApiPageResponse(PartnerDto)
  list(@CurrentUser() user: RequestUser, @Query() query: PartnerListQueryDto): Promise<Page<PartnerDto>> {
    return this.partners.list(user, query);
  }

  /** Officers and managers add their station's own partners; hq and admins prefecture-wide ones. */
  @Post()
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: CreatedPartnerDto })
  create(@CurrentUser() user: RequestUser, @Body() dto: CreatePartnerDto): Promise<CreatedPartnerDto> {
    return this.partners.create(user, dto);
  }

  @Get(':id')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: PartnerDto })
  get(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<PartnerDto> {
    return this.partners.get(user, id);
  }

  /** Station users edit their station's own partners (a prefecture-wide one: 403 partner.prefecture_wide). */
  @Patch(':id')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: PartnerDto })
  update(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdatePartnerDto,
  ): Promise<PartnerDto> {
    return this.partners.update(user, id, dto);
  }

  /** hq merges this partner (a duplicate) into `intoId`, which is kept; this one is archived. */
  @Post(':id/merge')
  @HttpCode(200)
  @Access({ roles: ['hq', 'admin'] })
  @ApiOkResponse({ type: PartnerMergeResultDto })
  merge(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: MergePartnerDto,
  ): Promise<PartnerMergeResultDto> {
    return this.partners.merge(user, id, dto);
  }

  /** Members of a network: organizations (station users see their own station's) and partners. */
  @Get(':id/members')
  @Access({ roles: ALL_ROLES })
  @ApiItemsResponse(NetworkMemberDto)
  members(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
  ): Promise<{ items: NetworkMemberDto[] }> {
    return this.partners.listMembers(user, id);
  }

  @Post(':id/members')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: NetworkMemberDto })
  addMember(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: AddNetworkMemberDto,
  ): Promise<NetworkMemberDto> {
    return this.partners.addMember(user, id, dto);
  }

  @Delete(':id/members/:memberId')
  @Access({ roles: ALL_ROLES })
  @HttpCode(204)
  @ApiNoContentResponse()
  removeMember(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Param('memberId', UuidParam) memberId: string,
  ): Promise<void> {
    return this.partners.removeMember(user, id, memberId);
  }

  /** Liaison records with this partner: the caller's station's; hq sees every station's. */
  @Get(':id/liaisons')
  @ApiPageResponse(LiaisonDto)
  @Access({ roles: ['officer', 'manager', 'hq'] })
  liaisons(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Query() query: LiaisonListQueryDto,
  ): Promise<Page<LiaisonDto>> {
    return this.partners.listLiaisons(user, id, query);
  }

  @Post(':id/liaisons')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: LiaisonDto })
  createLiaison(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateLiaisonDto,
  ): Promise<LiaisonDto> {
    return this.partners.createLiaison(user, id, dto);
  }
}
