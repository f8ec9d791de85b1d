import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Asks the manager why a visit record goes back to its author. */
export function ReturnModal({
  opened,
  onClose,
  onConfirm,
  loading,
  title,
  confirmLabel,
}: {
  opened: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
  loading?: boolean;
  title?: string;
  confirmLabel?: string;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={title ?? t('visit.returnTitle')} centered>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) {
            setError(t('validation.reason'));
            return;
          }
          onConfirm(reason.trim());
          setReason('');
        }}
      >
        <Stack>
          <Textarea
            label={t('visit.returnReason')}
            required
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="orange" loading={loading}>
              {confirmLabel ?? t('visit.return')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
