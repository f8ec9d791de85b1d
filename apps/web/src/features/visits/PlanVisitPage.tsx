import { Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useOrganizationRef } from '../organizations/api';
import { useVisit } from './api';
import { PlanVisitForm } from './PlanVisitForm';

/** 訪問を予定 (`/visits/plan?organizationId=…`: from an organization or the coverage worklist). */
export function VisitPlanNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const orgId = params.get('organizationId');
  const { data: org, isLoading, error } = useOrganizationRef(orgId);
  if (orgId && isLoading) return <Loader aria-label={t('app.loading')} />;
  return (
    <>
      <PageHeader title={t('visit.planTitle')} />
      {error ? <ErrorAlert error={error} /> : null}
      <PlanVisitForm
        initialOrganization={org ? { id: org.id, name: org.name } : null}
        onDone={(v) => void navigate(`/visits/${v.id}`, { replace: true })}
        onCancel={() => void navigate(-1)}
      />
    </>
  );
}

/** 予定を変更 (`/visits/:id/plan`): a planned visit's day, officers, purpose… */
export function VisitPlanEditPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: visit, error, refetch } = useVisit(id);
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!visit) return <Loader aria-label={t('app.loading')} />;
  if (visit.status !== 'planned') return <Navigate to={`/visits/${visit.id}`} replace />;
  return (
    <>
      <PageHeader title={t('visit.planEditTitle')} />
      <PlanVisitForm
        key={visit.id}
        visit={visit}
        onDone={(v) => void navigate(`/visits/${v.id}`, { replace: true })}
        onCancel={() => void navigate(`/visits/${visit.id}`)}
      />
    </>
  );
}
