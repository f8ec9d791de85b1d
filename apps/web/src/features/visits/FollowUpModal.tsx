import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { enumOptions } from '../../api/reference';
import type { FollowUpStatus, VisitFollowUp } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../lib/notify';
import { useUpdateFollowUp } from './api';

/**
 * A follow-up's status and result (結果), whatever its visit's status: an approved visit stays
 * approved (PATCH /visits/follow-ups/:id touches the follow-up only).
 */
export function FollowUpModal({
  followUp,
  visitId,
  onClose,
}: {
  followUp: VisitFollowUp | null;
  visitId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateFollowUp();
  const [status, setStatus] = useState<FollowUpStatus>('done');
  const [result, setResult] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!followUp) return;
    setStatus(followUp.status === 'open' || followUp.status === 'in_progress' ? 'done' : followUp.status);
    setResult(followUp.result ?? '');
    setError(null);
  }, [followUp]);

  return (
    <Modal opened={followUp !== null} onClose={onClose} title={t('visit.followUpCloseTitle')} centered>
      {followUp && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            update
              .mutateAsync({
                id: followUp.id,
                visitId,
                body: { version: followUp.version, status, result: result.trim() || null },
              })
              .then(() => {
                notifySuccess(t('visit.followUpSaved'));
                onClose();
              })
              .catch(setError);
          }}
        >
          <Stack>
            {error ? <ErrorAlert error={error} /> : null}
            <div>{followUp.title}</div>
            <Select
              label={t('common.status')}
              data={enumOptions(t, 'followUpStatus', ['open', 'in_progress', 'done', 'dropped'])}
              value={status}
              onChange={(v) => v && setStatus(v as FollowUpStatus)}
              allowDeselect={false}
              data-testid="follow-up-status"
            />
            <Textarea
              label={t('visit.followUpResult')}
              autosize
              minRows={3}
              maxLength={2000}
              value={result}
              onChange={(e) => setResult(e.currentTarget.value)}
              data-autofocus
              data-testid="follow-up-result"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={update.isPending} data-testid="follow-up-save">
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
