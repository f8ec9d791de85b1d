import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Period reports and the strategy table at a prefecture's scale (issue 18): every column those
 * statements read of an approved visit (apps/api/src/reports/reports.repository.ts: visitFigures,
 * taskVisits), so they are index-only scans instead of reading the visits' heap pages (a period of
 * hq reads ~180,000 visits, the strategy table up to every approved one). By station, then day: a
 * station reads its own range; hq's day range over all 20 stations is a skip scan (PostgreSQL 18).
 */
export class VisitReportIndex1800900000001 implements MigrationInterface {
  name = 'VisitReportIndex1800900000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "ix_visits_approved_report" ON "visits" ("station_id", "visited_on")
         INCLUDE ("organization_id", "approved_at", "topics", "joint_with", "id") WHERE "status" = 'approved'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "ix_visits_approved_report"`);
  }
}
