import { createElement } from 'react';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { describeError } from '../api/errors';

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 3000 });
}

export function notifyError(err: unknown, t: TFunction): void {
  const d = describeError(err, t);
  const extra = [d.detail, d.requestId ? t('common.requestId', { id: d.requestId }) : undefined]
    .filter(Boolean)
    .join(' / ');
  notifications.show({
    color: 'red',
    title: d.message,
    message: extra || d.message,
    autoClose: 8000,
  });
}

/** A form came back with what was typed before (a local draft); the user may throw it away. */
export function notifyDraftRestored(t: TFunction, discard: () => void): void {
  const id = 'draft-restored';
  notifications.show({
    id,
    color: 'blue',
    title: t('drafts.restored'),
    message: createElement(
      'span',
      null,
      t('drafts.restoredHint'),
      ' ',
      createElement(
        'button',
        {
          type: 'button',
          className: 'draft-discard',
          onClick: () => {
            discard();
            notifications.hide(id);
          },
        },
        t('drafts.discard'),
      ),
    ),
    autoClose: 10000,
  });
}
