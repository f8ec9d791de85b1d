/**
 * The seminars feature's data layer: query keys, reads and writes over the generated client.
 * Screens call these hooks; nothing else in the feature talks to the API.
 */
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { http, unwrap, type Schemas } from '../../api/http';
import type { paths } from '../../api/schema.gen';
import type { Seminar } from '../../api/types';

export type SeminarListQuery = NonNullable<paths['/api/v1/seminars']['get']['parameters']['query']>;
export type CreateSeminarBody = Schemas['CreateSeminarDto'];
export type UpdateSeminarBody = Schemas['UpdateSeminarDto'];
export type ParticipantInput = Schemas['ParticipantInputDto'];
export type SpeakerInput = Schemas['SpeakerDto'];

export const seminarKeys = {
  all: ['seminars'] as const,
  lists: () => [...seminarKeys.all, 'list'] as const,
  list: (query: SeminarListQuery) => [...seminarKeys.lists(), query] as const,
  detail: (id: string) => [...seminarKeys.all, 'detail', id] as const,
};

export function fetchSeminar(id: string, signal?: AbortSignal): Promise<Seminar> {
  return unwrap(http.GET('/api/v1/seminars/{id}', { params: { path: { id } }, signal }));
}

export function useSeminars(query: SeminarListQuery) {
  return useQuery({
    queryKey: seminarKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/seminars', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useSeminar(id: string | undefined) {
  return useQuery({
    queryKey: seminarKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchSeminar(id!, signal),
    enabled: !!id,
  });
}

/** Attending a seminar reaches its organizations: lists, coverage and their timelines change. */
function afterSeminarWrite(queryClient: QueryClient, seminar: Seminar): void {
  queryClient.setQueryData(seminarKeys.detail(seminar.id), seminar);
  void queryClient.invalidateQueries({ queryKey: seminarKeys.lists() });
  void queryClient.invalidateQueries({ queryKey: ['coverage'] });
  void queryClient.invalidateQueries({ queryKey: ['organizations'] });
}

export function useCreateSeminar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSeminarBody) => unwrap(http.POST('/api/v1/seminars', { body })),
    onSuccess: (seminar) => afterSeminarWrite(queryClient, seminar),
  });
}

export function useUpdateSeminar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateSeminarBody }) =>
      unwrap(http.PATCH('/api/v1/seminars/{id}', { params: { path: { id } }, body })),
    onSuccess: (seminar) => afterSeminarWrite(queryClient, seminar),
  });
}
