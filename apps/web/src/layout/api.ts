/** The layout's own reads: the manager's count of visits awaiting approval (the nav badge). */
import { useQuery } from '@tanstack/react-query';
import { http, unwrap } from '../api/http';
import { visitKeys, type VisitListQuery } from '../features/visits/api';

const AWAITING: VisitListQuery = { status: 'submitted', pageSize: 1 };

/** Under the visits' list keys, so every visit write refreshes it too; polled every two minutes. */
export function useApprovalCount(enabled: boolean): number | null {
  const { data } = useQuery({
    queryKey: visitKeys.list(AWAITING),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/visits', { params: { query: AWAITING }, signal })),
    enabled,
    refetchInterval: 120_000,
  });
  return data?.total ?? null;
}
