import {
  Alert,
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadProgress } from '../../api/client';
import type { ImportReport } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { useRegisterImport } from './api';

const MAX_REJECTED_SHOWN = 500;

export function ImportReportView({ report, dryRun }: { report: ImportReport; dryRun: boolean }) {
  const { t } = useTranslation();
  const counts: {
    key: 'rows' | 'inserted' | 'updated' | 'unchanged' | 'closed' | 'skipped';
    label: string;
    color?: string;
  }[] = [
    { key: 'rows', label: t('import.rows') },
    { key: 'inserted', label: t('import.inserted'), color: 'teal' },
    { key: 'updated', label: t('import.updated'), color: 'blue' },
    { key: 'unchanged', label: t('import.unchanged') },
    { key: 'closed', label: t('import.closed'), color: 'orange' },
    { key: 'skipped', label: t('import.skipped') },
  ];
  const rejected = report.rejected;
  return (
    <Stack gap="sm" data-testid="import-report">
      <Title order={2} size="h3">
        {dryRun ? t('import.dryRunReport') : t('import.report')}
      </Title>
      <Table withTableBorder maw={520}>
        <Table.Tbody>
          {counts.map((c) => (
            <Table.Tr key={c.key}>
              <Table.Th scope="row">{c.label}</Table.Th>
              <Table.Td ta="right" c={c.color} fw={600} data-testid={`import-${c.key}`}>
                {formatNumber(report[c.key])}
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row">{t('import.rejected')}</Table.Th>
            <Table.Td
              ta="right"
              c={report.rejectedCount ? 'red.8' : undefined}
              fw={600}
              data-testid="import-rejected"
            >
              {formatNumber(report.rejectedCount)}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {rejected.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('import.noRejected')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={400} mah={400}>
          <Table striped withTableBorder stickyHeader>
            <Table.Caption>{t('import.rejected')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>{t('import.line')}</Table.Th>
                <Table.Th>{t('import.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rejected.slice(0, MAX_REJECTED_SHOWN).map((r, i) => (
                <Table.Tr key={`${r.line}-${i}`}>
                  <Table.Td ta="right">{r.line}</Table.Td>
                  <Table.Td>{r.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {report.rejectedCount > Math.min(rejected.length, MAX_REJECTED_SHOWN) && (
            <Text size="xs" c="dimmed">
              … {formatNumber(report.rejectedCount - Math.min(rejected.length, MAX_REJECTED_SHOWN))}
            </Text>
          )}
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export function ImportPage() {
  const { t } = useTranslation();
  const registerImport = useRegisterImport();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [running, setRunning] = useState<'dry' | 'real' | null>(null);
  const [result, setResult] = useState<{ report: ImportReport; dryRun: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file || running) return;
    abort.current = new AbortController();
    setRunning(dryRun ? 'dry' : 'real');
    setProgress({ loaded: 0, total: file.size, ratio: 0, processing: false });
    setError(null);
    setResult(null);
    try {
      const report = await registerImport.mutateAsync({
        fields: { file, dryRun: dryRun ? 'true' : 'false' },
        onProgress: setProgress,
        signal: abort.current.signal,
      });
      setResult({ report, dryRun: report.dryRun });
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
    } finally {
      setRunning(null);
      setProgress(null);
      abort.current = null;
    }
  };

  const percent =
    progress?.ratio !== null && progress?.ratio !== undefined ? Math.round(progress.ratio * 100) : 0;

  return (
    <>
      <PageHeader title={t('import.title')} />
      <Paper withBorder p="md" maw={900}>
        <Stack>
          <Text size="sm">{t('import.intro')}</Text>
          <FileInput
            label={t('import.file')}
            placeholder={t('import.filePlaceholder')}
            accept=".csv,.txt,.zip,text/csv,application/zip"
            value={file}
            onChange={(f) => {
              setFile(f);
              setResult(null);
            }}
            clearable
            disabled={running !== null}
            data-testid="import-file"
          />
          <Group>
            <Button
              onClick={() => void run(true)}
              disabled={!file || running !== null}
              loading={running === 'dry'}
            >
              {t('import.dryRun')}
            </Button>
            <Button
              color="teal"
              onClick={() => void run(false)}
              disabled={!file || running !== null}
              loading={running === 'real'}
            >
              {t('import.run')}
            </Button>
            {running && (
              <Button variant="subtle" color="red" onClick={() => abort.current?.abort()}>
                {t('import.cancel')}
              </Button>
            )}
          </Group>
          {progress && (
            <div aria-live="polite">
              <Text size="sm" mb={4}>
                {progress.processing ? t('import.processing') : t('import.uploading', { percent })}
              </Text>
              <Progress
                value={progress.processing ? 100 : percent}
                striped={progress.processing}
                animated={progress.processing}
                size="lg"
                aria-label={progress.processing ? t('import.processing') : t('import.uploading', { percent })}
                data-testid="import-progress"
              />
              {!progress.processing && progress.total > 0 && (
                <Text size="xs" c="dimmed" mt={2}>
                  {formatNumber(Math.round(progress.loaded / 1024))} /{' '}
                  {formatNumber(Math.round(progress.total / 1024))} KB
                </Text>
              )}
            </div>
          )}
          {error ? <ErrorAlert error={error} /> : null}
          {result && (
            <>
              <Alert color={result.dryRun ? 'blue' : 'teal'} role="status">
                {result.dryRun ? t('import.dryRunDone') : t('import.done')}
              </Alert>
              <SimpleGrid cols={1}>
                <ImportReportView report={result.report} dryRun={result.dryRun} />
              </SimpleGrid>
            </>
          )}
        </Stack>
      </Paper>
    </>
  );
}
