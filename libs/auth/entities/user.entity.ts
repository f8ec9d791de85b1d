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

  /**
   * The password was set by someone else (an admin, the first start): every route but the change
   * answers 403 until the user sets their own, and it expires ONE_TIME_PASSWORD_DAYS after it was set.
   */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** When the password was last set (null: at creation); sessions from before it are invalid. */
  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  /**
   * The TOTP secret (RFC 6238), sealed with MFA_ENCRYPTION_KEY when set; never returned after
   * enrolment. Present without `totpEnabledAt` while an enrolment waits for its confirmation.
   */
  @Column({ type: 'text', nullable: true })
  totpSecret: string | null;

  /** When the second factor was confirmed; null: no second factor. */
  @Column({ type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** The last TOTP time step accepted: a code of this step or earlier is refused (no replay). */
  @Column({ type: 'int', nullable: true })
  totpLastStep: number | null;
}
