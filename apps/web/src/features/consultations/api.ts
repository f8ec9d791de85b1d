/**
 * The consultations feature's data layer: query keys, reads and writes over the generated client.
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
import type { Consultation } from '../../api/types';

export type ConsultationListQuery = NonNullable<paths['/api/v1/consultations']['get']['parameters']['query']>;
export type CreateConsultationBody = Schemas['CreateConsultationDto'];
export type UpdateConsultationBody = Schemas['UpdateConsultationDto'];

export const consultationKeys = {
  all: ['consultations'] as const,
  lists: () => [...consultationKeys.all, 'list'] as const,
  list: (query: ConsultationListQuery) => [...consultationKeys.lists(), query] as const,
  detail: (id: string) => [...consultationKeys.all, 'detail', id] as const,
};

export function fetchConsultation(id: string, signal?: AbortSignal): Promise<Consultation> {
  return unwrap(http.GET('/api/v1/consultations/{id}', { params: { path: { id } }, signal }));
}

export function useConsultations(query: ConsultationListQuery) {
  return useQuery({
    queryKey: consultationKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/consultations', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useConsultation(id: string | undefined) {
  return useQuery({
    queryKey: consultationKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchConsultation(id!, signal),
    enabled: !!id,
  });
}

/** A consultation shows in the lists and on its organization's timeline. */
function afterConsultationWrite(queryClient: QueryClient, consultation: Consultation): void {
  queryClient.setQueryData(consultationKeys.detail(consultation.id), consultation);
  void queryClient.invalidateQueries({ queryKey: consultationKeys.lists() });
  void queryClient.invalidateQueries({
    queryKey: ['organizations', 'timeline', consultation.organizationId],
  });
}

export function useCreateConsultation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateConsultationBody) => unwrap(http.POST('/api/v1/consultations', { body })),
    onSuccess: (consultation) => afterConsultationWrite(queryClient, consultation),
  });
}

export function useUpdateConsultation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateConsultationBody }) =>
      unwrap(http.PATCH('/api/v1/consultations/{id}', { params: { path: { id } }, body })),
    onSuccess: (consultation) => afterConsultationWrite(queryClient, consultation),
  });
}
