import { CommonErrors } from '../../../../libs/http/domain-error';

export const ExportErrors = {
  personalForbidden: () =>
    CommonErrors.forbidden('個人情報を含む出力は管理職のみ可能です (only managers may export personal data)'),
  reasonRequired: () =>
    CommonErrors.invalid(
      'reason',
      '個人情報を含む出力には理由を入力してください (a reason is required to export personal data)',
    ),
  badRange: () => CommonErrors.invalid('to', '終了日は開始日以降にしてください (to must not be before from)'),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `ExportsErrorCode`). */
export const EXPORTS_ERROR_CODES = [] as const;
