import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../../database/base.entity';
import { StationEntity } from './station.entity';

export const ROLES = ['officer', 'manager', 'hq', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class UserEntity extends VersionedEntity {
  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  stationId: string | null;

  @ManyToOne(() => StationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_id' })
  station?: StationEntity;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: 'text' })
  passwordHash: string;

  /** Set when an admin issues a one-time password; the user should change it. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;
}
