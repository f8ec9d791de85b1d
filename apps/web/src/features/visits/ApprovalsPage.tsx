import { Anchor, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Visit } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { ApproveModal } from './ApproveModal';
import { ReturnModal } from './ReturnModal';
import { useVisits, useVisitTransition } from './api';

/** The manager's inbox: submitted visits, oldest first, approved or returned in place. */
export function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  const transition = useVisitTransition();
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState<string | null>(null);
  const [returning, setReturning] = useState<Visit | null>(null);
  const [approving, setApproving] = useState<Visit | null>(null);
  const { data, error, refetch } = useVisits({ status: 'submitted', page, pageSize: 50 });

  const run = async (v: Visit, action: 'approve' | 'return', text?: string) => {
    setBusy(v.id);
    try {
      await transition.mutateAsync({
        id: v.id,
        action,
        version: v.version,
        ...(action === 'approve' ? { comment: text } : { reason: text }),
      });
      notifySuccess(t(action === 'approve' ? 'visit.approved' : 'visit.returned'));
    } catch (err) {
      notifyError(err, t);
    } finally {
      setBusy(null);
      setReturning(null);
      setApproving(null);
      void refetch();
    }
  };

  return (
    <>
      <PageHeader
        title={t('approvals.title')}
        sub={
          data && data.total > 0 ? (
            <Text size="sm">{t('approvals.count', { count: data.total })}</Text>
          ) : undefined
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table striped data-testid="approval-table">
          <VisuallyHidden component="caption">{t('approvals.title')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('visit.visitedAt')}</Table.Th>
              <Table.Th>{t('visit.organization')}</Table.Th>
              <Table.Th>{t('visit.officerNames')}</Table.Th>
              <Table.Th>{t('visit.summary')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/visits/${v.id}`}>
                    {formatDateTime(v.visitedAt, i18n.language)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{v.organizationName}</Table.Td>
                <Table.Td>{v.officers.map((o) => o.displayName).join('、')}</Table.Td>
                <Table.Td maw={320}>
                  <Text size="sm" lineClamp={2}>
                    {v.summary ?? ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="compact-sm"
                      color="teal"
                      loading={busy === v.id}
                      onClick={() => setApproving(v)}
                      aria-label={`${t('visit.approve')}: ${v.organizationName}`}
                    >
                      {t('visit.approve')}
                    </Button>
                    <Button
                      size="compact-sm"
                      color="orange"
                      variant="light"
                      disabled={busy === v.id}
                      onClick={() => setReturning(v)}
                      aria-label={`${t('visit.return')}: ${v.organizationName}`}
                    >
                      {t('visit.return')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={5}>{t('approvals.empty')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && data.total > 0 && <Pager page={page} pageSize={50} total={data.total} onPage={setPage} />}
      <ApproveModal
        opened={approving !== null}
        subject={
          approving
            ? `${approving.organizationName} ・ ${formatDateTime(approving.visitedAt, i18n.language)}`
            : undefined
        }
        onClose={() => setApproving(null)}
        onConfirm={(comment) => approving && void run(approving, 'approve', comment)}
        loading={approving !== null && busy === approving.id}
      />
      <ReturnModal
        opened={returning !== null}
        onClose={() => setReturning(null)}
        onConfirm={(reason) => returning && void run(returning, 'return', reason)}
        loading={returning !== null && busy === returning.id}
      />
    </>
  );
}
