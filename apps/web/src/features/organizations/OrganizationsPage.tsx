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
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { enumOptions, useLabels, useMunicipalityOptions, useStations } from '../../api/reference';
import { municipalityLabel } from '../../lib/municipalities';
import { useMe } from '../../auth/AuthContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CoverageBadge } from '../../components/StatusBadge';
import { EmptyRow, Pager, SortableTh } from '../../components/TableParts';
import { formatDate } from '../../lib/format';
import { canEditRecords } from '../../lib/roles';
import { useImeSearch } from '../../lib/useImeSearch';
import { useOrganizations, type OrganizationListQuery } from './api';

const FILTER_KEYS = ['q', 'sector', 'tier', 'municipality', 'coverage', 'status', 'stationId'] as const;
const TIERS = ['A', 'B', 'C'] as const;
const COVERAGE_STATES = ['reached', 'overdue', 'never'] as const;
const STATUSES = ['active', 'closed', 'archived'] as const;

/** A URL parameter as one of the values the server takes, or nothing (a hand-edited URL). */
function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

export function OrganizationsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const municipalities = useMunicipalityOptions();
  const crossStation = me.role === 'hq' || me.role === 'admin';
  const { data: stations } = useStations(crossStation);
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('pageSize') ?? '50') || 50;
  const sort = params.get('sort');

  const update = (changes: Record<string, string | null>, resetPage = true) => {
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
  };

  const search = useImeSearch(params.get('q') ?? '', 300, (q) => update({ q: q.trim() || null }));
  // keep the box in step when the URL changes from outside (back button, clear filters)
  const urlQ = params.get('q') ?? '';
  useEffect(() => {
    if (urlQ !== search.committed.trim()) search.reset(urlQ);
  }, [urlQ]);

  const query: OrganizationListQuery = {
    q: urlQ || undefined,
    sector: params.get('sector') ?? undefined,
    tier: oneOf(params.get('tier'), TIERS),
    municipality: params.get('municipality') ?? undefined,
    coverage: oneOf(params.get('coverage'), COVERAGE_STATES),
    status: oneOf(params.get('status'), STATUSES),
    stationId: params.get('stationId') ?? undefined,
    sort: sort ?? undefined,
    page,
    pageSize,
  };

  const { data, error, isFetching, refetch } = useOrganizations(query);

  const editable = canEditRecords(me.role);
  const hasFilters = FILTER_KEYS.some((k) => params.get(k));

  return (
    <>
      <PageHeader
        title={t('org.listTitle')}
        sub={
          !editable ? (
            <Text c="dimmed" size="sm">
              {t('org.readOnly')}
            </Text>
          ) : undefined
        }
        actions={
          editable && (
            <>
              <Button component={Link} to="/organizations/import" variant="default">
                {t('org.import')}
              </Button>
              <Button component={Link} to="/organizations/new">
                {t('org.create')}
              </Button>
            </>
          )
        }
      />
      <Paper withBorder p="sm" mb="md" component="section" aria-label={t('org.filters')}>
        <Grid gutter="sm" align="flex-end">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <TextInput
              label={t('org.searchLabel')}
              placeholder={t('org.searchPlaceholder')}
              type="search"
              {...search.inputProps}
              data-testid="org-search"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
            <Select
              label={t('org.sector')}
              data={labels.codeOptions('sector')}
              value={params.get('sector')}
              onChange={(v) => update({ sector: v })}
              clearable
              placeholder={t('common.all')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4, md: 1.5 }}>
            <Select
              label={t('org.tier')}
              data={enumOptions(t, 'tier', TIERS)}
              value={params.get('tier')}
              onChange={(v) => update({ tier: v })}
              clearable
              placeholder={t('common.all')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4, md: 1.5 }}>
            {municipalities.length > 0 ? (
              <Select
                label={t('org.municipality')}
                data={municipalities}
                value={params.get('municipality')}
                onChange={(v) => update({ municipality: v })}
                clearable
                searchable
                placeholder={t('common.all')}
              />
            ) : (
              <TextInput
                label={t('org.municipality')}
                defaultValue={params.get('municipality') ?? ''}
                key={params.get('municipality') ?? ''}
                onBlur={(e) => update({ municipality: e.currentTarget.value.trim() || null })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.nativeEvent.isComposing)
                    update({ municipality: e.currentTarget.value.trim() || null });
                }}
              />
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4, md: 1.5 }}>
            <Select
              label={t('org.coverage')}
              data={enumOptions(t, 'coverage', COVERAGE_STATES)}
              value={params.get('coverage')}
              onChange={(v) => update({ coverage: v })}
              clearable
              placeholder={t('common.all')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4, md: 1.5 }}>
            <Select
              label={t('org.status')}
              data={enumOptions(t, 'orgStatus', STATUSES)}
              value={params.get('status')}
              onChange={(v) => update({ status: v })}
              clearable
              placeholder={t('common.all')}
            />
          </Grid.Col>
        </Grid>
        {crossStation && (
          <Select
            mt="xs"
            maw={320}
            label={t('org.station')}
            data={(stations ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={params.get('stationId')}
            onChange={(v) => update({ stationId: v })}
            clearable
            searchable
            placeholder={t('common.all')}
          />
        )}
        {hasFilters && (
          <Group justify="flex-end" mt="xs">
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                search.reset('');
                update(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])));
              }}
            >
              {t('common.reset')}
            </Button>
          </Group>
        )}
      </Paper>

      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}

      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover aria-busy={isFetching} data-testid="org-table">
          <VisuallyHidden component="caption">{t('org.listTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <SortableTh field="nameKana" sort={sort} onSort={(s) => update({ sort: s })}>
                {t('org.name')}
              </SortableTh>
              <SortableTh field="corporateNumber" sort={sort} onSort={(s) => update({ sort: s })}>
                {t('org.corporateNumber')}
              </SortableTh>
              <Table.Th>{t('org.sector')}</Table.Th>
              <SortableTh field="tier" sort={sort} onSort={(s) => update({ sort: s })}>
                {t('org.tier')}
              </SortableTh>
              <SortableTh field="municipality" sort={sort} onSort={(s) => update({ sort: s })}>
                {t('org.municipality')}
              </SortableTh>
              <Table.Th>{t('org.lastReachedOn')}</Table.Th>
              <Table.Th>{t('org.nextDueOn')}</Table.Th>
              <Table.Th>{t('org.coverage')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/organizations/${o.id}`} fw={600}>
                    {o.name}
                  </Anchor>
                  {o.nameKana && (
                    <Text size="xs" c="dimmed">
                      {o.nameKana}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ff="monospace">{o.corporateNumber ?? '—'}</Table.Td>
                <Table.Td>{labels.code('sector', o.sector)}</Table.Td>
                <Table.Td>{o.tier ?? '—'}</Table.Td>
                <Table.Td>{municipalityLabel(o.municipality, o.municipalityName) || '—'}</Table.Td>
                <Table.Td>{formatDate(o.lastReachedOn, i18n.language) || '—'}</Table.Td>
                <Table.Td>{formatDate(o.nextDueOn, i18n.language) || '—'}</Table.Td>
                <Table.Td>
                  <CoverageBadge state={o.coverage} />
                </Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={8}>{t('common.noData')}</EmptyRow>}
            {!data && !error && <EmptyRow colSpan={8}>{t('app.loading')}</EmptyRow>}
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
