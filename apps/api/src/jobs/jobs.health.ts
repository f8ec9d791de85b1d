import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../../../../libs/observability/metrics.service';
import { ReadinessChecks } from '../../../../libs/observability/readiness';
import { JobsRepository } from './jobs.repository';

/**
 * The queue in `/health/ready` (its schema answers) and `/metrics`: jobs queued and running per
 * kind (`jobs_queue_depth`, every instance's), the age of the oldest queued job
 * (`jobs_oldest_queued_seconds`: workers falling behind), jobs ended per kind and status by this
 * process (`jobs_finished_total`, interrupted jobs its reaper failed included), and jobs failed in
 * the last 24 hours by any instance (`jobs_failed_last_day`, kept across restarts).
 */
@Injectable()
export class JobsHealth implements OnModuleInit {
  private finished?: Counter<'kind' | 'status'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: JobsRepository,
    @Optional() private readonly readiness?: ReadinessChecks,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onModuleInit(): void {
    this.readiness?.register('jobs', async () => {
      await this.dataSource.query(`SELECT version FROM pgboss.version`);
    });
    if (!this.metrics) return;
    const repo = this.repo;
    const dataSource = this.dataSource;
    new Gauge({
      name: 'jobs_queue_depth',
      help: 'Jobs queued or running, by kind and status',
      labelNames: ['kind', 'status'] as const,
      registers: [this.metrics.registry],
      async collect() {
        this.reset();
        if (!dataSource.isInitialized) return;
        for (const row of await repo.counts()) this.set({ kind: row.kind, status: row.status }, row.count);
      },
    });
    new Gauge({
      name: 'jobs_oldest_queued_seconds',
      help: 'Age of the oldest job still queued (0: none), by kind',
      labelNames: ['kind'] as const,
      registers: [this.metrics.registry],
      async collect() {
        this.reset();
        if (!dataSource.isInitialized) return;
        for (const row of await repo.oldestQueued()) this.set({ kind: row.kind }, row.seconds);
      },
    });
    new Gauge({
      name: 'jobs_failed_last_day',
      help: 'Jobs failed in the last 24 hours (any instance), by kind',
      labelNames: ['kind'] as const,
      registers: [this.metrics.registry],
      async collect() {
        this.reset();
        if (!dataSource.isInitialized) return;
        for (const row of await repo.recentFailures()) this.set({ kind: row.kind }, row.count);
      },
    });
    this.finished = new Counter({
      name: 'jobs_finished_total',
      help: 'Jobs this process ended, by kind and status (done, failed, cancelled)',
      labelNames: ['kind', 'status'] as const,
      registers: [this.metrics.registry],
    });
  }

  ended(kind: string, status: 'done' | 'failed' | 'cancelled'): void {
    this.finished?.inc({ kind, status });
  }
}
