/**
 * The coverage feature's data layer: query keys and reads over the generated client. Screens call
 * these hooks; nothing else in the feature talks to the API. Writes elsewhere (visits, seminars,
 * organizations) invalidate `coverageKeys.all`.
 */
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { http, unwrap } from '../../api/http';
import type { paths } from '../../api/schema.gen';

export type CoverageQuery = NonNullable<paths['/api/v1/coverage']['get']['parameters']['query']>;
export type CoverageGroupBy = NonNullable<CoverageQuery['groupBy']>;
export type WorklistQuery = NonNullable<paths['/api/v1/coverage/worklist']['get']['parameters']['query']>;

export const coverageKeys = {
  all: ['coverage'] as const,
  summaries: () => [...coverageKeys.all, 'summary'] as const,
  summary: (query: CoverageQuery) => [...coverageKeys.summaries(), query] as const,
  worklists: () => [...coverageKeys.all, 'worklist'] as const,
  worklist: (query: WorklistQuery) => [...coverageKeys.worklists(), query] as const,
};

function fetchCoverage(query: CoverageQuery, signal?: AbortSignal) {
  return unwrap(http.GET('/api/v1/coverage', { params: { query }, signal }));
}

/** Totals and groups as of a day. */
export function useCoverage(query: CoverageQuery) {
  return useQuery({
    queryKey: coverageKeys.summary(query),
    queryFn: ({ signal }) => fetchCoverage(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The totals at each of the given days (month ends), one request per day, cached for a while. */
export function useCoverageTrend(days: string[], stationId: string | undefined) {
  return useQueries({
    queries: days.map((asOf) => {
      const query: CoverageQuery = { asOf, groupBy: 'tier', stationId };
      return {
        queryKey: coverageKeys.summary(query),
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchCoverage(query, signal),
        staleTime: 10 * 60_000,
      };
    }),
  });
}

/** Organizations overdue or never reached, most urgent first (paged). */
export function useWorklist(query: WorklistQuery) {
  return useQuery({
    queryKey: coverageKeys.worklist(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/coverage/worklist', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
