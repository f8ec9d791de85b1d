import { DomainError } from '../../../../libs/http/domain-error';

export const PartnerErrors = {
  notNetwork: () =>
    new DomainError(
      'invalid',
      'partner.not_network',
      '構成員を持てるのはネットワーク（kind: network）だけです (only a network has members)',
      [{ field: 'kind', message: 'ネットワークではありません' }],
    ),
  membersExist: () =>
    new DomainError(
      'invalid',
      'partner.members_exist',
      '構成員のいるネットワークは種別を変更できません (a network with members keeps its kind)',
      [{ field: 'kind', message: '構成員がいるため変更できません' }],
    ),
  memberChoice: () =>
    new DomainError(
      'invalid',
      'partner.member_choice',
      'organizationId か partnerId のどちらか一方を指定してください (exactly one of organizationId, partnerId)',
      [{ field: 'organizationId', message: 'organizationId か partnerId のどちらか一方を指定してください' }],
    ),
  unknownOrganization: () =>
    new DomainError(
      'invalid',
      'partner.unknown_organization',
      '対象事業者が見つかりません (unknown organization)',
      [{ field: 'organizationId', message: '自署の対象事業者を指定してください' }],
    ),
  unknownMemberPartner: () =>
    new DomainError(
      'invalid',
      'partner.unknown_member_partner',
      '関係機関が見つかりません (unknown partner)',
      [{ field: 'partnerId', message: '同じ県の別の関係機関を指定してください' }],
    ),
  memberExists: () =>
    new DomainError('conflict', 'partner.member_exists', '既に構成員です (already a member)'),
  prefectureWide: () =>
    new DomainError(
      'forbidden',
      'partner.prefecture_wide',
      "県内共通の関係機関は本部（hq）が管理します (prefecture-wide partners are hq's)",
    ),
  archived: () =>
    new DomainError(
      'conflict',
      'partner.archived',
      '統合済み（アーカイブ）の関係機関は変更できません (the partner was merged into another)',
    ),
  unknownStation: () =>
    new DomainError('invalid', 'partner.unknown_station', '警察署が見つかりません (unknown station)', [
      { field: 'stationId', message: '存在する警察署を指定してください' },
    ]),
  mergeSame: () =>
    new DomainError(
      'invalid',
      'partner.merge_same',
      '同じ関係機関どうしは統合できません (cannot merge a partner into itself)',
      [{ field: 'intoId', message: '別の関係機関を指定してください' }],
    ),
  mergeScope: () =>
    new DomainError(
      'invalid',
      'partner.merge_scope',
      '統合先は同じ県の、県内共通または同じ警察署の関係機関です (keep a partner of the same prefecture, prefecture-wide or of the same station)',
      [{ field: 'intoId', message: '県内共通または同じ警察署の関係機関を指定してください' }],
    ),
  mergeNetwork: () =>
    new DomainError(
      'invalid',
      'partner.merge_network',
      '構成員のいるネットワークはネットワークにしか統合できません (a network with members is merged into a network)',
      [{ field: 'intoId', message: 'ネットワークを指定してください' }],
    ),
  unknownTopics: (codes: string[]) =>
    new DomainError(
      'invalid',
      'liaison.unknown_topics',
      `不明な話題コードです: ${codes.join(', ')} (unknown topics)`,
      [{ field: 'topics', message: `不明な話題コードです: ${codes.join(', ')}` }],
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `PartnersErrorCode`). */
export const PARTNERS_ERROR_CODES = [
  'liaison.unknown_topics',
  'network_member.not_found',
  'partner.archived',
  'partner.member_choice',
  'partner.member_exists',
  'partner.members_exist',
  'partner.merge_network',
  'partner.merge_same',
  'partner.merge_scope',
  'partner.not_found',
  'partner.not_network',
  'partner.prefecture_wide',
  'partner.stale_version',
  'partner.unknown_member_partner',
  'partner.unknown_organization',
  'partner.unknown_station',
] as const;
