import { DomainError, FieldError } from '../../../../libs/http/domain-error';

export const SeminarErrors = {
  invalidReferences: (details: FieldError[]) =>
    new DomainError(
      'invalid',
      'seminar.invalid_references',
      '入力内容に誤りがあります (validation failed)',
      details,
    ),
  participantChoice: (index: number): FieldError => ({
    field: `participants[${index}]`,
    message:
      '対象事業者（organizationId）か名称（name）のどちらか一方を指定してください (exactly one of organizationId, name)',
  }),
  duplicateOrganization: (index: number): FieldError => ({
    field: `participants[${index}].organizationId`,
    message: '同じ対象事業者が重複しています (duplicate organization)',
  }),
  unknownOrganization: (index: number): FieldError => ({
    field: `participants[${index}].organizationId`,
    message: '自署の対象事業者ではありません (not an organization of this station)',
  }),
  unknownTopics: (codes: string[]): FieldError => ({
    field: 'topics',
    message: `不明な話題コードです: ${codes.join(', ')} (unknown topics)`,
  }),
  unknownPartners: (ids: string[]): FieldError => ({
    field: 'partnerIds',
    message: `関係機関が見つかりません: ${ids.join(', ')} (unknown partners)`,
  }),
  unknownCouncilItems: (ids: string[]): FieldError => ({
    field: 'councilItemIds',
    message: `自署の協議会の議題が見つかりません: ${ids.join(', ')} (unknown council items)`,
  }),
  unknownSpeaker: (index: number): FieldError => ({
    field: `speakers[${index}].userId`,
    message: '自署の職員ではありません (not a user of this station)',
  }),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `SeminarsErrorCode`). */
export const SEMINARS_ERROR_CODES = [
  'seminar.invalid_references',
  'seminar.not_found',
  'seminar.stale_version',
] as const;
