import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { Organization, Visit } from '../../api/types';

export function useVisit(id: string | undefined) {
  return useQuery({
    queryKey: ['visits', 'detail', id],
    queryFn: () => api.get<Visit>(`/visits/${id}`),
    enabled: !!id,
  });
}

/** The organization's display name, whether or not the visit carries it. */
export function useOrganizationName(id: string | null | undefined, known?: string | null) {
  const { data } = useQuery({
    queryKey: ['organizations', 'detail', id],
    queryFn: () => api.get<Organization>(`/organizations/${id}`),
    enabled: !!id && !known,
    staleTime: 5 * 60_000,
  });
  return known ?? data?.name ?? null;
}

export function visitOrgName(v: Visit): string | null {
  return v.organizationName ?? v.organization?.name ?? null;
}

export type VisitAction = 'submit' | 'approve' | 'return' | 'reopen';

/** Workflow actions; each refreshes the lists and the detail that show the visit. */
export function useVisitAction() {
  const queryClient = useQueryClient();
  return useCallback(
    async (id: string, action: VisitAction, opts: { reason?: string; version?: number } = {}) => {
      // the version read lets the server refuse an action on a record that changed meanwhile (409)
      const body: { reason?: string; version?: number } = {};
      if (opts.version !== undefined) body.version = opts.version;
      if (action === 'return' || action === 'reopen') body.reason = opts.reason;
      const res = await api.post<Visit | undefined>(paths.visitAction(id, action), body);
      if (res && typeof res === 'object' && 'id' in res)
        queryClient.setQueryData(['visits', 'detail', id], res);
      void queryClient.invalidateQueries({ queryKey: ['visits'] });
      void queryClient.invalidateQueries({ queryKey: ['coverage'] });
      void queryClient.invalidateQueries({ queryKey: ['organizations'] });
      return res;
    },
    [queryClient],
  );
}
