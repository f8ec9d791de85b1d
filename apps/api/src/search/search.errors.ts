import { CommonErrors } from '../../../../libs/http/domain-error';

export const SearchErrors = {
  emptyQuery: () =>
    CommonErrors.invalid(
      'q',
      '検索語を入力してください (the query has no searchable characters)',
      'search.empty_query',
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `SearchErrorCode`). */
export const SEARCH_ERROR_CODES = ['search.empty_query'] as const;
