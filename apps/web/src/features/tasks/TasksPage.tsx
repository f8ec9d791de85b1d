import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Task } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { FollowUpStatusBadge } from '../../components/StatusBadge';
import { EmptyRow, Pager } from '../../components/TableParts';
import { formatDate } from '../../lib/format';
import { FollowUpModal } from '../visits/FollowUpModal';
import { linkHref } from '../notifications/api';
import { useTasks, type TaskListQuery } from './api';

const STATUS_FILTERS = ['active', 'all', 'open', 'in_progress', 'done', 'dropped'] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

/**
 * 「タスク」: the caller's (or the station's) visit follow-ups and council follow-ups, overdue first,
 * then by due day. A visit follow-up is closed here (PATCH /visits/follow-ups/:id, whatever the
 * visit's status); a council follow-up opens its meeting, where the council's form changes it.
 */
export function TasksPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const scope = params.get('scope') === 'station' ? 'station' : 'mine';
  const status = (STATUS_FILTERS as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as StatusFilter)
    : 'active';
  const overdue = params.get('overdue') === 'true';
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('pageSize') ?? '50') || 50;
  const [closing, setClosing] = useState<Task | null>(null);

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );

  const query: TaskListQuery = {
    assignee: scope === 'mine' ? 'me' : undefined,
    status: status === 'active' ? undefined : status,
    overdue: overdue ? 'true' : undefined,
    page,
    pageSize,
  };
  const { data, error, isFetching, refetch } = useTasks(query);
  const showOwner = scope === 'station';
  const cols = showOwner ? 7 : 6;

  return (
    <>
      <PageHeader title={t('tasks.title')} sub={<Text c="dimmed">{t('tasks.sub')}</Text>} />
      <Paper withBorder p="sm" mb="md">
        <Group gap="md" wrap="wrap" align="flex-end">
          <SegmentedControl
            aria-label={t('tasks.scope')}
            data={[
              { value: 'mine', label: t('tasks.mine') },
              { value: 'station', label: t('tasks.station') },
            ]}
            value={scope}
            onChange={(v) => update({ scope: v === 'station' ? 'station' : null })}
            data-testid="tasks-scope"
          />
          <Select
            label={t('common.status')}
            w={170}
            data={STATUS_FILTERS.map((s) => ({ value: s, label: t(`tasks.statusFilter.${s}`) }))}
            value={status}
            onChange={(v) => update({ status: v && v !== 'active' ? v : null })}
            allowDeselect={false}
          />
          <Switch
            label={t('tasks.overdueOnly')}
            checked={overdue}
            onChange={(e) => update({ overdue: e.currentTarget.checked ? 'true' : null })}
          />
        </Group>
      </Paper>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover aria-busy={isFetching} data-testid="tasks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tasks.dueOn')}</Table.Th>
              <Table.Th>{t('tasks.task')}</Table.Th>
              <Table.Th>{t('tasks.source')}</Table.Th>
              <Table.Th>{t('tasks.context')}</Table.Th>
              {showOwner && <Table.Th>{t('tasks.owner')}</Table.Th>}
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th>
                <span className="visually-hidden">{t('tasks.actions')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {!data ? (
              <EmptyRow colSpan={cols}>{t('app.loading')}</EmptyRow>
            ) : data.items.length === 0 ? (
              <EmptyRow colSpan={cols}>{t('tasks.empty')}</EmptyRow>
            ) : (
              data.items.map((task) => (
                <Table.Tr
                  key={`${task.source}-${task.id}`}
                  data-testid="task-row"
                  data-overdue={task.overdue}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {task.dueOn ? formatDate(task.dueOn, i18n.language) : t('tasks.noDue')}
                    {task.overdue && (
                      <Badge color="red" variant="filled" ml={6} size="sm">
                        {t('tasks.overdue')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={linkHref(task.link)}>
                      {task.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={task.source === 'visit' ? 'blue' : 'grape'}>
                      {t(`tasks.sources.${task.source}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {task.source === 'visit'
                      ? task.organizationName
                      : t('tasks.meetingOf', { date: formatDate(task.meetingHeldOn, i18n.language) })}
                  </Table.Td>
                  {showOwner && <Table.Td>{task.ownerName ?? t('tasks.noOwner')}</Table.Td>}
                  <Table.Td>
                    <FollowUpStatusBadge status={task.status} />
                  </Table.Td>
                  <Table.Td>
                    {task.source === 'visit' ? (
                      <Button size="compact-sm" variant="light" onClick={() => setClosing(task)}>
                        {task.status === 'open' || task.status === 'in_progress'
                          ? t('tasks.close')
                          : t('tasks.change')}
                      </Button>
                    ) : (
                      <Button size="compact-sm" variant="subtle" component={Link} to="/council/follow-ups">
                        {t('tasks.openBoard')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Pager
          page={page}
          pageSize={pageSize}
          total={data.total}
          onPage={(p) => update({ page: String(p) })}
          onPageSize={(s) => update({ pageSize: String(s) })}
        />
      )}
      <FollowUpModal followUp={closing} visitId={closing?.link.id ?? ''} onClose={() => setClosing(null)} />
    </>
  );
}
