import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { OrganizationEntity } from './organization.entity';
import { VersionedEntity } from '../../../../../libs/database/base.entity';

export const CONTACT_ROLES = ['manager', 'employee', 'researcher', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** A person at an organization: personal data, need-to-know. */
@Entity('contacts')
@Index('ix_contacts_organization', ['organizationId'])
export class ContactEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ type: 'uuid' })
  stationId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  nameKana: string | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'varchar', length: 16, default: 'other' })
  role: ContactRole;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;
}
