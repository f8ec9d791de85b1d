import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../../../../libs/database/base.entity';
import { StationEntity } from '../../../../../libs/auth/entities/station.entity';
import { OrganizationEntity } from '../../organizations/entities/organization.entity';

export const VISIT_FORMATS = ['on_site', 'at_station', 'online', 'phone'] as const;
export type VisitFormat = (typeof VISIT_FORMATS)[number];
/**
 * `planned`: a visit not yet made (may lie in the future; never reach). It is recorded (→ draft,
 * with what was planned filled in) or cancelled (→ cancelled, with a reason; final).
 */
export const VISIT_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'planned', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** アウトリーチ活動: an outreach visit, approved by a manager (決裁). */
@Entity('visits')
@Index('ix_visits_station_visited_on', ['stationId', 'visitedOn'])
@Index('ix_visits_organization_visited_on', ['organizationId', 'visitedOn'])
@Index('ix_visits_station_status', ['stationId', 'status'])
// Partial index (approved only), created by hand in migrations/1790000000003-ReachEvents.ts.
@Index('ix_visits_approved_org', { synchronize: false })
// Partial covering index (approved only), created by hand in migrations/1794000000001-CoverageReachIndex.ts.
@Index('ix_visits_reach_window', { synchronize: false })
// Trigram index on the normalized text, for GET /search (migrations/1800800000001-VisitSearchIndex.ts).
@Index('ix_visits_search_trgm', { synchronize: false })
// The list's default order per station and for hq, for GET /visits (migrations/1800900000000-VisitListIndex.ts).
@Index('ix_visits_station_visited_at', { synchronize: false })
@Index('ix_visits_visited_at', { synchronize: false })
// Covering partial index of the reports (migrations/1800900000001-VisitReportIndex.ts).
@Index('ix_visits_approved_report', { synchronize: false })
// A station's drafts never submitted: the visits a station user may not see (visit-visibility.ts),
// created by hand in migrations/1802000000000-VisitFollowUpStation.ts.
@Index('ix_visits_station_unsubmitted', { synchronize: false })
// What a follow-up's (visit_id, station_id) foreign key refers to (visit_follow_ups.station_id).
@Index('uq_visits_id_station', ['id', 'stationId'], { unique: true })
export class VisitEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => StationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id' })
  station?: StationEntity;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ type: 'timestamptz' })
  visitedAt: Date;

  /** The day in Japan of visitedAt (a 00:30 JST visit on 1 April belongs to 1 April). */
  @Column({ type: 'date' })
  visitedOn: string;

  @Column({ type: 'varchar', length: 16 })
  format: VisitFormat;

  @Column({ type: 'text', nullable: true })
  jointWith: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  materials: string[];

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'text', nullable: true })
  concernsRaised: string | null;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: VisitStatus;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ type: 'text', nullable: true })
  returnReason: string | null;

  /** What a planned visit is for (目的); kept when it is recorded. */
  @Column({ type: 'text', nullable: true })
  purpose: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;
}
