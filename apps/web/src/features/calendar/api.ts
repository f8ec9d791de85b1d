/** The calendar feature's data layer: query keys and the one read (GET /calendar). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { http, unwrap } from '../../api/http';
import type { paths } from '../../api/schema.gen';

export type CalendarQuery = paths['/api/v1/calendar']['get']['parameters']['query'];

export const calendarKeys = {
  all: ['calendar'] as const,
  range: (query: CalendarQuery) => [...calendarKeys.all, query] as const,
};

export function useCalendar(query: CalendarQuery) {
  return useQuery({
    queryKey: calendarKeys.range(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/calendar', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
