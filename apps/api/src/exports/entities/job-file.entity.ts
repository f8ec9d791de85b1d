import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { JobEntity } from '../../jobs/entities/job.entity';

/**
 * The file a job made (a large export or report file), kept in PostgreSQL so that every API
 * instance can hand it out (no local disk). Its bytes are in `job_file_chunks`; it is deleted when it
 * expires (on read, and by the sweep in job-files.repository.ts) or with its job.
 */
@Entity('job_files')
@Index('ix_job_files_expires_at', ['expiresAt'])
@Check('ck_job_files_size', `"size" >= 0`)
export class JobFileEntity {
  @PrimaryColumn({ type: 'uuid' })
  jobId: string;

  @ManyToOne(() => JobEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'fk_job_files_job' })
  job?: JobEntity;

  /** The download's name (Japanese, as Content-Disposition's filename*). */
  @Column({ type: 'text' })
  name: string;

  /** The ASCII fallback name (Content-Disposition's filename). */
  @Column({ type: 'text' })
  asciiName: string;

  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'bigint' })
  size: string;

  /** Roles that may read it (the export's or report's own); the job's station scope applies too. */
  @Column({ type: 'text', array: true })
  roles: string[];

  /** What the read is audited as (`export.visits`, `report.period`, …). */
  @Column({ type: 'varchar', length: 60 })
  auditAction: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

/** One piece (about 1 MB) of a job's file, in order. */
@Entity('job_file_chunks')
export class JobFileChunkEntity {
  @PrimaryColumn({ type: 'uuid' })
  jobId: string;

  @PrimaryColumn({ type: 'int' })
  seq: number;

  @ManyToOne(() => JobFileEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'fk_job_file_chunks_file' })
  file?: JobFileEntity;

  @Column({ type: 'bytea' })
  data: Buffer;
}
