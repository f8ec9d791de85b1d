import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** History of register-driven and manual changes to name, address and status of an organization. */
@Entity('organization_changes')
@Index('ix_organization_changes_org', ['organizationId', 'changedOn'])
export class OrganizationChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  stationId: string;

  /** The day the change took effect (register change date, or the edit date). */
  @Column({ type: 'date' })
  changedOn: string;

  /** register | manual | merge */
  @Column({ type: 'varchar', length: 16 })
  source: string;

  /** name | address | status | nameKana … */
  @Column({ type: 'varchar', length: 32 })
  field: string;

  @Column({ type: 'text', nullable: true })
  oldValue: string | null;

  @Column({ type: 'text', nullable: true })
  newValue: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
