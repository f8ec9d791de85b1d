import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '../../../../../libs/auth/entities/user.entity';
import { ContactEntity } from '../../organizations/entities/contact.entity';
import { CouncilItemEntity } from '../../council/entities/council.entity';
import { VisitEntity } from './visit.entity';

/** The officers who made a visit. */
@Entity('visit_officers')
export class VisitOfficerEntity {
  @PrimaryColumn({ type: 'uuid' })
  visitId: string;

  @PrimaryColumn({ type: 'uuid' })
  @Index('ix_visit_officers_user')
  userId: string;

  @ManyToOne(() => VisitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id' })
  visit?: VisitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;
}

/** Who attended on the organization's side: a contact, or a name with a role. */
@Entity('visit_attendees')
@Index('ix_visit_attendees_visit', ['visitId'])
export class VisitAttendeeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  visitId: string;

  @ManyToOne(() => VisitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id' })
  visit?: VisitEntity;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @ManyToOne(() => ContactEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id' })
  contact?: ContactEntity;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 16 })
  role: string;

  @Column({ type: 'int', default: 0 })
  position: number;
}

export const VISIT_FOLLOW_UP_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type VisitFollowUpStatus = (typeof VISIT_FOLLOW_UP_STATUSES)[number];

/** A follow-up task agreed at a visit. */
@Entity('visit_follow_ups')
@Index('ix_visit_follow_ups_owner_status', ['ownerId', 'status'])
// The lists' orders per station (GET /visits/follow-ups, GET /tasks) and for hq, created by hand in
// migrations/1802000000000-VisitFollowUpStation.ts (one of them partial: open and in progress).
@Index('ix_visit_follow_ups_station_due', { synchronize: false })
@Index('ix_visit_follow_ups_station_active_due', { synchronize: false })
@Index('ix_visit_follow_ups_due', { synchronize: false })
export class VisitFollowUpEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @Index('ix_visit_follow_ups_visit')
  visitId: string;

  /**
   * Always its visit's station: the foreign key is (visit_id, station_id) → visits (id, station_id),
   * so a follow-up cannot name another station, and a visit's station change carries its follow-ups.
   * Writers set it in their INSERT from the visit (a trigger fills it when an INSERT leaves it out).
   */
  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => VisitEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn([
    { name: 'visit_id', referencedColumnName: 'id' },
    { name: 'station_id', referencedColumnName: 'stationId' },
  ])
  visit?: VisitEntity;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: VisitFollowUpStatus;

  /** What was done (結果), given when it is closed. */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  /** Set when the status becomes done or dropped, cleared when it is opened again. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Its own version: PATCH /visits/follow-ups/:id never touches the visit's row or version. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Council items a visit answers (visit.councilItemIds). */
@Entity('visit_council_items')
export class VisitCouncilItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  visitId: string;

  @PrimaryColumn({ type: 'uuid' })
  councilItemId: string;

  @ManyToOne(() => VisitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id' })
  visit?: VisitEntity;

  @ManyToOne(() => CouncilItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'council_item_id' })
  councilItem?: CouncilItemEntity;
}
