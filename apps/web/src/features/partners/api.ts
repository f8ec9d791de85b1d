/**
 * The partners feature's data layer: partner agencies, their liaison records and the members of a
 * network, as query keys, reads and writes over the generated client. Screens call these hooks;
 * nothing else in the feature talks to the API.
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
import type { Partner } from '../../api/types';

export type PartnerListQuery = NonNullable<paths['/api/v1/partners']['get']['parameters']['query']>;
export type CreatePartnerBody = Schemas['CreatePartnerDto'];
export type UpdatePartnerBody = Schemas['UpdatePartnerDto'];
export type CreateLiaisonBody = Schemas['CreateLiaisonDto'];
export type AddNetworkMemberBody = Schemas['AddNetworkMemberDto'];
export type MergePartnerBody = Schemas['MergePartnerDto'];
/** A created partner, with the likely duplicates the server found (same normalized name). */
export type CreatedPartner = Schemas['CreatedPartnerDto'];
export type PartnerMergeResult = Schemas['PartnerMergeResultDto'];

/** The most the server lists in one page: enough for every partner of a prefecture. */
const ALL = { page: 1, pageSize: 200 } satisfies PartnerListQuery;

export const partnerKeys = {
  all: ['partners'] as const,
  lists: () => [...partnerKeys.all, 'list'] as const,
  list: (query: PartnerListQuery) => [...partnerKeys.lists(), query] as const,
  detail: (id: string) => [...partnerKeys.all, 'detail', id] as const,
  liaisons: (id: string) => [...partnerKeys.all, 'liaisons', id] as const,
  members: (id: string) => [...partnerKeys.all, 'members', id] as const,
};

export function fetchPartner(id: string, signal?: AbortSignal): Promise<Partner> {
  return unwrap(http.GET('/api/v1/partners/{id}', { params: { path: { id } }, signal }));
}

export function usePartners(query: PartnerListQuery) {
  return useQuery({
    queryKey: partnerKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/partners', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** Every partner the caller may see (their prefecture's), for pickers and for names by id. */
export function useAllPartners() {
  return useQuery({
    queryKey: partnerKeys.list(ALL),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/partners', { params: { query: ALL }, signal })),
    select: (page) => page.items,
    staleTime: 5 * 60_000,
  });
}

export function usePartner(id: string | undefined) {
  return useQuery({
    queryKey: partnerKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchPartner(id!, signal),
    enabled: !!id,
  });
}

function afterPartnerWrite(queryClient: QueryClient, partner: Partner): void {
  queryClient.setQueryData(partnerKeys.detail(partner.id), partner);
  void queryClient.invalidateQueries({ queryKey: partnerKeys.lists() });
}

export function useCreatePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePartnerBody): Promise<CreatedPartner> =>
      unwrap(http.POST('/api/v1/partners', { body })),
    onSuccess: (partner) => afterPartnerWrite(queryClient, partner),
  });
}

/** hq merges the partner `id` (a duplicate) into `body.intoId`; liaisons and members move with it. */
export function useMergePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: MergePartnerBody }): Promise<PartnerMergeResult> =>
      unwrap(http.POST('/api/v1/partners/{id}/merge', { params: { path: { id } }, body })),
    onSuccess: (result) => {
      afterPartnerWrite(queryClient, result.partner);
      queryClient.setQueryData(partnerKeys.detail(result.merged.id), result.merged);
      void queryClient.invalidateQueries({ queryKey: partnerKeys.all });
    },
  });
}

export function useUpdatePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdatePartnerBody }) =>
      unwrap(http.PATCH('/api/v1/partners/{id}', { params: { path: { id } }, body })),
    onSuccess: (partner) => afterPartnerWrite(queryClient, partner),
  });
}

/* ---------- liaison records ---------- */

/** The caller's station's liaison records with the partner (hq: every station's), newest first. */
export function useLiaisons(partnerId: string, enabled = true) {
  return useQuery({
    queryKey: partnerKeys.liaisons(partnerId),
    queryFn: ({ signal }) =>
      unwrap(
        http.GET('/api/v1/partners/{id}/liaisons', {
          params: { path: { id: partnerId }, query: { pageSize: 200 } },
          signal,
        }),
      ),
    select: (page) => page.items,
    enabled: enabled && !!partnerId,
  });
}

export function useCreateLiaison(partnerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateLiaisonBody) =>
      unwrap(http.POST('/api/v1/partners/{id}/liaisons', { params: { path: { id: partnerId } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: partnerKeys.liaisons(partnerId) }),
  });
}

/* ---------- network members ---------- */

export function useNetworkMembers(networkId: string, enabled = true) {
  return useQuery({
    queryKey: partnerKeys.members(networkId),
    queryFn: ({ signal }) =>
      unwrap(http.GET('/api/v1/partners/{id}/members', { params: { path: { id: networkId } }, signal })),
    select: (answer) => answer.items,
    enabled: enabled && !!networkId,
  });
}

/** A member changes the network's list and its `memberCount` (detail and lists). */
function afterMemberWrite(queryClient: QueryClient, networkId: string): void {
  void queryClient.invalidateQueries({ queryKey: partnerKeys.members(networkId) });
  void queryClient.invalidateQueries({ queryKey: partnerKeys.detail(networkId) });
  void queryClient.invalidateQueries({ queryKey: partnerKeys.lists() });
}

export function useAddNetworkMember(networkId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddNetworkMemberBody) =>
      unwrap(http.POST('/api/v1/partners/{id}/members', { params: { path: { id: networkId } }, body })),
    onSuccess: () => afterMemberWrite(queryClient, networkId),
  });
}

export function useRemoveNetworkMember(networkId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (memberId: string) =>
      unwrap(
        http.DELETE('/api/v1/partners/{id}/members/{memberId}', {
          params: { path: { id: networkId, memberId } },
        }),
      ),
    onSuccess: () => afterMemberWrite(queryClient, networkId),
  });
}
