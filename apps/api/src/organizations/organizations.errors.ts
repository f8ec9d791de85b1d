import { CommonErrors, DomainError } from '../../../../libs/http/domain-error';

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
  bulkNothingToSet: () =>
    new DomainError(
      'invalid',
      'organization.bulk_nothing_to_set',
      '変更する項目（重点度・業種・技術）を指定してください (set at least one of tier, sector, technologies)',
      [{ field: 'set', message: '重点度・業種・技術のいずれかを指定してください' }],
    ),
  bulkDuplicateItem: (index: number) =>
    new DomainError(
      'invalid',
      'organization.bulk_duplicate_item',
      '同じ事業者が重複しています (the same organization is listed twice)',
      [{ field: `items[${index}].id`, message: '同じ事業者が重複しています' }],
    ),
  viewNotFound: () => CommonErrors.notFound('organization_view'),
  viewDuplicateName: () =>
    new DomainError(
      'conflict',
      'organization_view.duplicate_name',
      '同じ名前の保存ビューがあります (a saved view with this name exists)',
      [{ field: 'name', message: '同じ名前の保存ビューがあります' }],
    ),
  viewLimit: (max: number) =>
    new DomainError(
      'invalid',
      'organization_view.limit',
      `保存ビューは ${max} 件までです (at most ${max} saved views)`,
      [{ field: 'name', message: `保存ビューは ${max} 件までです` }],
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
  'organization.bulk_duplicate_item',
  'organization.bulk_nothing_to_set',
  'organization.duplicate_corporate_number',
  'organization.merge_archived',
  'organization.merge_other_station',
  'organization.merge_same',
  'organization.municipality_outside_station',
  'organization.not_found',
  'organization.stale_version',
  'organization.unknown_code',
  'organization_view.duplicate_name',
  'organization_view.limit',
  'organization_view.not_found',
] as const;
