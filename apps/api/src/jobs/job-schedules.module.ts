import { Module } from '@nestjs/common';
import { ExportsModule } from '../exports/exports.module';
import { JobFileSweep } from './job-file-sweep';
import { JobsModule } from './jobs.module';

/**
 * Maintenance on the queue's schedule (pg-boss cron, once per due time across instances): the
 * tasks call the owning features' exported services. Its own module, as the features it calls
 * import JobsModule themselves.
 */
@Module({
  imports: [JobsModule, ExportsModule],
  providers: [JobFileSweep],
})
export class JobSchedulesModule {}
