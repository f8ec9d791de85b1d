import { CommonErrors } from '../../../../libs/http/domain-error';
import { DomainError } from '../../../../libs/http/domain-error';

export const ReportErrors = {
  periodRequired: () =>
    CommonErrors.invalid(
      'period',
      '期間を from と to、month、quarter、fiscalYear のいずれか一つで指定してください (give one period: from+to, month, quarter or fiscalYear)',
      'report.period_required',
    ),
  badFiscalYear: () =>
    CommonErrors.invalid('fiscalYear', '年度が正しくありません（例: 2023、令和5年度） (invalid fiscal year)'),
  badRange: () => CommonErrors.invalid('to', '終了日は開始日以降にしてください (to must not be before from)'),
  unknownTopics: (codes: string[]) =>
    CommonErrors.invalid('topics', `不明な話題コードです: ${codes.join(', ')} (unknown topic codes)`),
  hqBulletsOnly: () =>
    new DomainError(
      'forbidden',
      'strategy_task.hq_planned_actions_only',
      '本部は「これまでの取組」「今後の取組」のみ編集できます (hq may edit actionsSoFar and plannedActions only)',
    ),
  headingRequired: () =>
    CommonErrors.invalid(
      'heading',
      '課題の見出しを入力してください (heading required)',
      'strategy_task.heading_required',
    ),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `ReportsErrorCode`). */
export const REPORTS_ERROR_CODES = [
  'report.period_required',
  'strategy_task.hq_planned_actions_only',
  'strategy_task.heading_required',
  'strategy_task.not_found',
  'strategy_task.stale_version',
] as const;
