/**
 * The task list's data layer (GET /tasks): visit follow-ups and council follow-ups in one list.
 * Keys under `tasks`, which the follow-up writes (visits, council) refresh as well.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { http, unwrap } from '../../api/http';
import type { paths } from '../../api/schema.gen';

export type TaskListQuery = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;

export const taskKeys = {
  all: ['tasks'] as const,
  list: (query: TaskListQuery) => [...taskKeys.all, 'list', query] as const,
};

export function useTasks(query: TaskListQuery) {
  return useQuery({
    queryKey: taskKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/tasks', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
