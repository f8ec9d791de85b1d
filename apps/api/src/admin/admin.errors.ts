import { DomainError } from '../../../../libs/http/domain-error';

export const AdminErrors = {
  usernameTaken: (username: string) =>
    new DomainError(
      'conflict',
      'user.username_taken',
      `ユーザー名「${username}」は既に使われています (username taken)`,
    ),
  stationCodeTaken: (code: string) =>
    new DomainError(
      'conflict',
      'station.code_taken',
      `警察署コード「${code}」は既に使われています (station code taken)`,
    ),
  stationRequired: () =>
    new DomainError(
      'invalid',
      'user.station_required',
      '担当者・管理職には所属警察署が必要です (officers and managers need a station)',
      [{ field: 'stationId', message: '所属警察署を指定してください' }],
    ),
  unknownStation: () =>
    new DomainError('invalid', 'user.unknown_station', '警察署が存在しません (unknown station)', [
      { field: 'stationId', message: '警察署が存在しません' },
    ]),
  codeExists: (kind: string, code: string) =>
    new DomainError(
      'conflict',
      'code_list.code_exists',
      `コード ${kind}/${code} は既に存在します (code exists)`,
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `AdminErrorCode`). */
export const ADMIN_ERROR_CODES = [
  'code_list.code_exists',
  'code_list_item.not_found',
  'station.code_taken',
  'station.not_found',
  'station.stale_version',
  'user.not_found',
  'user.stale_version',
  'user.station_required',
  'user.unknown_station',
  'user.username_taken',
] as const;
