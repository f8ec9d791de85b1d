import { DomainError, FieldError } from '../../../../libs/http/domain-error';

export const ConsultationErrors = {
  restricted: () =>
    new DomainError(
      'forbidden',
      'consultation.restricted',
      '閲覧制限された相談は管理職のみが編集できます (restricted consultations are edited by managers only)',
    ),
  invalid: (details: FieldError[]) =>
    new DomainError(
      'invalid',
      'consultation.invalid',
      '入力内容に誤りがあります (validation failed)',
      details,
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `ConsultationsErrorCode`). */
export const CONSULTATIONS_ERROR_CODES = [
  'consultation.invalid',
  'consultation.not_found',
  'consultation.restricted',
  'consultation.stale_version',
] as const;
