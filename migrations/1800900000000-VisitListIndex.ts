import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /visits at a prefecture's scale (issue 18): the list's default order (newest first, id as the
 * tie-breaker, `v.visited_at DESC NULLS LAST, v.id DESC` from libs/http/pagination.ts) as an index per
 * station, so the first page reads its 50 rows from the top of the index instead of sorting all of the
 * station's visits (49,651 of them in the bench). NULLS LAST as the ORDER BY writes it, so the planner
 * can walk the index. It carries the columns of the visibility rule and the usual filters (status,
 * submitted_at, created_by, visited_on), so the capped count is an index-only scan. hq's list (every
 * station) walks the same order without the station.
 */
export class VisitListIndex1800900000000 implements MigrationInterface {
  name = 'VisitListIndex1800900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "ix_visits_station_visited_at" ON "visits" ("station_id", "visited_at" DESC NULLS LAST, "id" DESC)
         INCLUDE ("status", "submitted_at", "created_by", "visited_on")`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "ix_visits_visited_at" ON "visits" ("visited_at" DESC NULLS LAST, "id" DESC)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "ix_visits_visited_at"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "ix_visits_station_visited_at"`);
  }
}
