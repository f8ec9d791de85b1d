import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/errors';

const LIST_LABEL: Record<string, string> = {
  organizations: 'nav.organizations',
  visits: 'nav.visits',
  seminars: 'nav.seminars',
  consultations: 'nav.consultations',
  partners: 'nav.partners',
  council: 'nav.council',
};

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (!error) return null;
  const d = describeError(error, t);
  const fieldCount = Object.keys(d.fields).length;
  if (d.status === 404) {
    // A wrong or foreign id: trying again cannot help; say what may have happened and where to go.
    const section = location.pathname.split('/')[1] ?? '';
    const listKey = LIST_LABEL[section];
    return (
      <Alert color="yellow" title={t('errors.recordNotFoundTitle')} role="alert" variant="light">
        <Text size="sm">{t('errors.recordNotFoundBody')}</Text>
        <Group mt="xs" gap="md">
          {listKey && (
            <Anchor component={Link} to={`/${section}`} size="sm">
              {t('errors.backToList', { list: t(listKey) })}
            </Anchor>
          )}
          <Anchor component={Link} to="/" size="sm">
            {t('notFound.back')}
          </Anchor>
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="red" title={d.message} role="alert" variant="light">
      {d.detail && <Text size="sm">{t('errors.serverSaid', { message: d.detail })}</Text>}
      {fieldCount > 0 && <Text size="sm">{t('errors.fieldSummary', { count: fieldCount })}</Text>}
      {d.existing && existingPath(d.code) && (
        <Anchor component={Link} to={`${existingPath(d.code)}/${d.existing.id}`} size="sm">
          {t('errors.existingRecord', { name: d.existing.name })}
        </Anchor>
      )}
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

/** Where a duplicate's existing record is shown, by the error code's feature. */
function existingPath(code: string | undefined): string | null {
  const feature = code?.split('.')[0];
  if (feature === 'organization') return '/organizations';
  if (feature === 'partner') return '/partners';
  return null;
}
