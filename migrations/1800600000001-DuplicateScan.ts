import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate scan (issue 14): pairs of organizations of a station that look like one firm (same
 * corporate number, or same normalized name and municipality where at most one has a number),
 * found by a background job (pg-boss queue `duplicate_scan`, created here by the owner as
 * 1799700000000-Jobs.ts does) and reviewed: merged, or dismissed — a dismissed pair keeps its row
 * and is never suggested again (the scan inserts ON CONFLICT DO NOTHING).
 */
export class DuplicateScan1800600000001 implements MigrationInterface {
  name = 'DuplicateScan1800600000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "duplicate_candidates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "station_id" uuid NOT NULL, "organization_a_id" uuid NOT NULL, "organization_b_id" uuid NOT NULL, "reason" character varying(20) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'pending', "job_id" uuid, "resolved_by" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_duplicate_candidates_status" CHECK ("status" IN ('pending', 'merged', 'dismissed')), CONSTRAINT "PK_duplicate_candidates" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_duplicate_candidates_pair" ON "duplicate_candidates" ("station_id", "organization_a_id", "organization_b_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_duplicate_candidates_station_status" ON "duplicate_candidates" ("station_id", "status", "created_at") `,
    );
    await queryRunner.query(`SELECT pgboss.create_queue($1, $2::json)`, [
      'duplicate_scan',
      JSON.stringify({
        policy: 'standard',
        retryLimit: 0,
        retryDelay: 2,
        retryBackoff: false,
        expireInSeconds: 3600,
      }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pgboss.delete_queue($1)`, ['duplicate_scan']);
    await queryRunner.query(`DROP TABLE "duplicate_candidates"`);
  }
}
