import { Injectable } from '@nestjs/common';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../../libs/http/domain-error';
import { ReadinessChecks, ShutdownState } from '../../../../libs/observability/readiness';

const DB_TIMEOUT_MS = 3000;

/** Liveness and readiness (terminus): the database, the migrations, and what features register. */
@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
    private readonly extra: ReadinessChecks,
    private readonly shutdown: ShutdownState,
  ) {}

  /** `/health`, as before: the database answers. */
  async databaseAnswers(): Promise<void> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new DomainError(
        'unavailable',
        'health.database_down',
        'データベースに接続できません (database unavailable)',
      );
    }
  }

  /**
   * Whether this instance should get requests: not shutting down, the database answers, every
   * migration this build knows is applied, and each registered check passes. Not ready: 503
   * `health.not_ready` with one detail per failing part.
   */
  async readiness(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.accepting(),
        () => this.db.pingCheck('database', { connection: this.dataSource, timeout: DB_TIMEOUT_MS }),
        () => this.migrations(),
        ...this.extra.entries().map(
          ([name, check]) =>
            () =>
              this.registered(name, check),
        ),
      ]);
    } catch (error) {
      const response = (error as { response?: Partial<HealthCheckResult> }).response;
      const failed = Object.entries(response?.error ?? {});
      if (!failed.length) throw error;
      throw new DomainError(
        'unavailable',
        'health.not_ready',
        '準備ができていません (not ready)',
        failed.map(([field, info]) => ({
          field,
          message: typeof info?.message === 'string' ? info.message : 'down',
        })),
        { info: response?.info ?? {}, error: response?.error ?? {} },
      );
    }
  }

  private accepting(): HealthIndicatorResult {
    const check = this.indicators.check('shutdown');
    return this.shutdown.draining ? check.down({ message: 'shutting down' }) : check.up();
  }

  private async migrations(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('migrations');
    try {
      const rows = await this.dataSource.query<Array<{ name: string }>>('SELECT name FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.name));
      const pending = this.dataSource.migrations
        .map((m) => m.name ?? m.constructor.name)
        .filter((name) => !applied.has(name));
      return pending.length
        ? check.down({ message: `${pending.length} pending: ${pending.join(', ')}`, pending })
        : check.up({ applied: applied.size });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async registered(name: string, run: () => Promise<void>): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(name);
    try {
      await run();
      return check.up();
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
