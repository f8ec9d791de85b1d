import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job metrics (apps/api/src/jobs/jobs.health.ts) read at every scrape the open jobs per kind and
 * status, the oldest queued one, and the last day's failures. `jobs` keeps every job ever run (done
 * ones included), so without these partial indexes each scrape read the whole table; with them it
 * reads the open jobs and the failed ones of the day only.
 */
export class JobMetricsIndexes1802000000600 implements MigrationInterface {
  name = 'JobMetricsIndexes1802000000600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_jobs_open" ON "jobs" ("kind", "status", "created_at") WHERE status IN ('queued', 'running')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_jobs_failed_finished" ON "jobs" ("finished_at", "kind") WHERE status = 'failed'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_jobs_failed_finished"`);
    await queryRunner.query(`DROP INDEX "ix_jobs_open"`);
  }
}
