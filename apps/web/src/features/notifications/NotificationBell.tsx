import { ActionIcon, Anchor, Button, Group, Indicator, Popover, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMarkAllRead, useNotifications } from './api';
import { BellIcon, NotificationItems } from './NotificationList';

const RECENT = { limit: 8 };

/**
 * The header's bell: the unread count (asked for every minute and whenever the window regains
 * focus) and a popover with the newest notifications, read-all and a link to them all.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { data } = useNotifications(RECENT, { poll: true });
  const readAll = useMarkAllRead();
  const unread = data?.unread ?? 0;

  return (
    <Popover
      opened={opened}
      onChange={(o) => (o ? undefined : close())}
      // the header's bell never scrolls away (and jsdom has no layout to tell)
      hideDetached={false}
      position="bottom-end"
      width={340}
      shadow="md"
      withinPortal
    >
      <Popover.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          size={18}
          color="red"
          disabled={unread === 0}
          offset={4}
          data-testid="notification-count"
          data-count={unread}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={toggle}
            aria-label={t('notifications.bell', { count: unread })}
            aria-expanded={opened}
            data-testid="notification-bell"
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="notification-popover">
        <Group justify="space-between" mb={4}>
          <Text fw={700} size="sm">
            {t('notifications.title')}
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={unread === 0}
            loading={readAll.isPending}
            onClick={() => readAll.mutate()}
          >
            {t('notifications.readAll')}
          </Button>
        </Group>
        <ScrollArea.Autosize mah={360}>
          <NotificationItems items={data?.items ?? []} compact onOpen={close} />
        </ScrollArea.Autosize>
        <Anchor
          component={Link}
          to="/notifications"
          size="sm"
          display="block"
          ta="center"
          mt="xs"
          onClick={close}
        >
          {t('notifications.seeAll')}
        </Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
