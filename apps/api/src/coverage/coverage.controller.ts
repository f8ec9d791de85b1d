import { Controller, Get, Query } from '@nestjs/common';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { COVERAGE_ERROR_CODES } from './coverage.errors';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ALL_ROLES, CurrentUser } from '../../../../libs/auth/access.decorator';
import type { RequestUser } from '../../../../libs/http/request-context';
import { CoverageService } from './coverage.service';
import { CoverageDto, CoverageQueryDto, WorklistDto, WorklistQueryDto } from './dto/coverage.dto';

/**
 * Coverage of local organizations. Officers and managers see their station; hq and admin (read
 * only) see every station, may filter one with `stationId` and group by station.
 */
@ApiTags('coverage')
@ApiErrorResponses('Coverage', COVERAGE_ERROR_CODES)
@Controller('api/v1/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @Get()
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: CoverageDto })
  get(@CurrentUser() user: RequestUser, @Query() query: CoverageQueryDto): Promise<CoverageDto> {
    return this.coverage.coverage(user, query);
  }

  @Get('worklist')
  @Access({ roles: ALL_ROLES })
  @ApiOkResponse({ type: WorklistDto })
  worklist(@CurrentUser() user: RequestUser, @Query() query: WorklistQueryDto): Promise<WorklistDto> {
    return this.coverage.worklist(user, query);
  }
}
