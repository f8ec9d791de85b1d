import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { hasDirtyForms } from '../lib/formDrafts';
import { setLeaveAsker, type LeaveReason } from '../lib/leaveGuard';

/**
 * Asks before a changed form is left: a click on an in-app link while a form has unsaved input,
 * and a form's キャンセル. What was typed stays as a local draft when the user leaves by a link;
 * キャンセル throws it away. Mounted once, in the layout.
 */
export function LeaveGuard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [pending, setPending] = useState<{ onLeave: () => void; reason: LeaveReason } | null>(null);

  useEffect(() => {
    setLeaveAsker((onLeave, reason) => setPending({ onLeave, reason }));
    return () => setLeaveAsker(null);
  }, []);

  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (!hasDirtyForms() || e.defaultPrevented || e.button !== 0) return;
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a[href]');
      if (!(a instanceof HTMLAnchorElement) || a.target || a.hasAttribute('download')) return;
      const url = new URL(a.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      const to = url.pathname + url.search + url.hash;
      if (to === window.location.pathname + window.location.search + window.location.hash) return;
      e.preventDefault();
      e.stopPropagation();
      setPending({ onLeave: () => void navigate(to), reason: 'navigate' });
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, [navigate]);

  const close = () => setPending(null);
  return (
    <Modal
      opened={pending !== null}
      onClose={close}
      title={t(pending?.reason === 'discard' ? 'drafts.discardTitle' : 'drafts.leaveTitle')}
      centered
    >
      <Text size="sm" mb="md">
        {t(pending?.reason === 'discard' ? 'drafts.discardBody' : 'drafts.leaveBody')}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={close} data-autofocus>
          {t('drafts.stay')}
        </Button>
        <Button
          color={pending?.reason === 'discard' ? 'red' : undefined}
          onClick={() => {
            const leave = pending?.onLeave;
            close();
            leave?.();
          }}
        >
          {t(pending?.reason === 'discard' ? 'drafts.discardConfirm' : 'drafts.leaveConfirm')}
        </Button>
      </Group>
    </Modal>
  );
}
