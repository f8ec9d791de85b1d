import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../../../../../libs/auth/entities/user.entity';

/** A saved list view: a named filter of the organizations list, one user's own. */
@Entity('organization_views')
@Index('uq_organization_views_user_name', ['userId', 'name'], { unique: true })
export class OrganizationViewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'text' })
  name: string;

  /** The list's query parameters (validated as OrganizationViewFilterDto). */
  @Column({ type: 'jsonb' })
  filter: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
