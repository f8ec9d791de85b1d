import { Alert, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useOrganizationRef } from '../organizations/api';
import { useVisit } from './api';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { VisitForm } from './VisitForm';

export function VisitNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const orgId = params.get('organizationId');
  const { data: org, isLoading, error } = useOrganizationRef(orgId);
  if (orgId && isLoading) return <Loader aria-label={t('app.loading')} />;
  return (
    <>
      <PageHeader title={t('visit.newTitle')} />
      {error ? <ErrorAlert error={error} /> : null}
      <VisitForm
        initialOrganization={org ? { id: org.id, name: org.name } : null}
        onDone={(v) => void navigate(`/visits/${v.id}`, { replace: true })}
        onCancel={() => void navigate(-1)}
      />
    </>
  );
}

export function VisitEditPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: visit, error, refetch } = useVisit(id);
  const orgName = visit?.organizationName;
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!visit || !orgName) return <Loader aria-label={t('app.loading')} />;
  // a plan is changed on its own form; a cancelled plan is final
  if (visit.status === 'planned') return <Navigate to={`/visits/${visit.id}/plan`} replace />;
  if (visit.status === 'cancelled') return <Navigate to={`/visits/${visit.id}`} replace />;
  if (visit.status === 'submitted' || visit.status === 'approved') {
    return (
      <>
        <Alert color="yellow">{t(`enums.visitStatus.${visit.status}`)}</Alert>
        <Navigate to={`/visits/${visit.id}`} replace />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('visit.editTitle')} />
      <VisitForm
        key={visit.id}
        visit={visit}
        initialOrganization={{ id: visit.organizationId, name: orgName }}
        onDone={(v) => void navigate(`/visits/${v.id}`, { replace: true })}
        onCancel={() => void navigate(`/visits/${visit.id}`)}
      />
      <AttachmentsPanel owner="visit" id={visit.id} canUpload mt="md" />
    </>
  );
}
