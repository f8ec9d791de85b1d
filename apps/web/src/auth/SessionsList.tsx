import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDateTime } from '../lib/format';
import { notifyError, notifySuccess } from '../lib/notify';
import { useEndSession, useSessions, type SessionInfo } from './accountApi';
import { useAuth } from './AuthContext';

/** The user's own sessions (devices signed in), each but this one with 終了. */
export function SessionsList() {
  const { t, i18n } = useTranslation();
  const { logout } = useAuth();
  const sessions = useSessions();
  const end = useEndSession();

  const onEnd = async (s: SessionInfo) => {
    if (s.current) {
      await logout();
      return;
    }
    try {
      await end.mutateAsync(s.id);
      notifySuccess(t('account.sessionEnded'));
    } catch (err) {
      notifyError(err, t);
    }
  };

  if (sessions.error) return <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />;
  const items = sessions.data?.items ?? [];
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" aria-label={t('account.sessionsTitle')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('account.device')}</Table.Th>
            <Table.Th>{t('account.address')}</Table.Th>
            <Table.Th>{t('account.signedInAt')}</Table.Th>
            <Table.Th>{t('account.lastSeenAt')}</Table.Th>
            <Table.Th aria-label={t('common.actions', { defaultValue: '' })} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.isLoading && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text size="sm" c="dimmed">
                  {t('app.loading')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {items.map((s) => (
            <Table.Tr key={s.id} data-testid="session-row">
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" title={s.userAgent ?? undefined}>
                    {s.device}
                  </Text>
                  {s.current && (
                    <Badge size="sm" variant="light">
                      {t('account.thisDevice')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{s.ipAddress ?? '—'}</Table.Td>
              <Table.Td>{formatDateTime(s.createdAt, i18n.language)}</Table.Td>
              <Table.Td>{formatDateTime(s.lastSeenAt, i18n.language)}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant={s.current ? 'default' : 'light'}
                  color={s.current ? undefined : 'red'}
                  onClick={() => void onEnd(s)}
                  loading={end.isPending && end.variables === s.id}
                  aria-label={`${t('account.endSession')}: ${s.device}`}
                >
                  {s.current ? t('app.logout') : t('account.endSession')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
