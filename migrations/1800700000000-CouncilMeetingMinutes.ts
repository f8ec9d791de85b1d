import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Council meetings as the minutes (会議録) name and structure them (issue 15): fiscal year, 第N回,
 * official title, times, attendance by name (委員) and post (警察署), the numbered sections and the
 * discussion turns. Existing meetings get their fiscal year from held_on, their sequence by date
 * within the station's fiscal year, and the derived title 令和N年度第M回<警察署>協議会.
 *
 * The derivation lives in the database (a BEFORE INSERT OR UPDATE trigger), so every insert — the
 * API, the demo seed, other features' test factories — gets a name: fiscal_year from held_on and
 * sequence 1 + the station's meetings of that year held before it (same day: created before it)
 * unless given, and title from both while title_derived. council_meeting_sequence() is also what the
 * API calls when a meeting moves to another day or year.
 */
export const MEETING_NAME_FUNCTIONS = `
      CREATE OR REPLACE FUNCTION council_fiscal_year_label(fy integer) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
          SELECT CASE WHEN fy >= 2019 THEN '令和' || CASE WHEN fy = 2019 THEN '元' ELSE (fy - 2018)::text END
                      ELSE '平成' || CASE WHEN fy = 1989 THEN '元' ELSE (fy - 1988)::text END END || '年度'
        $$;
      CREATE OR REPLACE FUNCTION council_meeting_sequence(p_station uuid, p_fy integer, p_held date, p_self uuid)
        RETURNS integer LANGUAGE plpgsql STABLE AS $$
        DECLARE n integer;
        BEGIN
          SELECT 1 + count(*) INTO n FROM council_meetings
           WHERE station_id = p_station AND fiscal_year = p_fy AND held_on <= p_held AND id IS DISTINCT FROM p_self;
          -- Taken (a later meeting was entered first, or one was renumbered): the next free number.
          IF EXISTS (SELECT 1 FROM council_meetings WHERE station_id = p_station AND fiscal_year = p_fy
                        AND sequence = n AND id IS DISTINCT FROM p_self) THEN
            SELECT coalesce(max(sequence), 0) + 1 INTO n FROM council_meetings
             WHERE station_id = p_station AND fiscal_year = p_fy AND id IS DISTINCT FROM p_self;
          END IF;
          RETURN n;
        END
      $$;
      CREATE OR REPLACE FUNCTION council_meetings_derive() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.fiscal_year IS NULL THEN
            NEW.fiscal_year := extract(year FROM NEW.held_on)::int - CASE WHEN extract(month FROM NEW.held_on) < 4 THEN 1 ELSE 0 END;
          END IF;
          IF NEW.sequence IS NULL THEN
            NEW.sequence := council_meeting_sequence(NEW.station_id, NEW.fiscal_year, NEW.held_on, NEW.id);
          END IF;
          IF NEW.title_derived OR NEW.title IS NULL THEN
            NEW.title := council_fiscal_year_label(NEW.fiscal_year) || '第' || NEW.sequence || '回'
                         || (SELECT s.name FROM stations s WHERE s.id = NEW.station_id) || '協議会';
            NEW.title_derived := true;
          END IF;
          RETURN NEW;
        END
      $$;`;
export const BACKFILL_MEETING_NAMES = `
      WITH numbered AS (
        SELECT m.id,
               (extract(year FROM m.held_on)::int - CASE WHEN extract(month FROM m.held_on) < 4 THEN 1 ELSE 0 END) AS fy,
               m.station_id, m.held_on, m.created_at
          FROM council_meetings m
      ), seq AS (
        SELECT n.id, n.fy,
               row_number() OVER (PARTITION BY n.station_id, n.fy ORDER BY n.held_on, n.created_at, n.id)::int AS sequence,
               s.name AS station_name
          FROM numbered n JOIN stations s ON s.id = n.station_id
      )
      UPDATE council_meetings m
         SET fiscal_year = seq.fy,
             sequence = seq.sequence,
             title = CASE WHEN seq.fy >= 2019 THEN '令和' || CASE WHEN seq.fy = 2019 THEN '元' ELSE (seq.fy - 2018)::text END
                          ELSE '平成' || CASE WHEN seq.fy = 1989 THEN '元' ELSE (seq.fy - 1988)::text END END
                     || '年度第' || seq.sequence || '回' || seq.station_name || '協議会'
        FROM seq
       WHERE seq.id = m.id`;

export class CouncilMeetingMinutes1800700000000 implements MigrationInterface {
  name = 'CouncilMeetingMinutes1800700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "council_meetings"
         ADD "fiscal_year" integer, ADD "sequence" integer, ADD "title" text,
         ADD "title_derived" boolean NOT NULL DEFAULT true,
         ADD "start_time" character varying(5), ADD "end_time" character varying(5),
         ADD "member_attendees" text array NOT NULL DEFAULT '{}',
         ADD "police_attendees" text array NOT NULL DEFAULT '{}',
         ADD "chair_greeting" text, ADD "chief_greeting" text,
         ADD "business_report" text, ADD "business_report_by" text,
         ADD "consultation_explanation" text,
         ADD "discussion" jsonb NOT NULL DEFAULT '[]',
         ADD "review" text, ADD "review_by" text,
         ADD "handouts" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(BACKFILL_MEETING_NAMES);
    await queryRunner.query(
      `ALTER TABLE "council_meetings" ALTER COLUMN "fiscal_year" SET NOT NULL, ALTER COLUMN "sequence" SET NOT NULL, ALTER COLUMN "title" SET NOT NULL`,
    );
    await queryRunner.query(MEETING_NAME_FUNCTIONS);
    await queryRunner.query(
      `CREATE TRIGGER council_meetings_derive BEFORE INSERT OR UPDATE ON council_meetings
         FOR EACH ROW EXECUTE FUNCTION council_meetings_derive()`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_council_meetings_station_fy" ON "council_meetings" ("station_id", "fiscal_year", "sequence") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER council_meetings_derive ON council_meetings`);
    await queryRunner.query(`DROP FUNCTION council_meetings_derive()`);
    await queryRunner.query(`DROP FUNCTION council_meeting_sequence(uuid, integer, date, uuid)`);
    await queryRunner.query(`DROP FUNCTION council_fiscal_year_label(integer)`);
    await queryRunner.query(`DROP INDEX "public"."ix_council_meetings_station_fy"`);
    await queryRunner.query(
      `ALTER TABLE "council_meetings" DROP COLUMN "handouts", DROP COLUMN "review_by", DROP COLUMN "review",
         DROP COLUMN "discussion", DROP COLUMN "consultation_explanation", DROP COLUMN "business_report_by",
         DROP COLUMN "business_report", DROP COLUMN "chief_greeting", DROP COLUMN "chair_greeting",
         DROP COLUMN "police_attendees", DROP COLUMN "member_attendees", DROP COLUMN "end_time",
         DROP COLUMN "start_time", DROP COLUMN "title_derived", DROP COLUMN "title", DROP COLUMN "sequence",
         DROP COLUMN "fiscal_year"`,
    );
  }
}
