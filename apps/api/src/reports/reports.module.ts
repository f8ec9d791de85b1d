import { Module } from '@nestjs/common';
import { CoverageModule } from '../coverage/coverage.module';
import { RenderPool } from './render-pool';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  imports: [CoverageModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, RenderPool],
})
export class ReportsModule {}
