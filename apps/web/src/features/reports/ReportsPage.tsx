import {
  Button,
  Checkbox,
  Divider,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { enumOptions, useLabels, useMunicipalityOptions } from '../../api/reference';
import { useMe } from '../../auth/AuthContext';
import { DayInput } from '../../components/DayInput';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { todayJst, type Period } from '../../lib/format';
import { isManager } from '../../lib/roles';
import {
  organizationExportFile,
  periodReportFile,
  consultationExportFile,
  seminarExportFile,
  strategyTableFile,
  usePeriodReport,
  visitExportFile,
  type Encoding,
  type OrganizationExportFilters,
} from './api';
import { PeriodPicker } from './PeriodPicker';
import { PeriodReportView } from './PeriodReportView';
import { StrategyTasksPanel } from './StrategyTasks';

const NO_FILTERS: OrganizationExportFilters = {
  sector: null,
  tier: null,
  municipality: null,
  coverage: null,
  status: null,
};

/** The period report on screen (tables and bars, as in the XLSX/PDF), read when asked for. */
function ReportPreview({ period }: { period: Period }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(false);
  const { data, error, isFetching } = usePeriodReport(period, asked);
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="subtle" onClick={() => setAsked(true)} loading={isFetching}>
          {t('reports.preview')}
        </Button>
      </Group>
      {error ? <ErrorAlert error={error} /> : null}
      {data && <PeriodReportView report={data} />}
    </Stack>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const municipalities = useMunicipalityOptions();
  const [period, setPeriodState] = useState<Period | null>(null);
  const setPeriod = useCallback((p: Period | null) => setPeriodState(p), []);
  const [asOf, setAsOf] = useState<string | null>(todayJst());
  const [encoding, setEncoding] = useState<Encoding>('utf8');
  const [orgFilters, setOrgFilters] = useState<OrganizationExportFilters>(NO_FILTERS);
  const [includePersonal, setIncludePersonal] = useState(false);
  const [reason, setReason] = useState('');
  const manager = isManager(me.role);
  // administrators keep the strategy tasks; the period report and exports are station and hq work
  const periodAllowed = me.role !== 'admin';
  const showExports = me.role !== 'admin';
  const strategyAllowed = me.role === 'manager' || me.role === 'hq' || me.role === 'admin';
  const personalOk = !includePersonal || reason.trim().length > 0;
  const personal = includePersonal ? { reason } : null;
  const stamp = todayJst().replace(/-/g, '');
  const filter =
    <K extends keyof OrganizationExportFilters>(key: K) =>
    (v: string | null) =>
      setOrgFilters((f) => ({ ...f, [key]: v as OrganizationExportFilters[K] }));

  return (
    <>
      <PageHeader title={t('reports.title')} />
      <Stack gap="md" maw={1000}>
        {periodAllowed && (
          <Paper withBorder p="md" component="section" aria-labelledby="period-report">
            <Title order={2} size="h4" id="period-report">
              {t('reports.periodReport')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t('reports.periodReportHint')}
            </Text>
            <PeriodPicker onChange={setPeriod} />
            <Group mt="md">
              {(['xlsx', 'pdf', 'json'] as const).map((format) => (
                <DownloadButton
                  key={format}
                  {...(period
                    ? periodReportFile(period, format)
                    : { path: '/reports/period', filename: `period-report.${format}` })}
                  disabled={!period}
                  variant={format === 'json' ? 'subtle' : 'light'}
                >
                  {format.toUpperCase()}
                </DownloadButton>
              ))}
            </Group>
            {period && <ReportPreview key={`${period.from}-${period.to}`} period={period} />}
          </Paper>
        )}

        {strategyAllowed && (
          <Paper withBorder p="md" component="section" aria-labelledby="strategy-table">
            <Title order={2} size="h4" id="strategy-table">
              {t('reports.strategyTable')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t('reports.strategyTableHint')}
            </Text>
            <Group align="flex-end">
              <DayInput label={t('reports.asOf')} value={asOf} onChange={setAsOf} w={180} />
              {(['xlsx', 'pdf', 'docx'] as const).map((format) => (
                <DownloadButton
                  key={format}
                  {...(asOf
                    ? strategyTableFile(asOf, format)
                    : { path: '/reports/strategy-table', filename: `strategy-table.${format}` })}
                  disabled={!asOf}
                >
                  {format.toUpperCase()}
                </DownloadButton>
              ))}
            </Group>
            <StrategyTasksPanel />
          </Paper>
        )}

        {showExports && (
          <Paper withBorder p="md" component="section" aria-labelledby="exports">
            <Title order={2} size="h4" id="exports" mb="sm">
              {t('reports.exports')}
            </Title>
            <Radio.Group
              label={t('reports.encoding')}
              value={encoding}
              onChange={(v) => setEncoding(v as Encoding)}
              mb="sm"
            >
              <Group mt={4}>
                <Radio value="utf8" label={t('reports.utf8')} />
                <Radio value="shift_jis" label={t('reports.shiftJis')} />
              </Group>
            </Radio.Group>
            <Divider my="sm" />
            <Title order={3} size="h5" mb="xs">
              {t('reports.orgExport')}
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 5 }} mb="sm">
              <Select
                label={t('org.sector')}
                data={labels.codeOptions('sector')}
                value={orgFilters.sector}
                onChange={filter('sector')}
                clearable
                placeholder={t('common.all')}
              />
              <Select
                label={t('org.tier')}
                data={enumOptions(t, 'tier', ['A', 'B', 'C'])}
                value={orgFilters.tier}
                onChange={filter('tier')}
                clearable
                placeholder={t('common.all')}
              />
              <Select
                label={t('org.municipality')}
                data={municipalities}
                value={orgFilters.municipality}
                onChange={filter('municipality')}
                clearable
                placeholder={t('common.all')}
              />
              <Select
                label={t('org.coverage')}
                data={enumOptions(t, 'coverage', ['reached', 'overdue', 'never'])}
                value={orgFilters.coverage}
                onChange={filter('coverage')}
                clearable
                placeholder={t('common.all')}
              />
              <Select
                label={t('org.status')}
                data={enumOptions(t, 'orgStatus', ['active', 'closed', 'archived'])}
                value={orgFilters.status}
                onChange={filter('status')}
                clearable
                placeholder={t('common.all')}
              />
            </SimpleGrid>
            {manager && (
              <Stack gap={4} mb="sm">
                <Checkbox
                  label={t('reports.includePersonal')}
                  checked={includePersonal}
                  onChange={(e) => setIncludePersonal(e.currentTarget.checked)}
                />
                {includePersonal && (
                  <Textarea
                    label={t('reports.personalReason')}
                    description={t('reports.personalReasonHint')}
                    required
                    value={reason}
                    onChange={(e) => setReason(e.currentTarget.value)}
                    error={!personalOk ? t('validation.reason') : undefined}
                    autosize
                    minRows={2}
                  />
                )}
              </Stack>
            )}
            <Group mb="md">
              {(['csv', 'xlsx'] as const).map((format) => (
                <DownloadButton
                  key={format}
                  {...organizationExportFile(format, orgFilters, encoding, personal, stamp)}
                  disabled={!personalOk}
                >
                  {format.toUpperCase()}
                </DownloadButton>
              ))}
            </Group>
            <Title order={3} size="h5" mb="xs">
              {t('reports.visitExport')}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('reports.visitExportHint')}
            </Text>
            <Group>
              {(['csv', 'xlsx'] as const).map((format) => (
                <DownloadButton
                  key={format}
                  {...(period
                    ? visitExportFile(format, period, encoding)
                    : { path: `/exports/visits.${format}`, filename: `visits.${format}` })}
                  disabled={!period}
                >
                  {format.toUpperCase()}
                </DownloadButton>
              ))}
            </Group>
            <Title order={3} size="h5" mt="md" mb="xs">
              {t('reports.seminarExport')}
            </Title>
            <Group>
              {(['csv', 'xlsx'] as const).map((format) => (
                <DownloadButton
                  key={format}
                  {...(period
                    ? seminarExportFile(format, period, encoding)
                    : { path: `/exports/seminars.${format}`, filename: `seminars.${format}` })}
                  disabled={!period}
                >
                  {format.toUpperCase()}
                </DownloadButton>
              ))}
            </Group>
            <Title order={3} size="h5" mt="md" mb="xs">
              {t('reports.consultationExport')}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('reports.consultationExportHint')}
            </Text>
            <Group>
              {(['csv', 'xlsx'] as const).map((format) => (
                <DownloadButton
                  key={format}
                  {...(period
                    ? consultationExportFile(format, period, encoding)
                    : { path: `/exports/consultations.${format}`, filename: `consultations.${format}` })}
                  disabled={!period}
                >
                  {format.toUpperCase()}
                </DownloadButton>
              ))}
            </Group>
          </Paper>
        )}
      </Stack>
    </>
  );
}
