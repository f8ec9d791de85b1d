import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { VersionedEntity } from '../../../../../libs/database/base.entity';
import { StationEntity } from '../../../../../libs/auth/entities/station.entity';
import { UserEntity } from '../../../../../libs/auth/entities/user.entity';
import { VisitEntity } from '../../visits/entities/visit.entity';
import { SeminarEntity } from '../../seminars/entities/seminar.entity';

/** One turn of the discussion (協議): who spoke (委員, or the police post: 警備課長, 署長 …) and what was said. */
export interface DiscussionTurn {
  speakerRole: string;
  speaker?: string | null;
  text: string;
}

/** 警察署協議会: a station council meeting. */
@Entity('council_meetings')
@Index('ix_council_meetings_station_held', ['stationId', 'heldOn'])
// one 第N回 per station and fiscal year (two creates at once are serialized by the naming trigger)
@Index('uq_council_meetings_station_fy_sequence', ['stationId', 'fiscalYear', 'sequence'], { unique: true })
export class CouncilMeetingEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => StationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id' })
  station?: StationEntity;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'text', nullable: true })
  place: string | null;

  /** e.g. {members: 9, police: 6} */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  attendance: Record<string, number>;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  agenda: string[];

  /** 諮問事項 */
  @Column({ type: 'text', nullable: true })
  consultationTopic: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** 年度 (from 1 April) the meeting belongs to; from heldOn unless given. */
  @Column({ type: 'int' })
  fiscalYear: number;

  /** 第N回 of the station's fiscal year; from the meetings held before it unless given. */
  @Column({ type: 'int' })
  sequence: number;

  /** Official name, e.g. 令和5年度第1回岩国警察署協議会. */
  @Column({ type: 'text' })
  title: string;

  /** Whether title follows fiscalYear/sequence (false once a title is given). */
  @Column({ type: 'boolean', default: true })
  titleDerived: boolean;

  /** 'HH:MM' (JST) */
  @Column({ type: 'varchar', length: 5, nullable: true })
  startTime: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  endTime: string | null;

  /** 出席者 委員, by name (木村, 塩田 …). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  memberAttendees: string[];

  /** 出席者 警察署, by post (署長, 副署長, 警備課長 …). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  policeAttendees: string[];

  /** 会長挨拶 (要旨) */
  @Column({ type: 'text', nullable: true })
  chairGreeting: string | null;

  /** 署長挨拶 */
  @Column({ type: 'text', nullable: true })
  chiefGreeting: string | null;

  /** 業務推進状況説明 */
  @Column({ type: 'text', nullable: true })
  businessReport: string | null;

  /** who gave it (default 署長) */
  @Column({ type: 'text', nullable: true })
  businessReportBy: string | null;

  /** 諮問事項説明 */
  @Column({ type: 'text', nullable: true })
  consultationExplanation: string | null;

  /** 協議: the turns in order. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  discussion: DiscussionTurn[];

  /** 講評 */
  @Column({ type: 'text', nullable: true })
  review: string | null;

  /** who gave it (e.g. 副会長) */
  @Column({ type: 'text', nullable: true })
  reviewBy: string | null;

  /** 配付資料 */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  handouts: string[];
}

export const COUNCIL_ITEM_KINDS = ['question', 'request', 'opinion', 'consultation'] as const;
export type CouncilItemKind = (typeof COUNCIL_ITEM_KINDS)[number];

/** A question, request, opinion or recommendation (答申) raised at a meeting, with the station's answer. */
@Entity('council_items')
@Index('ix_council_items_meeting', ['meetingId', 'position'])
export class CouncilItemEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => CouncilMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: CouncilMeetingEntity;

  @Column({ type: 'uuid' })
  stationId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CouncilItemKind;

  @Column({ type: 'text', nullable: true })
  raisedBy: string | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ type: 'int', default: 0 })
  position: number;
}

export const FOLLOW_UP_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** An action item from a council item; done only with a result (措置結果). */
@Entity('follow_ups')
@Index('ix_follow_ups_station_status_due', ['stationId', 'status', 'dueOn'])
@Index('ix_follow_ups_owner', ['ownerId'])
@Check('ck_follow_ups_status', `"status" IN ('open', 'in_progress', 'done', 'dropped')`)
export class FollowUpEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  @Index('ix_follow_ups_item')
  councilItemId: string;

  @ManyToOne(() => CouncilItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'council_item_id' })
  councilItem?: CouncilItemEntity;

  @Column({ type: 'uuid' })
  stationId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: FollowUpStatus;

  /** 措置結果 */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  /** When it reached done or dropped. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

/** Evidence for a follow-up: a visit or a seminar. */
@Entity('follow_up_links')
@Index('ix_follow_up_links_follow_up', ['followUpId'])
@Index('uq_follow_up_links_visit', ['followUpId', 'visitId'], {
  unique: true,
  where: '"visit_id" IS NOT NULL',
})
@Index('uq_follow_up_links_seminar', ['followUpId', 'seminarId'], {
  unique: true,
  where: '"seminar_id" IS NOT NULL',
})
@Index('ix_follow_up_links_visit', ['visitId'])
@Index('ix_follow_up_links_seminar', ['seminarId'])
@Check('ck_follow_up_links_one', '("visit_id" IS NULL) <> ("seminar_id" IS NULL)')
export class FollowUpLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  followUpId: string;

  @ManyToOne(() => FollowUpEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follow_up_id' })
  followUp?: FollowUpEntity;

  @Column({ type: 'uuid', nullable: true })
  visitId: string | null;

  @ManyToOne(() => VisitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id' })
  visit?: VisitEntity;

  @Column({ type: 'uuid', nullable: true })
  seminarId: string | null;

  @ManyToOne(() => SeminarEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'seminar_id' })
  seminar?: SeminarEntity;

  @Column({ type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
