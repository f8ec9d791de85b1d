import { Anchor, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMe } from '../../auth/AuthContext';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, formatNumber } from '../../lib/format';
import { canEditRecords } from '../../lib/roles';
import { ActivityForm } from './ActivityForm';
import { useActivity } from './api';

/** One activity: its form for the station's staff (edit in place, versioned), read-only for hq. */
export function ActivityPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data: a, error, refetch } = useActivity(id);
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!a) return <Loader aria-label={t('app.loading')} />;
  const back = (
    <Anchor component={Link} to="/activities" size="sm">
      {t('activities.backToList')}
    </Anchor>
  );
  if (!canEditRecords(me.role))
    return (
      <>
        <PageHeader title={a.title} actions={back} />
        <DetailList
          items={[
            { label: t('activities.kind'), value: t(`activities.kinds.${a.kind}`) },
            { label: t('activities.heldOn'), value: formatDate(a.heldOn, i18n.language) },
            { label: t('activities.participants'), value: formatNumber(a.participants) },
            { label: t('activities.partners'), value: a.partnerNames.join('、') || '—' },
            { label: t('activities.notes'), value: a.notes ?? '—' },
          ]}
        />
      </>
    );
  return (
    <>
      <PageHeader title={t('activities.editTitle')} actions={back} />
      <ActivityForm key={a.id} activity={a} onDone={() => void refetch()} />
    </>
  );
}
