/**
 * The activities feature's data layer (教養・広報: the station's own staff training and PR): query
 * keys, reads and writes over the generated client.
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

export type Activity = Schemas['ActivityDto'];
export type ActivityKind = Activity['kind'];
export type ActivityListQuery = NonNullable<paths['/api/v1/activities']['get']['parameters']['query']>;
export type CreateActivityBody = Schemas['CreateActivityDto'];
export type UpdateActivityBody = Schemas['UpdateActivityDto'];

export const ACTIVITY_KINDS: readonly ActivityKind[] = [
  'training',
  'lecture_attended',
  'exercise_participation',
  'pr_web',
  'pr_media',
  'pr_notice',
  'other',
];

export const activityKeys = {
  all: ['activities'] as const,
  lists: () => [...activityKeys.all, 'list'] as const,
  list: (query: ActivityListQuery) => [...activityKeys.lists(), query] as const,
  detail: (id: string) => [...activityKeys.all, 'detail', id] as const,
};

export function fetchActivity(id: string, signal?: AbortSignal): Promise<Activity> {
  return unwrap(http.GET('/api/v1/activities/{id}', { params: { path: { id } }, signal }));
}

export function useActivities(query: ActivityListQuery) {
  return useQuery({
    queryKey: activityKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/activities', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useActivity(id: string | undefined) {
  return useQuery({
    queryKey: activityKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchActivity(id!, signal),
    enabled: !!id,
  });
}

/** Activities are counted in period reports and offered to the strategy table. */
function afterWrite(queryClient: QueryClient, activity: Activity): void {
  queryClient.setQueryData(activityKeys.detail(activity.id), activity);
  void queryClient.invalidateQueries({ queryKey: activityKeys.lists() });
  void queryClient.invalidateQueries({ queryKey: ['reports'] });
}

export function useCreateActivity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateActivityBody) => unwrap(http.POST('/api/v1/activities', { body })),
    onSuccess: (a) => afterWrite(queryClient, a),
  });
}

export function useUpdateActivity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateActivityBody }) =>
      unwrap(http.PATCH('/api/v1/activities/{id}', { params: { path: { id } }, body })),
    onSuccess: (a) => afterWrite(queryClient, a),
  });
}
