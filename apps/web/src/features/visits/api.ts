/**
 * The visits feature's data layer: query keys, reads and writes over the generated client.
 * Screens call these hooks; nothing else in the feature talks to the API.
 */
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { http, idempotencyHeader, unwrap, type Schemas } from '../../api/http';
import type { paths } from '../../api/schema.gen';
import type { VisitDetail } from '../../api/types';

export type VisitListQuery = NonNullable<paths['/api/v1/visits']['get']['parameters']['query']>;
export type CreateVisitBody = Schemas['CreateVisitDto'];
export type UpdateVisitBody = Schemas['UpdateVisitDto'];
export type VisitAction = 'submit' | 'approve' | 'return' | 'reopen';
export type UpdateFollowUpBody = Schemas['UpdateVisitFollowUpDto'];
export type BulkApproveResult = Schemas['BulkApproveResultDto'];

export const visitKeys = {
  all: ['visits'] as const,
  lists: () => [...visitKeys.all, 'list'] as const,
  list: (query: VisitListQuery) => [...visitKeys.lists(), query] as const,
  detail: (id: string) => [...visitKeys.all, 'detail', id] as const,
};

export function fetchVisit(id: string, signal?: AbortSignal): Promise<VisitDetail> {
  return unwrap(http.GET('/api/v1/visits/{id}', { params: { path: { id } }, signal }));
}

export function useVisit(id: string | undefined) {
  return useQuery({
    queryKey: visitKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchVisit(id!, signal),
    enabled: !!id,
  });
}

export function useVisits(query: VisitListQuery) {
  return useQuery({
    queryKey: visitKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/visits', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** A changed visit changes lists, coverage and its organization's timeline. */
function afterVisitWrite(queryClient: QueryClient, visit: VisitDetail): void {
  queryClient.setQueryData(visitKeys.detail(visit.id), visit);
  void queryClient.invalidateQueries({ queryKey: visitKeys.lists() });
  void queryClient.invalidateQueries({ queryKey: ['coverage'] });
  void queryClient.invalidateQueries({ queryKey: ['organizations'] });
}

export function useCreateVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateVisitBody; idempotencyKey?: string }) =>
      unwrap(http.POST('/api/v1/visits', { body, headers: idempotencyHeader(idempotencyKey) })),
    onSuccess: (visit) => afterVisitWrite(queryClient, visit),
  });
}

export function useUpdateVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateVisitBody }) =>
      unwrap(http.PATCH('/api/v1/visits/{id}', { params: { path: { id } }, body })),
    onSuccess: (visit) => afterVisitWrite(queryClient, visit),
  });
}

/**
 * Workflow actions (submit, approve with an optional 決裁コメント, return with reason, reopen with
 * reason), version-checked.
 */
export function useVisitTransition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      action,
      version,
      reason,
      comment,
    }: {
      id: string;
      action: VisitAction;
      version: number;
      reason?: string;
      comment?: string;
    }): Promise<VisitDetail> => {
      const params = { path: { id } };
      switch (action) {
        case 'submit':
          return unwrap(http.POST('/api/v1/visits/{id}/submit', { params, body: { version } }));
        case 'approve':
          return unwrap(
            http.POST('/api/v1/visits/{id}/approve', {
              params,
              body: comment?.trim() ? { version, comment: comment.trim() } : { version },
            }),
          );
        case 'return':
          return unwrap(
            http.POST('/api/v1/visits/{id}/return', { params, body: { version, reason: reason ?? '' } }),
          );
        case 'reopen':
          return unwrap(
            http.POST('/api/v1/visits/{id}/reopen', { params, body: { version, reason: reason ?? '' } }),
          );
      }
    },
    onSuccess: (visit) => afterVisitWrite(queryClient, visit),
  });
}

/** A planned visit that will not take place: cancelled with a reason. */
export function useCancelVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, reason }: { id: string; version: number; reason: string }) =>
      unwrap(
        http.POST('/api/v1/visits/{id}/cancel', { params: { path: { id } }, body: { version, reason } }),
      ),
    onSuccess: (visit) => afterVisitWrite(queryClient, visit),
  });
}

/** A planned visit took place: it becomes a draft (visitedAt: when it really happened). */
export function useRecordVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, visitedAt }: { id: string; version: number; visitedAt?: string }) =>
      unwrap(
        http.POST('/api/v1/visits/{id}/record', {
          params: { path: { id } },
          body: visitedAt ? { version, visitedAt } : { version },
        }),
      ),
    onSuccess: (visit) => afterVisitWrite(queryClient, visit),
  });
}

/** A follow-up's status and result, whatever its visit's status; refreshes the visit it belongs to. */
export function useUpdateFollowUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; visitId: string; body: UpdateFollowUpBody }) =>
      unwrap(http.PATCH('/api/v1/visits/follow-ups/{id}', { params: { path: { id } }, body })),
    onSuccess: (_f, { visitId }) => {
      void queryClient.invalidateQueries({ queryKey: visitKeys.detail(visitId) });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: [...visitKeys.all, 'follow-ups'] });
    },
  });
}

/** Bulk 決裁: each visit on its own; the answer says which failed and why. */
export function useBulkApprove() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: { id: string; version: number }[]): Promise<BulkApproveResult> =>
      unwrap(http.POST('/api/v1/visits/approve', { body: { items } })),
    onSuccess: (result) => {
      if (result.approved.length === 0) return;
      for (const id of result.approved)
        void queryClient.invalidateQueries({ queryKey: visitKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: visitKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ['coverage'] });
      void queryClient.invalidateQueries({ queryKey: ['organizations'] });
    },
  });
}
