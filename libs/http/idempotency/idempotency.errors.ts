import { CommonErrors, DomainError } from '../domain-error';

export const IdempotencyErrors = {
  badKey: () =>
    CommonErrors.invalid(
      'Idempotency-Key',
      'Idempotency-Key は 1〜255 文字の英数字記号で指定してください (1 to 255 printable ASCII characters)',
    ),
  reused: () =>
    new DomainError(
      'conflict',
      'common.idempotency_key_reused',
      'この Idempotency-Key は別の内容のリクエストに使われています (idempotency key reused for a different request)',
    ),
  inProgress: () =>
    new DomainError(
      'conflict',
      'common.idempotency_in_progress',
      '同じ Idempotency-Key のリクエストを処理中です。しばらくして再度お試しください (a request with this key is still running)',
    ),
};
