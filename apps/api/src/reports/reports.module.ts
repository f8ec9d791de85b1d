import { Module } from '@nestjs/common';
import { CoverageModule } from '../coverage/coverage.module';
import { ExportsModule } from '../exports/exports.module';
import { JobsModule } from '../jobs/jobs.module';
import { ReportFileJobs } from './report-file.jobs';
import { RenderPool } from './render-pool';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  imports: [CoverageModule, JobsModule, ExportsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, RenderPool, ReportFileJobs],
})
export class ReportsModule {}
