import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import type { RequestUser } from '../../../../libs/http/request-context';
import { JobDto } from './dto/job.dto';
import { JobHandler, JobQueue, ScheduledTask } from './job-queue';
import { JobsErrors } from './jobs.errors';
import { JobRow, JobsRepository } from './jobs.repository';

export interface EnqueueInput {
  kind: string;
  stationId: string | null;
  user: RequestUser;
  /** What the handler needs; kept with the job (no personal data: file names, flags). */
  payload: Record<string, unknown>;
  /** A temporary file to keep for the job (moved; removed when the job ends). */
  file?: string;
}

/** Jobs as the API and the other features see them: queue one, read it, cancel it. */
@Injectable()
export class JobsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: JobsRepository,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
  ) {}

  /** A feature's handler for its kind of job (call from onModuleInit). */
  register(kind: string, handler: JobHandler): void {
    this.queue.register(kind, handler);
  }

  /** A maintenance task on the queue's cron schedule, run once per due time across instances (call from onModuleInit). */
  schedule(name: string, cron: string, task: ScheduledTask): void {
    this.queue.schedule(name, cron, task);
  }

  async enqueue(input: EnqueueInput): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      const id = await this.queue.enqueue(tx, {
        kind: input.kind,
        stationId: input.stationId,
        createdBy: input.user.id,
        payload: input.payload,
        file: input.file,
      });
      await this.audit.record(tx, {
        action: 'job.create',
        entityType: 'job',
        entityId: id,
        stationId: input.stationId,
        changes: { kind: input.kind, ...input.payload },
      });
      return id;
    });
  }

  /**
   * Queues a job inside the caller's transaction, without an audit row of its own: the caller
   * audits its request there (an export's `export.*` row), so the row and the job commit together.
   */
  enqueueIn(tx: EntityManager, input: Omit<EnqueueInput, 'file'>): Promise<string> {
    return this.queue.enqueue(tx, {
      kind: input.kind,
      stationId: input.stationId,
      createdBy: input.user.id,
      payload: input.payload,
    });
  }

  async get(user: RequestUser, id: string): Promise<JobDto> {
    const job = await this.repo.findScoped(user, id);
    if (!job) throw JobsErrors.notFound();
    return toDto(job);
  }

  /** A queued job ends at once; a running one stops at its next batch and rolls back. */
  async cancel(user: RequestUser, id: string): Promise<JobDto> {
    const job = await this.dataSource.transaction(async (tx) => {
      const row = await this.repo.requestCancel(tx, user, id);
      if (!row) {
        const existing = await this.repo.findScoped(user, id, tx);
        if (!existing) throw JobsErrors.notFound();
        throw JobsErrors.finished(existing.status);
      }
      await this.audit.record(tx, {
        action: 'job.cancel',
        entityType: 'job',
        entityId: id,
        stationId: row.stationId,
        changes: { kind: row.kind, status: row.status },
      });
      return row;
    });
    if (job.status === 'cancelled') await this.queue.discard(job);
    return toDto(job);
  }

  /** Queued and running jobs per kind. */
  counts() {
    return this.repo.counts();
  }
}

function toDto(job: JobRow): JobDto {
  const p = job.progress;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: {
      ...p,
      done: num(p.done),
      total: num(p.total),
    },
    result: job.result,
    error: job.error ? { code: String(job.error.code), message: String(job.error.message) } : null,
    cancelRequested: job.cancelRequested,
    stationId: job.stationId,
    ...(typeof job.payload.fileName === 'string' ? { fileName: job.payload.fileName } : {}),
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
