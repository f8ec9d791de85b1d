import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useLabels } from '../../api/reference';
import { useMe } from '../../auth/AuthContext';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { FollowUpStatusBadge, VisitStatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canEditRecords, isManager } from '../../lib/roles';
import { ApprovalHistory } from './ApprovalHistory';
import { ApproveModal } from './ApproveModal';
import { ReturnModal } from './ReturnModal';
import { useVisit, useVisitTransition, type VisitAction } from './api';

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
          </>
        }
      />
      {visit.staffHidden && (
        <Alert color="gray" mb="md" role="note" data-testid="visit-staff-hidden">
          {t('visit.staffHiddenNote')}
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
              { label: t('visit.visitedAt'), value: formatDateTime(visit.visitedAt, lang) },
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
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
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
    </>
  );
}
