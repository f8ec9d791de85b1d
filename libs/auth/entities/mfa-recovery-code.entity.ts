import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from './user.entity';

/** One-time recovery codes for a user's second factor, stored only as SHA-256 hashes. */
@Entity('mfa_recovery_codes')
@Index('uq_mfa_recovery_codes_user_code', ['userId', 'codeHash'], { unique: true })
export class MfaRecoveryCodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'bytea' })
  codeHash: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When it was used to log in or to turn the second factor off; a used code is refused. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
