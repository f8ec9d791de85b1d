import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../../../../libs/auth/entities/user.entity';
import { VisitEntity } from './visit.entity';

export const VISIT_APPROVAL_ACTIONS = ['submitted', 'returned', 'approved', 'reopened'] as const;
export type VisitApprovalAction = (typeof VISIT_APPROVAL_ACTIONS)[number];

/**
 * The approval history of a visit (決裁の経過): one row per workflow step, written by the visits
 * feature in the step's own transaction, beside its audit event. `comment` is the manager's
 * 決裁コメント on approve (optional) or the reason on return and reopen (required there).
 * Append-only by use: nothing updates or deletes these rows (they go with their visit).
 */
@Entity('visit_approval_events')
@Index('ix_visit_approval_events_visit', ['visitId', 'occurredAt'])
@Check('ck_visit_approval_events_action', `"action" IN ('submitted', 'returned', 'approved', 'reopened')`)
export class VisitApprovalEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  visitId: string;

  @ManyToOne(() => VisitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id' })
  visit?: VisitEntity;

  @Column({ type: 'uuid' })
  stationId: string;

  @Column({ type: 'varchar', length: 16 })
  action: VisitApprovalAction;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: UserEntity;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
