import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { VisitDetail, VisitFollowUp } from '../../api/types';
import { useLabels } from '../../api/reference';
import { useMe } from '../../auth/AuthContext';
import { DetailList } from '../../components/DetailList';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { FollowUpStatusBadge, VisitStatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canEditRecords, isManager } from '../../lib/roles';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { ApprovalHistory } from './ApprovalHistory';
import { ApproveModal } from './ApproveModal';
import { FollowUpModal } from './FollowUpModal';
import { RecordPlannedModal } from './RecordPlannedModal';
import { ReturnModal } from './ReturnModal';
import { useCancelVisit, useRecordVisit, useVisit, useVisitTransition, type VisitAction } from './api';

export function VisitDetailPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const { data: visit, error, refetch } = useVisit(id);
  const orgName = visit?.organizationName ?? null;
  const transition = useVisitTransition();
  const [busy, setBusy] = useState<VisitAction | null>(null);
  const [returnOpen, setReturnOpen] = useState(false);
  const [reopenOpen, setReopenOpen] = useState(false);
  const [approveOpen, setApproveOpen] = useState(false);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [recordOpen, setRecordOpen] = useState(false);
  const [closing, setClosing] = useState<VisitFollowUp | null>(null);
  const cancelPlan = useCancelVisit();
  const recordPlan = useRecordVisit();
  const navigate = useNavigate();

  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!visit) return <Loader aria-label={t('app.loading')} />;
  const lang = i18n.language;

  const run = async (action: VisitAction, text?: string) => {
    setBusy(action);
    try {
      await transition.mutateAsync({
        id: visit.id,
        action,
        version: visit.version,
        ...(action === 'approve' ? { comment: text } : { reason: text }),
      });
      notifySuccess(
        t(
          action === 'submit'
            ? 'visit.submitted'
            : action === 'approve'
              ? 'visit.approved'
              : action === 'return'
                ? 'visit.returned'
                : 'visit.reopened',
        ),
      );
    } catch (err) {
      notifyError(err, t);
      void refetch();
    } finally {
      setBusy(null);
      setReturnOpen(false);
      setReopenOpen(false);
      setApproveOpen(false);
    }
  };

  const editable = canEditRecords(me.role) && (visit.status === 'draft' || visit.status === 'returned');
  const planned = canEditRecords(me.role) && visit.status === 'planned';
  const followUpsClosable = canEditRecords(me.role) && !visit.staffHidden;

  const cancel = async (reason: string) => {
    try {
      await cancelPlan.mutateAsync({ id: visit.id, version: visit.version, reason });
      notifySuccess(t('visit.cancelled'));
    } catch (err) {
      notifyError(err, t);
      void refetch();
    } finally {
      setCancelOpen(false);
    }
  };
  const record = async (visitedAt: string) => {
    try {
      const draft = await recordPlan.mutateAsync({ id: visit.id, version: visit.version, visitedAt });
      notifySuccess(t('visit.recordedDraft'));
      void navigate(`/visits/${draft.id}/edit`);
    } catch (err) {
      notifyError(err, t);
      void refetch();
    } finally {
      setRecordOpen(false);
    }
  };
  const manager = isManager(me.role);
  const officerNames = visit.officers.map((o) => o.displayName);

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span>{t('visit.detailTitle')}</span>
            <VisitStatusBadge status={visit.status} />
          </Group>
        }
        sub={
          <Text c="dimmed" size="sm">
            {orgName ?? ''} ・ {formatDateTime(visit.visitedAt, lang)}
          </Text>
        }
        actions={
          <>
            {planned && (
              <>
                <Button component={Link} to={`/visits/${visit.id}/plan`} variant="default">
                  {t('visit.editPlan')}
                </Button>
                <Button
                  color="red"
                  variant="light"
                  onClick={() => setCancelOpen(true)}
                  data-testid="visit-cancel-plan"
                >
                  {t('visit.cancelPlan')}
                </Button>
                <Button onClick={() => setRecordOpen(true)} data-testid="visit-record">
                  {t('visit.record')}
                </Button>
              </>
            )}
            {editable && (
              <Button component={Link} to={`/visits/${visit.id}/edit`} variant="default">
                {t('common.edit')}
              </Button>
            )}
            {editable && (
              <Button
                onClick={() => void run('submit')}
                loading={busy === 'submit'}
                data-testid="visit-detail-submit"
              >
                {t('visit.submit')}
              </Button>
            )}
            {manager && visit.status === 'submitted' && (
              <>
                <Button
                  color="orange"
                  variant="light"
                  onClick={() => setReturnOpen(true)}
                  data-testid="visit-return"
                >
                  {t('visit.return')}
                </Button>
                <Button
                  color="teal"
                  onClick={() => setApproveOpen(true)}
                  loading={busy === 'approve'}
                  data-testid="visit-approve"
                >
                  {t('visit.approve')}
                </Button>
              </>
            )}
            {manager && visit.status === 'approved' && (
              <Button variant="default" onClick={() => setReopenOpen(true)}>
                {t('visit.reopen')}
              </Button>
            )}
            {visit.status !== 'planned' && visit.status !== 'cancelled' && (
              <DownloadButton
                path={`/visits/${visit.id}/record`}
                filename={`訪問記録票_${visit.visitedOn}.pdf`}
                variant="default"
                data-testid="visit-record-sheet"
              >
                {t('visit.recordSheet')}
              </DownloadButton>
            )}
            <Button variant="subtle" onClick={() => window.print()}>
              {t('common.print')}
            </Button>
          </>
        }
      />
      <ApprovalBox visit={visit} />
      {visit.staffHidden && (
        <Alert color="gray" mb="md" role="note" data-testid="visit-staff-hidden">
          {t('visit.staffHiddenNote')}
        </Alert>
      )}
      {visit.status === 'planned' && (
        <Alert color="violet" mb="md" role="note">
          {t('visit.plannedNote')}
        </Alert>
      )}
      {visit.status === 'cancelled' && (
        <Alert color="gray" mb="md" role="status">
          {t('visit.cancelledBecause', { reason: visit.cancelReason ?? '' })}
        </Alert>
      )}
      {visit.status === 'returned' && visit.returnReason && (
        <Alert color="orange" mb="md" role="status">
          {t('visit.returnedBecause', { reason: visit.returnReason })}
        </Alert>
      )}
      <Stack>
        <Paper withBorder p="md">
          <DetailList
            items={[
              {
                label: t('visit.organization'),
                value: (
                  <Anchor component={Link} to={`/organizations/${visit.organizationId}`}>
                    {orgName ?? visit.organizationId}
                  </Anchor>
                ),
              },
              {
                label: visit.status === 'planned' ? t('visit.plannedAt') : t('visit.visitedAt'),
                value: formatDateTime(visit.visitedAt, lang),
              },
              ...(visit.purpose ? [{ label: t('visit.purpose'), value: visit.purpose }] : []),
              { label: t('visit.format'), value: t(`enums.visitFormat.${visit.format}`) },
              ...(visit.staffHidden ? [] : [{ label: t('visit.officers'), value: officerNames.join('、') }]),
              { label: t('visit.jointWith'), value: visit.jointWith },
              {
                label: t('visit.attendees'),
                value: visit.attendees
                  .map(
                    (a) =>
                      `${a.name ?? ''}${a.role ? `（${t(`enums.contactRole.${a.role}`, { defaultValue: a.role })}）` : ''}`,
                  )
                  .join('、'),
              },
              { label: t('visit.materials'), value: visit.materials.join('、') },
            ]}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            {t('visit.topics')}
          </Title>
          <Group gap="xs">
            {visit.topics.length === 0 && <Text c="dimmed">—</Text>}
            {visit.topics.map((code) => (
              <Badge key={code} variant="light">
                {t(`enums.topic.${code}`, { defaultValue: labels.code('topic', code) })}
              </Badge>
            ))}
          </Group>
        </Paper>
        <Paper withBorder p="md">
          <DetailList
            cols={1}
            items={[
              { label: t('visit.summary'), value: visit.summary },
              { label: t('visit.concernsRaised'), value: visit.concernsRaised },
            ]}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            {t('visit.followUps')}
          </Title>
          {visit.followUps.length === 0 ? (
            <Text c="dimmed">—</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('visit.followUpTitle')}</Table.Th>
                  <Table.Th>{t('visit.followUpDue')}</Table.Th>
                  <Table.Th>{t('common.status')}</Table.Th>
                  <Table.Th>{t('visit.followUpResult')}</Table.Th>
                  {followUpsClosable && <Table.Th>{t('common.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {visit.followUps.map((f, i) => (
                  <Table.Tr key={f.id ?? i}>
                    <Table.Td>{f.title}</Table.Td>
                    <Table.Td>{formatDate(f.dueOn, lang) || '—'}</Table.Td>
                    <Table.Td>
                      <FollowUpStatusBadge status={f.status} />
                    </Table.Td>
                    <Table.Td>{f.result || '—'}</Table.Td>
                    {followUpsClosable && (
                      <Table.Td>
                        <Button
                          size="compact-sm"
                          variant="light"
                          onClick={() => setClosing(f)}
                          aria-label={`${t('visit.followUpClose')}: ${f.title}`}
                          data-testid="follow-up-close"
                        >
                          {t('visit.followUpClose')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <AttachmentsPanel owner="visit" id={visit.id} canUpload={canEditRecords(me.role)} />
        <ApprovalHistory events={visit.approvalHistory} staffHidden={visit.staffHidden} />
      </Stack>
      <ApproveModal
        opened={approveOpen}
        subject={`${orgName ?? ''} ・ ${formatDateTime(visit.visitedAt, lang)}`}
        onClose={() => setApproveOpen(false)}
        onConfirm={(comment) => void run('approve', comment)}
        loading={busy === 'approve'}
      />
      <ReturnModal
        opened={returnOpen}
        onClose={() => setReturnOpen(false)}
        onConfirm={(reason) => void run('return', reason)}
        loading={busy === 'return'}
      />
      <ReturnModal
        opened={reopenOpen}
        title={t('visit.reopenConfirm')}
        confirmLabel={t('visit.reopen')}
        loading={busy === 'reopen'}
        onConfirm={(reason) => void run('reopen', reason)}
        onClose={() => setReopenOpen(false)}
      />
      <ReturnModal
        opened={cancelOpen}
        title={t('visit.cancelPlanTitle')}
        label={t('visit.cancelReason')}
        confirmLabel={t('visit.cancelPlanConfirm')}
        color="red"
        loading={cancelPlan.isPending}
        onConfirm={(reason) => void cancel(reason)}
        onClose={() => setCancelOpen(false)}
      />
      <RecordPlannedModal
        opened={recordOpen}
        plannedAt={visit.visitedAt}
        loading={recordPlan.isPending}
        onConfirm={(at) => void record(at)}
        onClose={() => setRecordOpen(false)}
      />
      <FollowUpModal followUp={closing} visitId={visit.id} onClose={() => setClosing(null)} />
    </>
  );
}

/**
 * The 決裁欄 of the printed page (issue 17): status, approver, date and time of the approval, and
 * how often it went back — on paper only; the screen shows the full history below.
 */
function ApprovalBox({ visit }: { visit: VisitDetail }) {
  const { t, i18n } = useTranslation();
  const approval = [...visit.approvalHistory].reverse().find((e) => e.action === 'approved');
  const returns = visit.approvalHistory.filter(
    (e) => e.action === 'returned' || e.action === 'reopened',
  ).length;
  return (
    <table className="print-only approval-box" aria-label={t('visit.approvalBox')}>
      <tbody>
        <tr>
          <th>{t('glossary.approval')}</th>
          <th>{t('glossary.approver')}</th>
          <th>{t('glossary.approvedAt')}</th>
          <th>{t('visit.returnsCount')}</th>
        </tr>
        <tr>
          <td>{t(`enums.visitStatus.${visit.status}`)}</td>
          <td>{approval ? (visit.staffHidden ? '—' : (approval.actorName ?? '—')) : ''}</td>
          <td>{approval ? formatDateTime(approval.at, i18n.language) : ''}</td>
          <td>{returns}</td>
        </tr>
      </tbody>
    </table>
  );
}
