import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** The pg pool behind TypeORM's postgres driver (what the gauges read). */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The app's Prometheus metrics (`/metrics`, and METRICS_PORT when set), in a registry of this app's
 * own (tests build many apps in one process). Request durations by route template and status; the
 * database pool; Node's process metrics. A feature adds its own (e.g. the job queue's depth) with
 * `registry` and prom-client's constructors, `registers: [metrics.registry]`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const pool = () =>
      dataSource.isInitialized ? (dataSource.driver as { master?: PgPool }).master : undefined;
    const gauge = (name: string, help: string, read: (p: PgPool) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const p = pool();
          this.set(p ? read(p) : 0);
        },
      });
    gauge('db_pool_connections', 'Connections open in the database pool', (p) => p.totalCount);
    gauge('db_pool_idle_connections', 'Idle connections in the database pool', (p) => p.idleCount);
    gauge('db_pool_waiting_clients', 'Queries waiting for a pooled connection', (p) => p.waitingCount);
    gauge('db_pool_max_connections', 'Size limit of the database pool', (p) => p.options?.max ?? 0);
  }

  /**
   * Express middleware timing every request: the route label is the matched template
   * (`/api/v1/visits/:id`, never ids or query strings), `(unmatched)` for anything else.
   */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.httpDuration.startTimer();
      res.once('finish', () => {
        const route = (req.route as { path?: unknown } | undefined)?.path;
        end({
          method: req.method,
          route: typeof route === 'string' ? `${req.baseUrl}${route}` : '(unmatched)',
          status: String(res.statusCode),
        });
      });
      next();
    };
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
