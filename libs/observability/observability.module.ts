import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';
import { ReadinessChecks, ShutdownState } from './readiness';

/** Metrics, extra readiness checks and the shutdown state: one per app, for every feature. */
@Global()
@Module({
  providers: [MetricsService, ReadinessChecks, ShutdownState],
  exports: [MetricsService, ReadinessChecks, ShutdownState],
})
export class ObservabilityModule {}
