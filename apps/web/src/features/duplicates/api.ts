/**
 * Data layer of the registry's look-alikes: the register import's possible matches (a register row
 * like a record without a corporate number: link it or create it anyway) and the duplicate scan
 * (a job) with its review queue (merge or dismiss).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, unwrap } from '../../api/http';
import type { DuplicateCandidate, Job, RegisterMatch } from '../../api/types';

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

export const duplicateKeys = {
  all: ['duplicates'] as const,
  list: (status: DuplicateCandidate['status']) => [...duplicateKeys.all, status] as const,
  // not under `all`: a finished scan invalidates `all` (the queue), not itself
  job: (id: string) => ['duplicate-scan-job', id] as const,
};

export function useDuplicates(status: DuplicateCandidate['status'] = 'pending') {
  return useQuery({
    queryKey: duplicateKeys.list(status),
    queryFn: ({ signal }) =>
      unwrap(http.GET('/api/v1/duplicates', { params: { query: { status } }, signal })),
  });
}

/** Starts a scan of the caller's station (a job). */
export function useStartDuplicateScan() {
  return useMutation({
    mutationFn: () => unwrap(http.POST('/api/v1/duplicates/scan', { body: {} })),
  });
}

/** The scan job, polled every second while it runs; the queue is reloaded when it is done. */
export function useDuplicateScanJob(jobId: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: duplicateKeys.job(jobId ?? ''),
    enabled: !!jobId,
    queryFn: async ({ signal }) => {
      const job: Job = await unwrap(
        http.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId! } }, signal }),
      );
      if (job.status === 'done') void queryClient.invalidateQueries({ queryKey: duplicateKeys.all });
      return job;
    },
    refetchInterval: (q) => {
      const status = q.state.data?.status;
      return status === 'done' || status === 'failed' || status === 'cancelled' ? false : 1000;
    },
  });
}

function useAfterDuplicate() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: duplicateKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['organizations'] });
  };
}

/** Keeps `keepId`; the other record of the pair is merged into it (the organizations' merge). */
export function useMergeDuplicate() {
  const after = useAfterDuplicate();
  return useMutation({
    mutationFn: (input: { id: string; keepId: string; version: number }) =>
      unwrap(
        http.POST('/api/v1/duplicates/{id}/merge', {
          params: { path: { id: input.id } },
          body: { keepId: input.keepId, version: input.version },
        }),
      ),
    onSuccess: after,
  });
}

/** Not a duplicate: remembered, never suggested again. */
export function useDismissDuplicate() {
  const after = useAfterDuplicate();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(http.POST('/api/v1/duplicates/{id}/dismiss', { params: { path: { id } } })),
    onSuccess: after,
  });
}
