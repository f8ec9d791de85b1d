import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { ADMIN_ERROR_CODES } from './admin.errors';
import { ApiItemsResponse, ApiPageResponse } from '../../../../libs/http/api-responses';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ALL_ROLES, CurrentUser, STATION_ROLES } from '../../../../libs/auth/access.decorator';
import { CommonErrors } from '../../../../libs/http/domain-error';
import type { Page } from '../../../../libs/http/pagination';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { AdminService } from './admin.service';
import {
  CodeListItemDto,
  CodeListQueryDto,
  CreateCodeListItemDto,
  UpdateCodeListItemDto,
} from './dto/code-list.dto';
import { CreateStationDto, StationDto, UpdateStationDto } from './dto/station.dto';
import { CreateUserDto, StationMemberDto, UpdateUserDto, UserDto, UserListQueryDto } from './dto/user.dto';

@ApiTags('admin')
@ApiErrorResponses('Admin', ADMIN_ERROR_CODES)
@Controller('api/v1')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('users')
  @Access({ roles: ['admin'] })
  @ApiPageResponse(UserDto)
  listUsers(@Query() query: UserListQueryDto): Promise<Page<UserDto>> {
    return this.admin.listUsers(query);
  }

  /** Officers and managers of the caller's station, for pickers (visits, follow-up owners). */
  @Get('users/station-officers')
  @Access({ roles: STATION_ROLES })
  @ApiItemsResponse(StationMemberDto)
  async stationOfficers(@CurrentUser() user: RequestUser): Promise<{ items: StationMemberDto[] }> {
    if (!user.stationId) return { items: [] };
    return { items: await this.admin.stationMembers(user.stationId) };
  }

  @Get('users/:id')
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: UserDto })
  getUser(@Param('id', UuidParam) id: string): Promise<UserDto> {
    return this.admin.getUser(id);
  }

  @Post('users')
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: UserDto })
  createUser(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.admin.createUser(dto);
  }

  @Patch('users/:id')
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: UserDto })
  updateUser(@Param('id', UuidParam) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.admin.updateUser(id, dto);
  }

  @Get('stations')
  @Access({ roles: ALL_ROLES })
  @ApiItemsResponse(StationDto)
  async listStations(@CurrentUser() user: RequestUser): Promise<{ items: StationDto[] }> {
    const all = await this.admin.listStations();
    // Station users see their own station only.
    const items =
      user.role === 'officer' || user.role === 'manager' ? all.filter((s) => s.id === user.stationId) : all;
    return { items };
  }

  @Post('stations')
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: StationDto })
  createStation(@Body() dto: CreateStationDto): Promise<StationDto> {
    return this.admin.createStation(dto);
  }

  @Patch('stations/:id')
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: StationDto })
  updateStation(@Param('id', UuidParam) id: string, @Body() dto: UpdateStationDto): Promise<StationDto> {
    return this.admin.updateStation(id, dto);
  }

  @Get('code-lists')
  @Access({ roles: ALL_ROLES })
  @ApiItemsResponse(CodeListItemDto)
  async listCodes(@Query() query: CodeListQueryDto): Promise<{ items: CodeListItemDto[] }> {
    return { items: await this.admin.listCodes(query.kind) };
  }

  @Post('code-lists')
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: CodeListItemDto })
  createCode(@Body() dto: CreateCodeListItemDto): Promise<CodeListItemDto> {
    return this.admin.createCode(dto);
  }

  @Patch('code-lists/:kind/:code')
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: CodeListItemDto })
  updateCode(
    @Param('kind') kind: string,
    @Param('code') code: string,
    @Body() dto: UpdateCodeListItemDto,
  ): Promise<CodeListItemDto> {
    if (!/^[A-Za-z]{1,32}$/.test(kind) || !/^[a-z0-9_]{1,64}$/.test(code))
      throw CommonErrors.notFound('code_list_item');
    return this.admin.updateCode(kind, code, dto);
  }
}
