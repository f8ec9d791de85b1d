import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../../../../../libs/database/base.entity';
import { StationEntity } from '../../../../../libs/auth/entities/station.entity';
import { OrganizationEntity } from '../../organizations/entities/organization.entity';

export const PARTNER_KINDS = [
  'prefecture',
  'municipality',
  'chamber',
  'university',
  'national',
  'police_hq',
  'network',
  'other',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PARTNER_STATUSES = ['active', 'archived'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/**
 * 関係機関 / 官民連携ネットワーク. Prefecture-wide (station_id null: hq's, seen by every station of the
 * prefecture) or a station's own local partner (seen by that station and hq).
 */
@Entity('partners')
@Index('ix_partners_prefecture_name', ['prefectureCode', 'name'])
@Index('ix_partners_prefecture_normalized_name', ['prefectureCode', 'normalizedName'])
@Index('ix_partners_station', ['stationId'])
@Check('ck_partners_status', `"status" IN ('active', 'archived')`)
export class PartnerEntity extends VersionedEntity {
  @Column({ type: 'char', length: 2 })
  prefectureCode: string;

  /** The station whose own partner this is; null: prefecture-wide (hq's). */
  @Column({ type: 'uuid', nullable: true })
  stationId: string | null;

  @ManyToOne(() => StationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id' })
  station?: StationEntity;

  /** name + department, normalized (libs/japanese normalizeSearchText): likely duplicates share it. */
  @Column({ type: 'text', default: '' })
  normalizedName: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: PartnerStatus;

  /** Set when hq merged this partner into another (status archived). */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto?: PartnerEntity;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: PartnerKind;

  @Column({ type: 'text', nullable: true })
  department: string | null;

  @Column({ type: 'text', nullable: true })
  contactName: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;
}

/** Members of a network partner: organizations (of a station) or other partners. */
@Entity('network_members')
@Index('ix_network_members_network', ['networkId'])
@Index('uq_network_members_organization', ['networkId', 'organizationId'], {
  unique: true,
  where: '"organization_id" IS NOT NULL',
})
@Index('uq_network_members_partner', ['networkId', 'memberPartnerId'], {
  unique: true,
  where: '"member_partner_id" IS NOT NULL',
})
@Check('ck_network_members_one', '("organization_id" IS NULL) <> ("member_partner_id" IS NULL)')
export class NetworkMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  networkId: string;

  @ManyToOne(() => PartnerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: PartnerEntity;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ type: 'uuid', nullable: true })
  memberPartnerId: string | null;

  @ManyToOne(() => PartnerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_partner_id' })
  memberPartner?: PartnerEntity;
}

/** A liaison record: a station's meeting with a partner agency. */
@Entity('liaisons')
@Index('ix_liaisons_partner_held', ['partnerId', 'heldOn'])
@Index('ix_liaisons_station_held', ['stationId', 'heldOn'])
export class LiaisonEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_id' })
  partner?: PartnerEntity;

  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => StationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id' })
  station?: StationEntity;

  @Column({ type: 'date' })
  heldOn: string;

  /** Our side (officer names or ids as text). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  ourAttendees: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  theirAttendees: string[];

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text', nullable: true })
  agreed: string | null;

  @Column({ type: 'text', nullable: true })
  followUp: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  @Column({ type: 'uuid' })
  createdBy: string;
}
