import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { CONSULTATIONS_ERROR_CODES } from './consultations.errors';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../../../../libs/http/api-responses';
import { Access, ALL_ROLES, CurrentUser } from '../../../../libs/auth/access.decorator';
import type { Page } from '../../../../libs/http/pagination';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { ConsultationsService } from './consultations.service';
import {
  ConsultationDto,
  ConsultationListQueryDto,
  CreateConsultationDto,
  UpdateConsultationDto,
} from './dto/consultation.dto';

/** Consultations and incidents (相談・事案). hq and admins read; station officers and managers write. */
@ApiTags('consultations')
@ApiErrorResponses('Consultations', CONSULTATIONS_ERROR_CODES)
@Controller('api/v1/consultations')
export class ConsultationsController {
  constructor(private readonly consultations: ConsultationsService) {}

  @Get()
  @Access({ roles: ALL_ROLES })
  @ApiPageResponse(ConsultationDto)
  list(
    @CurrentUser() user: RequestUser,
    @Query() query: ConsultationListQueryDto,
  ): Promise<Page<ConsultationDto>> {
    return this.consultations.list(user, query);
  }

  @Get(':id')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: ConsultationDto })
  get(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<ConsultationDto> {
    return this.consultations.get(user, id);
  }

  @Post()
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: ConsultationDto })
  create(@CurrentUser() user: RequestUser, @Body() dto: CreateConsultationDto): Promise<ConsultationDto> {
    return this.consultations.create(user, dto);
  }

  @Patch(':id')
  @Access({ roles: ['officer', 'manager'] })
  @ApiOkResponse({ type: ConsultationDto })
  update(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateConsultationDto,
  ): Promise<ConsultationDto> {
    return this.consultations.update(user, id, dto);
  }
}
