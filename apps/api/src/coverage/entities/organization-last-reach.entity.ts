import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationEntity } from '../../organizations/entities/organization.entity';

/**
 * An organization's last reach as it was known over a run of days: from `validFrom` until the day
 * before `validUntil` (NULL: still now), the last day it was reached (organization_reach_events,
 * counting a reach from the day it is both dated and recorded in Japan) was `lastReachedOn`.
 * One row per change, so coverage "as of" any day reads one row per organization.
 *
 * Never written by the application: PostgreSQL triggers rebuild an organization's rows from the view
 * `organization_last_reach_computed` whenever its visits or seminar attendance change
 * (migrations/1797000000001-OrganizationLastReachTriggers.ts).
 */
@Entity('organization_last_reach')
// Partial covering indexes (current rows, superseded rows), created by hand in the migration above.
@Index('ix_organization_last_reach_current', { synchronize: false })
@Index('ix_organization_last_reach_superseded', { synchronize: false })
export class OrganizationLastReachEntity {
  @PrimaryColumn({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  /** The first day (in Japan) this row answers for. */
  @PrimaryColumn({ type: 'date' })
  validFrom: string;

  /** The first day it no longer does (a later reach became known); NULL for the current row. */
  @Column({ type: 'date', nullable: true })
  validUntil: string | null;

  @Column({ type: 'date' })
  lastReachedOn: string;
}
