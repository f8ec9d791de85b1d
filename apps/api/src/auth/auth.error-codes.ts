/** The codes this feature's routes answer besides the common ones (OpenAPI `AuthErrorCode`). */
export const AUTH_ERROR_CODES = [
  'auth.invalid_credentials',
  'auth.locked_out',
  'auth.mfa_already_enabled',
  'auth.mfa_not_enabled',
  'auth.mfa_not_started',
  'auth.otp_invalid',
  'auth.otp_required',
  'auth.password_expired',
  'auth.weak_password',
  'auth.wrong_password',
  'session.not_found',
  'station.not_found',
] as const;
