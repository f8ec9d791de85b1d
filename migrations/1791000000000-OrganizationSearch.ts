import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Japanese search over organizations at registry scale.
 * - `search_grams`: the distinct 1- and 2-character grams of `search_text` (parts separated by a
 *   space, which normalized text never contains, so no gram spans two parts), kept by a trigger so
 *   every writer (the API, the register import, bulk loads) fills it; GIN-indexed for 1-2 character
 *   queries, which pg_trgm cannot index.
 * - pg_trgm GIN on `search_text` for queries of 3 characters or more.
 * - (station_id, normalized_name text_pattern_ops) for "name starts with" ranking.
 */
export class OrganizationSearch1791000000000 implements MigrationInterface {
  name = 'OrganizationSearch1791000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD "search_grams" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`
      CREATE FUNCTION organization_search_grams(t text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT g), '{}')
          FROM (SELECT substr(t, i, 1) AS g FROM generate_series(1, char_length(t)) AS i
                UNION ALL
                SELECT substr(t, i, 2) FROM generate_series(1, char_length(t) - 1) AS i) AS grams
         WHERE position(' ' IN g) = 0
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_grams() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_grams := coalesce(organization_search_grams(NEW.search_text), '{}');
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER organizations_search_grams BEFORE INSERT OR UPDATE OF search_text ON organizations
      FOR EACH ROW EXECUTE FUNCTION organizations_search_grams()`);
    await queryRunner.query(`UPDATE organizations SET search_text = search_text`);
    await queryRunner.query(
      `CREATE INDEX "ix_organizations_search_grams" ON "organizations" USING gin ("search_grams")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_organizations_search_trgm" ON "organizations" USING gin ("search_text" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_organizations_station_normalized_name" ON "organizations" ("station_id", "normalized_name" text_pattern_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_organizations_station_normalized_name"`);
    await queryRunner.query(`DROP INDEX "ix_organizations_search_trgm"`);
    await queryRunner.query(`DROP INDEX "ix_organizations_search_grams"`);
    await queryRunner.query(`DROP TRIGGER organizations_search_grams ON organizations`);
    await queryRunner.query(`DROP FUNCTION organizations_search_grams()`);
    await queryRunner.query(`DROP FUNCTION organization_search_grams(text)`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "search_grams"`);
  }
}
