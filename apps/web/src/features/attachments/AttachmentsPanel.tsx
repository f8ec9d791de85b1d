import '@mantine/dropzone/styles.css';
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  CloseButton,
  FileButton,
  Group,
  Loader,
  type MantineSpacing,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadProgress } from '../../api/client';
import type { Attachment } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import {
  downloadAttachment,
  useAttachments,
  useDeleteAttachment,
  useUploadAttachment,
  type AttachmentOwner,
} from './api';
import { attachmentErrorMessage, formatFileSize } from './attachmentErrors';

/**
 * What the file picker offers: the kinds the server accepts (it judges the content, so this only
 * guides the picker). `image/*` lets a phone offer its camera and photo library as well.
 */
export const ATTACHMENT_ACCEPT = [
  'application/pdf',
  'image/*',
  'image/jpeg',
  'image/png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'text/plain',
  '.pdf',
  '.jpg',
  '.jpeg',
  '.png',
  '.docx',
  '.xlsx',
  '.pptx',
  '.txt',
].join(',');

const MB = 1024 * 1024;

interface Failure {
  name: string;
  message: string;
}

/**
 * The files of a visit, seminar or council meeting: the list (name, size, date) with download and
 * delete (after a confirmation; only where the server says `deletable`), and, for those who may
 * add files, a drop zone, a file button and a camera button (a phone opens the camera directly).
 * Several files go one after another, each with its progress; a refused one says why (type, size)
 * and the others still go.
 */
