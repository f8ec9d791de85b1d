import {
  Alert,
  Button,
  CloseButton,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  type ButtonProps,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type QueryParams } from '../api/client';
import type { Job } from '../api/types';
import {
  downloadOrJob,
  fileJobResult,
  saveJobFile,
  useCancelFileJob,
  useFileJob,
} from '../features/exports/api';
import { formatDateTime, formatNumber } from '../lib/format';
import { notifyError, notifySuccess } from '../lib/notify';

const bytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

/**
 * Fetches a file with the user's token and saves it; the browser never sees a bare URL. A large
 * export or report answers 202 {jobId}: the server makes the file as a job, shown here with its
 * progress (rows done / total, ETA) and キャンセル, then offered to save until it expires.
 */
export function DownloadButton({
  path,
  params,
  filename,
  children,
  disabled,
  ...rest
}: ButtonProps & {
  path: string;
  params?: QueryParams;
  filename: string;
  children: React.ReactNode;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    // a file that takes a while (a year's export, a long report) says it is being made
    const slow = window.setTimeout(
      () =>
        notifications.show({
          id: `download-${filename}`,
          loading: true,
          title: t('common.preparingFile'),
          message: filename,
          autoClose: false,
          withCloseButton: false,
        }),
      1500,
    );
    try {
      const answer = await downloadOrJob(path, params, filename);
      if (answer.kind === 'job') setJobId(answer.jobId);
      else notifySuccess(t('common.downloaded', { name: answer.name }));
    } catch (err) {
      notifyError(err, t);
    } finally {
      window.clearTimeout(slow);
      notifications.hide(`download-${filename}`);
      setBusy(false);
    }
  };
  const button = (
    <Button
      variant="light"
      loading={busy}
      disabled={disabled || jobId !== null}
      onClick={() => void run()}
      {...rest}
    >
      {children}
    </Button>
  );
  if (!jobId) return button;
  return (
    <Stack gap={4} style={{ minWidth: 260 }}>
      {button}
      <FileJobPanel jobId={jobId} filename={filename} onClose={() => setJobId(null)} />
    </Stack>
  );
}

function FileJobPanel({
  jobId,
  filename,
  onClose,
}: {
  jobId: string;
  filename: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { data: job, error } = useFileJob(jobId);
  const cancel = useCancelFileJob();
  const [saving, setSaving] = useState(false);
  const [expired, setExpired] = useState(false);
  const result = fileJobResult(job);
  const ended = job && job.status !== 'queued' && job.status !== 'running';
  const save = async () => {
    if (!result) return;
    setSaving(true);
    try {
      const name = await saveJobFile(jobId, result.file.name || filename);
      notifySuccess(t('common.downloaded', { name }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) setExpired(true);
      else notifyError(err, t);
    } finally {
      setSaving(false);
    }
  };
  const isExpired = expired || (result !== null && new Date(result.file.expiresAt).getTime() <= Date.now());
  return (
    <Paper withBorder p="xs" radius="sm" aria-live="polite" data-testid="file-job">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Text size="xs" c="dimmed">
          {t('fileJob.started')}
        </Text>
        {ended && <CloseButton size="sm" aria-label={t('fileJob.close')} onClick={onClose} />}
      </Group>
      {error && (
        <Text size="sm" c="red" mt={4}>
          {error.message}
        </Text>
      )}
      {job && !ended && (
        <JobProgress
          job={job}
          cancelling={cancel.isPending}
          onCancel={() => cancel.mutate(jobId, { onError: (err) => notifyError(err, t) })}
        />
      )}
      {job?.status === 'cancelled' && (
        <Text size="sm" mt={4} data-testid="file-job-cancelled">
          {t('fileJob.cancelled')}
        </Text>
      )}
      {job?.status === 'failed' && (
        <Alert color="red" mt={4} p="xs">
          {t('fileJob.failed', { message: job.error?.message ?? '' })}
        </Alert>
      )}
      {result && isExpired && (
        <Alert color="yellow" mt={4} p="xs" data-testid="file-job-expired">
          {t('fileJob.expired')}
        </Alert>
      )}
      {result && !isExpired && (
        <Stack gap={4} mt={4}>
          <Text size="sm" data-testid="file-job-ready">
            {t('fileJob.ready', { size: bytes(result.file.size) })}
          </Text>
          <Group gap="xs">
            <Button size="xs" onClick={() => void save()} loading={saving} data-testid="file-job-save">
              {t('fileJob.save')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('fileJob.expiresAt', { at: formatDateTime(result.file.expiresAt, i18n.language) })}
            </Text>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}

function JobProgress({ job, onCancel, cancelling }: { job: Job; onCancel: () => void; cancelling: boolean }) {
  const { t } = useTranslation();
  const { done, total, etaSeconds, phase } = job.progress;
  const counted = total > 0 && phase === 'writing';
  const percent = counted ? Math.min(100, Math.floor((done * 100) / total)) : 100;
  const label =
    job.status === 'queued' || phase === 'queued'
      ? t('fileJob.queued')
      : phase === 'counting'
        ? t('fileJob.counting')
        : t('fileJob.writing');
  return (
    <Stack gap={2} mt={4}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" data-testid="file-job-phase">
          {label}
        </Text>
        <Button
          size="xs"
          variant="light"
          color="red"
          onClick={onCancel}
          loading={cancelling}
          disabled={job.cancelRequested}
          data-testid="file-job-cancel"
        >
          {job.cancelRequested ? t('fileJob.cancelling') : t('fileJob.cancel')}
        </Button>
      </Group>
      <Progress
        value={percent}
        striped={!counted}
        animated={!counted}
        aria-label={label}
        data-testid="file-job-progress"
      />
      {counted && (
        <Group gap="md">
          <Text size="xs" c="dimmed" data-testid="file-job-rows">
            {t('fileJob.rows', { done: formatNumber(done), total: formatNumber(total) })}
          </Text>
          {typeof etaSeconds === 'number' && (
            <Text size="xs" c="dimmed" data-testid="file-job-eta">
              {t('fileJob.eta', { eta: formatNumber(etaSeconds) })}
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}
