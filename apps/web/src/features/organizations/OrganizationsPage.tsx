import {
  Affix,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
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
import { DayInput } from '../../components/DayInput';
import type { OrganizationView, OrganizationViewFilter } from '../../api/types';
import { useOrganizations, type OrganizationListQuery } from './api';
import { BulkTriageModal, type SelectedOrganization } from './BulkTriageModal';
import { SavedViewsMenu } from './SavedViewsMenu';

const FILTER_KEYS = [
  'q',
  'sector',
  'tier',
  'municipality',
  'coverage',
  'status',
  'stationId',
  'target',
  'legalForm',
  'nameWords',
  'registerUpdatedFrom',
  'registerUpdatedTo',
] as const;
/** The filters a saved view keeps (the station is not: a view is about what, not where). */
const VIEW_KEYS = FILTER_KEYS.filter((k) => k !== 'stationId');
const TARGETS = ['true', 'false'] as const;
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

  // The filters as last set, ahead of the render that shows them: a second change made before
  // React re-renders (a click on 候補, then Enter in the name box at once) builds on the first
  // instead of this render's older copy, which dropped the first change.
  const latest = useRef(params);
  latest.current = params;
  const update = (changes: Record<string, string | null>, resetPage = true) => {
    setParams(
      () => {
        const next = new URLSearchParams(latest.current);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        if (resetPage && !('page' in changes)) next.delete('page');
        latest.current = next;
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
    target: oneOf(params.get('target'), TARGETS),
    legalForm: params.get('legalForm') ?? undefined,
    nameWords: params.get('nameWords') ?? undefined,
    registerUpdatedFrom: params.get('registerUpdatedFrom') ?? undefined,
    registerUpdatedTo: params.get('registerUpdatedTo') ?? undefined,
    sort: sort ?? undefined,
    page,
    pageSize,
  };

  const { data, error, isFetching, refetch } = useOrganizations(query);

  const editable = canEditRecords(me.role);
  const hasFilters = FILTER_KEYS.some((k) => params.get(k));

  // Rows picked for a bulk change, kept across pages; a new filter starts a new selection.
  const [selected, setSelected] = useState<Map<string, SelectedOrganization>>(new Map());
  const [bulkOpen, setBulkOpen] = useState(false);
  const filterKey = FILTER_KEYS.map((k) => params.get(k) ?? '').join('|');
  useEffect(() => setSelected(new Map()), [filterKey]);
  const rows = data?.items ?? [];
  const pageIds = rows.filter((o) => o.status !== 'archived').map((o) => o.id);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const someOnPage = pageIds.some((id) => selected.has(id));
  const toggle = (o: (typeof rows)[number], on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (on)
        next.set(o.id, {
          id: o.id,
          version: o.version,
          name: o.name,
          sector: o.sector,
          suggestedSector: o.suggestedSector,
        });
      else next.delete(o.id);
      return next;
    });
  const togglePage = (on: boolean) => {
    for (const o of rows) if (o.status !== 'archived') toggle(o, on);
  };

  const currentView: OrganizationViewFilter = Object.fromEntries(
    [...VIEW_KEYS, 'sort'].flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : [])),
  );
  const applyView = (view: OrganizationView) => {
    search.reset(view.filter.q ?? '');
    const filter = view.filter as Record<string, string | undefined>;
    update(Object.fromEntries([...VIEW_KEYS, 'sort'].map((k) => [k, filter[k] ?? null])));
  };
  const columns = editable ? 9 : 8;

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
          <>
            <SavedViewsMenu current={currentView} onApply={applyView} />
            {editable && (
              <>
                <Button component={Link} to="/organizations/import" variant="default">
                  {t('org.import')}
                </Button>
                <Button component={Link} to="/organizations/new">
                  {t('org.create')}
                </Button>
              </>
            )}
          </>
        }
      />
      <Paper withBorder p="sm" mb="md" component="section" aria-label={t('org.filters')}>
        <Group mb="xs" gap="sm">
          <SegmentedControl
            aria-label={t('triage.kind')}
            value={params.get('target') ?? 'all'}
            onChange={(v) => update({ target: v === 'all' ? null : v })}
            data={[
              { value: 'all', label: t('triage.kindAll') },
              { value: 'true', label: t('triage.kindTarget') },
              { value: 'false', label: t('triage.kindCandidate') },
            ]}
            data-testid="org-kind"
          />
          <Text size="xs" c="dimmed">
            {t('triage.kindHint')}
          </Text>
        </Group>
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
          <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
            <Select
              label={t('org.legalForm')}
              data={labels.codeOptions('legalForm')}
              value={params.get('legalForm')}
              onChange={(v) => update({ legalForm: v })}
              clearable
              searchable
              placeholder={t('common.all')}
              data-testid="org-legal-form"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4, md: 3 }}>
            <TextInput
              label={t('triage.nameWords')}
              placeholder={t('triage.nameWordsPlaceholder')}
              defaultValue={params.get('nameWords') ?? ''}
              key={`nameWords:${params.get('nameWords') ?? ''}`}
              onBlur={(e) => update({ nameWords: e.currentTarget.value.trim() || null })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.nativeEvent.isComposing)
                  update({ nameWords: e.currentTarget.value.trim() || null });
              }}
              data-testid="org-name-words"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
            <DayInput
              label={t('triage.registerUpdatedFrom')}
              value={params.get('registerUpdatedFrom')}
              onChange={(v) => update({ registerUpdatedFrom: v })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
            <DayInput
              label={t('triage.registerUpdatedTo')}
              value={params.get('registerUpdatedTo')}
              onChange={(v) => update({ registerUpdatedTo: v })}
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

      {editable && selected.size > 0 && (
        <Affix position={{ bottom: 16, left: 16, right: 16 }} zIndex={150}>
          <Paper
            withBorder
            shadow="md"
            p="sm"
            role="region"
            aria-label={t('triage.barLabel')}
            data-testid="bulk-bar"
          >
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text fw={600}>{t('triage.selected', { count: selected.size })}</Text>
              <Group gap="xs">
                <Button variant="subtle" onClick={() => setSelected(new Map())}>
                  {t('triage.clearSelection')}
                </Button>
                <Button onClick={() => setBulkOpen(true)} data-testid="bulk-open">
                  {t('triage.bulkAction')}
                </Button>
              </Group>
            </Group>
          </Paper>
        </Affix>
      )}
      {editable && (
        <BulkTriageModal
          opened={bulkOpen}
          selected={[...selected.values()]}
          onClose={() => setBulkOpen(false)}
          onDone={(result) => {
            // what changed has a new version: only the failures stay picked, to try again
            const failed = new Set(result.failed.map((f) => f.id));
            setSelected((prev) => new Map([...prev].filter(([id]) => failed.has(id))));
          }}
        />
      )}

      {editable && pageIds.length > 0 && (
        // narrow screens show the rows as cards without the header row: the page's checkbox is here
        <Checkbox
          hiddenFrom="sm"
          mb="xs"
          label={t('triage.selectPage')}
          checked={allOnPage}
          indeterminate={someOnPage && !allOnPage}
          onChange={(e) => togglePage(e.currentTarget.checked)}
          data-testid="select-page-phone"
        />
      )}
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover aria-busy={isFetching} data-testid="org-table">
          <VisuallyHidden component="caption">{t('org.listTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              {editable && (
                <Table.Th w={36}>
                  <Checkbox
                    aria-label={t('triage.selectPage')}
                    checked={allOnPage}
                    indeterminate={someOnPage && !allOnPage}
                    onChange={(e) => togglePage(e.currentTarget.checked)}
                    data-testid="select-page"
                  />
                </Table.Th>
              )}
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
              <Table.Tr key={o.id} data-testid="org-row">
                {editable && (
                  <Table.Td>
                    <Checkbox
                      aria-label={t('triage.selectRow', { name: o.name })}
                      checked={selected.has(o.id)}
                      disabled={o.status === 'archived'}
                      onChange={(e) => toggle(o, e.currentTarget.checked)}
                    />
                  </Table.Td>
                )}
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
                <Table.Td>
                  {o.sector ? (
                    labels.code('sector', o.sector)
                  ) : o.suggestedSector ? (
                    <Text size="xs" c="dimmed" data-testid="suggested-sector">
                      {t('triage.suggestion', { sector: labels.code('sector', o.suggestedSector) })}
                    </Text>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  {o.tier ?? (
                    <Badge variant="outline" color="gray" data-testid="candidate-badge">
                      {t('triage.candidate')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{municipalityLabel(o.municipality, o.municipalityName) || '—'}</Table.Td>
                <Table.Td>{formatDate(o.lastReachedOn, i18n.language) || '—'}</Table.Td>
                <Table.Td>{formatDate(o.nextDueOn, i18n.language) || '—'}</Table.Td>
                <Table.Td>
                  <CoverageBadge state={o.coverage} />
                </Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={columns}>{t('common.noData')}</EmptyRow>}
            {!data && !error && <EmptyRow colSpan={columns}>{t('app.loading')}</EmptyRow>}
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
