import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { RenderPool } from '../reports/render-pool';
import { ExportJobs } from './export.jobs';
import { ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';
import { JobFilesController } from './job-files.controller';
import { JobFilesRepository } from './job-files.repository';
import { JobFilesService } from './job-files.service';

/** Exports (CSV/XLSX), made as jobs when large; the files of export and report jobs (GET /jobs/:id/file). */
@Module({
  imports: [JobsModule],
  controllers: [ExportsController, JobFilesController],
  providers: [ExportsService, ExportsRepository, ExportJobs, JobFilesService, JobFilesRepository, RenderPool],
  exports: [JobFilesService, RenderPool],
})
export class ExportsModule {}
