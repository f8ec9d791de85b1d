import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { describeError } from '../../api/errors';

const MB = 1024 * 1024;

/** The message for a failed upload or delete, by the contract's code (415 and 413 in their words). */
export function attachmentErrorMessage(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'attachment.unsupported_type':
        return t('attachments.errors.unsupported');
      case 'attachment.too_large': {
        const limit = typeof err.body.limitBytes === 'number' ? err.body.limitBytes : null;
        return limit
          ? t('attachments.errors.tooLargeLimit', { mb: Math.floor(limit / MB) })
          : t('attachments.errors.tooLarge');
      }
      case 'attachment.empty':
        return t('attachments.errors.empty');
      case 'attachment.record_locked':
        return t('attachments.errors.locked');
      case 'attachment.not_editable':
        return t('attachments.errors.notEditable');
      default:
        break;
    }
    // a proxy's answer, without our code
    if (err.status === 415) return t('attachments.errors.unsupported');
    if (err.status === 413) return t('attachments.errors.tooLarge');
  }
  return describeError(err, t).message;
}

/** 2.4 MB, 310 KB, 12 B. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}
