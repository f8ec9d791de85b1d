import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coverage aggregates the approved visits of the last cadence window (coverage.sql.ts): a partial
 * covering index on (visited_on, organization_id) INCLUDE (approved_at) lets PostgreSQL read that
 * window with an index-only scan instead of the whole visits table.
 * Declared on VisitEntity as `@Index('ix_visits_reach_window', { synchronize: false })`.
 */
export class CoverageReachIndex1794000000001 implements MigrationInterface {
  name = 'CoverageReachIndex1794000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS ix_visits_reach_window ON visits (visited_on, organization_id) INCLUDE (approved_at)
        WHERE status = 'approved'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ix_visits_reach_window`);
  }
}
