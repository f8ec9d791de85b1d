/**
 * The admin feature's data layer: users, stations, code lists and the audit trail. Query keys,
 * reads and writes over the generated client; screens call these hooks. Stations and code lists
 * are reference data every screen reads (api/reference.ts); their writes refresh those keys.
 */
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { http, unwrap, type Schemas } from '../../api/http';
import { referenceKeys } from '../../api/reference';
import type { paths } from '../../api/schema.gen';
import type { CodeKind, Station, User } from '../../api/types';

export type UserListQuery = NonNullable<paths['/api/v1/users']['get']['parameters']['query']>;
export type AuditEventQuery = NonNullable<paths['/api/v1/audit-events']['get']['parameters']['query']>;
export type CreateUserBody = Schemas['CreateUserDto'];
export type UpdateUserBody = Schemas['UpdateUserDto'];
export type CreateStationBody = Schemas['CreateStationDto'];
export type UpdateStationBody = Schemas['UpdateStationDto'];
export type CreateCodeBody = Schemas['CreateCodeListItemDto'];
export type UpdateCodeBody = Schemas['UpdateCodeListItemDto'];

export const userKeys = {
  all: ['users'] as const,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (query: UserListQuery) => [...userKeys.lists(), query] as const,
  detail: (id: string) => [...userKeys.all, 'detail', id] as const,
};

export const auditKeys = {
  all: ['audit-events'] as const,
  list: (query: AuditEventQuery) => [...auditKeys.all, 'list', query] as const,
};

/** Every admin write is audited: the trail's lists are stale after it. */
function afterAdminWrite(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: auditKeys.all });
}

/* ---------- users ---------- */

export function fetchUser(id: string, signal?: AbortSignal): Promise<User> {
  return unwrap(http.GET('/api/v1/users/{id}', { params: { path: { id } }, signal }));
}

export function useUsers(query: UserListQuery, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/users', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function afterUserWrite(queryClient: QueryClient, user: User): void {
  queryClient.setQueryData(userKeys.detail(user.id), user);
  void queryClient.invalidateQueries({ queryKey: userKeys.lists() });
  // pickers of officers and follow-up owners show display names
  void queryClient.invalidateQueries({ queryKey: referenceKeys.stationOfficers });
  afterAdminWrite(queryClient);
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => unwrap(http.POST('/api/v1/users', { body })),
    onSuccess: (user) => afterUserWrite(queryClient, user),
  });
}

/** Edits, disabling and enabling, and password resets: all a PATCH with the version read. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) =>
      unwrap(http.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: (user) => afterUserWrite(queryClient, user),
    // a stale version: the list shows the newest one for the next try
    onError: () => void queryClient.invalidateQueries({ queryKey: userKeys.lists() }),
  });
}

/* ---------- stations ---------- */

/** The newest version of a station (there is no GET /stations/:id; the list is short). */
export async function fetchStation(id: string): Promise<Station> {
  const { items } = await unwrap(http.GET('/api/v1/stations'));
  const station = items.find((s) => s.id === id);
  if (!station) throw new Error(`station ${id} not found`);
  return station;
}

function afterStationWrite(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: referenceKeys.stations });
  afterAdminWrite(queryClient);
}

export function useCreateStation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateStationBody) => unwrap(http.POST('/api/v1/stations', { body })),
    onSuccess: () => afterStationWrite(queryClient),
  });
}

export function useUpdateStation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateStationBody }) =>
      unwrap(http.PATCH('/api/v1/stations/{id}', { params: { path: { id } }, body })),
    onSuccess: () => afterStationWrite(queryClient),
  });
}

/* ---------- code lists ---------- */

function afterCodeWrite(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: referenceKeys.codeLists });
  afterAdminWrite(queryClient);
}

export function useCreateCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCodeBody) => unwrap(http.POST('/api/v1/code-lists', { body })),
    onSuccess: () => afterCodeWrite(queryClient),
  });
}

/** Labels, order and whether the code is offered (`active`); code lists carry no version. */
export function useUpdateCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, code, body }: { kind: CodeKind; code: string; body: UpdateCodeBody }) =>
      unwrap(http.PATCH('/api/v1/code-lists/{kind}/{code}', { params: { path: { kind, code } }, body })),
    onSuccess: () => afterCodeWrite(queryClient),
  });
}

/* ---------- audit trail ---------- */

export function useAuditEvents(query: AuditEventQuery) {
  return useQuery({
    queryKey: auditKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/audit-events', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
