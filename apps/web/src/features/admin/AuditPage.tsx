import {
  Anchor,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/AuthContext';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { formatDateTime } from '../../lib/format';
import { Link } from 'react-router-dom';
import type { AuditEvent } from '../../api/types';
import { actionLabel, entityTypeLabel, fieldChanges, fieldLabel, recordPath, valueText } from './auditLabels';
import { useAuditEvents, useUsers, type AuditEventQuery } from './api';

/** The record types offered in the filter. */
const ENTITY_TYPES = [
  'organization',
  'organization_import',
  'contact',
  'visit',
  'seminar',
  'partner',
  'liaison',
  'consultation',
  'council_meeting',
  'council_item',
  'follow_up',
  'export',
  'report',
  'session',
  'user',
  'station',
  'code_list_item',
  'attachment',
  'activity',
  'strategy_task',
  'visit_follow_up',
  'system',
];

const PAGE_SIZE = 50;

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const [filters, setFilters] = useState<{
    entityType: string | null;
    entityId: string;
    actorId: string | null;
    action: string;
    from: string | null;
    to: string | null;
  }>({ entityType: null, entityId: '', actorId: null, action: '', from: null, to: null });
  const [open, setOpen] = useState<string | null>(null);
  // only administrators may list users; others filter by an actor's id
  const users = useUsers({ pageSize: 200 }, me.role === 'admin');
  const query: AuditEventQuery = {
    page,
    pageSize: PAGE_SIZE,
    entityType: filters.entityType ?? undefined,
    entityId: filters.entityId.trim() || undefined,
    actorId: filters.actorId ?? undefined,
    action: filters.action.trim() || undefined,
    from: filters.from ?? undefined,
    to: filters.to ?? undefined,
  };
  const { data, error, refetch, isFetching } = useAuditEvents(query);
  const update = (patch: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const actorOptions = (users.data?.items ?? []).map((u) => ({
    value: u.id,
    label: `${u.displayName} (${u.username})`,
  }));

  return (
    <>
      <PageHeader title={t('admin.auditTitle')} />
      <Paper withBorder p="sm" mb="md">
        <Grid gutter="sm" align="flex-end">
          <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
            <Select
              label={t('admin.entityType')}
              data={ENTITY_TYPES.map((v) => ({ value: v, label: entityTypeLabel(t, v) }))}
              value={filters.entityType}
              onChange={(v) => update({ entityType: v })}
              searchable
              clearable
              placeholder={t('common.all')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
            <TextInput
              label={t('admin.entityId')}
              value={filters.entityId}
              onChange={(e) => update({ entityId: e.currentTarget.value })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
            <TextInput
              label={t('admin.action')}
              placeholder="visit.approve"
              value={filters.action}
              onChange={(e) => update({ action: e.currentTarget.value })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
            {actorOptions.length > 0 ? (
              <Select
                label={t('admin.actor')}
                data={actorOptions}
                value={filters.actorId}
                onChange={(v) => update({ actorId: v })}
                searchable
                clearable
                placeholder={t('common.all')}
              />
            ) : (
              <TextInput
                label={t('admin.actorId')}
                value={filters.actorId ?? ''}
                onChange={(e) => update({ actorId: e.currentTarget.value.trim() || null })}
              />
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <DayInput label={t('common.from')} value={filters.from} onChange={(v) => update({ from: v })} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <DayInput label={t('common.to')} value={filters.to} onChange={(v) => update({ to: v })} />
          </Grid.Col>
        </Grid>
      </Paper>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={800}>
        <Table striped aria-busy={isFetching} data-testid="audit-table">
          <VisuallyHidden component="caption">{t('admin.auditTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.occurredAt')}</Table.Th>
              <Table.Th>{t('admin.actor')}</Table.Th>
              <Table.Th>{t('admin.action')}</Table.Th>
              <Table.Th>{t('audit.entity')}</Table.Th>
              <Table.Th>{t('admin.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((e) => {
              return (
                <Fragment key={e.id}>
                  <Table.Tr>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(e.occurredAt, i18n.language)}
                    </Table.Td>
                    <Table.Td>
                      {e.actorName ?? e.actorUsername ?? '—'}
                      {e.actorName && e.actorUsername && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          ({e.actorUsername})
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td title={e.action}>{actionLabel(t, e.action)}</Table.Td>
                    <Table.Td>
                      <Text span size="sm" c="dimmed">
                        {entityTypeLabel(t, e.entityType)}
                      </Text>{' '}
                      <EntityName event={e} />
                    </Table.Td>
                    <Table.Td>
                      {e.changes || e.requestId || e.clientIp ? (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => setOpen(open === e.id ? null : e.id)}
                          aria-expanded={open === e.id}
                        >
                          {t('common.details')}
                        </Button>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                  {open === e.id && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <ChangesView changes={e.changes} entityType={e.entityType} />
                        {e.requestId && (
                          <Text size="xs" c="dimmed">
                            {t('common.requestId', { id: e.requestId })}
                          </Text>
                        )}
                        {e.clientIp && (
                          <Text size="xs" c="dimmed">
                            {t('admin.clientIp', { ip: e.clientIp })}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
            {data && data.items.length === 0 && <EmptyRow colSpan={5}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Group justify="flex-end">
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            totalCapped={data.totalCapped}
            onPage={setPage}
          />
        </Group>
      )}
    </>
  );
}

/** The record's name, linked to its screen when the reader has one; the id only when it has no name. */
function EntityName({ event }: { event: AuditEvent }) {
  const me = useMe();
  const path = recordPath(event.entityType, event.entityId, me.role);
  const text = event.entityLabel ?? (event.entityId ? event.entityId.slice(0, 8) : '');
  if (!text) return null;
  return path ? (
    <Anchor component={Link} to={path} size="sm">
      {text}
    </Anchor>
  ) : (
    <Text span size="sm" ff={event.entityLabel ? undefined : 'monospace'}>
      {text}
    </Text>
  );
}

/** Field by field, before and after; other shapes (an export's filters) as a list of values. */
function ChangesView({
  changes,
  entityType,
}: {
  changes: Record<string, unknown> | null;
  entityType: string;
}) {
  const { t } = useTranslation();
  if (!changes) return null;
  const rows = fieldChanges(changes);
  if (rows) {
    return (
      <Table withTableBorder fz="sm" mb="xs" aria-label={t('audit.changesTitle')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.field')}</Table.Th>
            <Table.Th>{t('audit.before')}</Table.Th>
            <Table.Th>{t('audit.after')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.field}>
              <Table.Td>{fieldLabel(t, r.field)}</Table.Td>
              <Table.Td c="dimmed">{valueText(t, r.before, entityType, r.field)}</Table.Td>
              <Table.Td>{valueText(t, r.after, entityType, r.field)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }
  return (
    <dl className="audit-values">
      {Object.entries(changes).map(([k, v]) => (
        <Fragment key={k}>
          <dt>{fieldLabel(t, k)}</dt>
          <dd>{valueText(t, v)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
