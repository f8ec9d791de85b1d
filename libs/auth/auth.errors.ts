import { DomainError } from '../http/domain-error';

export const AuthErrors = {
  invalidCredentials: () =>
    new DomainError(
      'unauthenticated',
      'auth.invalid_credentials',
      'ユーザー名またはパスワードが違います (invalid username or password)',
    ),
  tokenInvalid: () =>
    new DomainError(
      'unauthenticated',
      'auth.token_invalid',
      'ログインが必要です。再度ログインしてください (please log in)',
    ),
  sessionExpired: () =>
    new DomainError(
      'unauthenticated',
      'auth.session_expired',
      'セッションの有効期限が切れました。再度ログインしてください (session expired)',
    ),
  lockedOut: (retryAfterSeconds: number) =>
    new DomainError(
      'too_many_requests',
      'auth.locked_out',
      `ログイン失敗が続いたため一時的にロックされています。${Math.ceil(retryAfterSeconds / 60)}分後に再度お試しください (too many failed logins)`,
      undefined,
      { retryAfterSeconds },
    ),
};
