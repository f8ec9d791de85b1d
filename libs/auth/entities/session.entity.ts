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

/** A server-side login session; the bearer token is stored only as its SHA-256 hash. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_sessions_token_hash', { unique: true })
  @Column({ type: 'bytea' })
  tokenHash: Buffer;

  @Index('ix_sessions_user_id')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  clientIp: string | null;

  /** The User-Agent header at login (cut to 500 characters), to tell the user's devices apart. */
  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  /**
   * When the user last proved their password in this session after login (their own password
   * change): the session outlives a password change made at or before this moment.
   */
  @Column({ type: 'timestamptz', nullable: true })
  reauthenticatedAt: Date | null;
}
