import { Module } from '@nestjs/common';
import { VisitsController } from './visits.controller';
import { VisitsRepository } from './visits.repository';
import { VisitsService } from './visits.service';
import { VisitRecordController, VisitRecordService } from './visit-record.controller';

@Module({
  controllers: [VisitsController, VisitRecordController],
  providers: [VisitsService, VisitsRepository, VisitRecordService],
  exports: [VisitsService],
})
export class VisitsModule {}
