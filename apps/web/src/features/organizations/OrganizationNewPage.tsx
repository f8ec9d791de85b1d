import { Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { OrganizationForm } from './OrganizationForm';

export function OrganizationNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('org.createTitle')} />
      <Paper withBorder p="md" maw={900}>
        <OrganizationForm
          onSaved={(org) => void navigate(`/organizations/${org.id}`, { replace: true })}
          onCancel={() => void navigate(-1)}
        />
      </Paper>
    </>
  );
}
