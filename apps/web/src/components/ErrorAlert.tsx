import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/errors';

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const d = describeError(error, t);
  const fieldCount = Object.keys(d.fields).length;
  return (
    <Alert color="red" title={d.message} role="alert" variant="light">
      {d.detail && <Text size="sm">{t('errors.serverSaid', { message: d.detail })}</Text>}
      {fieldCount > 0 && <Text size="sm">{t('errors.fieldSummary', { count: fieldCount })}</Text>}
      {d.requestId && (
        <Text size="xs" c="dimmed">
          {t('common.requestId', { id: d.requestId })}
        </Text>
      )}
      {onRetry && (
        <Group mt="xs">
          <Button size="xs" variant="outline" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        </Group>
      )}
    </Alert>
  );
}
