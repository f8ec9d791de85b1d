import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const DUPLICATE_STATUSES = ['pending', 'merged', 'dismissed'] as const;
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number];
export const DUPLICATE_REASONS = ['corporate_number', 'name_municipality'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/**
 * Two organizations of a station that look like one firm (migrations/1800600000001-DuplicateScan.ts):
 * `a` is the older record. A dismissed pair stays, so the scan never suggests it again.
 */
@Entity('duplicate_candidates')
@Check('ck_duplicate_candidates_status', `"status" IN ('pending', 'merged', 'dismissed')`)
@Index('uq_duplicate_candidates_pair', ['stationId', 'organizationAId', 'organizationBId'], { unique: true })
@Index('ix_duplicate_candidates_station_status', ['stationId', 'status', 'createdAt'])
export class DuplicateCandidateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_duplicate_candidates' })
  id: string;

  @Column({ type: 'uuid' })
  stationId: string;

  @Column({ type: 'uuid', name: 'organization_a_id' })
  organizationAId: string;

  @Column({ type: 'uuid', name: 'organization_b_id' })
  organizationBId: string;

  @Column({ type: 'varchar', length: 20 })
  reason: DuplicateReason;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: DuplicateStatus;

  /** The scan job that found it. */
  @Column({ type: 'uuid', nullable: true })
  jobId: string | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