export function AttachmentsPanel({
  owner,
  id,
  canUpload,
  mt,
}: {
  owner: AttachmentOwner;
  id: string;
  /** whether the caller may add files (the server checks again) */
  canUpload: boolean;
  /** space above, where the panel follows a block outside a Stack */
  mt?: MantineSpacing;
}) {
  const { t, i18n } = useTranslation();
  const { data, error, isLoading, refetch } = useAttachments(owner, id);
  const uploadOne = useUploadAttachment(owner, id);
  const remove = useDeleteAttachment(owner, id);
  const [progress, setProgress] = useState<{ name: string; p: UploadProgress | null } | null>(null);
  const [failures, setFailures] = useState<Failure[]>([]);
  const [deleting, setDeleting] = useState<Attachment | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const items = data?.items ?? [];
  const busy = progress !== null;

  const uploadAll = async (files: File[]) => {
    if (files.length === 0 || busy) return;
    setFailures([]);
    const failed: Failure[] = [];
    let done = 0;
    const limit = data?.limitBytes;
    for (const file of files) {
      // past the server's limit: said at once, nothing sent (a phone's data plan)
      if (limit !== undefined && file.size > limit) {
        failed.push({
          name: file.name,
          message: t('attachments.errors.tooLargeLimit', { mb: Math.floor(limit / MB) }),
        });
        continue;
      }
      setProgress({ name: file.name, p: null });
      try {
        await uploadOne.mutateAsync({ file, onProgress: (p) => setProgress({ name: file.name, p }) });
        done += 1;
      } catch (err) {
        failed.push({ name: file.name, message: attachmentErrorMessage(err, t) });
      }
    }
    setProgress(null);
    setFailures(failed);
    if (done > 0) notifySuccess(t('attachments.uploaded', { count: done }));
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await remove.mutateAsync(deleting.id);
      notifySuccess(t('attachments.deleted', { name: deleting.fileName }));
    } catch (err) {
      setFailures([{ name: deleting.fileName, message: attachmentErrorMessage(err, t) }]);
    } finally {
      setDeleting(null);
    }
  };

  const save = async (a: Attachment) => {
    setDownloading(a.id);
    try {
      await downloadAttachment(a);
    } catch (err) {
      setFailures([{ name: a.fileName, message: attachmentErrorMessage(err, t) }]);
    } finally {
      setDownloading(null);
    }
  };

  const ratio = progress?.p?.ratio ?? null;

  return (
    <Paper withBorder p="md" mt={mt} data-testid="attachments-panel">
      <Title order={2} size="h4" mb="xs">
        {t('attachments.title')}
        {items.length > 0 && (
          <Text component="span" c="dimmed" size="sm" ml="xs">
            {t('attachments.count', { count: items.length })}
          </Text>
        )}
      </Title>
      <Stack gap="sm">
        {error && <ErrorAlert error={error} onRetry={() => void refetch()} />}
        {isLoading && <Loader size="sm" aria-label={t('app.loading')} />}
        {!isLoading && !error && items.length === 0 && (
          <Text c="dimmed" size="sm" data-testid="attachments-empty">
            {t('attachments.none')}
          </Text>
        )}
        {items.length > 0 && (
          <Table.ScrollContainer minWidth={320}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('attachments.fileName')}</Table.Th>
                  <Table.Th>{t('attachments.size')}</Table.Th>
                  <Table.Th>{t('attachments.addedAt')}</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id} data-testid="attachment-row">
                    <Table.Td style={{ wordBreak: 'break-all' }}>
                      <Anchor
                        component="button"
                        type="button"
                        ta="left"
                        onClick={() => void save(a)}
                        data-testid="attachment-download"
                        aria-label={t('attachments.downloadName', { name: a.fileName })}
                      >
                        {a.fileName}
                      </Anchor>
                      {downloading === a.id && <Loader size="xs" ml="xs" />}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatFileSize(a.size)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(a.createdAt, i18n.language)}
                    </Table.Td>
                    <Table.Td>
                      {a.deletable && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => setDeleting(a)}
                          aria-label={t('attachments.deleteName', { name: a.fileName })}
                          data-testid="attachment-delete"
                        >
                          ×
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}

        {failures.length > 0 && (
          <Alert color="red" role="alert" data-testid="attachment-error" withCloseButton={false}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={2}>
                {failures.map((f, i) => (
                  <Text key={i} size="sm">
                    {t('attachments.failed', { name: f.name, message: f.message })}
                  </Text>
                ))}
              </Stack>
              <CloseButton aria-label={t('common.close')} onClick={() => setFailures([])} />
            </Group>
          </Alert>
        )}

        {progress && (
          <Stack gap={4} data-testid="attachment-progress" aria-live="polite">
            <Text size="sm">
              {progress.p?.processing
                ? t('attachments.processing', { name: progress.name })
                : t('attachments.uploading', { name: progress.name })}
            </Text>
            <Progress
              value={ratio === null ? 100 : Math.round(ratio * 100)}
              animated={ratio === null || progress.p?.processing === true}
              aria-label={t('attachments.progress')}
            />
          </Stack>
        )}

        {canUpload && (
          <>
            <Dropzone
              onDrop={(files) => void uploadAll(files)}
              multiple
              disabled={busy}
              loading={busy}
              activateOnClick={false}
              data-testid="attachment-dropzone"
              aria-label={t('attachments.dropHere')}
              visibleFrom="sm"
            >
              <Text ta="center" size="sm" c="dimmed" py="md">
                {t('attachments.dropHere')}
              </Text>
            </Dropzone>
            <Group gap="xs">
              <FileButton
                onChange={(files) => void uploadAll(files)}
                accept={ATTACHMENT_ACCEPT}
                multiple
                disabled={busy}
                inputProps={{ 'data-testid': 'attachment-input' } as object}
              >
                {(props) => (
                  <Button {...props} variant="light" loading={busy} data-testid="attachment-choose">
                    {t('attachments.choose')}
                  </Button>
                )}
              </FileButton>
              <FileButton
                onChange={(files) => void uploadAll(files)}
                accept="image/*"
                capture="environment"
                multiple
                disabled={busy}
                inputProps={{ 'data-testid': 'attachment-camera-input' } as object}
              >
                {(props) => (
                  <Button {...props} variant="default" disabled={busy} data-testid="attachment-camera">
                    {t('attachments.camera')}
                  </Button>
                )}
              </FileButton>
            </Group>
            <Text size="xs" c="dimmed">
              {t('attachments.hint')}
            </Text>
          </>
        )}
      </Stack>
      <ConfirmModal
        opened={deleting !== null}
        title={t('attachments.deleteTitle')}
        message={t('attachments.deleteConfirm', { name: deleting?.fileName ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() => void confirmDelete()}
        onClose={() => setDeleting(null)}
      />
    </Paper>
  );
}
