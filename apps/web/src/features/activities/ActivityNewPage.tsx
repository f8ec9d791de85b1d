import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { ActivityForm } from './ActivityForm';

export function ActivityNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('activities.newTitle')} />
      <ActivityForm onDone={(a) => void navigate(`/activities/${a.id}`, { replace: true })} />
    </>
  );
}
