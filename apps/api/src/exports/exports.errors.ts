import { CommonErrors, DomainError } from '../../../../libs/http/domain-error';

export const ExportErrors = {
  personalForbidden: () =>
    CommonErrors.forbidden('個人情報を含む出力は管理職のみ可能です (only managers may export personal data)'),
  reasonRequired: () =>
    CommonErrors.invalid(
      'reason',
      '個人情報を含む出力には理由を入力してください (a reason is required to export personal data)',
    ),
  badRange: () => CommonErrors.invalid('to', '終了日は開始日以降にしてください (to must not be before from)'),
  /** GET /jobs/:id/file of a job that has no file (yet): still running, failed, cancelled, or not a file job. */
  fileNotReady: (status: string) =>
    new DomainError(
      'conflict',
      'job_file.not_ready',
      'ファイルはまだ作成されていません (the job has no file yet)',
      undefined,
      { status },
    ),
  /** The job's file was kept for JOB_FILE_TTL_HOURS and is deleted now: 410. */
  fileExpired: (expiredAt: Date) =>
    new DomainError(
      'gone',
      'job_file.expired',
      'ファイルの保存期間が過ぎました。もう一度出力してください (the file has expired; export again)',
      undefined,
      { expiredAt: expiredAt.toISOString() },
    ),
  /** The render worker that made the file failed or died before the first byte was sent. */
  renderFailed: () =>
    new DomainError(
      'unavailable',
      'export.render_failed',
      'ファイルを作成できませんでした。もう一度出力してください (the file could not be made; try again)',
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `ExportsErrorCode`). */
export const EXPORTS_ERROR_CODES = [
  'job.not_found',
  'job_file.not_ready',
  'job_file.expired',
  'export.render_failed',
] as const;
