/** The home screen's data layer: one read (GET /home) with the caller's role's sections. */
import { useQuery } from '@tanstack/react-query';
import { http, unwrap } from '../../api/http';

export const homeKeys = { all: ['home'] as const };

export function useHome() {
  return useQuery({
    queryKey: homeKeys.all,
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/home', { signal })),
    // the landing page: fresh on every visit, kept while another screen is open
    refetchOnMount: 'always',
  });
}
