import { Button, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { notifySuccess } from '../../lib/notify';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  useMarkAllRead,
  useNotifications,
  useNotificationSettings,
  useSaveNotificationSettings,
} from './api';
import { NotificationItems } from './NotificationList';

const LIMIT = 200;

/** 「お知らせ」: the caller's notifications, newest first; read, read-all; the e-mail setting. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const { data, error, refetch } = useNotifications({
    limit: LIMIT,
    unreadOnly: filter === 'unread' ? 'true' : undefined,
  });
  const readAll = useMarkAllRead();

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        sub={
          <Text c="dimmed" data-testid="notifications-unread">
            {t('notifications.unreadCount', { count: data?.unread ?? 0 })}
          </Text>
        }
        actions={
          <Button
            variant="light"
            disabled={!data || data.unread === 0}
            loading={readAll.isPending}
            onClick={() => readAll.mutate()}
          >
            {t('notifications.readAll')}
          </Button>
        }
      />
      <SegmentedControl
        mb="sm"
        aria-label={t('notifications.filter')}
        data={[
          { value: 'all', label: t('notifications.all') },
          { value: 'unread', label: t('notifications.unreadOnly') },
        ]}
        value={filter}
        onChange={(v) => setFilter(v === 'unread' ? 'unread' : 'all')}
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Paper withBorder p="xs" mb="lg">
        {data ? <NotificationItems items={data.items} /> : <Text c="dimmed">{t('app.loading')}</Text>}
      </Paper>
      <MailSettings />
    </>
  );
}

/** Where notification mails go (only offered when the server sends mail). */
function MailSettings() {
  const { data } = useNotificationSettings();
  if (!data?.mailAvailable) return null;
  return <MailSettingsForm email={data.email} />;
}

function MailSettingsForm({ email }: { email: string | null }) {
  const { t } = useTranslation();
  const save = useSaveNotificationSettings();
  const form = useFormState({ email: email ?? '' });
  const saver = useSaveForm({
    form,
    // an address is personal: it is not kept in the browser while typing
    draft: false,
    save: (v) => save.mutateAsync(blankToNull(v.email)),
    onSaved: (saved) => {
      form.reset({ email: saved.email ?? '' });
      notifySuccess(t('common.saved'));
    },
  });
  return (
    <Paper withBorder p="md" maw={560}>
      <form
        ref={saver.formRef}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void saver.submit();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('notifications.mailTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('notifications.mailHelp')}
          </Text>
          {saver.error ? <ErrorAlert error={saver.error} /> : null}
          <TextInput
            type="email"
            label={t('notifications.mailAddress')}
            autoComplete="email"
            {...form.textField('email')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={saver.busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
