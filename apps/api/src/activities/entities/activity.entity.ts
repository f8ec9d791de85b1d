import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { VersionedEntity } from '../../../../../libs/database/base.entity';
import { StationEntity } from '../../../../../libs/auth/entities/station.entity';
import { PartnerEntity } from '../../partners/entities/partner.entity';

/** 人材育成 (training, lectures attended, exercises) and 広報 (website, media, notices). */
export const ACTIVITY_KINDS = [
  'training',
  'lecture_attended',
  'exercise_participation',
  'pr_web',
  'pr_media',
  'pr_notice',
  'other',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The station's own staff training and public relations (教養・広報), counted in period reports. */
@Entity('activities')
@Index('ix_activities_station_held', ['stationId', 'heldOn'])
@Check(
  'ck_activities_kind',
  `"kind" IN ('training', 'lecture_attended', 'exercise_participation', 'pr_web', 'pr_media', 'pr_notice', 'other')`,
)
@Check('ck_activities_participants', '"participants" >= 0')
export class ActivityEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => StationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id' })
  station?: StationEntity;

  @Column({ type: 'varchar', length: 32 })
  kind: ActivityKind;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'text' })
  title: string;

  /** Head count of the station's staff who took part (training) or reached (PR: 0 when unknown). */
  @Column({ type: 'int', default: 0 })
  participants: number;

  /** Topic codes, offered to the strategy table (これまでの取組). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;
}

/** Partner agencies that organized or took part (e.g. 県警察本部 サイバー攻撃対策隊). */
@Entity('activity_partners')
@Index('ix_activity_partners_partner', ['partnerId'])
export class ActivityPartnerEntity {
  @PrimaryColumn({ type: 'uuid' })
  activityId: string;

  @PrimaryColumn({ type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => ActivityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id' })
  activity?: ActivityEntity;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_id' })
  partner?: PartnerEntity;
}
