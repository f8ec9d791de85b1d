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
  otpRequired: () =>
    new DomainError(
      'unauthenticated',
      'auth.otp_required',
      '確認コード（認証アプリの6桁のコード、またはリカバリーコード）を入力してください (one-time code required)',
    ),
  otpInvalid: () =>
    new DomainError(
      'unauthenticated',
      'auth.otp_invalid',
      '確認コードが違うか、既に使われています (invalid or already used one-time code)',
    ),
  passwordExpired: (days: number) =>
    new DomainError(
      'unauthenticated',
      'auth.password_expired',
      `仮パスワードの有効期限（${days}日）が切れています。管理者にパスワードの再発行を依頼してください (the one-time password has expired: ask an administrator for a new one)`,
    ),
  passwordChangeRequired: () =>
    new DomainError(
      'forbidden',
      'auth.password_change_required',
      '管理者が設定したパスワードです。続けるには自分のパスワードに変更してください (change your password first)',
    ),
  mfaEnrollmentRequired: () =>
    new DomainError(
      'forbidden',
      'auth.mfa_enrollment_required',
      'この役割では二要素認証が必須です。続けるには認証アプリを登録してください (set up two-factor authentication first)',
    ),
  weakPassword: (field: string, message: string) =>
    new DomainError(
      'invalid',
      'auth.weak_password',
      `パスワードが条件を満たしていません: ${message} (weak password)`,
      [{ field, message }],
    ),
  wrongPassword: (field: string) =>
    new DomainError('invalid', 'auth.wrong_password', '現在のパスワードが違います (wrong password)', [
      { field, message: 'パスワードが違います' },
    ]),
  wrongOtp: (field: string) =>
    new DomainError(
      'invalid',
      'auth.otp_invalid',
      '確認コードが違うか、既に使われています (invalid one-time code)',
      [{ field, message: '確認コードが違うか、既に使われています' }],
    ),
  mfaAlreadyEnabled: () =>
    new DomainError(
      'conflict',
      'auth.mfa_already_enabled',
      '二要素認証は既に有効です。登録し直すには一度無効にしてください (two-factor authentication is already on)',
    ),
  mfaNotStarted: () =>
    new DomainError(
      'conflict',
      'auth.mfa_not_started',
      '認証アプリの登録が始まっていません。もう一度最初からやり直してください (start the enrolment first)',
    ),
  mfaNotEnabled: () =>
    new DomainError(
      'conflict',
      'auth.mfa_not_enabled',
      '二要素認証は有効になっていません (two-factor authentication is off)',
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
