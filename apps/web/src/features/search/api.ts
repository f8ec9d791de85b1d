/** The search feature's data layer: GET /search over what the caller may see. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { http, unwrap, type Schemas } from '../../api/http';

export type SearchItem = Schemas['SearchItemDto'];
export type SearchType = SearchItem['type'];

/** The order results are grouped in. */
export const SEARCH_TYPES: readonly SearchType[] = [
  'organization',
  'visit',
  'seminar',
  'consultation',
  'meeting',
  'partner',
];

export const searchKeys = {
  all: ['search'] as const,
  query: (q: string, limit: number) => [...searchKeys.all, q, limit] as const,
};

/** Nothing is asked for a blank query (the server would answer 400 search.empty_query). */
export function useSearch(q: string, limit = 5) {
  const trimmed = q.replace(/[\s\u3000・]+/g, '') === '' ? '' : q.trim();
  return useQuery({
    queryKey: searchKeys.query(trimmed, limit),
    queryFn: ({ signal }) =>
      unwrap(http.GET('/api/v1/search', { params: { query: { q: trimmed, limit } }, signal })),
    enabled: trimmed.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** Screens only the station's staff have (hq reads these records through reports and exports). */
const STATION_ONLY: readonly SearchType[] = ['seminar', 'consultation', 'meeting'];

/** Where a result opens for this role, or null when the role has no screen for it. */
export function searchItemPath(item: Pick<SearchItem, 'type' | 'id'>, role?: string): string | null {
  if (role === 'hq' && STATION_ONLY.includes(item.type)) return null;
  switch (item.type) {
    case 'organization':
      return `/organizations/${item.id}`;
    case 'visit':
      return `/visits/${item.id}`;
    case 'seminar':
      return `/seminars/${item.id}`;
    case 'consultation':
      return `/consultations/${item.id}`;
    case 'meeting':
      return `/council/meetings/${item.id}`;
    case 'partner':
      return `/partners/${item.id}`;
  }
}

/** Results by type, in SEARCH_TYPES order, empty groups left out. */
export function groupResults(items: readonly SearchItem[]): { type: SearchType; items: SearchItem[] }[] {
  return SEARCH_TYPES.map((type) => ({ type, items: items.filter((i) => i.type === type) })).filter(
    (g) => g.items.length > 0,
  );
}
