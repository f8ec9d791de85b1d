import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentUser } from '../../../../libs/auth/access.decorator';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import type { RequestUser } from '../../../../libs/http/request-context';
import { SearchQueryDto, SearchResultDto } from './dto/search.dto';
import { SEARCH_ERROR_CODES } from './search.errors';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiErrorResponses('Search', SEARCH_ERROR_CODES)
@Controller('api/v1/search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @Access({ roles: ['officer', 'manager', 'hq'] })
  @ApiOkResponse({ type: SearchResultDto })
  find(@CurrentUser() user: RequestUser, @Query() query: SearchQueryDto): Promise<SearchResultDto> {
    return this.search.search(user, query);
  }
}
