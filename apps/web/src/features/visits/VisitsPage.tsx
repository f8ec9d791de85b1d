import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { enumOptions, TOPIC_CODES, useStationOfficers } from '../../api/reference';
import { useMe } from '../../auth/AuthContext';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { VisitStatusBadge } from '../../components/StatusBadge';
import { EmptyRow, Pager, SortableTh } from '../../components/TableParts';
import { formatDateTime } from '../../lib/format';
import { canEditRecords } from '../../lib/roles';
import { useVisits, type VisitListQuery } from './api';

const FILTERS = ['from', 'to', 'status', 'officerId', 'topic', 'organizationId'] as const;

export function VisitsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data: officers } = useStationOfficers();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('pageSize') ?? '50') || 50;
  const sort = params.get('sort');

  const update = (changes: Record<string, string | null>, resetPage = true) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        if (resetPage && !('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );

  const query: VisitListQuery = { sort: sort ?? undefined, page, pageSize };
  for (const k of FILTERS) {
    const value = params.get(k) ?? undefined;
    if (k === 'status') query.status = value as VisitListQuery['status'];
    else query[k] = value;
  }

  const { data, error, isFetching, refetch } = useVisits(query);

  return (
    <>
      <PageHeader
        title={t('visit.listTitle')}
        actions={
          canEditRecords(me.role) && (
            <>
              <Button component={Link} to="/visits/plan" variant="light" data-testid="visit-plan">
                {t('visit.plan')}
              </Button>
              <Button component={Link} to="/visits/new">
                {t('visit.create')}
              </Button>
            </>
          )
        }
      />
      <Paper withBorder p="sm" mb="md" component="section" aria-label={t('org.filters')}>
        <Grid gutter="sm" align="flex-end">
          <Grid.Col span={{ base: 6, md: 2 }}>
            <DayInput
              label={t('common.from')}
              value={params.get('from')}
              onChange={(v) => update({ from: v })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <DayInput label={t('common.to')} value={params.get('to')} onChange={(v) => update({ to: v })} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <Select
              label={t('visit.filters.status')}
              data={enumOptions(t, 'visitStatus', [
                'planned',
                'draft',
                'submitted',
                'approved',
                'returned',
                'cancelled',
              ])}
              value={params.get('status')}
              onChange={(v) => update({ status: v })}
              clearable
              placeholder={t('common.all')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <Select
              label={t('visit.filters.officer')}
              data={(officers ?? []).map((o) => ({ value: o.id, label: o.displayName }))}
              value={params.get('officerId')}
              onChange={(v) => update({ officerId: v })}
              clearable
              searchable
              placeholder={t('common.all')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Select
              label={t('visit.filters.topic')}
              data={TOPIC_CODES.map((c) => ({ value: c, label: t(`enums.topic.${c}`) }))}
              value={params.get('topic')}
              onChange={(v) => update({ topic: v })}
              clearable
              placeholder={t('common.all')}
            />
          </Grid.Col>
        </Grid>
        {FILTERS.some((k) => params.get(k)) && (
          <Group justify="flex-end" mt="xs">
            <Button
              variant="subtle"
              size="xs"
              onClick={() => update(Object.fromEntries(FILTERS.map((k) => [k, null])))}
            >
              {t('common.reset')}
            </Button>
          </Group>
        )}
      </Paper>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover aria-busy={isFetching} data-testid="visit-table">
          <VisuallyHidden component="caption">{t('visit.listTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <SortableTh field="visitedAt" sort={sort} onSort={(s) => update({ sort: s })}>
                {t('visit.visitedAt')}
              </SortableTh>
              <SortableTh field="organizationName" sort={sort} onSort={(s) => update({ sort: s })}>
                {t('visit.organization')}
              </SortableTh>
              <Table.Th>{t('visit.format')}</Table.Th>
              <Table.Th>{t('visit.officerNames')}</Table.Th>
              <Table.Th>{t('visit.topics')}</Table.Th>
              <SortableTh field="status" sort={sort} onSort={(s) => update({ sort: s })}>
                {t('common.status')}
              </SortableTh>
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
                <Table.Td>{t(`enums.visitFormat.${v.format}`)}</Table.Td>
                <Table.Td>{v.officers.map((o) => o.displayName).join('、')}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {v.topics.slice(0, 3).map((c) => (
                      <Badge key={c} size="xs" variant="light">
                        {t(`enums.topic.${c}`, { defaultValue: c })}
                      </Badge>
                    ))}
                    {v.topics.length > 3 && <Text size="xs">+{v.topics.length - 3}</Text>}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <VisitStatusBadge status={v.status} />
                </Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={6}>{t('common.noData')}</EmptyRow>}
            {!data && !error && <EmptyRow colSpan={6}>{t('app.loading')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Pager
          page={page}
          pageSize={pageSize}
          total={data.total}
          totalCapped={data.totalCapped}
          onPage={(p) => update({ page: String(p) }, false)}
          onPageSize={(s) => update({ pageSize: String(s) })}
        />
      )}
    </>
  );
}
