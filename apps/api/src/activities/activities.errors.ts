import { CommonErrors, DomainError, FieldError } from '../../../../libs/http/domain-error';

export const ActivityErrors = {
  invalidReferences: (details: FieldError[]) =>
    new DomainError(
      'invalid',
      'activity.invalid_references',
      '入力内容に誤りがあります (validation failed)',
      details,
    ),
  unknownPartners: (ids: string[]): FieldError => ({
    field: 'partnerIds',
    message: `関係機関が見つかりません: ${ids.join(', ')} (unknown partners)`,
  }),
  unknownTopics: (codes: string[]): FieldError => ({
    field: 'topics',
    message: `不明な話題コードです: ${codes.join(', ')} (unknown topics)`,
  }),
  badRange: () => CommonErrors.invalid('to', '終了日は開始日以降にしてください (to must not be before from)'),
  badFiscalYear: () =>
    CommonErrors.invalid('fiscalYear', '年度が正しくありません（例: 2023、令和5年度） (invalid fiscal year)'),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `ActivitiesErrorCode`). */
export const ACTIVITIES_ERROR_CODES = [
  'activity.invalid_references',
  'activity.not_found',
  'activity.stale_version',
  'station.not_found',
] as const;
