import { Injectable } from '@nestjs/common';
import type { RequestUser } from '../../../../libs/http/request-context';
import { normalizeSearchText } from '../../../../libs/japanese/text';
import { SEARCH_TYPES, SearchQueryDto, SearchResultDto } from './dto/search.dto';
import { SearchErrors } from './search.errors';
import { SearchRepository } from './search.repository';

/** One search over what the caller may see (station scope, restricted consultations, visit drafts). */
@Injectable()
export class SearchService {
  constructor(private readonly repo: SearchRepository) {}

  async search(user: RequestUser, query: SearchQueryDto): Promise<SearchResultDto> {
    const normalized = normalizeSearchText(query.q);
    if (normalized === '') throw SearchErrors.emptyQuery();
    const types = query.type ? [query.type] : SEARCH_TYPES;
    return { items: await this.repo.search(user, normalized, query.q, types, query.limit ?? 8) };
  }
}
