import { DomainError } from '../../../../libs/http/domain-error';

export const OrganizationErrors = {
  duplicateCorporateNumber: (corporateNumber: string, existing: { id: string; name: string }) =>
    new DomainError(
      'conflict',
      'organization.duplicate_corporate_number',
      `法人番号 ${corporateNumber} の事業者は既に登録されています: ${existing.name} (an organization with this corporate number exists)`,
      [{ field: 'corporateNumber', message: `既に登録されています: ${existing.name}` }],
      { existingId: existing.id, existingName: existing.name },
    ),
  unknownCode: (field: 'sector' | 'legalForm', value: string) =>
    new DomainError('invalid', 'organization.unknown_code', '入力内容に誤りがあります (validation failed)', [
      {
        field,
        message: `「${value}」は登録されていない${field === 'sector' ? '業種' : '法人格'}です (unknown ${field} code)`,
      },
    ]),
  municipalityOutsideStation: (code: string) =>
    new DomainError(
      'invalid',
      'organization.municipality_outside_station',
      '入力内容に誤りがあります (validation failed)',
      [
        {
          field: 'municipality',
          message: `市区町村コード ${code} は所属警察署の管内ではありません (municipality outside the station's area)`,
        },
      ],
    ),
  mergeSameOrganization: () =>
    new DomainError(
      'invalid',
      'organization.merge_same',
      '同じ事業者どうしは統合できません (cannot merge an organization into itself)',
      [{ field: 'sourceId', message: '統合元と統合先が同じです' }],
    ),
  mergeOtherStation: () =>
    new DomainError(
      'invalid',
      'organization.merge_other_station',
      '別の警察署の事業者とは統合できません (organizations of different stations cannot be merged)',
      [{ field: 'sourceId', message: '統合先と同じ警察署の事業者を指定してください' }],
    ),
  mergeArchived: () =>
    new DomainError(
      'invalid',
      'organization.merge_archived',
      'アーカイブ済みの事業者は統合できません (archived organizations cannot be merged)',
      [{ field: 'sourceId', message: 'アーカイブ済みです' }],
    ),
  archived: () =>
    new DomainError(
      'conflict',
      'organization.archived',
      'アーカイブ済みの事業者は変更できません (the organization is archived)',
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `OrganizationsErrorCode`). */
export const ORGANIZATIONS_ERROR_CODES = [
  'contact.not_found',
  'contact.stale_version',
  'organization.archived',
  'organization.duplicate_corporate_number',
  'organization.merge_archived',
  'organization.merge_other_station',
  'organization.merge_same',
  'organization.municipality_outside_station',
  'organization.not_found',
  'organization.stale_version',
  'organization.unknown_code',
] as const;
