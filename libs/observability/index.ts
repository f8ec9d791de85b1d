export { serveMetrics } from './metrics-server';
export { MetricsService } from './metrics.service';
export { ObservabilityModule } from './observability.module';
export { ReadinessChecks, ShutdownState, type ReadinessCheck } from './readiness';
export { drainAndClose } from './shutdown';
