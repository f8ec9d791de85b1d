import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { SEMINARS_ERROR_CODES } from './seminars.errors';
import { ApiPageResponse } from '../../../../libs/http/api-responses';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser, STATION_ROLES } from '../../../../libs/auth/access.decorator';
import type { Page } from '../../../../libs/http/pagination';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { CreateSeminarDto, SeminarDto, SeminarListQueryDto, UpdateSeminarDto } from './dto/seminar.dto';
import { SeminarsService } from './seminars.service';

@ApiTags('seminars')
@ApiErrorResponses('Seminars', SEMINARS_ERROR_CODES)
@Controller('api/v1/seminars')
export class SeminarsController {
  constructor(private readonly seminars: SeminarsService) {}

  @Get()
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiPageResponse(SeminarDto)
  list(@CurrentUser() user: RequestUser, @Query() query: SeminarListQueryDto): Promise<Page<SeminarDto>> {
    return this.seminars.list(user, query);
  }

  @Post()
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: SeminarDto })
  create(@CurrentUser() user: RequestUser, @Body() dto: CreateSeminarDto): Promise<SeminarDto> {
    return this.seminars.create(user, dto);
  }

  @Get(':id')
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiOkResponse({ type: SeminarDto })
  get(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<SeminarDto> {
    return this.seminars.get(user, id);
  }

  @Patch(':id')
  @Access({ roles: STATION_ROLES })
  @ApiOkResponse({ type: SeminarDto })
  update(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateSeminarDto,
  ): Promise<SeminarDto> {
    return this.seminars.update(user, id, dto);
  }
}
