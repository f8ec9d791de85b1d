import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const MATCH_RESOLUTIONS = ['linked', 'created'] as const;
export type MatchResolution = (typeof MATCH_RESOLUTIONS)[number];

/**
 * A register row that looked like an existing record without a corporate number (same normalized
 * name and municipality): not inserted by the import; kept with the register's values until an
 * officer links it to the record (which gains the number) or creates it anyway.
 */
@Entity('register_possible_matches')
@Index('ix_register_possible_matches_station', ['stationId', 'resolution', 'createdAt'])
@Index('ix_register_possible_matches_import', ['importId'])
export class RegisterPossibleMatchEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_register_possible_matches' })
  id: string;

  @Column({ type: 'uuid' })
  importId: string;

  @Column({ type: 'uuid' })
  stationId: string;

  /** The existing record it looks like. */
  @Column({ type: 'uuid' })
  organizationId: string;

  /** Physical line of the file. */
  @Column({ type: 'int' })
  line: number;

  @Column({ type: 'char', length: 13 })
  corporateNumber: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  nameKana: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  legalForm: string | null;

  @Column({ type: 'char', length: 5, nullable: true })
  municipalityCode: string | null;

  @Column({ type: 'text', nullable: true })
  municipalityName: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'char', length: 7, nullable: true })
  postalCode: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Column({ type: 'date', nullable: true })
  registerUpdatedOn: string | null;

  /** null while pending; linked | created */
  @Column({ type: 'varchar', length: 8, nullable: true })
  resolution: MatchResolution | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedOrganizationId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
