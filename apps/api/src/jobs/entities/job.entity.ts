import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Long work (register imports, …) as the API shows it: station-scoped, with progress, the result
 * (an import's report) and the error. The queue itself is pg-boss (schema `pgboss`); its job has the
 * same id. Written by the jobs feature only (jobs.service.ts, job-runner.ts).
 */
@Entity('jobs')
@Check('ck_jobs_status', `"status" IN ('queued', 'running', 'done', 'failed', 'cancelled')`)
@Index('ix_jobs_station_created', ['stationId', 'createdAt'])
@Index('ix_jobs_running_heartbeat', ['heartbeatAt'], { where: `status = 'running'` })
// The metrics' reads at every scrape (jobs.health.ts): open jobs and the day's failures, not every job.
@Index('ix_jobs_open', ['kind', 'status', 'createdAt'], { where: `status IN ('queued', 'running')` })
@Index('ix_jobs_failed_finished', ['finishedAt', 'kind'], { where: `status = 'failed'` })
export class JobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** What runs (a pg-boss queue of that name): `register_import`. */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  stationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'varchar', length: 12, default: 'queued' })
  status: JobStatus;

  /** What the handler needs (an import: the stored file, its name, dry run). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  /** `{done, total, phase, rowsPerSecond, etaSeconds}`, written by the worker as it goes. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  progress: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  /** `{code, message}` of a failed job. */
  @Column({ type: 'jsonb', nullable: true })
  error: Record<string, unknown> | null;

  /** Set by POST /jobs/:id/cancel; the worker stops between batches and rolls back. */
  @Column({ type: 'boolean', default: false })
  cancelRequested: boolean;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int', default: 2 })
  maxAttempts: number;

  /** The pg-boss job that runs it now (a new one when it is handed back or retried). */
  @Column({ type: 'uuid', nullable: true })
  queueJobId: string | null;

  /** The process running it (`host:pid`). */
  @Column({ type: 'text', nullable: true })
  worker: string | null;

  /** Renewed every few seconds while it runs; a stale one means its process died. */
  @Column({ type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
