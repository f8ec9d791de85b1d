import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import type { Role } from '../../../../libs/auth/entities/user.entity';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import type { RequestUser } from '../../../../libs/http/request-context';
import { JobFilesService } from '../exports/job-files.service';
import { JobsService } from '../jobs/jobs.service';
import { RenderJob, RenderPool } from './render-pool';

/** The job kind (and pg-boss queue) of report files made as jobs. */
export const REPORT_FILE_JOB = 'report_file';

/** A report file to make: what to render (the report as the request built and audited it) and its name. */
export interface ReportFileJobPayload {
  render: RenderJob;
  report: 'period' | 'strategy_table';
  format: 'xlsx' | 'pdf' | 'docx';
  name: string;
  asciiName: string;
  contentType: string;
  roles: Role[];
  rows: number;
}

/** Rows of a report: every element of its arrays at any depth (breakdown rows, table rows, bullets). */
export function reportRows(value: unknown): number {
  if (Array.isArray(value)) return value.length + value.reduce<number>((n, v) => n + reportRows(v), 0);
  if (value && typeof value === 'object')
    return Object.values(value as Record<string, unknown>).reduce<number>((n, v) => n + reportRows(v), 0);
  return 0;
}

/**
 * Report files (period report XLSX/PDF, strategy table XLSX/PDF/DOCX) as jobs: with `async=true`,
 * or past EXPORT_ASYNC_ROWS rows, the route queues the report it built (and audited) and answers
 * 202 {jobId}; the worker renders it in the render pool (off the event loop) and keeps the file in
 * job_files for GET /jobs/:id/file.
 */
@Injectable()
export class ReportFileJobs implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly files: JobFilesService,
    private readonly renderer: RenderPool,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register(REPORT_FILE_JOB, async (ctx) => {
      const p = ctx.job.payload as unknown as ReportFileJobPayload;
      return this.files.produce(
        ctx,
        {
          name: p.name,
          asciiName: p.asciiName,
          contentType: p.contentType,
          roles: p.roles,
          auditAction: `report.${p.report}.file`,
        },
        p.rows,
        async (out, onRows) => {
          const buffer = await this.renderer.render(p.render);
          ctx.signal.throwIfAborted();
          onRows(p.rows);
          await new Promise<void>((resolve, reject) =>
            out.end(buffer, () => resolve()).once('error', reject),
          );
          return p.rows;
        },
      );
    });
  }

  /** Whether the file is made as a job: `async=true`, or no `async=false` and past the threshold. */
  asJob(async: 'true' | 'false' | undefined, rows: number): boolean {
    if (async === 'false') return false;
    return async === 'true' || rows > this.config.jobs.exportAsyncRows;
  }

  /** Queues the file; the queueing is audited in the same transaction (the report itself already was). */
  enqueue(user: RequestUser, stationId: string | null, payload: ReportFileJobPayload): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      const jobId = await this.jobs.enqueueIn(tx, {
        kind: REPORT_FILE_JOB,
        stationId,
        user,
        payload: payload as unknown as Record<string, unknown>,
      });
      await this.audit.record(tx, {
        action: `report.${payload.report}.file_job`,
        entityType: 'job',
        entityId: jobId,
        stationId,
        changes: { format: payload.format, rows: payload.rows, name: payload.name },
      });
      return jobId;
    });
  }
}
