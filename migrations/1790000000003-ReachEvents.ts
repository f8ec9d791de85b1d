import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per time an organization was reached: an approved visit (on its day in Japan, known
 * from its approval time) or a seminar it attended (known from when the seminar was recorded).
 * Coverage, organization lists (lastReachedOn) and reports all read this one definition;
 * `recorded_at` lets "as of" views ignore records approved later.
 */
export class ReachEvents1790000000003 implements MigrationInterface {
  name = 'ReachEvents1790000000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE VIEW organization_reach_events AS
        SELECT v.organization_id, v.station_id, v.visited_on AS reached_on, v.approved_at AS recorded_at,
               'visit'::text AS source, v.id AS source_id
          FROM visits v
         WHERE v.status = 'approved' AND v.approved_at IS NOT NULL
        UNION ALL
        SELECT p.organization_id, s.station_id, s.held_on AS reached_on, s.created_at AS recorded_at,
               'seminar'::text AS source, s.id AS source_id
          FROM seminar_participants p
          JOIN seminars s ON s.id = p.seminar_id
         WHERE p.organization_id IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX ix_visits_approved_org ON visits (organization_id, visited_on) WHERE status = 'approved'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_visits_approved_org`);
    await queryRunner.query(`DROP VIEW organization_reach_events`);
  }
}
