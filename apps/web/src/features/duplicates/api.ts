/**
 * Data layer of the registry's look-alikes: the register import's possible matches (a register row
 * like a record without a corporate number: link it or create it anyway).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, unwrap } from '../../api/http';
import type { RegisterMatch } from '../../api/types';

export const matchKeys = {
  all: ['register-matches'] as const,
  list: (status: 'pending' | 'resolved' | 'all') => [...matchKeys.all, status] as const,
};

export function useRegisterMatches(status: 'pending' | 'resolved' | 'all' = 'pending', enabled = true) {
  return useQuery({
    queryKey: matchKeys.list(status),
    queryFn: ({ signal }) =>
      unwrap(http.GET('/api/v1/register-import/matches', { params: { query: { status } }, signal })),
    enabled,
  });
}

function useAfterResolve() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: matchKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['organizations'] });
  };
}

/** The existing record gains the register row's corporate number. */
export function useLinkMatch() {
  const after = useAfterResolve();
  return useMutation({
    mutationFn: (match: Pick<RegisterMatch, 'id' | 'organizationVersion'>) =>
      unwrap(
        http.POST('/api/v1/register-import/matches/{id}/link', {
          params: { path: { id: match.id } },
          body: { version: match.organizationVersion },
        }),
      ),
    onSuccess: after,
  });
}

/** Not the same firm: the register row becomes a new record (a candidate). */
export function useCreateMatch() {
  const after = useAfterResolve();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(http.POST('/api/v1/register-import/matches/{id}/create', { params: { path: { id } } })),
    onSuccess: after,
  });
}
