import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const MAX_COMMENT = 2000;

/** Approves a visit record (決裁), with the manager's optional comment (決裁コメント). */
export function ApproveModal({
  opened,
  onClose,
  onConfirm,
  loading,
  subject,
}: {
  opened: boolean;
  onClose: () => void;
  onConfirm: (comment: string) => void;
  loading?: boolean;
  /** what is being approved (organization and date), shown above the comment */
  subject?: string;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const tooLong = comment.length > MAX_COMMENT;
  return (
    <Modal opened={opened} onClose={onClose} title={t('visit.approveTitle')} centered>
      <form
        noValidate
        data-testid="approve-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (tooLong) return;
          onConfirm(comment.trim());
          setComment('');
        }}
      >
        <Stack>
          {subject && <Text size="sm">{subject}</Text>}
          <Textarea
            label={t('visit.approveComment')}
            description={t('visit.approveCommentHint')}
            autosize
            minRows={3}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={tooLong ? t('visit.approveCommentTooLong', { max: MAX_COMMENT }) : null}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="teal" loading={loading} data-testid="approve-confirm">
              {t('visit.approve')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
