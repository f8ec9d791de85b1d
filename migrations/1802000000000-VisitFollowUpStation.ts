import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists at a prefecture's scale (issue 18): GET /visits/follow-ups and GET /tasks joined every
 * follow-up to its visit for the station, so a station's list read its ~50,000 visits to count and
 * order ~10,000 follow-ups (169 ms p95 in bench/list-screens.ts). A follow-up now carries its visit's
 * station:
 * - `station_id`, NOT NULL, backfilled in one statement: a table rewrite whose USING takes each
 *   row's station from its visit by primary key (200,000 follow-ups: ~1.6 s, the indexes rebuilt once,
 *   no dead rows; an UPDATE … FROM visits of the same rows took ~9 s, mostly index maintenance);
 * - kept equal to the visit's: the foreign key becomes (visit_id, station_id) → visits (id, station_id)
 *   (a unique index on visits makes that pair referable), ON UPDATE CASCADE, so a follow-up can never
 *   name another station and a visit whose station changes takes its follow-ups along; an
 *   organization merge moves visits between organizations of one station and touches neither;
 * - writers set it in their INSERT (visits.repository.ts takes it from the visit in the same
 *   statement); a BEFORE INSERT trigger fills it from the visit when an INSERT leaves it out (demo,
 *   benches and test factories that predate the column), and the foreign key still checks it;
 * - two indexes serve the lists' WHERE + ORDER BY + LIMIT from the top: (station, due, id) for the
 *   follow-ups list, and the same over open and in-progress ones only for the task list and the
 *   overdue views. They carry what the counts filter on, so a count reads the index only; hq's
 *   follow-ups list (every station) walks (due, id);
 * - the visibility rule is checked against the station's drafts never submitted only (the only visits
 *   a station user may not see, apps/api/src/visits/visit-visibility.ts), a partial index of them.
 * Consultations: the default order (received_at DESC NULLS LAST, id DESC, libs/http/pagination.ts)
 * as an index per station and one for hq, whose first page sorted all 50,000 consultations.
 */
export class VisitFollowUpStation1802000000000 implements MigrationInterface {
  name = 'VisitFollowUpStation1802000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION visit_follow_up_station_of(uuid) RETURNS uuid LANGUAGE sql STABLE
         AS 'SELECT v.station_id FROM visits v WHERE v.id = $1'`,
    );
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" ADD "station_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" ALTER COLUMN "station_id" TYPE uuid USING visit_follow_up_station_of("visit_id")`,
    );
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" ALTER COLUMN "station_id" SET NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_visits_id_station" ON "visits" ("id", "station_id") `);
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" DROP CONSTRAINT "FK_24d5fca48039c9177fee971d0a3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" ADD CONSTRAINT "FK_737b09534b5f76f938b01b4a6cd" FOREIGN KEY ("visit_id", "station_id") REFERENCES "visits"("id","station_id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(`
      CREATE FUNCTION visit_follow_ups_fill_station() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.station_id IS NULL THEN
            NEW.station_id := visit_follow_up_station_of(NEW.visit_id);
          END IF;
          RETURN NEW;
        END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER visit_follow_ups_fill_station BEFORE INSERT ON "visit_follow_ups"
         FOR EACH ROW WHEN (NEW.station_id IS NULL) EXECUTE FUNCTION visit_follow_ups_fill_station()`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visit_follow_ups_station_due" ON "visit_follow_ups" ("station_id", "due_on", "id")
         INCLUDE ("visit_id", "status", "owner_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_visit_follow_ups_station_active_due" ON "visit_follow_ups" ("station_id", "due_on", "id")
         INCLUDE ("visit_id", "status", "owner_id") WHERE "status" IN ('open', 'in_progress')`,
    );
    await queryRunner.query(`CREATE INDEX "ix_visit_follow_ups_due" ON "visit_follow_ups" ("due_on", "id")`);
    await queryRunner.query(
      `CREATE INDEX "ix_visits_station_unsubmitted" ON "visits" ("station_id") WHERE "status" = 'draft' AND "submitted_at" IS NULL`,
    );
    await queryRunner.query(`DROP INDEX IF EXISTS "ix_consultations_station_received"`);
    await queryRunner.query(
      `CREATE INDEX "ix_consultations_station_received_at" ON "consultations" ("station_id", "received_at" DESC NULLS LAST, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_consultations_received_at" ON "consultations" ("received_at" DESC NULLS LAST, "id" DESC)`,
    );
    await queryRunner.query(`ANALYZE "visit_follow_ups"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "ix_consultations_received_at"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "ix_consultations_station_received_at"`);
    await queryRunner.query(
      `CREATE INDEX "ix_consultations_station_received" ON "consultations" ("station_id", "received_at") `,
    );
    await queryRunner.query(`DROP INDEX "ix_visits_station_unsubmitted"`);
    await queryRunner.query(`DROP INDEX "ix_visit_follow_ups_due"`);
    await queryRunner.query(`DROP INDEX "ix_visit_follow_ups_station_active_due"`);
    await queryRunner.query(`DROP INDEX "ix_visit_follow_ups_station_due"`);
    await queryRunner.query(`DROP TRIGGER visit_follow_ups_fill_station ON "visit_follow_ups"`);
    await queryRunner.query(`DROP FUNCTION visit_follow_ups_fill_station()`);
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" DROP CONSTRAINT "FK_737b09534b5f76f938b01b4a6cd"`,
    );
    await queryRunner.query(
      `ALTER TABLE "visit_follow_ups" ADD CONSTRAINT "FK_24d5fca48039c9177fee971d0a3" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`DROP INDEX "uq_visits_id_station"`);
    await queryRunner.query(`ALTER TABLE "visit_follow_ups" DROP COLUMN "station_id"`);
    await queryRunner.query(`DROP FUNCTION visit_follow_up_station_of(uuid)`);
  }
}
