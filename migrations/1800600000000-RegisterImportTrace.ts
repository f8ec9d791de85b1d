import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Register import (issue 14):
 * - `register_import_changes`: which organizations an import inserted, renamed, moved, closed or
 *   otherwise changed (with the old name, address or status), keyed by the import's id (the audit event `organization.import` carries the same
 *   `importId` in its changes): the queryable link from each organization to the import, written
 *   set-based, and the list the web shows after an import.
 * - `register_possible_matches`: register rows that look like an existing record without a corporate
 *   number (same normalized name and municipality); not inserted, kept with the register's values
 *   until an officer links them to the record or creates them anyway.
 * - `organizations_analyze()`: the planner statistics of organizations refreshed after a bulk change
 *   (ANALYZE needs the owner; the app runs as a restricted role): SECURITY DEFINER, no arguments.
 * - The search-grams trigger only fires where it has work to do (WHEN in C, no plpgsql call per row
 *   for writers that supply the grams, as the import does).
 */
export class RegisterImportTrace1800600000000 implements MigrationInterface {
  name = 'RegisterImportTrace1800600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "register_import_changes" ("import_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "station_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "old_value" text, CONSTRAINT "PK_register_import_changes" PRIMARY KEY ("import_id", "organization_id", "kind"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_register_import_changes_organization" ON "register_import_changes" ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "register_possible_matches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "import_id" uuid NOT NULL, "station_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "line" integer NOT NULL, "corporate_number" character(13) NOT NULL, "name" text NOT NULL, "name_kana" text, "legal_form" character varying(64), "municipality_code" character(5), "municipality_name" text, "address" text, "postal_code" character(7), "status" character varying(16) NOT NULL, "closed_on" date, "register_updated_on" date, "resolution" character varying(8), "resolved_organization_id" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_register_possible_matches" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_register_possible_matches_station" ON "register_possible_matches" ("station_id", "resolution", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_register_possible_matches_import" ON "register_possible_matches" ("import_id") `,
    );
    const [{ schema }]: { schema: string }[] = await queryRunner.query(
      `SELECT quote_ident(current_schema()) AS schema`,
    );
    await queryRunner.query(`
      CREATE FUNCTION organizations_analyze() RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${schema}, pg_temp AS $$
      BEGIN
        ANALYZE ${schema}.organizations;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION organizations_analyze() FROM PUBLIC`);
    // Same semantics as organizations_search_grams() (1796000000000): grams given by the writer are
    // kept; the WHEN clauses decide that without calling the function.
    await queryRunner.query(`DROP TRIGGER organizations_search_grams ON organizations`);
    await queryRunner.query(`
      CREATE TRIGGER organizations_search_grams BEFORE INSERT ON organizations
      FOR EACH ROW WHEN (coalesce(cardinality(NEW.search_grams), 0) = 0)
      EXECUTE FUNCTION organizations_search_grams()`);
    await queryRunner.query(`
      CREATE TRIGGER organizations_search_grams_update BEFORE UPDATE OF search_text ON organizations
      FOR EACH ROW WHEN (coalesce(cardinality(NEW.search_grams), 0) = 0 OR NEW.search_grams IS NOT DISTINCT FROM OLD.search_grams)
      EXECUTE FUNCTION organizations_search_grams()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER organizations_search_grams_update ON organizations`);
    await queryRunner.query(`DROP TRIGGER organizations_search_grams ON organizations`);
    await queryRunner.query(`
      CREATE TRIGGER organizations_search_grams BEFORE INSERT OR UPDATE OF search_text ON organizations
      FOR EACH ROW EXECUTE FUNCTION organizations_search_grams()`);
    await queryRunner.query(`DROP FUNCTION organizations_analyze()`);
    await queryRunner.query(`DROP TABLE "register_possible_matches"`);
    await queryRunner.query(`DROP TABLE "register_import_changes"`);
  }
}
