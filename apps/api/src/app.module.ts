import { DynamicModule, Module, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../../libs/config/app-config';
import { ConfigModule } from '../../../libs/config/config.module';
import { AuditModule } from '../../../libs/audit/audit.module';
import { AuthModule } from '../../../libs/auth/auth.module';
import { dataSourceOptions } from '../../../libs/database/data-source';
import { logSafeError } from '../../../libs/http/log-safe-error';
import { IdempotencyModule } from '../../../libs/http/idempotency/idempotency.module';
import { RateLimitModule } from '../../../libs/http/rate-limit/rate-limit.module';
import { AdminModule } from './admin/admin.module';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { AuthFeatureModule } from './auth/auth.feature.module';
import { HealthModule } from './health/health.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { RegisterImportModule } from './register-import/register-import.module';
import { DuplicatesModule } from './duplicates/duplicates.module';
import { VisitsModule } from './visits/visits.module';
import { ConsultationsModule } from './consultations/consultations.module';
import { TimelineModule } from './timeline/timeline.module';
import { SeminarsModule } from './seminars/seminars.module';
import { PartnersModule } from './partners/partners.module';
import { CouncilModule } from './council/council.module';
import { CoverageModule } from './coverage/coverage.module';
import { ReportsModule } from './reports/reports.module';
import { ActivitiesModule } from './activities/activities.module';
import { SearchModule } from './search/search.module';
import { ExportsModule } from './exports/exports.module';
import { WorkloadModule } from './workload/workload.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { CalendarModule } from './calendar/calendar.module';
import { HomeModule } from './home/home.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TasksModule } from './tasks/tasks.module';
import { JobSchedulesModule } from './jobs/job-schedules.module';

/** Feature modules, one per folder of apps/api/src. */
export const FEATURE_MODULES: Type[] = [
  HealthModule,
  AuthFeatureModule,
  AdminModule,
  AuditTrailModule,
  OrganizationsModule,
  RegisterImportModule,
  DuplicatesModule,
  VisitsModule,
  ConsultationsModule,
  TimelineModule,
  SeminarsModule,
  PartnersModule,
  CouncilModule,
  CoverageModule,
  ReportsModule,
  ActivitiesModule,
  SearchModule,
  ExportsModule,
  WorkloadModule,
  NotificationsModule,
  TasksModule,
  CalendarModule,
  HomeModule,
  AttachmentsModule,
  JobSchedulesModule,
];

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    databaseUrl: string,
    options: { connect?: boolean; logDestination?: DestinationStream } = {},
  ): DynamicModule {
    const pinoOptions: Options = {
      level: config.logLevel,
      genReqId: (req) => (req as { id?: string }).id ?? '',
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        remove: true,
      },
      serializers: {
        // Only method, path (without query: it may carry names) and status: no personal data.
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: String(req.url).split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        // Any error logged: without a failed statement's parameters or PostgreSQL's detail.
        err: logSafeError,
      },
      customProps: (req) => ({ requestId: (req as { id?: string }).id }),
      autoLogging: { ignore: (req) => req.url === '/health' },
    };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // `logDestination`: where the JSON lines go instead of stdout (tests read them).
          pinoHttp: options.logDestination ? [pinoOptions, options.logDestination] : pinoOptions,
        }),
        // `connect: false` builds the app without a database, e.g. to write the OpenAPI document.
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl),
          manualInitialization: options.connect === false,
        }),
        DiscoveryModule,
        AuditModule,
        AuthModule,
        RateLimitModule,
        IdempotencyModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}
