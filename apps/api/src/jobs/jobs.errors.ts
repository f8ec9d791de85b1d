import { CommonErrors, DomainError } from '../../../../libs/http/domain-error';

export const JobsErrors = {
  notFound: () => CommonErrors.notFound('job'),
  finished: (status: string) =>
    new DomainError(
      'conflict',
      'job.finished',
      `処理は既に終了しています（${status}） (the job has already ended)`,
      undefined,
      { status },
    ),
  /** Stored as a job's error: its process stopped too often while it ran. */
  interrupted: () =>
    new DomainError(
      'unavailable',
      'job.interrupted',
      '処理が中断されました。取込は反映されていません (the job was interrupted; nothing was changed)',
    ),
  /** Stored as a job's error when the handler failed with something other than a DomainError. */
  failed: () =>
    new DomainError('unavailable', 'job.failed', '処理に失敗しました (the job failed; nothing was changed)'),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `JobsErrorCode`). */
export const JOBS_ERROR_CODES = ['job.not_found', 'job.finished', 'job.interrupted', 'job.failed'] as const;
