import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Asks for a reason: why a visit record goes back to its author, or why a plan is cancelled. */
export function ReturnModal({
  opened,
  onClose,
  onConfirm,
  loading,
  title,
  confirmLabel,
  label,
  color = 'orange',
}: {
  opened: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
  loading?: boolean;
  title?: string;
  confirmLabel?: string;
  /** the reason field's label (default: 差戻し理由) */
  label?: string;
  color?: string;
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
            label={label ?? t('visit.returnReason')}
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
            <Button type="submit" color={color} loading={loading}>
              {confirmLabel ?? t('visit.return')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
