import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  List,
  Modal,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { UploadProgress } from '../../api/client';
import type { ImportChange, ImportReport, Job } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatNumber } from '../../lib/format';
import { PossibleMatchesPanel } from '../duplicates/PossibleMatchesPanel';
import { importJobReport, isJobAccepted, useCancelJob, useImportJob, useRegisterImport } from './api';

const MAX_REJECTED_SHOWN = 500;
const CHANGE_KINDS = ['new', 'renamed', 'moved', 'closed'] as const;

const LINE_COUNT_CHUNK = 4 * 1024 * 1024;

function readChunk(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(blob);
  });
}

/** Lines of a text file (the register CSV has one record a line), read in slices; null for a zip. */
export async function countFileLines(file: Blob, name: string): Promise<number | null> {
  if (/\.zip$/i.test(name)) return null;
  let lines = 0;
  let last = 0x0a;
  for (let offset = 0; offset < file.size; offset += LINE_COUNT_CHUNK) {
    const bytes = new Uint8Array(await readChunk(file.slice(offset, offset + LINE_COUNT_CHUNK)));
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) lines++;
    if (bytes.length > 0) last = bytes[bytes.length - 1];
  }
  return last === 0x0a ? lines : lines + 1;
}

/** What the import changed, by kind, with the organizations' names and links (none in a dry run). */
export function ImportChangesView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const label = {
    new: t('import.changeNew'),
    renamed: t('import.changeRenamed'),
    moved: t('import.changeMoved'),
    closed: t('import.changeClosed'),
  };
  const byKind = (kind: ImportChange['kind']) => report.changes.filter((c) => c.kind === kind);
  const total = CHANGE_KINDS.reduce((n, k) => n + report.changeCounts[k], 0);
  if (total === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="import-no-changes">
        {t('import.noChanges')}
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="import-changes">
      <Title order={3} size="h4">
        {t('import.changesTitle')}
      </Title>
      {CHANGE_KINDS.filter((k) => report.changeCounts[k] > 0).map((kind) => {
        const items = byKind(kind);
        const more = report.changeCounts[kind] - items.length;
        return (
          <div key={kind} data-testid={`import-changes-${kind}`}>
            <Text size="sm" fw={600}>
              {label[kind]} ({formatNumber(report.changeCounts[kind])})
            </Text>
            <List size="sm" spacing={2}>
              {items.map((c) => (
                <List.Item key={`${kind}-${c.organizationId}`}>
                  {report.dryRun ? (
                    c.name
                  ) : (
                    <Anchor component={Link} to={`/organizations/${c.organizationId}`}>
                      {c.name}
                    </Anchor>
                  )}
                  {c.oldValue && kind !== 'closed' && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {t('import.changeWas', { value: c.oldValue })}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
            {more > 0 && (
              <Text size="xs" c="dimmed">
                {t('import.changeMore', { count: more })}
              </Text>
            )}
          </div>
        );
      })}
    </Stack>
  );
}

/** Asks before 取り込む: which file, its size and rows. */
function ConfirmImport({
  file,
  opened,
  onConfirm,
  onClose,
}: {
  file: File | null;
  opened: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    if (!opened || !file) return;
    let live = true;
    setRows(undefined);
    countFileLines(file, file.name)
      .then((n) => live && setRows(n))
      .catch(() => live && setRows(null));
    return () => {
      live = false;
    };
  }, [opened, file]);
  return (
    <Modal opened={opened} onClose={onClose} title={t('import.confirmTitle')} data-testid="import-confirm">
      <Stack>
        <Text size="sm">{t('import.confirmText')}</Text>
        {file && (
          <Table>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">{t('import.confirmFile')}</Table.Th>
                <Table.Td data-testid="import-confirm-file">{file.name}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('import.confirmSize')}</Table.Th>
                <Table.Td>{formatNumber(Math.max(1, Math.round(file.size / 1024)))} KB</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('import.confirmRows')}</Table.Th>
                <Table.Td data-testid="import-confirm-rows">
                  {rows === undefined
                    ? t('import.confirmRowsCounting')
                    : rows === null
                      ? t('import.confirmRowsUnknown')
                      : formatNumber(rows)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('import.confirmBack')}
          </Button>
          <Button color="teal" onClick={onConfirm} data-testid="import-confirm-run">
            {t('import.confirmRun')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ImportReportView({ report, dryRun }: { report: ImportReport; dryRun: boolean }) {
  const { t } = useTranslation();
  const counts: {
    key:
      | 'rows'
      | 'inserted'
      | 'updated'
      | 'unchanged'
      | 'closed'
      | 'skipped'
      | 'history'
      | 'archived'
      | 'possibleMatchCount';
    label: string;
    color?: string;
  }[] = [
    { key: 'rows', label: t('import.rows') },
    { key: 'inserted', label: t('import.inserted'), color: 'teal' },
    { key: 'updated', label: t('import.updated'), color: 'blue' },
    { key: 'unchanged', label: t('import.unchanged') },
    { key: 'closed', label: t('import.closed'), color: 'orange' },
    { key: 'skipped', label: t('import.skipped') },
    { key: 'history', label: t('import.history') },
    { key: 'archived', label: t('import.archived') },
    { key: 'possibleMatchCount', label: t('import.possibleMatchCount'), color: 'grape' },
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
      <ImportChangesView report={report} />
      {!dryRun && report.possibleMatchCount > 0 && <PossibleMatchesPanel importId={report.importId} />}
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

/** What the job is doing, in words: phase and, while merging, its step. */
function jobPhaseLabel(job: Job, t: ReturnType<typeof useTranslation>['t']): string {
  const { phase, step } = job.progress;
  if (job.status === 'queued' || phase === 'queued') return t('import.jobQueued');
  if (phase === 'counting') return t('import.jobCounting');
  if (phase === 'reading') return t('import.jobReading');
  if (step === 'classifying') return t('import.jobClassifying');
  if (step === 'search_text') return t('import.jobSearchText');
  if (step === 'writing') return t('import.jobWriting');
  if (step === 'indexes') return t('import.jobIndexes');
  return t('import.processing');
}

/**
 * A running import job: the phase, rows done of the total with a bar, the rate and the ETA of the
 * current step (polled every second), and a cancel button. Shows nothing once the job has ended.
 */
export function ImportJobProgress({
  job,
  onCancel,
  cancelling,
}: {
  job: Job;
  onCancel: () => void;
  cancelling: boolean;
}) {
  const { t } = useTranslation();
  const { done, total, rowsPerSecond, etaSeconds } = job.progress;
  // rows read, records prepared, records written (chunk by chunk): counted; the rest a striped bar
  const counted =
    total > 0 &&
    (job.progress.phase === 'reading' ||
      job.progress.step === 'search_text' ||
      job.progress.step === 'writing');
  const percent = counted ? Math.min(100, Math.floor((done * 100) / total)) : 100;
  const label = jobPhaseLabel(job, t);
  return (
    <div aria-live="polite" data-testid="import-job">
      <Group justify="space-between" mb={4}>
        <Text size="sm" data-testid="import-job-phase">
          {label}
        </Text>
        <Button
          size="xs"
          variant="light"
          color="red"
          onClick={onCancel}
          loading={cancelling}
          disabled={job.cancelRequested}
          data-testid="import-job-cancel"
        >
          {job.cancelRequested ? t('import.jobCancelling') : t('import.jobCancel')}
        </Button>
      </Group>
      <Progress
        value={percent}
        striped={!counted}
        animated={!counted}
        size="lg"
        aria-label={label}
        data-testid="import-job-progress"
      />
      {counted && (
        <Group gap="md" mt={2}>
          <Text size="xs" c="dimmed" data-testid="import-job-rows">
            {t('import.jobRows', { done: formatNumber(done), total: formatNumber(total) })}
          </Text>
          {!!rowsPerSecond && (
            <Text size="xs" c="dimmed" data-testid="import-job-rate">
              {t('import.jobRate', { rate: formatNumber(rowsPerSecond) })}
            </Text>
          )}
          {typeof etaSeconds === 'number' && (
            <Text size="xs" c="dimmed" data-testid="import-job-eta">
              {t('import.jobEta', { eta: formatNumber(etaSeconds) })}
            </Text>
          )}
        </Group>
      )}
    </div>
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
  const [jobId, setJobId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const job = useImportJob(jobId);
  const cancelJob = useCancelJob();
  const jobReport = job.data ? importJobReport(job.data) : null;
  const jobRunning =
    job.data !== undefined && (job.data.status === 'queued' || job.data.status === 'running');

  const run = async (dryRun: boolean) => {
    if (!file || running) return;
    abort.current = new AbortController();
    setRunning(dryRun ? 'dry' : 'real');
    setProgress({ loaded: 0, total: file.size, ratio: 0, processing: false });
    setError(null);
    setResult(null);
    setJobId(null);
    try {
      // The import itself runs as a job (progress, cancel); the dry run answers at once unless the
      // file is past the server's size threshold, when it is a job too.
      const answer = await registerImport.mutateAsync({
        fields: { file, dryRun: dryRun ? 'true' : 'false', ...(dryRun ? {} : { async: 'true' }) },
        onProgress: setProgress,
        signal: abort.current.signal,
      });
      if (isJobAccepted(answer)) setJobId(answer.jobId);
      else setResult({ report: answer, dryRun: answer.dryRun });
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
      <ConfirmImport
        file={file}
        opened={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void run(false);
        }}
      />
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
              setJobId(null);
            }}
            clearable
            disabled={running !== null || jobRunning}
            data-testid="import-file"
          />
          <Group>
            <Button
              onClick={() => void run(true)}
              disabled={!file || running !== null || jobRunning}
              loading={running === 'dry'}
            >
              {t('import.dryRun')}
            </Button>
            <Button
              color="teal"
              onClick={() => setConfirming(true)}
              disabled={!file || running !== null || jobRunning}
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
          {job.data && jobRunning && (
            <ImportJobProgress
              job={job.data}
              onCancel={() => cancelJob.mutate(job.data.id)}
              cancelling={cancelJob.isPending}
            />
          )}
          {job.data?.status === 'cancelled' && (
            <Alert color="gray" role="status" data-testid="import-job-cancelled">
              {t('import.jobCancelled')}
            </Alert>
          )}
          {job.data?.status === 'failed' && (
            <Alert color="red" role="alert" title={t('import.jobFailed')} data-testid="import-job-failed">
              {job.data.error?.message}
            </Alert>
          )}
          {cancelJob.error ? <ErrorAlert error={cancelJob.error} /> : null}
          {job.error ? <ErrorAlert error={job.error} /> : null}
          {error ? <ErrorAlert error={error} /> : null}
          {jobReport && (
            <>
              <Alert color={jobReport.dryRun ? 'blue' : 'teal'} role="status">
                {jobReport.dryRun ? t('import.dryRunDone') : t('import.done')}
              </Alert>
              <ImportReportView report={jobReport} dryRun={jobReport.dryRun} />
            </>
          )}
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
