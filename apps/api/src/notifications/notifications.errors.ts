import { CommonErrors, DomainError } from '../../../../libs/http/domain-error';

export const NotificationsErrors = {
  notFound: () => CommonErrors.notFound('notification'),
  invalidEmail: () =>
    new DomainError(
      'invalid',
      'notification.invalid_email',
      'メールアドレスの形式が正しくありません (invalid e-mail address)',
      [{ field: 'email', message: 'メールアドレスの形式が正しくありません' }],
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `NotificationsErrorCode`). */
export const NOTIFICATIONS_ERROR_CODES = ['notification.not_found', 'notification.invalid_email'] as const;
