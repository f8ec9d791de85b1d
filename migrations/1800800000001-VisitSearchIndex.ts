import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /search over visits (issue 15): a pg_trgm GIN index on the normalized text of a visit (summary,
 * concerns, the old free-text 同行), the same expression as apps/api/src/search/search.repository.ts,
 * so a query of three or more characters does not normalize every visit of the station.
 */
export class VisitSearchIndex1800800000001 implements MigrationInterface {
  name = 'VisitSearchIndex1800800000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // Not inlined (a SET clause keeps the call as it is), so the planner matches the index
    // expression; costly (four regular expressions), so it prefers the index to a filter.
    await queryRunner.query(
      `ALTER FUNCTION app_search_normalize(text) SET search_path = pg_catalog, public COST 1000`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visits_search_trgm" ON "visits" USING gin
         (app_search_normalize(coalesce(summary, '') || ' ' || coalesce(concerns_raised, '') || ' ' || coalesce(joint_with, '')) gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_visits_search_trgm"`);
    await queryRunner.query(`ALTER FUNCTION app_search_normalize(text) RESET search_path COST 100`);
  }
}
