import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `organizations_search_indexes_exclude(station)` (1802000000100) made a bulk load's rows skip the
 * GIN search indexes only; its btrees still took every row one by one (the name-initial pair alone
 * +45 % CPU on the inserts), and each excluding copy was built while the previous full index's DROP
 * held its ACCESS EXCLUSIVE lock (other users' reads waited up to 0.9 s for the builds).
 *
 * Now it excludes the station from every secondary index of organizations that the load does not
 * need while it writes: valid, not unique, no constraint behind it (the primary key and the
 * (station_id, corporate_number) unique index stay: ON CONFLICT needs it), no predicate of its own,
 * any access method; all read from the catalog, so an index another feature adds is handled too.
 * All copies are built first, the full indexes dropped last (the exclusive lock lasts from the
 * first DROP to the short transaction's commit). A name too long for its `_others` copy is left
 * alone (it takes the rows as before). `organizations_search_indexes_include()` builds every full
 * index again after the writes (btrees in one sorted pass each: the "btree rebuilds" of issue 14's
 * lowered floor) and `…_drop_excluded()` / `…_restore()` work unchanged (they follow `_others`).
 */
export class BulkLoadExcludesSecondaryIndexes1802000000101 implements MigrationInterface {
  name = 'BulkLoadExcludesSecondaryIndexes1802000000101';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(this.exclude(await this.schema(queryRunner), true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(this.exclude(await this.schema(queryRunner), false));
  }

  private async schema(queryRunner: QueryRunner): Promise<string> {
    const [{ schema }]: { schema: string }[] = await queryRunner.query(
      `SELECT quote_ident(current_schema()) AS schema`,
    );
    return schema;
  }

  /** The function's body: every secondary index (`all`), or the GIN ones as 1802000000100 had it. */
  private exclude(schema: string, all: boolean): string {
    const which = all
      ? `NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`
      : `a.amname = 'gin'`;
    return `
      CREATE OR REPLACE FUNCTION organizations_search_indexes_exclude(p_station uuid) RETURNS int
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${schema}, pg_temp SET lock_timeout = '30s' AS $$
      DECLARE
        ix record;
        built text[] := '{}';
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
           WHERE i.indrelid = '${schema}.organizations'::regclass AND i.indisvalid AND i.indisready
             AND i.indpred IS NULL AND ${which}
             AND c.relname !~ '_(swap|others)$' AND length(c.relname) <= 56
           ORDER BY c.relname
        LOOP
          EXECUTE regexp_replace(ix.def, '^CREATE INDEX \\S+ ON ',
                                 'CREATE INDEX ' || quote_ident(ix.name || '_others') || ' ON ')
                  || format(' WHERE (station_id <> %L::uuid)', p_station);
          built := built || ix.name;
        END LOOP;
        -- the drops last: the first one's ACCESS EXCLUSIVE lock lasts to the commit
        FOR i IN 1 .. coalesce(array_length(built, 1), 0) LOOP
          EXECUTE format('DROP INDEX ${schema}.%I', built[i]);
        END LOOP;
        RETURN coalesce(array_length(built, 1), 0);
      END $$`;
  }
}
