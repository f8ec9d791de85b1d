import '@mantine/charts/styles.css';
import { BarChart, DonutChart, LineChart } from '@mantine/charts';
import {
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLabels, useStations } from '../../api/reference';
import type { CoverageGroup, CoverageTotals } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { CoverageBadge } from '../../components/StatusBadge';
import { EmptyRow, Pager } from '../../components/TableParts';
import { formatDate, formatEraMonth, formatNumber, formatPercent, lastMonthEnds, todayJst } from '../../lib/format';
import { municipalityLabel } from '../../lib/municipalities';
import { canEditRecords } from '../../lib/roles';
import { useCoverage, useCoverageTrend, useWorklist, type CoverageGroupBy } from './api';

const WORKLIST_PAGE_SIZE = 50;

/** The server's ratio (0..1), or none when there is nothing to cover (the server says 0). */
export function coverageRatio(c: CoverageTotals | CoverageGroup | undefined): number | null {
  if (!c || !c.organizations) return null;
  return c.coverage;
}

function Stat({ label, value, color, testId }: { label: string; value: string; color?: string; testId?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function Trend({ stationId }: { stationId: string | null }) {
  const { t, i18n } = useTranslation();
  const ends = lastMonthEnds(12);
  const results = useCoverageTrend(ends, stationId ?? undefined);
  const loading = results.some((r) => r.isLoading);
  const failed = results.find((r) => r.error)?.error;
  const data = ends.map((asOf, i) => {
    const [y, m] = asOf.split('-').map(Number);
    const ratio = coverageRatio(results[i].data?.totals);
    return {
      month: i18n.language.startsWith('ja') ? formatEraMonth(y, m).replace(/^令和/, 'R') : `${y}-${String(m).padStart(2, '0')}`,
      coverage: ratio === null ? null : Math.round(ratio * 1000) / 10,
      asOf,
    };
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="trend-title">
      <Title order={2} size="h4" id="trend-title" mb="sm">
        {t('coverage.trend')}
      </Title>
      {failed ? <ErrorAlert error={failed} /> : null}
      {loading ? (
        <Loader size="sm" aria-label={t('app.loading')} />
      ) : (
        <>
          <LineChart
            h={240}
            data={data}
            dataKey="month"
            series={[{ name: 'coverage', label: t('coverage.trendCoverage'), color: 'indigo.7' }]}
            unit="%"
            yAxisProps={{ domain: [0, 100] }}
            connectNulls
            curveType="linear"
            aria-hidden="true"
          />
          <Table mt="sm" fz="xs" withTableBorder>
            <VisuallyHidden component="caption">{t('coverage.trend')}</VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                {data.map((d) => (
                  <Table.Th key={d.asOf} ta="center">
                    {d.month}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                {data.map((d) => (
                  <Table.Td key={d.asOf} ta="center">
                    {d.coverage === null ? '—' : `${d.coverage.toFixed(1)}%`}
                  </Table.Td>
                ))}
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}

function Worklist({ stationId }: { stationId: string | null }) {
  // 訪問を予定 on a row: the plan form with the firm filled in (one click)
  const canPlan = canEditRecords(useMe().role);
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const [page, setPage] = useState(1);
  const { data, error, refetch } = useWorklist({
    page,
    pageSize: WORKLIST_PAGE_SIZE,
    stationId: stationId ?? undefined,
  });
  const items = data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="worklist-title">
      <Title order={2} size="h4" id="worklist-title" mb="sm">
        {t('coverage.worklist')}
      </Title>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table striped data-testid="worklist">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('org.name')}</Table.Th>
              <Table.Th>{t('org.tier')}</Table.Th>
              <Table.Th>{t('org.sector')}</Table.Th>
              <Table.Th>{t('org.municipality')}</Table.Th>
              <Table.Th>{t('org.lastReachedOn')}</Table.Th>
              <Table.Th>{t('org.nextDueOn')}</Table.Th>
              <Table.Th>{t('org.coverage')}</Table.Th>
              {canPlan && <Table.Th>{t('common.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((w) => (
              <Table.Tr key={w.organizationId}>
                <Table.Td>
                  <Anchor component={Link} to={`/organizations/${w.organizationId}`}>
                    {w.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{w.tier}</Table.Td>
                <Table.Td>{labels.code('sector', w.sector) || w.sectorLabel || '—'}</Table.Td>
                <Table.Td>{municipalityLabel(w.municipalityCode, w.municipality) || '—'}</Table.Td>
                <Table.Td>{formatDate(w.lastReachedOn, i18n.language) || '—'}</Table.Td>
                <Table.Td>{formatDate(w.nextDueOn, i18n.language) || '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <CoverageBadge state={w.state} />
                    {w.daysOverdue ? (
                      <Text size="xs" c="red.8">
                        {t('coverage.daysOverdueValue', { days: formatNumber(w.daysOverdue) })}
                      </Text>
                    ) : null}
                  </Group>
                </Table.Td>
                {canPlan && (
                  <Table.Td>
                    <Button
                      component={Link}
                      to={`/visits/plan?organizationId=${w.organizationId}`}
                      size="compact-sm"
                      variant="light"
                      data-testid="worklist-plan"
                    >
                      {t('coverage.planVisit')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {data && items.length === 0 && <EmptyRow colSpan={canPlan ? 8 : 7}>{t('coverage.worklistEmpty')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && data.total > data.pageSize && (
        <Pager page={page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
      )}
    </Paper>
  );
}

export function CoveragePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const [asOf, setAsOf] = useState<string | null>(todayJst());
  const [groupBy, setGroupBy] = useState<CoverageGroupBy>('sector');
  const crossStation = me.role === 'hq' || me.role === 'admin';
  const [stationId, setStationId] = useState<string | null>(null);
  const { data: stations } = useStations(crossStation);
  const { data, error, refetch, isFetching } = useCoverage({
    asOf: asOf ?? undefined,
    groupBy,
    stationId: stationId ?? undefined,
  });

  // The server's label is Japanese: sectors and tiers are named in the user's language here,
  // municipalities and stations by the server. Labelled by the answer's own grouping, so the
  // previous answer shown while the next loads is not mislabelled.
  const groupLabel = (by: CoverageGroupBy, g: CoverageGroup): string => {
    if (g.key === null) return t('common.notSet');
    switch (by) {
      case 'sector':
        return labels.code('sector', g.key) || g.label;
      case 'tier':
        return t(`enums.tier.${g.key}`, { defaultValue: g.label });
      case 'municipality':
        return g.label || municipalityLabel(g.key);
      case 'station':
        return g.label;
    }
  };
  const groups = (data?.groups ?? []).map((g) => ({ ...g, label: groupLabel(data!.groupBy, g) }));
  const totals = data?.totals;
  const groupName = t(`coverage.groupBy${groupBy[0].toUpperCase()}${groupBy.slice(1)}`);

  return (
    <>
      <PageHeader
        title={t('coverage.title')}
        sub={
          data && (
            <Text size="sm" c="dimmed">
              {t('council.asOf', { date: formatDate(data.asOf, i18n.language) })}
            </Text>
          )
        }
      />
      <Group mb="md" align="flex-end" wrap="wrap">
        <DayInput label={t('coverage.asOf')} value={asOf} onChange={setAsOf} w={170} />
        <div>
          <Text size="sm" fw={500} id="groupby-label">
            {t('coverage.groupBy')}
          </Text>
          <SegmentedControl
            aria-labelledby="groupby-label"
            value={groupBy}
            onChange={(v) => setGroupBy(v as CoverageGroupBy)}
            data={[
              { value: 'sector', label: t('coverage.groupBySector') },
              { value: 'municipality', label: t('coverage.groupByMunicipality') },
              { value: 'tier', label: t('coverage.groupByTier') },
              ...(me.role === 'hq' || me.role === 'admin'
                ? [{ value: 'station', label: t('coverage.groupByStation') }]
                : []),
            ]}
          />
        </div>
        {crossStation && (
          <Select
            label={t('org.station')}
            data={(stations ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={stationId}
            onChange={setStationId}
            clearable
            placeholder={t('common.all')}
            w={220}
          />
        )}
        {isFetching && <Loader size="xs" aria-label={t('app.loading')} />}
      </Group>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}

      <SimpleGrid cols={{ base: 2, sm: 6 }} mb="md">
        <Stat label={t('coverage.organizations')} value={formatNumber(totals?.organizations ?? 0)} testId="cov-orgs" />
        <Stat label={t('coverage.reached')} value={formatNumber(totals?.reached ?? 0)} color="teal.8" testId="cov-reached" />
        <Stat label={t('coverage.overdue')} value={formatNumber(totals?.overdue ?? 0)} color="red.8" testId="cov-overdue" />
        <Stat label={t('coverage.never')} value={formatNumber(totals?.never ?? 0)} color="gray.7" testId="cov-never" />
        <Stat label={t('coverage.coverage')} value={formatPercent(coverageRatio(totals))} color="indigo.8" testId="cov-ratio" />
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed" fw={600}>
            {t('triage.coverageCandidates')}
          </Text>
          <Anchor
            component={Link}
            to={`/organizations?target=false${stationId ? `&stationId=${stationId}` : ''}`}
            size="xl"
            fw={700}
            c="gray.7"
            data-testid="cov-candidates"
          >
            {formatNumber(totals?.candidates ?? 0)}
          </Anchor>
          <Text size="xs" c="dimmed">
            {t('triage.coverageCandidatesHint')}
          </Text>
        </Card>
      </SimpleGrid>

      <Grid mb="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="md" component="section" aria-labelledby="breakdown-title">
            <Title order={2} size="h4" id="breakdown-title" mb="sm">
              {t('coverage.breakdownBy', { group: groupName })}
            </Title>
            {groups.length > 0 && (
              <BarChart
                h={Math.max(220, groups.length * 34)}
                data={groups}
                dataKey="label"
                type="stacked"
                orientation="vertical"
                yAxisProps={{ width: 140, interval: 0 }}
                xAxisProps={{ allowDecimals: false }}
                series={[
                  { name: 'reached', label: t('coverage.reached'), color: 'teal.7' },
                  { name: 'overdue', label: t('coverage.overdue'), color: 'red.7' },
                  { name: 'never', label: t('coverage.never'), color: 'gray.5' },
                ]}
                withLegend
                aria-label={t('coverage.chartLabel', { group: groupName })}
              />
            )}
            <Table.ScrollContainer minWidth={480} mt="sm">
              <Table striped withTableBorder fz="sm" data-testid="coverage-groups">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('coverage.group')}</Table.Th>
                    <Table.Th ta="right">{t('coverage.organizations')}</Table.Th>
                    <Table.Th ta="right">{t('coverage.reached')}</Table.Th>
                    <Table.Th ta="right">{t('coverage.overdue')}</Table.Th>
                    <Table.Th ta="right">{t('coverage.never')}</Table.Th>
                    <Table.Th ta="right">{t('coverage.coverage')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {groups.map((g) => (
                    <Table.Tr key={g.key ?? 'none'}>
                      <Table.Td>{g.label}</Table.Td>
                      <Table.Td ta="right">{formatNumber(g.organizations)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(g.reached)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(g.overdue)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(g.never)}</Table.Td>
                      <Table.Td ta="right">{formatPercent(coverageRatio(g))}</Table.Td>
                    </Table.Tr>
                  ))}
                  {data && groups.length === 0 && <EmptyRow colSpan={6}>{t('common.noData')}</EmptyRow>}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md" h="100%" component="section" aria-label={t('coverage.coverage')}>
            <Title order={2} size="h4" mb="sm">
              {t('coverage.coverage')}
            </Title>
            {totals && totals.organizations > 0 && (
              <Group justify="center">
                <DonutChart
                  size={180}
                  thickness={28}
                  withLabelsLine={false}
                  chartLabel={formatPercent(coverageRatio(totals))}
                  data={[
                    { name: t('coverage.reached'), value: totals.reached, color: 'teal.7' },
                    { name: t('coverage.overdue'), value: totals.overdue, color: 'red.7' },
                    { name: t('coverage.never'), value: totals.never, color: 'gray.5' },
                  ]}
                  aria-hidden="true"
                />
              </Group>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <Grid>
        <Grid.Col span={12}>
          <Trend stationId={stationId} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Worklist stationId={stationId} />
        </Grid.Col>
      </Grid>
    </>
  );
}
