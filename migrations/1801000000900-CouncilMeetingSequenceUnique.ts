import { MigrationInterface, QueryRunner } from 'typeorm';
import { MEETING_NAME_FUNCTIONS } from './1800700000000-CouncilMeetingMinutes';

/**
 * One 第N回 per station and fiscal year. Two meetings created at the same moment could both count
 * the same earlier meetings and get the same number; the naming trigger now takes a transaction
 * lock per station and fiscal year before it numbers a meeting (the second waits, then sees the
 * first), and a unique index refuses a clash by any other path (a number typed by hand in two
 * requests at once answers 409). Numbers already repeated get the next free number of their year,
 * and a derived title follows its number.
 */
export class CouncilMeetingSequenceUnique1801000000900 implements MigrationInterface {
  name = 'CouncilMeetingSequenceUnique1801000000900';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      WITH repeated AS (
        SELECT id, station_id, fiscal_year,
               row_number() OVER (PARTITION BY station_id, fiscal_year, sequence ORDER BY created_at, id) AS dup
          FROM council_meetings),
      renumbered AS (
        SELECT r.id,
               (SELECT max(m.sequence) FROM council_meetings m
                 WHERE m.station_id = r.station_id AND m.fiscal_year = r.fiscal_year)
               + row_number() OVER (PARTITION BY r.station_id, r.fiscal_year ORDER BY r.id) AS sequence
          FROM repeated r WHERE r.dup > 1)
      UPDATE council_meetings m
         SET sequence = n.sequence,
             title = CASE WHEN m.title_derived THEN NULL ELSE m.title END
        FROM renumbered n WHERE m.id = n.id`);
    await queryRunner.query(`DROP INDEX "public"."ix_council_meetings_station_fy"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_council_meetings_station_fy_sequence" ON "council_meetings" ("station_id", "fiscal_year", "sequence") `,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION council_meetings_derive() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.fiscal_year IS NULL THEN
            NEW.fiscal_year := extract(year FROM NEW.held_on)::int - CASE WHEN extract(month FROM NEW.held_on) < 4 THEN 1 ELSE 0 END;
          END IF;
          IF NEW.sequence IS NULL THEN
            -- Serializes numbering per station and year; the count below runs in a statement after
            -- the lock, so it sees a meeting another transaction numbered and committed meanwhile.
            PERFORM pg_advisory_xact_lock(hashtextextended('council_meetings:' || NEW.station_id || ':' || NEW.fiscal_year, 0));
            NEW.sequence := council_meeting_sequence(NEW.station_id, NEW.fiscal_year, NEW.held_on, NEW.id);
          END IF;
          IF NEW.title_derived OR NEW.title IS NULL THEN
            NEW.title := council_fiscal_year_label(NEW.fiscal_year) || '第' || NEW.sequence || '回'
                         || (SELECT s.name FROM stations s WHERE s.id = NEW.station_id) || '協議会';
            NEW.title_derived := true;
          END IF;
          RETURN NEW;
        END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(MEETING_NAME_FUNCTIONS);
    await queryRunner.query(`DROP INDEX "public"."uq_council_meetings_station_fy_sequence"`);
    await queryRunner.query(
      `CREATE INDEX "ix_council_meetings_station_fy" ON "council_meetings" ("station_id", "fiscal_year", "sequence") `,
    );
  }
}
