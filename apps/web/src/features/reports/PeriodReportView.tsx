import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../lib/format';
import type { PeriodReport } from './api';

interface Row {
  key: string | null;
  label: string;
  count: number;
}

/** Figures with a bar each, as the XLSX's chart shows them (the longest bar is the largest count). */
function CountTable({ title, rows, unit }: { title: string; rows: Row[]; unit: string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <Stack gap={4}>
      <Title order={4} size="h5">
        {title}
      </Title>
      <Table withTableBorder fz="sm" aria-label={title} data-no-cards>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reports.view.item')}</Table.Th>
            <Table.Th ta="right" w={90}>
              {unit}
            </Table.Th>
            <Table.Th w="40%" visibleFrom="sm" aria-hidden />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key ?? r.label}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.count)}</Table.Td>
              <Table.Td visibleFrom="sm" aria-hidden>
                <div className="report-bar" style={{ width: `${(r.count / max) * 100}%` }} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Figure({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="xl">
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      )}
    </Paper>
  );
}

/**
 * The period report on screen as the officials read it — 令和N年度, the figures, each breakdown as
 * a table with bars, hq's stations side by side — instead of the API's JSON.
 */
export function PeriodReportView({ report }: { report: PeriodReport }) {
  const { t } = useTranslation();
  const n = formatNumber;
  const cov = report.organizations.coverageAtEnd;
  // each breakdown of the report, in the XLSX's order: its heading and its rows
  const breakdowns: [string, Row[]][] = [
    ['reports.view.bySector', report.visits.bySector],
    ['reports.view.byTopic', report.visits.byTopic],
    ['reports.view.byMunicipality', report.visits.byMunicipality],
    ['reports.view.seminarsByKind', report.seminars.byKind],
    ['reports.view.consultationsByCategory', report.consultations.byCategory],
    ['reports.view.jointByPartner', report.jointVisits.byPartner],
    ['reports.view.activitiesByKind', report.activities.byKind],
  ];
  return (
    <Stack gap="md" data-testid="period-view" className="period-report-view">
      <div>
        <Title order={3} size="h4">
          {report.period.label}
          {report.stationName ? ` ${report.stationName}` : ` ${t('reports.view.allStations')}`}
        </Title>
        <Text size="xs" c="dimmed">
          {report.period.range}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing="sm">
        <Figure
          label={t('reports.view.visits')}
          value={`${n(report.visits.total)}${t('reports.view.cases')}`}
          sub={t('reports.view.organizationsVisited', { count: report.visits.organizations })}
        />
        <Figure
          label={t('reports.view.reached')}
          value={`${n(report.organizations.reached)}${t('reports.view.firms')}`}
        />
        <Figure
          label={t('reports.view.coverageAtEnd')}
          value={formatPercent(cov.coverage)}
          sub={t('reports.view.coverageDetail', {
            reached: n(cov.reached),
            total: n(cov.organizations),
          })}
        />
        <Figure
          label={t('reports.view.seminars')}
          value={`${n(report.seminars.count)}${t('reports.view.times')}`}
          sub={t('reports.view.attendees', { count: report.seminars.attendees })}
        />
        <Figure
          label={t('reports.view.consultations')}
          value={`${n(report.consultations.total)}${t('reports.view.cases')}`}
          sub={t('reports.view.escalated', { count: report.consultations.escalated })}
        />
        <Figure
          label={t('reports.view.followUps')}
          value={`${n(report.followUps.done)} / ${n(report.followUps.opened)}`}
          sub={t('reports.view.followUpsOverdue', { count: report.followUps.overdue })}
        />
        <Figure
          label={t('reports.view.jointVisits')}
          value={`${n(report.jointVisits.total)}${t('reports.view.cases')}`}
        />
        <Figure
          label={t('reports.view.activities')}
          value={`${n(report.activities.total)}${t('reports.view.cases')}`}
          sub={t('reports.view.liaisons', { count: report.liaisons.count })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {breakdowns.map(([titleKey, rows]) => (
          <CountTable key={titleKey} title={t(titleKey)} rows={rows} unit={t('reports.view.count')} />
        ))}
      </SimpleGrid>
      {report.byStation && report.byStation.length > 0 && (
        <Stack gap={4}>
          <Title order={4} size="h5">
            {t('reports.view.byStation')}
          </Title>
          <Table.ScrollContainer minWidth={720}>
            <Table withTableBorder fz="sm" aria-label={t('reports.view.byStation')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reports.view.station')}</Table.Th>
                  <Table.Th ta="right">{t('reports.view.visits')}</Table.Th>
                  <Table.Th ta="right">{t('reports.view.jointVisits')}</Table.Th>
                  <Table.Th ta="right">{t('reports.view.reached')}</Table.Th>
                  <Table.Th ta="right">{t('reports.view.seminars')}</Table.Th>
                  <Table.Th ta="right">{t('reports.view.consultations')}</Table.Th>
                  <Table.Th ta="right">{t('reports.view.activities')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.byStation.map((s) => (
                  <Table.Tr key={s.stationId}>
                    <Table.Td>{s.stationName}</Table.Td>
                    <Table.Td ta="right">{n(s.visits)}</Table.Td>
                    <Table.Td ta="right">{n(s.jointVisits)}</Table.Td>
                    <Table.Td ta="right">{n(s.organizationsReached)}</Table.Td>
                    <Table.Td ta="right">
                      {n(s.seminars)}
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({n(s.seminarAttendees)})
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{n(s.consultations)}</Table.Td>
                    <Table.Td ta="right">{n(s.activities)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
      <Group>
        <Text size="xs" c="dimmed">
          {t('reports.view.note')}
        </Text>
      </Group>
    </Stack>
  );
}
