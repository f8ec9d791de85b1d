import { DomainError } from '../../../../libs/http/domain-error';
import type { FollowUpStatus } from './entities/council.entity';

export const CouncilErrors = {
  unknownItem: () =>
    new DomainError(
      'invalid',
      'follow_up.unknown_item',
      '協議会の議題が見つかりません (unknown council item)',
      [{ field: 'councilItemId', message: '自署の協議会の議題を指定してください' }],
    ),
  dueBeforeMeeting: (heldOn: string) =>
    new DomainError(
      'invalid',
      'follow_up.due_before_meeting',
      `期限が協議会の開催日（${heldOn}）より前です (due date before the meeting)`,
      [{ field: 'dueOn', message: `期限は協議会の開催日（${heldOn}）以降にしてください` }],
    ),
  unknownOwner: () =>
    new DomainError(
      'invalid',
      'follow_up.unknown_owner',
      '担当者が自署の職員ではありません (owner not of this station)',
      [{ field: 'ownerId', message: '自署の担当者・管理職を指定してください' }],
    ),
  resultRequired: () =>
    new DomainError(
      'invalid',
      'follow_up.result_required',
      '完了にするには措置結果を入力してください (a result is required to mark done)',
      [{ field: 'result', message: '措置結果を入力してください' }],
    ),
  illegalTransition: (from: FollowUpStatus, to: FollowUpStatus) =>
    new DomainError(
      'conflict',
      'follow_up.illegal_transition',
      `状態を「${from}」から「${to}」に変更できません (illegal status change)`,
      undefined,
      { currentStatus: from },
    ),
  linkChoice: () =>
    new DomainError(
      'invalid',
      'follow_up.link_choice',
      'visitId か seminarId のどちらか一方を指定してください (exactly one of visitId, seminarId)',
      [{ field: 'visitId', message: 'visitId か seminarId のどちらか一方を指定してください' }],
    ),
  unknownVisit: () =>
    new DomainError('invalid', 'follow_up.unknown_visit', '自署の訪問記録が見つかりません (unknown visit)', [
      { field: 'visitId', message: '同じ警察署の訪問記録を指定してください' },
    ]),
  unknownSeminar: () =>
    new DomainError(
      'invalid',
      'follow_up.unknown_seminar',
      '自署のセミナーが見つかりません (unknown seminar)',
      [{ field: 'seminarId', message: '同じ警察署のセミナーを指定してください' }],
    ),
  sequenceTaken: (sequence: number) =>
    new DomainError(
      'conflict',
      'meeting.sequence_taken',
      `この年度の第${sequence}回は既にあります (sequence already used in this fiscal year)`,
      [{ field: 'sequence', message: `第${sequence}回は同じ年度の別の協議会に付いています` }],
    ),
  endBeforeStart: () =>
    new DomainError(
      'invalid',
      'meeting.end_before_start',
      '終了時刻が開始時刻より前です (end before start)',
      [{ field: 'endTime', message: '終了時刻は開始時刻より後にしてください' }],
    ),
  linkExists: () =>
    new DomainError('conflict', 'follow_up.link_exists', '既に紐付けられています (already linked)'),
};

/** The codes this feature's routes answer besides the common ones (OpenAPI `CouncilErrorCode`). */
export const COUNCIL_ERROR_CODES = [
  'council_item.not_found',
  'council_item.stale_version',
  'follow_up.due_before_meeting',
  'follow_up.illegal_transition',
  'follow_up.link_choice',
  'follow_up.link_exists',
  'follow_up.not_found',
  'follow_up.result_required',
  'follow_up.stale_version',
  'follow_up.unknown_item',
  'follow_up.unknown_owner',
  'follow_up.unknown_seminar',
  'follow_up.unknown_visit',
  'follow_up_link.not_found',
  'meeting.end_before_start',
  'meeting.not_found',
  'meeting.sequence_taken',
  'meeting.stale_version',
] as const;
