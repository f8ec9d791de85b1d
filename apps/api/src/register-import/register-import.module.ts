import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { RegisterImportController } from './register-import.controller';
import { RegisterImportJobs } from './register-import.jobs';
import { RegisterImportRepository } from './register-import.repository';
import { RegisterImportService } from './register-import.service';
import { RegisterMatchesController } from './register-matches.controller';
import { RegisterMatchesService } from './register-matches.service';
import { RegisterUploadInterceptor } from './register-upload.interceptor';

/**
 * Import of the corporate-number register (POST /api/v1/organizations/import and the CLI). Its one
 * route is a POST on a static path, so it cannot clash with the organizations feature's `:id` routes,
 * whichever module registers first.
 */
@Module({
  imports: [JobsModule],
  controllers: [RegisterImportController, RegisterMatchesController],
  providers: [
    RegisterImportService,
    RegisterImportRepository,
    RegisterUploadInterceptor,
    RegisterImportJobs,
    RegisterMatchesService,
  ],
  exports: [RegisterImportService],
})
export class RegisterImportModule {}
