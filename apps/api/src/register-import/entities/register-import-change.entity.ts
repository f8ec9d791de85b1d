import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const IMPORT_CHANGE_KINDS = [
  'new',
  'renamed',
  'moved',
  'closed',
  'updated',
  'linked',
  'created',
] as const;
export type ImportChangeKind = (typeof IMPORT_CHANGE_KINDS)[number];

/**
 * What one register import did to one organization (migrations/1800600000000-RegisterImportTrace.ts):
 * the link from the organization to the import's audit event (`organization.import`, whose changes
 * carry the same `importId`), written set-based with the import.
 */
@Entity('register_import_changes')
@Index('ix_register_import_changes_organization', ['organizationId'])
export class RegisterImportChangeEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_register_import_changes' })
  importId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_register_import_changes' })
  organizationId: string;

  /** new | renamed | moved | closed | updated (other register fields) | linked | created */
  @PrimaryColumn({ type: 'varchar', length: 8, primaryKeyConstraintName: 'PK_register_import_changes' })
  kind: ImportChangeKind;

  @Column({ type: 'uuid' })
  stationId: string;

  /** The value before: the name (renamed), the address (moved), the status (closed). */
  @Column({ type: 'text', nullable: true })
  oldValue: string | null;
}
