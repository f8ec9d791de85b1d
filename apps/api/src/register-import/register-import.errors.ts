import { DomainError } from '../../../../libs/http/domain-error';
import type { ZipLimitError } from './parser/open-register-stream';

const MB = 1024 * 1024;

function zipLimitMessage(err: ZipLimitError): string {
  const { limits } = err;
  switch (err.limit) {
    case 'expanded_size': {
      const mb = Math.floor(limits.maxExpandedBytes / MB);
      return `ZIPファイルの展開後のサイズが上限（${mb} MB）を超えています (the zip expands past ${mb} MB)`;
    }
    case 'ratio':
      return `ZIPファイルの圧縮率が異常に高いため受け付けません（${limits.maxRatio}倍超） (compressed more than ${limits.maxRatio}:1)`;
    case 'declared_size':
      return 'ZIPファイルの展開後のサイズがファイル内の記載を超えています (the zip inflates past its declared size)';
    case 'entries':
      return `ZIPファイルのエントリが多すぎます（上限 ${limits.maxEntries}） (more than ${limits.maxEntries} entries)`;
  }
}

export const RegisterImportErrors = {
  fileRequired: () =>
    new DomainError(
      'invalid',
      'organization_import.file_required',
      'ファイルを指定してください (multipart field "file" is required)',
      [{ field: 'file', message: 'ファイルを指定してください' }],
    ),
  notMultipart: () =>
    new DomainError(
      'unsupported_media',
      'organization_import.not_multipart',
      'multipart/form-data で送信してください (send the file as multipart/form-data)',
    ),
  emptyFile: () =>
    new DomainError('invalid', 'organization_import.empty_file', 'ファイルが空です (the file is empty)', [
      { field: 'file', message: 'ファイルが空です' },
    ]),
  notRegisterFile: () =>
    new DomainError(
      'unsupported_media',
      'organization_import.unsupported_file',
      '法人番号公表サイトのCSV（またはそのZIP）ではありません (not a corporate-number register CSV or zip)',
      [{ field: 'file', message: 'CSVまたはZIPファイルを指定してください' }],
    ),
  unreadableFile: (reason: string) =>
    new DomainError(
      'invalid',
      'organization_import.unreadable_file',
      `ファイルを読み込めません: ${reason} (the file could not be read)`,
      [{ field: 'file', message: reason }],
    ),
  badFlag: (field: string) =>
    new DomainError('invalid', 'validation_failed', `${field} は true または false です (boolean expected)`, [
      { field, message: `${field} は true または false です` },
    ]),
  badMode: () =>
    new DomainError(
      'invalid',
      'validation_failed',
      'mode は full または diff です (mode must be full or diff)',
      [{ field: 'mode', message: 'mode は full または diff です' }],
    ),
  badStationId: () =>
    new DomainError('invalid', 'validation_failed', 'stationId はUUIDです (stationId must be a UUID)', [
      { field: 'stationId', message: 'stationId はUUIDです' },
    ]),
  /** A zip past its expansion limits (REGISTER_MAX_EXPANDED_MB, entries, compression ratio): 413. */
  zipTooLarge: (err: ZipLimitError) =>
    new DomainError(
      'too_large',
      'organization_import.zip_too_large',
      zipLimitMessage(err),
      [{ field: 'file', message: zipLimitMessage(err) }],
      { limit: err.limit },
    ),
  matchResolved: (resolution: string) =>
    new DomainError(
      'conflict',
      'register_import.match_resolved',
      'この候補は既に処理されています (the possible match was already resolved)',
      undefined,
      { resolution },
    ),
  numberTaken: (organizationId: string) =>
    new DomainError(
      'conflict',
      'register_import.number_taken',
      'この法人番号の事業者が既に登録されています (an organization of the station already has this corporate number)',
      undefined,
      { organizationId },
    ),
  recordHasNumber: () =>
    new DomainError(
      'conflict',
      'register_import.record_has_number',
      'この事業者には既に法人番号があります (the record already has a corporate number)',
    ),
  unknownStationCode: (code: string) =>
    new DomainError(
      'not_found',
      'station.not_found',
      `警察署コード「${code}」が見つかりません (unknown station code)`,
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `RegisterImportErrorCode`). */
export const REGISTER_IMPORT_ERROR_CODES = [
  'organization_import.bad_upload',
  'organization_import.empty_file',
  'organization_import.file_required',
  'organization_import.not_multipart',
  'organization_import.too_large',
  'organization_import.unexpected_field',
  'organization_import.unreadable_file',
  'organization_import.unsupported_file',
  'organization_import.zip_too_large',
  'station.not_found',
  'register_import.match_resolved',
  'register_import.number_taken',
  'register_import.record_has_number',
  'register_match.not_found',
  'organization.not_found',
  'organization.stale_version',
  'organization.archived',
] as const;
