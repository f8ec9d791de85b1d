/**
 * The workload feature's data layer (業務量, managers only): query keys and the one read.
 * Staffing is not public: nothing outside this manager-only screen reads it.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { http, unwrap } from '../../api/http';
import type { paths } from '../../api/schema.gen';

export type WorkloadQuery = NonNullable<paths['/api/v1/workload']['get']['parameters']['query']>;

export const workloadKeys = {
  all: ['workload'] as const,
  period: (query: WorkloadQuery) => [...workloadKeys.all, query] as const,
};

export function useWorkload(query: WorkloadQuery, enabled = true) {
  return useQuery({
    queryKey: workloadKeys.period(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/workload', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}
