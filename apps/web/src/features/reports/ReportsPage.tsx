import {
  Button,
  Checkbox,
  Code,
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
import { api } from '../../api/client';
import { enumOptions, useLabels, useMunicipalityOptions } from '../../api/reference';
import { useMe } from '../../auth/AuthContext';
import { DayInput } from '../../components/DayInput';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { todayJst, type Period } from '../../lib/format';
import { isManager } from '../../lib/roles';
import { PeriodPicker } from './PeriodPicker';

type Encoding = 'utf8' | 'shift_jis';

function JsonPreview({ period }: { period: Period }) {
  const { t } = useTranslation();
  const [data, setData] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      setData(await api.get('/reports/period', { ...period, format: 'json' }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="subtle" onClick={() => void load()} loading={busy}>
          {t('reports.preview')}
        </Button>
      </Group>
      {error ? <ErrorAlert error={error} /> : null}
      {data !== null && (
        <Code block mah={360} style={{ overflow: 'auto' }} data-testid="period-json">
          {JSON.stringify(data, null, 2)}
        </Code>
      )}
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
  const [orgFilters, setOrgFilters] = useState<Record<string, string | null>>({});
  const [includePersonal, setIncludePersonal] = useState(false);
  const [reason, setReason] = useState('');
  const manager = isManager(me.role);
  const showExports = me.role !== 'admin';
  const strategyAllowed = me.role === 'manager' || me.role === 'hq' || me.role === 'admin';
  const personalOk = !includePersonal || reason.trim().length > 0;
  const personalParams = includePersonal ? { includePersonal: 'true', reason: reason.trim() } : {};
  const stamp = todayJst().replace(/-/g, '');

  return (
    <>
      <PageHeader title={t('reports.title')} />
      <Stack gap="md" maw={1000}>
        <Paper withBorder p="md" component="section" aria-labelledby="period-report">
          <Title order={2} size="h4" id="period-report">
            {t('reports.periodReport')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('reports.periodReportHint')}
          </Text>
          <PeriodPicker onChange={setPeriod} />
          <Group mt="md">
            <DownloadButton
              path="/reports/period"
              params={period ? { ...period, format: 'xlsx' } : undefined}
              filename={`period-report-${period?.from}-${period?.to}.xlsx`}
              disabled={!period}
            >
              XLSX
            </DownloadButton>
            <DownloadButton
              path="/reports/period"
              params={period ? { ...period, format: 'pdf' } : undefined}
              filename={`period-report-${period?.from}-${period?.to}.pdf`}
              disabled={!period}
            >
              PDF
            </DownloadButton>
            <DownloadButton
              path="/reports/period"
              params={period ? { ...period, format: 'json' } : undefined}
              filename={`period-report-${period?.from}-${period?.to}.json`}
              disabled={!period}
              variant="subtle"
            >
              JSON
            </DownloadButton>
          </Group>
          {period && <JsonPreview key={`${period.from}-${period.to}`} period={period} />}
        </Paper>

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
              <DownloadButton
                path="/reports/strategy-table"
                params={{ asOf: asOf ?? undefined, format: 'xlsx' }}
                filename={`strategy-table-${asOf}.xlsx`}
                disabled={!asOf}
              >
                XLSX
              </DownloadButton>
              <DownloadButton
                path="/reports/strategy-table"
                params={{ asOf: asOf ?? undefined, format: 'pdf' }}
                filename={`strategy-table-${asOf}.pdf`}
                disabled={!asOf}
              >
                PDF
              </DownloadButton>
            </Group>
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
                value={orgFilters.sector ?? null}
                onChange={(v) => setOrgFilters((f) => ({ ...f, sector: v }))}
                clearable
                placeholder={t('common.all')}
              />
              <Select
                label={t('org.tier')}
                data={enumOptions(t, 'tier', ['A', 'B', 'C'])}
                value={orgFilters.tier ?? null}
                onChange={(v) => setOrgFilters((f) => ({ ...f, tier: v }))}
                clearable
                placeholder={t('common.all')}
              />
              <Select
                label={t('org.municipality')}
                data={municipalities}
                value={orgFilters.municipality ?? null}
                onChange={(v) => setOrgFilters((f) => ({ ...f, municipality: v }))}
                clearable
                placeholder={t('common.all')}
              />
              <Select
                label={t('org.coverage')}
                data={enumOptions(t, 'coverage', ['reached', 'overdue', 'never'])}
                value={orgFilters.coverage ?? null}
                onChange={(v) => setOrgFilters((f) => ({ ...f, coverage: v }))}
                clearable
                placeholder={t('common.all')}
              />
              <Select
                label={t('org.status')}
                data={enumOptions(t, 'orgStatus', ['active', 'closed', 'archived'])}
                value={orgFilters.status ?? null}
                onChange={(v) => setOrgFilters((f) => ({ ...f, status: v }))}
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
              <DownloadButton
                path="/exports/organizations.csv"
                params={{ ...orgFilters, encoding, ...personalParams }}
                filename={`organizations-${stamp}.csv`}
                disabled={!personalOk}
              >
                CSV
              </DownloadButton>
              <DownloadButton
                path="/exports/organizations.xlsx"
                params={{ ...orgFilters, ...personalParams }}
                filename={`organizations-${stamp}.xlsx`}
                disabled={!personalOk}
              >
                XLSX
              </DownloadButton>
            </Group>
            <Title order={3} size="h5" mb="xs">
              {t('reports.visitExport')}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('reports.visitExportHint')}
            </Text>
            <Group>
              <DownloadButton
                path="/exports/visits.csv"
                params={{ ...(period ?? {}), encoding }}
                filename={`visits-${period?.from ?? ''}-${period?.to ?? ''}.csv`}
                disabled={!period}
              >
                CSV
              </DownloadButton>
              <DownloadButton
                path="/exports/visits.xlsx"
                params={{ ...(period ?? {}) }}
                filename={`visits-${period?.from ?? ''}-${period?.to ?? ''}.xlsx`}
                disabled={!period}
              >
                XLSX
              </DownloadButton>
            </Group>
          </Paper>
        )}
      </Stack>
    </>
  );
}
