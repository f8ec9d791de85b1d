import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { JobsController } from './jobs.controller';
import { JobsHealth } from './jobs.health';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

/**
 * Long work on the PostgreSQL-backed queue (pg-boss): features register a handler per kind and
 * queue jobs through JobsService; `/jobs/:id` shows them. See job-queue.ts.
 */
@Module({
  controllers: [JobsController],
  providers: [JobsRepository, JobsService, JobQueue, JobsHealth],
  exports: [JobsService],
})
export class JobsModule {}
