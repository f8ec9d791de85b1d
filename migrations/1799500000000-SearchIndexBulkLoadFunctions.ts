import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register import's bulk load drops the two GIN search indexes of organizations and re-creates
 * them after its writes, and otherwise flushes their pending lists: DROP INDEX, CREATE INDEX and
 * gin_clean_pending_list() need the table's owner, and the app runs as a restricted role
 * (libs/database/database-roles.ts). These SECURITY DEFINER functions (owned by the migrations'
 * role) do exactly that and nothing else: no arguments, the definitions fixed here as in
 * 1791000000000-OrganizationSearch (the bulk-load e2e compares them before and after), a fixed
 * search_path with pg_temp last. EXECUTE is taken from PUBLIC; the grant step after the migrations
 * gives it to the runtime role.
 */
export class SearchIndexBulkLoadFunctions1799500000000 implements MigrationInterface {
  name = 'SearchIndexBulkLoadFunctions1799500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [{ schema }]: { schema: string }[] = await queryRunner.query(
      `SELECT quote_ident(current_schema()) AS schema`,
    );
    const definer = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${schema}, pg_temp`;
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_indexes_drop() RETURNS void ${definer} AS $$
      BEGIN
        DROP INDEX IF EXISTS ${schema}.ix_organizations_search_grams;
        DROP INDEX IF EXISTS ${schema}.ix_organizations_search_trgm;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_indexes_create() RETURNS void ${definer} AS $$
      BEGIN
        CREATE INDEX IF NOT EXISTS ix_organizations_search_grams ON ${schema}.organizations USING gin (search_grams);
        CREATE INDEX IF NOT EXISTS ix_organizations_search_trgm ON ${schema}.organizations USING gin (search_text gin_trgm_ops);
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_indexes_flush() RETURNS void ${definer} AS $$
      BEGIN
        PERFORM gin_clean_pending_list(i) FROM (VALUES
          (to_regclass('${schema}.ix_organizations_search_grams')),
          (to_regclass('${schema}.ix_organizations_search_trgm'))) AS indexes (i)
         WHERE i IS NOT NULL;
      END $$`);
    for (const fn of ['drop', 'create', 'flush'])
      await queryRunner.query(`REVOKE ALL ON FUNCTION organizations_search_indexes_${fn}() FROM PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const fn of ['flush', 'create', 'drop'])
      await queryRunner.query(`DROP FUNCTION organizations_search_indexes_${fn}()`);
  }
}
