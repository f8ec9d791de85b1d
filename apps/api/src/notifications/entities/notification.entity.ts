import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserEntity } from '../../../../../libs/auth/entities/user.entity';

export const NOTIFICATION_KINDS = [
  'visit_submitted',
  'visit_returned',
  'visit_approved',
  'follow_up_due',
  'follow_up_overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notification opens: the record's type as the web routes it. */
export const NOTIFICATION_LINK_TYPES = ['visit', 'meeting'] as const;
export type NotificationLinkType = (typeof NOTIFICATION_LINK_TYPES)[number];

/**
 * An in-app notification for one user. The title holds only what the recipient may see anyway
 * (the record's own title or organization); nothing else of the record is copied.
 * `dedupeKey` makes the daily reminders idempotent (one per follow-up and due date).
 */
@Entity('notifications')
@Index('ix_notifications_recipient_created', ['recipientId', 'createdAt'])
@Index('ix_notifications_recipient_unread', ['recipientId'], { where: 'read_at IS NULL' })
@Index('uq_notifications_dedupe', ['dedupeKey'], { unique: true, where: 'dedupe_key IS NOT NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  recipientId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: UserEntity;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  linkType: NotificationLinkType;

  @Column({ type: 'uuid' })
  linkId: string;

  /** The station the linked record belongs to (audit, cleanup); null for none. */
  @Column({ type: 'uuid', nullable: true })
  stationId: string | null;

  @Column({ type: 'text', nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}

/** A user's own e-mail settings for notifications (the users table keeps no address). */
@Entity('notification_settings')
export class NotificationSettingsEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** Where notification mails go; null: none. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/**
 * The mail outbox: one row per notification to mail, written in the notification's transaction and
 * sent after the commit by the mailer (notification-mailer.ts); a failed send is retried, never
 * rolls back the business write.
 */
@Entity('notification_outbox')
@Index('ix_notification_outbox_pending', ['nextAttemptAt'], {
  where: 'sent_at IS NULL AND gave_up_at IS NULL',
})
export class NotificationOutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @Index('ix_notification_outbox_notification')
  notificationId: string;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: NotificationEntity;

  @Column({ type: 'text' })
  toAddress: string;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  gaveUpAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Days a daily run was claimed: the primary key makes it once per day across instances. */
@Entity('daily_runs')
export class DailyRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  job: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  ranAt: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  result: Record<string, unknown>;
}
