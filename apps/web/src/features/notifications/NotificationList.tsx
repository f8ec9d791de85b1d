import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Notification } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { linkHref, useMarkRead } from './api';

/**
 * Notifications as links: opening one marks it read. Unread ones are bold with a dot; `compact`
 * (the header's popover) leaves out the per-item read button.
 */
export function NotificationItems({
  items,
  compact = false,
  onOpen,
}: {
  items: Notification[];
  compact?: boolean;
  onOpen?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const markRead = useMarkRead();
  if (items.length === 0)
    return (
      <Text c="dimmed" size="sm" ta="center" py="md">
        {t('notifications.empty')}
      </Text>
    );
  return (
    <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((n) => (
        <li key={n.id} data-testid="notification-item" data-unread={n.readAt ? 'false' : 'true'}>
          <Group
            justify="space-between"
            wrap="nowrap"
            gap="xs"
            py={8}
            px={compact ? 4 : 8}
            style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
          >
            <div style={{ minWidth: 0 }}>
              <Group gap={6} wrap="nowrap">
                {!n.readAt && (
                  <Badge size="xs" circle color="red" aria-label={t('notifications.unreadMark')}>
                    {' '}
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  {t(`notifications.kinds.${n.kind}`)} ・ {formatDateTime(n.createdAt, i18n.language)}
                </Text>
              </Group>
              <Anchor
                component={Link}
                to={linkHref(n.link)}
                fw={n.readAt ? 400 : 700}
                size="sm"
                onClick={() => {
                  if (!n.readAt) markRead.mutate(n.id);
                  onOpen?.();
                }}
                style={{ display: 'block', overflowWrap: 'anywhere' }}
              >
                {n.title}
              </Anchor>
            </div>
            {!compact && !n.readAt && (
              <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate(n.id)}>
                {t('notifications.markRead')}
              </Button>
            )}
          </Group>
        </li>
      ))}
    </Stack>
  );
}

/** The bell's glyph (no icon library in the app). */
export function BellIcon({ size = 20 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
