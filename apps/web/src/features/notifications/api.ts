/**
 * Notifications' data layer: the caller's own notifications (the header's bell and the page), read
 * and read-all, and the e-mail setting. Screens call these hooks only.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, unwrap } from '../../api/http';
import type { paths } from '../../api/schema.gen';
import type { Notification, NotificationList } from '../../api/types';

export type NotificationListQuery = NonNullable<paths['/api/v1/notifications']['get']['parameters']['query']>;

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (query: NotificationListQuery) => [...notificationKeys.all, 'list', query] as const,
  settings: () => [...notificationKeys.all, 'settings'] as const,
};

/** How often the unread count is asked for while a screen is open (it is also refetched on focus). */
export const NOTIFICATION_POLL_MS = 60_000;

export function useNotifications(query: NotificationListQuery, options: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: notificationKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/notifications', { params: { query }, signal })),
    refetchInterval: options.poll ? NOTIFICATION_POLL_MS : false,
    // back to the window after a few seconds: ask again (the app's default would wait 30 s)
    staleTime: 5_000,
    refetchOnWindowFocus: true,
  });
}

/** Marks read at once in every cached list (the count drops before the answer), then refetches. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string): Promise<Notification> =>
      unwrap(http.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onMutate: (id) => {
      queryClient.setQueriesData<NotificationList>({ queryKey: [...notificationKeys.all, 'list'] }, (old) => {
        if (!old) return old;
        const target = old.items.find((n) => n.id === id);
        if (!target || target.readAt) return old;
        return {
          unread: Math.max(0, old.unread - 1),
          items: old.items.map((n) => (n.id === id ? { ...n, readAt: new Date().toISOString() } : n)),
        };
      });
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(http.POST('/api/v1/notifications/read-all')),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useNotificationSettings() {
  return useQuery({
    queryKey: notificationKeys.settings(),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/notifications/settings', { signal })),
  });
}

export function useSaveNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string | null) =>
      unwrap(http.PUT('/api/v1/notifications/settings', { body: { email } })),
    onSuccess: (settings) => queryClient.setQueryData(notificationKeys.settings(), settings),
  });
}

/** Where a notification's link opens in the web. */
export function linkHref(link: Notification['link']): string {
  switch (link.type) {
    case 'visit':
      return `/visits/${link.id}`;
    case 'meeting':
      return `/council/meetings/${link.id}`;
  }
}
