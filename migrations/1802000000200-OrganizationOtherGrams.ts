import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, GET /search right after an import: the header's search lists an organization's matches
 * by reading (sort_key), then id. Most of a 1-2 character query's matches are records whose reading
 * or name starts with it (いわ: 22,000 readings イワ… of a million), which the reading and
 * name-initial btrees deliver in reading order; the others (イワ inside メイワ…, 岩 in an address)
 * cannot be told apart from them through the gram index, so finding the first few of them read
 * every match's heap row (22,000, 150-200 ms) or walked the reading order from its start past
 * every non-match (74,000 rows before イワ; 340 ms right after an import).
 *
 * This index holds each record's grams without the 1- and 2-character starts of its reading and of
 * its name (at most four grams fewer than search_grams): a query of 1-2 characters is in it exactly
 * when the record holds the query and neither its reading nor its name starts with it
 * (apps/api/src/search/search.repository.ts). Computed from columns every writer sets; the
 * function is one expression of C functions, so the planner inlines it and builds cost about what
 * the search_grams index costs (a first bulk load rebuilds it with the other GIN indexes, which
 * are read from the catalog: 1802000000100).
 */
export class OrganizationOtherGrams1802000000200 implements MigrationInterface {
  name = 'OrganizationOtherGrams1802000000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION organization_other_grams(grams text[], sort_key text, normalized_name text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT array_remove(array_remove(array_remove(array_remove(grams,
                 left(sort_key, 1)), left(sort_key, 2)), left(normalized_name, 1)), left(normalized_name, 2))
      $$`);
    await queryRunner.query(
      `CREATE INDEX "ix_organizations_search_other_grams" ON "organizations"
         USING gin (organization_other_grams("search_grams", "sort_key", "normalized_name"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_organizations_search_other_grams"`);
    await queryRunner.query(`DROP FUNCTION organization_other_grams(text[], text, text)`);
  }
}
