import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import type { TFunction } from 'i18next';
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
import { useBulkApprove, useVisits, useVisitTransition, type BulkApproveResult } from './api';

/** Why one visit of a bulk approval failed, in Japanese by its code (the server's message otherwise). */
export function bulkFailureMessage(t: TFunction, code: string, message: string): string {
  return t(`approvals.failure.${code.replace(/\./g, '_')}`, { defaultValue: message });
}

interface BulkOutcome {
  result: BulkApproveResult;
  /** what the failed rows were, kept from the list as it was when they were sent */
  subjects: Record<string, string>;
}

/**
 * The manager's inbox: submitted visits, oldest first, approved or returned in place; several
 * selected are approved at once (each on its own: the ones that fail are listed with why).
 */
export function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  const transition = useVisitTransition();
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState<string | null>(null);
  const [returning, setReturning] = useState<Visit | null>(null);
  const [approving, setApproving] = useState<Visit | null>(null);
  const { data, error, refetch } = useVisits({ status: 'submitted', page, pageSize: 50 });
  const bulk = useBulkApprove();
  const [selected, setSelected] = useState<string[]>([]);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const rows = data?.items ?? [];
  const chosen = rows.filter((v) => selected.includes(v.id));
  const allChosen = rows.length > 0 && chosen.length === rows.length;
  const subjectOf = (v: Visit) => `${v.organizationName} ・ ${formatDateTime(v.visitedAt, i18n.language)}`;

  const approveSelected = async () => {
    const subjects = Object.fromEntries(chosen.map((v) => [v.id, subjectOf(v)]));
    try {
      const result = await bulk.mutateAsync(chosen.map((v) => ({ id: v.id, version: v.version })));
      setOutcome({ result, subjects });
      setSelected((s) => s.filter((id) => !result.approved.includes(id)));
      if (result.approved.length > 0)
        notifySuccess(t('approvals.bulkDone', { count: result.approved.length }));
    } catch (err) {
      notifyError(err, t);
    } finally {
      setConfirmOpen(false);
      void refetch();
    }
  };

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
      {outcome && outcome.result.failed.length > 0 && (
        <Alert
          color="red"
          mb="md"
          role="alert"
          withCloseButton
          onClose={() => setOutcome(null)}
          title={t('approvals.bulkFailed', { count: outcome.result.failed.length })}
          data-testid="bulk-failures"
        >
          <List size="sm">
            {outcome.result.failed.map((f) => (
              <List.Item key={f.id}>
                <Anchor component={Link} to={`/visits/${f.id}`}>
                  {outcome.subjects[f.id] ?? f.id}
                </Anchor>
                ：{bulkFailureMessage(t, f.code, f.message)}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group mb="sm" gap="sm">
        <Button
          color="teal"
          disabled={chosen.length === 0}
          onClick={() => setConfirmOpen(true)}
          data-testid="bulk-approve"
        >
          {t('approvals.bulkApprove')}
          {chosen.length > 0 ? `（${chosen.length}）` : ''}
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table striped data-testid="approval-table">
          <VisuallyHidden component="caption">{t('approvals.title')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox
                  aria-label={t('approvals.selectAll')}
                  checked={allChosen}
                  indeterminate={chosen.length > 0 && !allChosen}
                  disabled={rows.length === 0}
                  onChange={() => setSelected(allChosen ? [] : rows.map((v) => v.id))}
                  data-testid="bulk-select-all"
                />
              </Table.Th>
              <Table.Th>{t('visit.visitedAt')}</Table.Th>
              <Table.Th>{t('visit.organization')}</Table.Th>
              <Table.Th>{t('visit.officerNames')}</Table.Th>
              <Table.Th>{t('visit.summary')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((v) => (
              <Table.Tr
                key={v.id}
                bg={selected.includes(v.id) ? 'var(--mantine-color-teal-light)' : undefined}
              >
                <Table.Td>
                  <Checkbox
                    aria-label={t('approvals.select', { name: subjectOf(v) })}
                    checked={selected.includes(v.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setSelected((s) => (on ? [...s, v.id] : s.filter((id) => id !== v.id)));
                    }}
                  />
                </Table.Td>
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
            {data && data.items.length === 0 && <EmptyRow colSpan={6}>{t('approvals.empty')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && data.total > 0 && <Pager page={page} pageSize={50} total={data.total} onPage={setPage} />}
      <Modal
        opened={confirmOpen}
        onClose={() => setConfirmOpen(false)}
        title={t('approvals.bulkConfirmTitle')}
        centered
      >
        <Text mb="sm">{t('approvals.bulkConfirm', { count: chosen.length })}</Text>
        <List size="sm" mb="md">
          {chosen.map((v) => (
            <List.Item key={v.id}>{subjectOf(v)}</List.Item>
          ))}
        </List>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmOpen(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            color="teal"
            loading={bulk.isPending}
            onClick={() => void approveSelected()}
            data-testid="bulk-approve-confirm"
          >
            {t('approvals.bulkApprove')}
          </Button>
        </Group>
      </Modal>
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
