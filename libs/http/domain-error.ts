/** A field-level problem, as API.md's `details`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * What went wrong, independent of HTTP; the global filter maps each kind to one status code
 * (http-error.filter.ts), so features never pick status codes themselves.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media'
  | 'too_many_requests'
  /** What was there is no more (an expired job file): 410. */
  | 'gone'
  | 'unavailable';

/** Base for every feature's typed errors: a stable machine code plus a human message. */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: FieldError[],
    /** Extra fields for the client, e.g. the current state on an illegal transition. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Errors shared by every feature. */
export const CommonErrors = {
  notFound: (entity: string) =>
    new DomainError('not_found', `${entity}.not_found`, `${entity} が見つかりません (not found)`),
  staleVersion: (entity: string, currentVersion?: number) =>
    new DomainError(
      'conflict',
      `${entity}.stale_version`,
      '他の利用者が先に更新しました。最新の内容を読み込んでください (the record was changed by someone else)',
      undefined,
      currentVersion === undefined ? undefined : { currentVersion },
    ),
  invalid: (field: string, message: string, code = 'validation_failed') =>
    new DomainError('invalid', code, message, [{ field, message }]),
  invalidFields: (details: FieldError[], code = 'validation_failed') =>
    new DomainError('invalid', code, '入力内容に誤りがあります (validation failed)', details),
  forbidden: (message = 'この操作の権限がありません (forbidden)') =>
    new DomainError('forbidden', 'forbidden', message),
};
