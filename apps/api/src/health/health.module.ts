import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from '../../../../libs/observability/metrics.service';
import { ObservabilityModule } from '../../../../libs/observability/observability.module';
import { ShutdownState } from '../../../../libs/observability/readiness';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { MetricsController } from './metrics.controller';

/** `/health`, `/health/live`, `/health/ready`, `/metrics`; times every request for the metrics. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }), ObservabilityModule],
  controllers: [HealthController, MetricsController],
  providers: [HealthService],
})
export class HealthModule implements NestModule {
  constructor(
    private readonly metrics: MetricsService,
    private readonly shutdown: ShutdownState,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const closeWhileDraining = (_req: Request, res: Response, next: NextFunction) => {
      if (this.shutdown.draining) res.setHeader('Connection', 'close');
      next();
    };
    consumer.apply(this.metrics.middleware(), closeWhileDraining).forRoutes('{*path}');
  }
}
