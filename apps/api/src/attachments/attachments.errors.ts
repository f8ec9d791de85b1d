import { DomainError } from '../../../../libs/http/domain-error';

const mb = (bytes: number) => Math.floor(bytes / (1024 * 1024));

export const AttachmentErrors = {
  notMultipart: () =>
    new DomainError(
      'invalid',
      'attachment.not_multipart',
      'multipart/form-data でファイルを送信してください (send multipart/form-data)',
      [{ field: 'file', message: 'ファイルを選択してください' }],
    ),
  fileRequired: () =>
    new DomainError(
      'invalid',
      'attachment.file_required',
      'ファイルがありません (field "file" is required)',
      [{ field: 'file', message: 'ファイルを選択してください' }],
    ),
  unexpectedField: () =>
    new DomainError(
      'invalid',
      'attachment.unexpected_field',
      'ファイルは項目 "file" で1つだけ送信してください (send one file in the field "file")',
      [{ field: 'file', message: '項目名は file です' }],
    ),
  badUpload: () =>
    new DomainError(
      'invalid',
      'attachment.bad_upload',
      'アップロードの形式が正しくありません (malformed multipart upload)',
    ),
  empty: () =>
    new DomainError('invalid', 'attachment.empty', '空のファイルは添付できません (the file is empty)', [
      { field: 'file', message: '空のファイルです' },
    ]),
  tooLarge: (limitBytes: number) =>
    new DomainError(
      'too_large',
      'attachment.too_large',
      `ファイルが大きすぎます（上限 ${mb(limitBytes)} MB） (file too large, limit ${mb(limitBytes)} MB)`,
      undefined,
      { limitBytes },
    ),
  unsupportedType: (detected: string | null) =>
    new DomainError(
      'unsupported_media',
      'attachment.unsupported_type',
      '添付できるのは PDF、JPEG、PNG、Word、Excel、PowerPoint、テキストのファイルです (unsupported file type)',
      [{ field: 'file', message: 'この種類のファイルは添付できません' }],
      { detected },
    ),
  notEditable: () =>
    new DomainError(
      'forbidden',
      'attachment.not_editable',
      'この記録の添付ファイルを変更する権限がありません (you may not change this record’s attachments)',
    ),
  locked: (status: string, action: 'upload' | 'delete') =>
    new DomainError(
      'conflict',
      'attachment.record_locked',
      action === 'delete'
        ? '決裁に回付済み・決裁済みの訪問記録の添付ファイルは削除できません (the visit is submitted or approved: attachments may be added, not deleted)'
        : '中止された訪問予定にはファイルを添付できません (the visit was cancelled)',
      undefined,
      { status },
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `AttachmentsErrorCode`). */
export const ATTACHMENTS_ERROR_CODES = [
  'attachment.bad_upload',
  'attachment.empty',
  'attachment.file_required',
  'attachment.not_editable',
  'attachment.not_found',
  'attachment.not_multipart',
  'attachment.record_locked',
  'attachment.too_large',
  'attachment.unexpected_field',
  'attachment.unsupported_type',
  'meeting.not_found',
  'seminar.not_found',
  'visit.not_found',
] as const;
