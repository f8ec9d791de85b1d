import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { StationEntity } from '../../../../../libs/auth/entities/station.entity';
import { VersionedEntity } from '../../../../../libs/database/base.entity';

export const TIERS = ['A', 'B', 'C'] as const;
export type Tier = (typeof TIERS)[number];
export const CONSULTATION_DESK = ['none', 'planned', 'established'] as const;
export type ConsultationDesk = (typeof CONSULTATION_DESK)[number];
export const ORGANIZATION_STATUSES = ['active', 'closed', 'archived'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

/** 対象事業者: a firm or institution of a station's area. */
@Entity('organizations')
@Check('ck_organizations_tier', `"tier" IN ('A', 'B', 'C')`)
@Index('uq_organizations_station_corporate_number', ['stationId', 'corporateNumber'], {
  unique: true,
  where: 'corporate_number IS NOT NULL',
})
@Index('ix_organizations_station_sort', ['stationId', 'sortKey', 'id'])
// Coverage reads a station's active targets only: with a register of candidates around them, this
// partial index finds the few hundred targets among 100,000s of rows (candidates are not in it, so
// register imports, which insert candidates, do not maintain it).
@Index('ix_organizations_station_targets', ['stationId'], { where: `tier IS NOT NULL AND status = 'active'` })
// Search indexes written by hand in migrations/1791000000000-OrganizationSearch.ts.
@Index('ix_organizations_search_grams', { synchronize: false })
@Index('ix_organizations_search_trgm', { synchronize: false })
@Index('ix_organizations_station_normalized_name', { synchronize: false })
// A name's first 1 and 2 characters in reading order (migrations/1801000000400-OrganizationNameInitialIndexes.ts).
@Index('ix_organizations_station_name_initial1', { synchronize: false })
@Index('ix_organizations_station_name_initial2', { synchronize: false })
// Grams without the starts of the reading and name, for GET /search (migrations/1802000000200-…).
@Index('ix_organizations_search_other_grams', { synchronize: false })
export class OrganizationEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => StationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id' })
  station?: StationEntity;

  @Column({ type: 'char', length: 13, nullable: true })
  corporateNumber: string | null;

  @Column({ type: 'text' })
  name: string;

  /** Full-width katakana reading (フリガナ). */
  @Column({ type: 'text', nullable: true })
  nameKana: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  legalForm: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sector: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  technologies: string[];

  /**
   * A, B or C: an outreach target (対象事業者) with that priority. NULL: a candidate, known from the
   * register but not (yet) chosen as a target; it is left out of coverage, the worklist and the
   * dashboards. Register imports insert candidates explicitly (tier NULL); the column default C
   * stays for inserts that name no tier (a record made by hand is a target).
   */
  @Column({ type: 'char', length: 1, nullable: true, default: 'C' })
  tier: Tier | null;

  /** 5-digit local-government code, e.g. 35208. */
  @Index('ix_organizations_municipality_code')
  @Column({ type: 'char', length: 5, nullable: true })
  municipalityCode: string | null;

  @Column({ type: 'text', nullable: true })
  municipalityName: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  /** 7 digits, no hyphen. */
  @Column({ type: 'char', length: 7, nullable: true })
  postalCode: string | null;

  @Column({ type: 'boolean', default: false })
  exportControlRelevant: boolean;

  @Column({ type: 'varchar', length: 16, default: 'none' })
  consultationDesk: ConsultationDesk;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: OrganizationStatus;

  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** manual | register */
  @Column({ type: 'varchar', length: 16, default: 'manual' })
  source: string;

  /** The register's last update date applied to this record. */
  @Column({ type: 'date', nullable: true })
  registerUpdatedOn: string | null;

  /** Normalized name, reading, address and corporate number for search (libs/japanese). */
  @Column({ type: 'text', default: '' })
  searchText: string;

  /**
   * Unigrams and bigrams of search_text, set by the trigger `organizations_search_grams` (SQL
   * function organization_search_grams) on every insert/update of search_text; GIN-indexed so
   * 1- and 2-character queries are indexed too (pg_trgm is not below 3 characters).
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  searchGrams: string[];

  /** Normalized name used to flag likely duplicates of manual entries. */
  @Column({ type: 'text', default: '' })
  normalizedName: string;

  /** Sort key: the reading, else the name. */
  @Column({ type: 'text', default: '' })
  sortKey: string;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  /** Set on the record merged away, pointing at the one kept. */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;
}
