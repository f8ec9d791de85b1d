import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A first bulk load of the register (apps/api/src/register-import/register-import.repository.ts)
 * used to drop the GIN search indexes of organizations before writing and re-create them after:
 * DROP INDEX holds an ACCESS EXCLUSIVE lock on the table until commit, so every other user's read
 * of the registry waited for the whole write phase (123 s for 1,000,000 records). Now the indexes
 * stay (readers keep their snapshot and their plans), the load feeds their pending lists, and
 * replacements are built beside them after the writes (CREATE INDEX takes a SHARE lock: readers go
 * on); the swap (drop the old index, give the new one its name) is the import's last statement
 * before its commit, so the exclusive lock lasts milliseconds.
 *
 * Both functions read the GIN indexes of organizations from the catalog (not a fixed list: another
 * feature may add one) and need the table's owner, hence SECURITY DEFINER, no arguments, a fixed
 * search_path with pg_temp last; EXECUTE is taken from PUBLIC (the grant step after the migrations
 * gives it to the runtime role). A replacement is named `<name>_swap` until the swap; it is created
 * and renamed in the caller's transaction, so a rollback leaves the indexes as they were.
 */
export class SearchIndexSideBuild1801000000300 implements MigrationInterface {
  name = 'SearchIndexSideBuild1801000000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [{ schema }]: { schema: string }[] = await queryRunner.query(
      `SELECT quote_ident(current_schema()) AS schema`,
    );
    const definer = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${schema}, pg_temp`;
    // The valid GIN indexes of organizations that are not replacements themselves.
    const gin = `
      SELECT c.relname::text AS name, pg_get_indexdef(i.indexrelid) AS def
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_am a ON a.oid = c.relam
       WHERE i.indrelid = '${schema}.organizations'::regclass AND a.amname = 'gin' AND i.indisvalid
         AND c.relname !~ '_swap$'
       ORDER BY c.relname`;
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_indexes_build_side() RETURNS int ${definer} AS $$
      DECLARE
        ix record;
        n int := 0;
      BEGIN
        FOR ix IN ${gin} LOOP
          IF length(ix.name) > 58 THEN
            RAISE EXCEPTION 'index name too long for a replacement: %', ix.name;
          END IF;
          EXECUTE format('DROP INDEX IF EXISTS ${schema}.%I', ix.name || '_swap');
          EXECUTE regexp_replace(ix.def, '^CREATE INDEX \\S+ ON ',
                                 'CREATE INDEX ' || quote_ident(ix.name || '_swap') || ' ON ');
          n := n + 1;
        END LOOP;
        RETURN n;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_indexes_swap() RETURNS int ${definer} AS $$
      DECLARE
        ix record;
        n int := 0;
      BEGIN
        FOR ix IN
          SELECT c.relname::text AS name
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE i.indrelid = '${schema}.organizations'::regclass AND c.relname ~ '_swap$'
           ORDER BY c.relname
        LOOP
          EXECUTE format('DROP INDEX IF EXISTS ${schema}.%I', left(ix.name, length(ix.name) - 5));
          EXECUTE format('ALTER INDEX ${schema}.%I RENAME TO %I', ix.name, left(ix.name, length(ix.name) - 5));
          n := n + 1;
        END LOOP;
        RETURN n;
      END $$`);
    for (const fn of ['build_side', 'swap'])
      await queryRunner.query(`REVOKE ALL ON FUNCTION organizations_search_indexes_${fn}() FROM PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const fn of ['swap', 'build_side'])
      await queryRunner.query(`DROP FUNCTION organizations_search_indexes_${fn}()`);
  }
}
