import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A first bulk load of a station's register (apps/api/src/register-import/register-import.repository.ts)
 * keeps its new rows out of the GIN search indexes altogether instead of feeding their pending
 * lists (1801000000300): every GIN index scan reads the whole pending list, and a load of 200,000
 * rows made another station's search read the import's uncommitted entries (p95 191 ms over HTTP
 * while idle it is ~10 ms); once merged into the trees, the import's rows still came back from
 * every bitmap scan only to be thrown away by the station filter. Entries that the load makes in
 * the old indexes are pure waste anyway: they are rebuilt at its end.
 *
 * - `organizations_search_indexes_exclude(station)`, in its own short transaction before the load
 *   writes: each full GIN index `<name>` of organizations is replaced by `<name>_others`, the same
 *   definition `WHERE station_id <> station` (CREATE INDEX takes a SHARE lock: readers go on; at a
 *   first load the table holds at most as many rows as the load inserts, so the build is short),
 *   then the full one is dropped (its ACCESS EXCLUSIVE lock lasts from the DROP to this short
 *   transaction's commit). Every other station's search implies the predicate (the pg driver's
 *   unnamed statements get custom plans: `station_id = 'R'` proves `station_id <> 'S'`) and reads
 *   an index without a single entry of the load. The importing station's own searches and
 *   station-less ones do without the GIN index for the load's duration.
 * - `organizations_search_indexes_include()`, in the import's transaction after its writes: the full
 *   `<name>` is built again from each `<name>_others` (one sorted pass, SHARE lock).
 * - `organizations_search_indexes_drop_excluded()`, the import's last statement: drops every
 *   `<name>_others` whose full index exists (ACCESS EXCLUSIVE from there to the commit:
 *   milliseconds).
 * - `organizations_search_indexes_restore()`: include + drop_excluded in one transaction, after a
 *   load rolled back (cancel, error) or at the next import after a killed process: the indexes as
 *   they were (same names and definitions). Results never depend on it (a partial index only
 *   narrows which plans can use it).
 *
 * All read the indexes from the catalog (another feature may add a GIN index; partial ones are
 * left alone), belong to the schema owner (SECURITY DEFINER, fixed search_path with pg_temp last,
 * EXECUTE taken from PUBLIC; the grant step after the migrations gives it to the runtime role) and
 * wait at most 30 s for a lock.
 */
export class SearchIndexExcludeStation1802000000100 implements MigrationInterface {
  name = 'SearchIndexExcludeStation1802000000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [{ schema }]: { schema: string }[] = await queryRunner.query(
      `SELECT quote_ident(current_schema()) AS schema`,
    );
    const definer = `LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${schema}, pg_temp SET lock_timeout = '30s'`;
    const table = `'${schema}.organizations'::regclass`;
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_indexes_exclude(p_station uuid) RETURNS int ${definer} AS $$
      DECLARE
        ix record;
        n int := 0;
      BEGIN
        IF p_station IS NULL THEN
          RAISE EXCEPTION 'station required';
        END IF;
        PERFORM organizations_search_indexes_restore();
        FOR ix IN
          SELECT c.relname::text AS name, pg_get_indexdef(i.indexrelid) AS def
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_am a ON a.oid = c.relam
           WHERE i.indrelid = ${table} AND a.amname = 'gin' AND i.indisvalid AND i.indpred IS NULL
             AND c.relname !~ '_(swap|others)$'
           ORDER BY c.relname
        LOOP
          IF length(ix.name) > 56 THEN
            RAISE EXCEPTION 'index name too long for an excluding copy: %', ix.name;
          END IF;
          EXECUTE regexp_replace(ix.def, '^CREATE INDEX \\S+ ON ',
                                 'CREATE INDEX ' || quote_ident(ix.name || '_others') || ' ON ')
                  || format(' WHERE (station_id <> %L::uuid)', p_station);
          EXECUTE format('DROP INDEX ${schema}.%I', ix.name);
          n := n + 1;
        END LOOP;
        RETURN n;
      END $$`);
    // The full definition of an excluding copy: its name without _others, its predicate removed.
    const excluded = `
          SELECT c.relname::text AS name, left(c.relname, length(c.relname) - 7) AS base,
                 regexp_replace(
                   regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE INDEX \\S+ ON ',
                                  'CREATE INDEX ' || quote_ident(left(c.relname, length(c.relname) - 7)) || ' ON '),
                   ' WHERE \\(station_id <> ''[0-9a-f-]+''::uuid\\)$', '') AS def
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE i.indrelid = ${table} AND c.relname ~ '_others$'
           ORDER BY c.relname`;
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_indexes_include() RETURNS int ${definer} AS $$
      DECLARE
        ix record;
        n int := 0;
      BEGIN
        FOR ix IN ${excluded} LOOP
          IF to_regclass('${schema}.' || quote_ident(ix.base)) IS NULL THEN
            EXECUTE ix.def;
            n := n + 1;
          END IF;
        END LOOP;
        RETURN n;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_indexes_drop_excluded() RETURNS int ${definer} AS $$
      DECLARE
        ix record;
        n int := 0;
      BEGIN
        FOR ix IN ${excluded} LOOP
          IF to_regclass('${schema}.' || quote_ident(ix.base)) IS NOT NULL THEN
            EXECUTE format('DROP INDEX ${schema}.%I', ix.name);
            n := n + 1;
          END IF;
        END LOOP;
        RETURN n;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION organizations_search_indexes_restore() RETURNS int ${definer} AS $$
      BEGIN
        PERFORM organizations_search_indexes_include();
        RETURN organizations_search_indexes_drop_excluded();
      END $$`);
    for (const fn of ['exclude(uuid)', 'include()', 'drop_excluded()', 'restore()'])
      await queryRunner.query(`REVOKE ALL ON FUNCTION organizations_search_indexes_${fn} FROM PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT organizations_search_indexes_restore()`);
    for (const fn of ['exclude(uuid)', 'restore()', 'drop_excluded()', 'include()'])
      await queryRunner.query(`DROP FUNCTION organizations_search_indexes_${fn}`);
  }
}
