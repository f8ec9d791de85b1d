import { Injectable, OnModuleInit } from '@nestjs/common';
import type { RequestUser } from '../../../../libs/http/request-context';
import { JobsService } from '../jobs/jobs.service';
import { RegisterImportErrors } from './register-import.errors';
import { ImportMode, ImportProgress, RegisterImportService } from './register-import.service';

/** The job kind (a pg-boss queue of that name, created by migrations/1799700000000-Jobs.ts). */
export const REGISTER_IMPORT_JOB = 'register_import';

interface ImportJobPayload {
  fileName: string;
  dryRun: boolean;
  mode?: ImportMode;
}

/**
 * The job's progress as GET /jobs/:id shows it: `done` of `total` are the current phase's rows
 * (reading: records read of the file; merging/search_text: records prepared of those to write;
 * merging/writing: records written of those to write, per chunk; merging/indexes: 0 or 1 of 1),
 * `rows`/`fileRows` the file's.
 */
export function jobProgress(p: ImportProgress) {
  return {
    done: p.done,
    total: p.of,
    phase: p.phase,
    ...(p.step ? { step: p.step } : {}),
    rows: p.rows,
    fileRows: p.total,
    rowsPerSecond: p.rowsPerSecond,
    etaSeconds: p.etaSeconds,
    elapsedMs: p.elapsedMs,
  };
}

/**
 * Register imports as jobs (POST /organizations/import with `async=true`, or past
 * IMPORT_ASYNC_THRESHOLD_MB): the upload is kept with the job and the same
 * RegisterImportService.importFile() runs on whichever instance's worker takes it, reporting
 * progress and stopping between batches (and chunks written) on cancel (its one transaction rolls back).
 */
@Injectable()
export class RegisterImportJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly imports: RegisterImportService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(REGISTER_IMPORT_JOB, async ({ job, file, signal, progress }) => {
      const payload = job.payload as unknown as ImportJobPayload;
      if (!file || !job.stationId) throw RegisterImportErrors.fileRequired();
      const report = await this.imports.importFile({
        file,
        fileName: payload.fileName,
        stationId: job.stationId,
        dryRun: payload.dryRun,
        mode: payload.mode,
        signal,
        onProgress: (p) => progress(jobProgress(p)),
      });
      return { ...report };
    });
  }

  /** Checks what can be checked at once (station, empty or binary file), then queues the import. */
  async enqueue(
    user: RequestUser,
    input: { file: string; fileName: string; stationId: string; dryRun: boolean; mode?: ImportMode },
  ): Promise<string> {
    await this.imports.assertStation(input.stationId);
    await this.imports.checkContent(input.file);
    return this.jobs.enqueue({
      kind: REGISTER_IMPORT_JOB,
      stationId: input.stationId,
      user,
      payload: {
        fileName: input.fileName,
        dryRun: input.dryRun,
        mode: input.mode,
      } satisfies ImportJobPayload,
      file: input.file,
    });
  }
}
