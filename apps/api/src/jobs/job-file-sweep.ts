import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { JobFilesService } from '../exports/job-files.service';
import { JobsService } from './jobs.service';

/** The scheduled task (and pg-boss queue, migrations/1802000000400) of the expired job files' sweep. */
export const JOB_FILE_SWEEP = 'job_files_sweep';

/**
 * Expired job files (large exports and report files past JOB_FILE_TTL_HOURS) are deleted on the
 * queue's schedule (JOB_FILE_SWEEP_CRON, default every 10 minutes): one sweep per due time across
 * every instance, by whichever worker takes it, not a timer in each process. An expired file asked
 * for before its sweep is deleted there and then (410: the exports feature's JobFilesService).
 */
@Injectable()
export class JobFileSweep implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly files: JobFilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.schedule(JOB_FILE_SWEEP, this.config.jobs.fileSweepCron, async () => ({
      deleted: await this.files.sweep(),
    }));
  }
}
