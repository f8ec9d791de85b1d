import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { StationEntity } from '../../../../../libs/auth/entities/station.entity';
import { UserEntity } from '../../../../../libs/auth/entities/user.entity';
import { CouncilMeetingEntity } from '../../council/entities/council.entity';
import { SeminarEntity } from '../../seminars/entities/seminar.entity';
import { VisitEntity } from '../../visits/entities/visit.entity';

/** What an attachment belongs to: exactly one of the three records. */
export const ATTACHMENT_PARENTS = ['visit', 'seminar', 'meeting'] as const;
export type AttachmentParent = (typeof ATTACHMENT_PARENTS)[number];

/**
 * A file kept with a visit, a seminar or a council meeting (配付資料, minutes, photos). The bytes are
 * in `attachment_blobs` (PostgreSQL, so the database backup holds them and nothing lives on the
 * app's disk); this row is what lists show. Written only by the attachments feature; deleted with
 * its record (cascade) or by DELETE /attachments/:id (the audit trail keeps name and SHA-256).
 */
@Entity('attachments')
@Index('ix_attachments_visit', ['visitId', 'createdAt'])
@Index('ix_attachments_seminar', ['seminarId', 'createdAt'])
@Index('ix_attachments_meeting', ['meetingId', 'createdAt'])
@Check('ck_attachments_one_parent', `num_nonnulls("visit_id", "seminar_id", "meeting_id") = 1`)
@Check('ck_attachments_size', `"size" >= 0`)
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  stationId: string;

  @ManyToOne(() => StationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'station_id' })
  station?: StationEntity;

  @Column({ type: 'uuid', nullable: true })
  visitId: string | null;

  @ManyToOne(() => VisitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visit_id' })
  visit?: VisitEntity;

  @Column({ type: 'uuid', nullable: true })
  seminarId: string | null;

  @ManyToOne(() => SeminarEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'seminar_id' })
  seminar?: SeminarEntity;

  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;

  @ManyToOne(() => CouncilMeetingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: CouncilMeetingEntity;

  /** As the user named it (NFC, path characters removed). */
  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** From the content, never from the name (attachment-content.ts). */
  @Column({ type: 'varchar', length: 128 })
  contentType: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  /** Hex SHA-256 of the bytes. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The bytes of an attachment, apart so that listing never reads them. */
@Entity('attachment_blobs')
export class AttachmentBlobEntity {
  @PrimaryColumn({ type: 'uuid' })
  attachmentId: string;

  @ManyToOne(() => AttachmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attachment_id' })
  attachment?: AttachmentEntity;

  @Column({ type: 'bytea' })
  data: Buffer;
}
