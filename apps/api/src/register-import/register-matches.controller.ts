import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiItemsResponse } from '../../../../libs/http/api-responses';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import {
  LinkMatchDto,
  PossibleMatchListQueryDto,
  RegisterMatchDto,
  ResolvedMatchDto,
} from './dto/possible-match.dto';
import { REGISTER_IMPORT_ERROR_CODES } from './register-import.errors';
import { RegisterMatchesService } from './register-matches.service';

const IMPORTERS = ['officer', 'manager', 'admin'] as const;

/**
 * The possible matches of register imports (report `possibleMatches`): list, link to the existing
 * record (it gains the corporate number), or create the register row anyway. Who imports resolves.
 */
@ApiTags('organizations')
@ApiErrorResponses('RegisterImport', REGISTER_IMPORT_ERROR_CODES)
@Controller('api/v1/register-import/matches')
export class RegisterMatchesController {
  constructor(private readonly matches: RegisterMatchesService) {}

  @Get()
  @Access({ roles: IMPORTERS })
  @ApiItemsResponse(RegisterMatchDto)
  list(
    @CurrentUser() user: RequestUser,
    @Query() query: PossibleMatchListQueryDto,
  ): Promise<{ items: RegisterMatchDto[] }> {
    return this.matches.list(user, query);
  }

  @Post(':id/link')
  @HttpCode(200)
  @Access({ roles: IMPORTERS })
  @ApiOkResponse({ type: ResolvedMatchDto })
  link(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: LinkMatchDto,
  ): Promise<ResolvedMatchDto> {
    return this.matches.link(user, id, dto.version);
  }

  @Post(':id/create')
  @Access({ roles: IMPORTERS })
  @ApiCreatedResponse({ type: ResolvedMatchDto })
  create(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<ResolvedMatchDto> {
    return this.matches.create(user, id);
  }
}
