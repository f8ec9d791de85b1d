import { DomainError, FieldError } from '../../../../libs/http/domain-error';
import type { VisitStatus } from './entities/visit.entity';

const STATUS_JA: Record<VisitStatus, string> = {
  draft: '下書き',
  submitted: '決裁待ち',
  approved: '承認済み',
  returned: '差戻し',
  planned: '予定',
  cancelled: '取消',
};

export const VisitErrors = {
  /** The visit is not in a state that allows this action; the client gets the current state. */
  illegalTransition: (action: string, currentStatus: VisitStatus) =>
    new DomainError(
      'conflict',
      'visit.illegal_transition',
      `現在の状態（${STATUS_JA[currentStatus]}）ではこの操作はできません (cannot ${action} a ${currentStatus} visit)`,
      undefined,
      { currentStatus },
    ),
  locked: (currentStatus: VisitStatus) =>
    new DomainError(
      'conflict',
      'visit.locked',
      `現在の状態（${STATUS_JA[currentStatus]}）の活動記録は編集できません (only draft or returned visits can be edited)`,
      undefined,
      { currentStatus },
    ),
  notAnOfficer: () =>
    new DomainError(
      'forbidden',
      'visit.not_an_officer',
      'この活動記録の作成者または担当者のみが操作できます (only the creator or a listed officer may do this)',
    ),
  otherStation: () =>
    new DomainError(
      'forbidden',
      'visit.other_station',
      '所属警察署の活動記録のみ決裁できます (managers approve their own station only)',
    ),
  followUpNotAllowed: () =>
    new DomainError(
      'invalid',
      'visit.invalid',
      '予定の訪問にはフォローアップを登録できません。記録してから登録してください (no follow-ups on a planned visit)',
      [
        {
          field: 'followUps',
          message: '予定の訪問にはフォローアップを登録できません (no follow-ups on a planned visit)',
        },
      ],
    ),
  invalid: (details: FieldError[]) =>
    new DomainError('invalid', 'visit.invalid', '入力内容に誤りがあります (validation failed)', details),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `VisitsErrorCode`). */
export const VISITS_ERROR_CODES = [
  'visit.illegal_transition',
  'visit.invalid',
  'visit.locked',
  'visit.not_an_officer',
  'visit.not_found',
  'visit.other_station',
  'visit.stale_version',
  'visit_follow_up.not_found',
  'visit_follow_up.stale_version',
] as const;
