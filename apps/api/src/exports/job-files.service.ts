import { Inject, Injectable, Logger } from '@nestjs/common';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { CommonErrors } from '../../../../libs/http/domain-error';
import type { RequestUser } from '../../../../libs/http/request-context';
import type { JobContext } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import type { JobFileDto } from './dto/job-file.dto';
import { ExportErrors } from './exports.errors';
import { JobFileMeta, JobFilesRepository, JobFileWriter } from './job-files.repository';

/**
 * The files that export and report jobs make: written by the job, kept in PostgreSQL until they
 * expire (JOB_FILE_TTL_HOURS), sent by GET /jobs/:id/file to users of the job's station scope with
 * the export's (or report's) roles, each read audited as an export read. Expired files are swept
 * on the queue's schedule (apps/api/src/jobs/job-file-sweep.ts: once across instances), besides
 * being deleted when one is asked for.
 */
@Injectable()
export class JobFilesService {
  private readonly log = new Logger('JobFiles');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: JobFilesRepository,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Deletes the expired files; answers how many. */
  async sweep(): Promise<number> {
    try {
      return await this.repo.deleteExpired();
    } catch (error) {
      this.log.warn(`sweep: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  /** A job's file to write (expires JOB_FILE_TTL_HOURS from now). */
  open(file: Omit<JobFileMeta, 'size' | 'expiresAt'>): Promise<JobFileWriter> {
    return this.repo.open({ ...file, expiresAt: new Date(Date.now() + this.config.jobs.fileTtlMs) });
  }

  /**
   * A file job's body: writes the file (`write` gets the stream and a row counter), reports
   * progress as rows done of `total` with rate and ETA, and keeps the file; a failure or a cancel
   * rolls the file back. Answers the job's result: `{file, rows}`.
   */
  async produce(
    ctx: Pick<JobContext, 'job' | 'signal' | 'progress'>,
    file: Omit<JobFileMeta, 'jobId' | 'size' | 'expiresAt'>,
    total: number,
    write: (out: Writable, onRows: (rows: number) => void) => Promise<number>,
  ): Promise<Record<string, unknown>> {
    const started = Date.now();
    const report = (done: number) => {
      const elapsedMs = Date.now() - started;
      const rowsPerSecond = elapsedMs > 0 ? Math.round((done * 1000) / elapsedMs) : 0;
      ctx.progress({
        done: Math.min(done, total),
        total,
        phase: 'writing',
        rowsPerSecond,
        etaSeconds: rowsPerSecond > 0 ? Math.max(0, Math.round((total - done) / rowsPerSecond)) : null,
        elapsedMs,
      });
    };
    report(0);
    const writer = await this.open({ ...file, jobId: ctx.job.id });
    let rows: number;
    try {
      ctx.signal.throwIfAborted();
      rows = await write(writer.stream, report);
      ctx.signal.throwIfAborted();
    } catch (error) {
      writer.stream.destroy();
      await writer.abort().catch(() => undefined);
      throw error;
    }
    const kept = await writer.commit();
    return { file: fileDto(kept), rows };
  }

  /**
   * The job's file for `user`: 404 outside the job's station scope, 403 for another role, 409 while
   * it has none, 410 (and deleted) once expired. The read is audited before a byte is sent.
   */
  async prepare(user: RequestUser, jobId: string): Promise<JobFileMeta> {
    const job = await this.jobs.get(user, jobId);
    const file = await this.repo.find(jobId);
    if (!file) {
      const expired = job.result?.file as { expiresAt?: string } | undefined;
      if (job.status === 'done' && expired?.expiresAt)
        throw ExportErrors.fileExpired(new Date(expired.expiresAt));
      throw ExportErrors.fileNotReady(job.status);
    }
    if (!file.roles.includes(user.role)) throw CommonErrors.forbidden();
    if (file.expiresAt.getTime() <= Date.now()) {
      await this.repo.delete(jobId);
      throw ExportErrors.fileExpired(file.expiresAt);
    }
    await this.dataSource.transaction((tx) =>
      this.audit.record(tx, {
        action: file.auditAction,
        entityType: 'job',
        entityId: jobId,
        stationId: job.stationId,
        changes: { read: 'job_file', name: file.name, size: file.size },
      }),
    );
    return file;
  }

  /** Sends the file's bytes with back-pressure (a few chunks per query); stops when `out` goes away. */
  async send(jobId: string, out: Writable): Promise<void> {
    try {
      await pipeline(Readable.from(this.repo.chunks(jobId), { objectMode: false }), out);
    } catch (error) {
      // a client that went away is not a server error
      if (!out.destroyed) throw error;
    }
  }
}

/** `result.file` of a job. */
export function fileDto(file: JobFileMeta): JobFileDto {
  return {
    name: file.name,
    size: file.size,
    contentType: file.contentType,
    expiresAt: file.expiresAt.toISOString(),
  };
}
