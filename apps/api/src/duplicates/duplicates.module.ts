import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { DuplicatesController } from './duplicates.controller';
import { DuplicatesRepository } from './duplicates.repository';
import { DuplicatesService } from './duplicates.service';

/** Duplicate scan of a station's registry (a job) and its review queue: merge or dismiss. */
@Module({
  imports: [JobsModule, OrganizationsModule],
  controllers: [DuplicatesController],
  providers: [DuplicatesService, DuplicatesRepository],
})
export class DuplicatesModule {}
