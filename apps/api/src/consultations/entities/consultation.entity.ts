import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../../../../libs/database/base.entity';
import { StationEntity } from '../../../../../libs/auth/entities/station.entity';
import { OrganizationEntity } from '../../organizations/entities/organization.entity';

export const CONSULTATION_CATEGORIES = [
  'targeted_email',
  'unauthorized_access',
  'defacement',
  'suspicious_approach',
  'tech_leak',
  'other',
] as const;
export type ConsultationCategory = (typeof CONSULTATION_CATEGORIES)[number];
export const CONSULTATION_STATUSES = ['open', 'closed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** 相談・事案: what an organization reports to the station. */
@Entity('consultations')
// The list's default order (received_at DESC NULLS LAST, id DESC) per station and for hq, created
// by hand in migrations/1802000000000-VisitFollowUpStation.ts.
@Index('ix_consultations_station_received_at', { synchronize: false })
@Index('ix_consultations_received_at', { synchronize: false })
@Index('ix_consultations_organization', ['organizationId', 'receivedAt'])
export class ConsultationEntity extends VersionedEntity {
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
  receivedAt: Date;

  @Column({ type: 'varchar', length: 32 })
  category: ConsultationCategory;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'text', nullable: true })
  handling: string | null;

  @Column({ type: 'boolean', default: false })
  escalated: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ConsultationStatus;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Content visible to managers, hq and admins only. */
  @Column({ type: 'boolean', default: false })
  restricted: boolean;

  @Column({ type: 'uuid' })
  createdBy: string;
}
