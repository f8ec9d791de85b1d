import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Role } from '../../../../libs/auth/entities/user.entity';
import { RequestContext } from '../../../../libs/http/request-context';
import { JobsErrors } from '../jobs/jobs.errors';
import { JobsService } from '../jobs/jobs.service';
import { EXPORT_JOB, ExportFormat, ExportPlan, ExportsService } from './exports.service';
import { JobFilesService } from './job-files.service';

/** Station users export their station; hq exports across stations (as the export routes). */
export const EXPORT_ROLES: readonly Role[] = ['officer', 'manager', 'hq'];

/** What an export job keeps: the export, its format and the request's (validated) query. */
export interface ExportJobPayload {
  export: ExportPlan['kind'];
  format: ExportFormat;
  query: Record<string, unknown>;
}

/**
 * Exports as jobs: the worker plans the export again as its requester (the same station scope and
 * checks), counts its rows (the progress total), streams the file into job_files and answers
 * `{file, rows}`. The request was audited when the job was queued.
 */
@Injectable()
export class ExportJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly exports: ExportsService,
    private readonly files: JobFilesService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(EXPORT_JOB, async (ctx) => {
      const user = RequestContext.current()?.user;
      if (!user) throw JobsErrors.failed();
      const payload = ctx.job.payload as unknown as ExportJobPayload;
      const plan = this.exports.planFor(user, payload.export, payload.query, payload.format);
      ctx.progress({ done: 0, total: 0, phase: 'counting' });
      const total = await this.exports.countRows(plan);
      return this.files.produce(
        ctx,
        {
          name: plan.filename.japanese,
          asciiName: plan.filename.ascii,
          contentType: plan.contentType,
          // Personal data (contacts) only ever go to managers, as the export itself.
          roles: plan.audit.includePersonal ? ['manager'] : [...EXPORT_ROLES],
          auditAction: `export.${plan.kind}.file`,
        },
        total,
        (out, onRows) => this.exports.render(plan, out, { signal: ctx.signal, onRows }),
      );
    });
  }
}
