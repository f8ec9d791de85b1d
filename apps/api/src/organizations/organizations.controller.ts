import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { ORGANIZATIONS_ERROR_CODES } from './organizations.errors';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ALL_ROLES, CurrentUser, STATION_ROLES } from '../../../../libs/auth/access.decorator';
import { ApiItemsResponse } from '../../../../libs/http/api-responses';
import { UuidParam } from '../../../../libs/http/params';
import { RateLimit } from '../../../../libs/http/rate-limit/rate-limit.guard';
import type { RequestUser } from '../../../../libs/http/request-context';
import { ContactDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import {
  CreatedOrganizationDto,
  CreateOrganizationDto,
  MergeOrganizationDto,
  MergeResultDto,
  OrganizationDto,
  OrganizationListQueryDto,
  OrganizationPageDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { BulkUpdateOrganizationsDto, BulkUpdateResultDto } from './dto/bulk.dto';
import { CreateOrganizationViewDto, OrganizationViewDto } from './dto/view.dto';
import { OrganizationsService } from './organizations.service';

/** Contacts are personal data: the station's own users and hq, never admin. */
const CONTACT_READERS = ['officer', 'manager', 'hq'] as const;

@ApiTags('organizations')
@ApiErrorResponses('Organizations', ORGANIZATIONS_ERROR_CODES)
@Controller('api/v1')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get('organizations')
  @Access({ roles: ALL_ROLES })
  @RateLimit('search', { withQuery: 'q' })
  @ApiOkResponse({ type: OrganizationPageDto })
  list(
    @CurrentUser() user: RequestUser,
    @Query() query: OrganizationListQueryDto,
  ): Promise<OrganizationPageDto> {
    return this.organizations.list(user, query);
  }

  @Post('organizations')
  @Access({ roles: STATION_ROLES })
  @ApiCreatedResponse({ type: CreatedOrganizationDto })
  create(
    @CurrentUser() user: RequestUser,
    @Body() dto: CreateOrganizationDto,
  ): Promise<CreatedOrganizationDto> {
    return this.organizations.create(user, dto);
  }

  @Post('organizations/bulk')
  @HttpCode(200)
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({
    type: BulkUpdateResultDto,
    description:
      'each item on its own: stale version, archived or not in the station (not found) → failed, nothing changed for it',
  })
  bulkUpdate(
    @CurrentUser() user: RequestUser,
    @Body() dto: BulkUpdateOrganizationsDto,
  ): Promise<BulkUpdateResultDto> {
    return this.organizations.bulkUpdate(user, dto);
  }

  @Get('organizations/views')
  @Access({ roles: ALL_ROLES })
  @ApiItemsResponse(OrganizationViewDto)
  listViews(@CurrentUser() user: RequestUser): Promise<{ items: OrganizationViewDto[] }> {
    return this.organizations.listViews(user);
  }

  @Post('organizations/views')
  @Access({ roles: ALL_ROLES })
  @ApiCreatedResponse({ type: OrganizationViewDto, description: "a saved list view, the caller's own" })
  createView(
    @CurrentUser() user: RequestUser,
    @Body() dto: CreateOrganizationViewDto,
  ): Promise<OrganizationViewDto> {
    return this.organizations.createView(user, dto);
  }

  @Delete('organizations/views/:id')
  @HttpCode(204)
  @Access({ roles: ALL_ROLES })
  @ApiNoContentResponse({ description: "deleted; another user's view answers 404" })
  deleteView(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<void> {
    return this.organizations.deleteView(user, id);
  }

  @Get('organizations/:id')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: OrganizationDto })
  get(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<OrganizationDto> {
    return this.organizations.get(user, id);
  }

  @Patch('organizations/:id')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: OrganizationDto })
  update(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationDto> {
    return this.organizations.update(user, id, dto);
  }

  @Delete('organizations/:id')
  @HttpCode(204)
  @Access({ roles: STATION_ROLES })
  @ApiNoContentResponse({ description: 'archived (status archived, history kept)' })
  archive(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<void> {
    return this.organizations.archive(user, id);
  }

  @Post('organizations/:id/merge')
  @HttpCode(200)
  @Access({ roles: ['manager', 'admin'] })
  @ApiOkResponse({ type: MergeResultDto })
  merge(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: MergeOrganizationDto,
  ): Promise<MergeResultDto> {
    return this.organizations.merge(user, id, dto);
  }

  @Get('organizations/:id/contacts')
  @Access({ roles: CONTACT_READERS })
  @ApiItemsResponse(ContactDto)
  listContacts(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
  ): Promise<{ items: ContactDto[] }> {
    return this.organizations.listContacts(user, id);
  }

  @Post('organizations/:id/contacts')
  @Access({ roles: STATION_ROLES })
  @ApiCreatedResponse({ type: ContactDto })
  createContact(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateContactDto,
  ): Promise<ContactDto> {
    return this.organizations.createContact(user, id, dto);
  }

  @Patch('contacts/:id')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: ContactDto })
  updateContact(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactDto> {
    return this.organizations.updateContact(user, id, dto);
  }

  @Delete('contacts/:id')
  @HttpCode(204)
  @Access({ roles: STATION_ROLES })
  @ApiNoContentResponse({ description: 'archived' })
  archiveContact(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<void> {
    return this.organizations.archiveContact(user, id);
  }
}
