import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { itemsOf, type Page, type Partner } from './types';

export function usePartners() {
  return useQuery({
    queryKey: ['partners', 'all'],
    queryFn: async () => itemsOf(await api.get<Page<Partner>>('/partners', { pageSize: 200 })),
    staleTime: 5 * 60_000,
  });
}
