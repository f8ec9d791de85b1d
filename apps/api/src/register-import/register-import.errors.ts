import { DomainError } from '../../../../libs/http/domain-error';

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
  badStationId: () =>
    new DomainError('invalid', 'validation_failed', 'stationId はUUIDです (stationId must be a UUID)', [
      { field: 'stationId', message: 'stationId はUUIDです' },
    ]),
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
  'station.not_found',
] as const;
