import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  COPY_RAW_SQL,
  KANA_TABLE,
  MERGE_TABLE,
  NOTED_TABLE,
  RAW_COLUMNS,
  RAW_TABLE,
  RAW_TABLE_DDL,
  REGISTER_ROW_SQL,
  REJECTED_TABLE,
  TEXT_TABLE,
} from './register-staging';

export interface ImportStation {
  id: string;
  code: string;
  name: string;
  municipalityCodes: string[];
}

/** What the merge did, by action (see {@link RegisterImportRepository.classify}). */
export interface MergeCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  closed: number;
  /** Register rows of the same corporate number replaced by a later row of the file (earlier states). */
  superseded: number;
  /** Rows for a record that was archived (or merged away): left alone. */
  archived: number;
}

/** A raw row the framer noted (see openNotedRows): its number and the 30 fields as read. */
export interface NotedRow {
  ord: string;
  fields: (string | null)[];
}

/** A record to insert or update: the inputs of its search columns. */
export interface TextInputRow {
  ord: string;
  name: string;
  nameKana: string | null;
  address: string | null;
  corporateNumber: string;
}

const RAW = RAW_TABLE;
const MERGE = MERGE_TABLE;
/** The row that counts of each corporate number in the import: (ord). */
const LATEST_TABLE = 'register_latest';
/** Pending-list size of a routine import's GIN entries before they are merged (at the end). */
const GIN_PENDING_LIMIT_KB = 1024 * 1024;
/** A bulk load's pending lists are never merged (the indexes are rebuilt beside them): no limit. */
const GIN_PENDING_MAX_KB = 2147483647;
/**
 * An import that inserts at least this many records and at least as many as the registry already
 * holds (a first load, a new prefecture) is a bulk load: it keeps the GIN search indexes (no lock
 * beyond the rows' own: other users read the registry as it was), lets the writes append their
 * entries to the pending lists, then builds replacement indexes beside the old ones in one sorted
 * pass each and swaps them in just before the commit (migrations/1801000000300). Merging a million
 * records' pending entries into the trees instead (gin_clean_pending_list) was measured 2× slower;
 * inserting them into the trees row by row (fastupdate off) 10× slower; dropping the indexes before
 * the writes and re-creating them after is as fast as the side build but held an exclusive lock
 * on organizations from the drop to the commit: every other user's read waited (123 s for 1,000,000).
 */
const BULK_MIN_INSERTS = 50_000;
const REBUILD_MAINTENANCE_WORK_MEM = '1GB';
/** An import that writes at least this many records (or a tenth of the table) refreshes the statistics. */
const ANALYZE_MIN_ROWS = 1000;

/** The day in Japan, in SQL. */
const TODAY_JST = `(now() AT TIME ZONE 'Asia/Tokyo')::date`;

/** Records of one write statement: ords lo..hi of one action, n of them. */
export interface WriteChunk {
  lo: string;
  hi: string;
  n: number;
  /** … of which new records (the rest are updates and closures). */
  inserts: number;
}

/** How the classified rows are written (see {@link RegisterImportRepository.planWrites}). */
export interface WritePlan {
  /** A first load: the GIN search indexes are rebuilt beside the old ones and swapped in. */
  bulk: boolean;
  /**
   * The GIN search indexes exclude the importing station while it writes (see excludeStation): its
   * new rows make no entries in them; the full indexes are built again after the writes.
   */
  excluded: boolean;
  /** In ord order: a page of the text-inputs cursor (openTextInputs) is one chunk. */
  chunks: WriteChunk[];
  /** Records to write (updates, closures, inserts). */
  rows: number;
}

/** SQL of the register import: staging table, set-based merge, change history. */

@Injectable()
export class RegisterImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findStationByCode(code: string): Promise<ImportStation | null> {
    const rows: ImportStation[] = await this.dataSource.query(
      `SELECT id, code, name, municipality_codes AS "municipalityCodes" FROM stations WHERE code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }

  async findStation(id: string): Promise<ImportStation | null> {
    const rows: ImportStation[] = await this.dataSource.query(
      `SELECT id, code, name, municipality_codes AS "municipalityCodes" FROM stations WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** One import per station at a time: the second waits for the first to commit or roll back. */
  async lockStation(tx: EntityManager, stationId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('organizations.import:' || $1))`, [stationId]);
  }

  async createStaging(tx: EntityManager): Promise<void> {
    await tx.query(`SET LOCAL work_mem = '256MB'`);
    await tx.query(`CREATE TEMP TABLE ${RAW} ${RAW_TABLE_DDL} ON COMMIT DROP`);
    await tx.query(
      `CREATE TEMP TABLE ${NOTED_TABLE} (ord bigint PRIMARY KEY, flags int NOT NULL) ON COMMIT DROP`,
    );
    await tx.query(
      `CREATE TEMP TABLE ${REJECTED_TABLE} (ord bigint PRIMARY KEY, reason text NOT NULL) ON COMMIT DROP`,
    );
    await tx.query(`CREATE TEMP TABLE ${KANA_TABLE} (ord bigint PRIMARY KEY, name_kana text) ON COMMIT DROP`);
    await tx.query(
      `CREATE TEMP TABLE ${TEXT_TABLE} (ord bigint PRIMARY KEY, search_text text NOT NULL, normalized_name text NOT NULL,
                                      sort_key text NOT NULL, search_grams text[] NOT NULL) ON COMMIT DROP`,
    );
  }

  /** `COPY … FROM STDIN (FORMAT csv)` of the file's records into the raw staging table. */
  copyStatement(): string {
    return COPY_RAW_SQL;
  }

  /** `COPY … FROM STDIN` (text format) of the search columns: ord, search_text, normalized_name, sort_key, search_grams. */
  copyTextStatement(): string {
    return `COPY ${TEXT_TABLE} (ord, search_text, normalized_name, sort_key, search_grams) FROM STDIN`;
  }

  /** Records the framer's flags of raw rows (see inspect-register-record.ts). */
  async addNoted(tx: EntityManager, records: number[], flags: number[]): Promise<void> {
    if (records.length === 0) return;
    await tx.query(`INSERT INTO ${NOTED_TABLE} (ord, flags) SELECT * FROM unnest($1::bigint[], $2::int[])`, [
      records,
      flags,
    ]);
  }

  /** Opens a cursor over the raw rows noted with `flag`: ord and the 30 fields, in file order. */
  async openNotedRows(tx: EntityManager, cursor: string, flag: number): Promise<void> {
    await tx.query(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR
       SELECT r.ord::text AS ord, ARRAY[${RAW_COLUMNS.map((c) => `r.${c}`).join(', ')}] AS fields
         FROM ${NOTED_TABLE} n JOIN ${RAW} r ON r.ord = n.ord
        WHERE n.flags & ${Number(flag)} <> 0
        ORDER BY r.ord`,
    );
  }

  fetch<T>(tx: EntityManager, cursor: string, count: number): Promise<T[]> {
    return tx.query(`FETCH ${count} FROM ${cursor}`);
  }

  async closeCursor(tx: EntityManager, cursor: string): Promise<void> {
    await tx.query(`CLOSE ${cursor}`);
  }

  async addRejected(tx: EntityManager, rows: { ord: string; reason: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO ${REJECTED_TABLE} (ord, reason) SELECT * FROM unnest($1::bigint[], $2::text[])`,
      [rows.map((r) => r.ord), rows.map((r) => r.reason)],
    );
  }

  async addReadings(tx: EntityManager, rows: { ord: string; nameKana: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO ${KANA_TABLE} (ord, name_kana) SELECT * FROM unnest($1::bigint[], $2::text[])`,
      [rows.map((r) => r.ord), rows.map((r) => r.nameKana)],
    );
  }

  /**
   * Picks the row of each corporate number that counts (the highest sequence number, then the
   * latest in the file) among the valid rows in the import (latest flag, of the station's
   * municipalities) into LATEST_TABLE, and counts: rows in the import, valid rows outside it
   * (history rows, other municipalities, no municipality) and corporate numbers picked.
   */
  async pickLatest(
    tx: EntityManager,
    areas: string[],
  ): Promise<{ inScope: number; outOfScope: number; history: number; picked: number }> {
    await tx.query(`CREATE TEMP TABLE ${LATEST_TABLE} (ord bigint NOT NULL) ON COMMIT DROP`);
    const [counts]: { inScope: number; outOfScope: number; history: number; picked: number }[] =
      await tx.query(
        `WITH scoped AS MATERIALIZED (
         SELECT r.ord, r.corporate_number, r.sequence_number, r.latest = '1' AS latest,
                r.latest = '1' AND coalesce(r.prefecture_code || r.city_code = ANY($1::text[]), false) AS in_scope
           FROM ${RAW} r
          WHERE NOT EXISTS (SELECT 1 FROM ${REJECTED_TABLE} x WHERE x.ord = r.ord)
       ), picked AS (
         INSERT INTO ${LATEST_TABLE} (ord)
         SELECT DISTINCT ON (corporate_number COLLATE "C") ord FROM scoped WHERE in_scope
          ORDER BY corporate_number COLLATE "C", sequence_number::bigint DESC, ord DESC
         RETURNING 1
       )
       SELECT count(*) FILTER (WHERE in_scope)::int AS "inScope",
              count(*) FILTER (WHERE latest AND NOT in_scope)::int AS "outOfScope",
              count(*) FILTER (WHERE NOT latest)::int AS history,
              (SELECT count(*) FROM picked)::int AS picked
         FROM scoped`,
        [areas],
      );
    // Statistics of the temporary tables, or the planner guesses their sizes and picks sort-merge joins.
    await tx.query(`ANALYZE ${RAW}`);
    await tx.query(`ANALYZE ${LATEST_TABLE}`);
    return counts;
  }

  /** Opens a cursor over the classified records that are written: the inputs of their search columns. */
  async openTextInputs(tx: EntityManager, cursor: string): Promise<void> {
    await tx.query(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR
       SELECT ord::text AS ord, name, new_name_kana AS "nameKana", address, corporate_number AS "corporateNumber"
         FROM ${MERGE} m WHERE action IN ('insert', 'update', 'close')
        ORDER BY m.ord -- the number, not the text of the output column`,
    );
  }

  /**
   * Joins the picked row of each corporate number (see pickLatest) with
   * the station's record and decides what happens to it: insert, close, update, unchanged or
   * archived (never resurrected). Register-owned fields only: name, reading (only where the record
   * has none), legal form, municipality, address, postal code, status and close date.
   */
  async classify(
    tx: EntityManager,
    stationId: string,
    scope: { inScope: number; picked: number },
  ): Promise<MergeCounts> {
    await tx.query(
      `CREATE TEMP TABLE ${MERGE} ON COMMIT DROP AS
       WITH latest AS (
         SELECT ${REGISTER_ROW_SQL}
           FROM ${LATEST_TABLE} l JOIN ${RAW} r ON r.ord = l.ord LEFT JOIN ${KANA_TABLE} k ON k.ord = r.ord
       ), joined AS (
         SELECT s.*,
                o.id AS org_id, o.status AS old_status, o.archived_at IS NOT NULL OR o.merged_into_id IS NOT NULL AS old_gone,
                o.name AS old_name, o.name_kana AS old_name_kana, o.legal_form AS old_legal_form,
                o.municipality_code::text AS old_municipality_code, o.municipality_name AS old_municipality_name,
                o.address AS old_address, o.postal_code::text AS old_postal_code, o.closed_on AS old_closed_on,
                -- The register's reading wins when it gives one and the register changed the record
                -- since (or the record has none, or another name): a renamed firm gets its new reading;
                -- a reading typed by hand on a record the register has not changed since stays.
                CASE WHEN s.name_kana IS NOT NULL
                      AND (o.name_kana IS NULL OR o.name IS DISTINCT FROM s.name OR o.register_updated_on IS NULL
                           OR s.update_date > o.register_updated_on)
                     THEN s.name_kana ELSE o.name_kana END AS new_name_kana,
                coalesce(s.legal_form, o.legal_form) AS new_legal_form,
                coalesce(s.municipality_name, o.municipality_name) AS new_municipality_name,
                CASE WHEN s.closed THEN 'closed'
                     WHEN o.id IS NULL OR s.process = '22' THEN 'active'
                     ELSE o.status END AS new_status
           FROM latest s
           LEFT JOIN organizations o ON o.station_id = $1 AND o.corporate_number = s.corporate_number
       ), decided AS (
         SELECT j.*,
                CASE WHEN j.new_status = 'closed' THEN
                       CASE WHEN j.closed THEN coalesce(j.close_date, j.change_date, j.update_date, j.old_closed_on, ${TODAY_JST})
                            ELSE j.old_closed_on END
                     ELSE NULL END AS new_closed_on
           FROM joined j
       )
       SELECT * FROM (
         SELECT d.*, NULL::uuid AS match_org_id,
                CASE WHEN d.org_id IS NULL THEN 'insert'
                     WHEN d.old_status = 'archived' OR d.old_gone THEN 'archived'
                     WHEN d.new_status = 'closed' AND d.old_status <> 'closed' THEN 'close'
                     WHEN (d.old_name, d.old_name_kana, d.old_legal_form, d.old_municipality_code, d.old_municipality_name,
                           d.old_address, d.old_postal_code, d.old_status, d.old_closed_on)
                          IS DISTINCT FROM
                          (d.name, d.new_name_kana, d.new_legal_form, d.municipality_code, d.new_municipality_name,
                           d.address, d.postal_code, d.new_status, d.new_closed_on) THEN 'update'
                     ELSE 'unchanged' END AS action
           FROM decided d) c
        -- Unchanged records are only counted: the common re-import of a full file writes nothing.
        WHERE action <> 'unchanged'`,
      [stationId],
    );
    const rows: { action: string; n: number }[] = await tx.query(
      `SELECT action, count(*)::int AS n FROM ${MERGE} GROUP BY action`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.action, r.n])) as Record<string, number | undefined>;
    const written = rows.reduce((sum, r) => sum + r.n, 0);
    return {
      inserted: by.insert ?? 0,
      updated: by.update ?? 0,
      unchanged: scope.picked - written,
      closed: by.close ?? 0,
      archived: by.archived ?? 0,
      superseded: scope.inScope - scope.picked,
    };
  }

  /**
   * Register rows about to be inserted that look like an existing record of the station without a
   * corporate number (same normalized name, the organizations feature's, and municipality) become
   * `match`: not inserted; the caller lists and keeps them (possible matches). Needs the search
   * columns (TEXT_TABLE) of the rows. Returns how many.
   */
  async markPossibleMatches(tx: EntityManager, stationId: string): Promise<number> {
    if (!(await this.hasMatchCandidates(tx, stationId))) return 0;
    const [{ n }]: { n: number }[] = await tx.query(
      `WITH matched AS (
         UPDATE ${MERGE} m SET action = 'match', match_org_id = x.org_id
           FROM (SELECT DISTINCT ON (mm.ord) mm.ord, o.id AS org_id
                   FROM ${MERGE} mm
                   JOIN ${TEXT_TABLE} t ON t.ord = mm.ord
                   JOIN organizations o ON o.station_id = $1 AND o.corporate_number IS NULL
                                       AND o.archived_at IS NULL AND o.merged_into_id IS NULL
                                       AND o.normalized_name = t.normalized_name
                                       AND o.municipality_code::text = mm.municipality_code
                  WHERE mm.action = 'insert'
                  ORDER BY mm.ord, o.created_at, o.id) x
          WHERE m.ord = x.ord
         RETURNING 1)
       SELECT count(*)::int AS n FROM matched`,
      [stationId],
    );
    return n;
  }

  /** Whether the station has live records without a corporate number (a register row may look like one). */
  async hasMatchCandidates(tx: EntityManager, stationId: string): Promise<boolean> {
    const [{ any }]: { any: boolean }[] = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM organizations WHERE station_id = $1 AND corporate_number IS NULL
                         AND archived_at IS NULL AND merged_into_id IS NULL) AS any`,
      [stationId],
    );
    return any;
  }

  /** Opens a cursor over the possible matches: ord, corporate number, name, the record it looks like. */
  async openMatches(tx: EntityManager, cursor: string): Promise<void> {
    await tx.query(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR
       SELECT ord::text AS ord, corporate_number AS "corporateNumber", name, match_org_id AS "organizationId"
         FROM ${MERGE} WHERE action = 'match' ORDER BY ord`,
    );
  }

  /** Keeps possible matches with the register's values (register_possible_matches), by ord and line. */
  async keepMatches(
    tx: EntityManager,
    stationId: string,
    importId: string,
    rows: { ord: string; line: number }[],
  ): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const kept: { line: number; id: string }[] = await tx.query(
      `WITH l AS (SELECT * FROM unnest($3::bigint[], $4::int[]) AS l (ord, line))
       INSERT INTO register_possible_matches (import_id, station_id, organization_id, line, corporate_number, name,
                                              name_kana, legal_form, municipality_code, municipality_name, address,
                                              postal_code, status, closed_on, register_updated_on)
       SELECT $2::uuid, $1::uuid, m.match_org_id, l.line, m.corporate_number, m.name, m.new_name_kana, m.new_legal_form,
              m.municipality_code, m.new_municipality_name, m.address, m.postal_code, m.new_status, m.new_closed_on,
              m.update_date
         FROM l JOIN ${MERGE} m ON m.ord = l.ord
       RETURNING id, line`,
      [stationId, importId, rows.map((r) => r.ord), rows.map((r) => r.line)],
    );
    // a record's line is its own: lines map back to the rows
    const ordOf = new Map(rows.map((r) => [r.line, r.ord]));
    return new Map(kept.map((k) => [ordOf.get(k.line)!, k.id]));
  }

  /** What the import did, by kind: the first `limit` of each with their names, and the counts. */
  async listChanges(
    tx: EntityManager,
    importId: string,
    limit: number,
  ): Promise<{
    items: {
      kind: 'new' | 'renamed' | 'moved' | 'closed';
      organizationId: string;
      name: string;
      oldValue: string | null;
    }[];
    counts: { new: number; renamed: number; moved: number; closed: number; updated: number };
  }> {
    const counted: { kind: string; n: number }[] = await tx.query(
      `SELECT kind, count(*)::int AS n FROM register_import_changes WHERE import_id = $1 GROUP BY kind`,
      [importId],
    );
    const by = Object.fromEntries(counted.map((c) => [c.kind, c.n])) as Record<string, number | undefined>;
    const items = await tx.query(
      `SELECT k.kind, c.organization_id AS "organizationId", c.name, c.old_value AS "oldValue"
         FROM unnest(ARRAY['new', 'renamed', 'moved', 'closed']) WITH ORDINALITY AS k (kind, n)
         CROSS JOIN LATERAL (SELECT x.organization_id, x.old_value, o.name, o.sort_key, o.id
                               FROM register_import_changes x JOIN organizations o ON o.id = x.organization_id
                              WHERE x.import_id = $1 AND x.kind = k.kind
                              ORDER BY o.sort_key, o.id LIMIT $2) c
        ORDER BY k.n, c.sort_key, c.id`,
      [importId, limit],
    );
    return {
      items,
      counts: {
        new: by.new ?? 0,
        renamed: by.renamed ?? 0,
        moved: by.moved ?? 0,
        closed: by.closed ?? 0,
        updated: by.updated ?? 0,
      },
    };
  }

  /**
   * Prepares the writes of the classified rows (history, updates, new records: see writeChanges,
   * updateChunk, insertChunk) in chunks of about `chunkRows` records in corporate-number order
   * (ord), so progress moves and a cancel is honoured between statements, and decides how the GIN
   * search indexes are kept (see BULK_MIN_INSERTS). Hand-kept fields (tier, sector, notes,
   * technologies, consultation desk, export control) are never touched. New records are candidates
   * (`tier` null: migrations/1800500000000-TargetsAndCandidates.ts).
   */
  async planWrites(
    tx: EntityManager,
    inserts: number,
    chunkRows: number,
    excluded = false,
  ): Promise<WritePlan> {
    const bulk = excluded || (await this.isBulkLoad(tx, inserts));
    // The search indexes are GIN: their new entries go to the pending lists (appended, not merged
    // into the trees one by one). A bulk load never merges them: the indexes are rebuilt beside the
    // old ones (buildIndexes) and swapped in just before the commit (swapIndexes); a routine import
    // merges them in one sorted pass at the end. The limit keeps a load from merging them midway.
    await tx.query(`SET LOCAL gin_pending_list_limit = ${bulk ? GIN_PENDING_MAX_KB : GIN_PENDING_LIMIT_KB}`);
    await tx.query(`SET LOCAL maintenance_work_mem = '${REBUILD_MAINTENANCE_WORK_MEM}'`);
    await tx.query(`CREATE INDEX ON ${MERGE} (ord)`);
    await tx.query(`ANALYZE ${MERGE}`);
    const chunks: WriteChunk[] = await tx.query(
      `SELECT min(ord)::text AS lo, max(ord)::text AS hi, count(*)::int AS n,
              count(*) FILTER (WHERE action = 'insert')::int AS inserts
         FROM (SELECT ord, action, (row_number() OVER (ORDER BY ord) - 1) / $1 AS k
                 FROM ${MERGE} WHERE action IN ('insert', 'update', 'close')) c
        GROUP BY k ORDER BY k`,
      [Math.max(1, Math.floor(chunkRows))],
    );
    return { bulk, excluded, chunks, rows: chunks.reduce((sum, c) => sum + c.n, 0) };
  }

  /**
   * Before a first load writes (and before its transaction touches organizations: the DROP of the
   * full indexes waits for every lock on the table): whether the load is sure to be a bulk load,
   * counted on another connection so the import's transaction takes no lock on organizations. At
   * least `picked - mine` records are inserted (the file's corporate numbers of the station's area
   * less the station's records); both bounds of BULK_MIN_INSERTS hold for that many.
   */
  async isSureBulkLoad(stationId: string, picked: number): Promise<boolean> {
    if (picked < BULK_MIN_INSERTS) return false;
    const [{ mine, total }]: { mine: number; total: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE station_id = $1)::int AS mine, count(*)::int AS total FROM organizations`,
      [stationId],
    );
    const atLeast = picked - mine;
    return atLeast >= BULK_MIN_INSERTS && atLeast >= total;
  }

  /**
   * One bulk load at a time keeps the search indexes excluding its station (see excludeStation):
   * the import's transaction holds this lock from before the exclusion to its commit or rollback.
   */
  async lockBulkLoad(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('organizations.bulk-load'))`);
  }

  /**
   * In its own short transaction (another connection, committed before the writes): every full GIN
   * search index is replaced by a copy that leaves the station's rows out (`WHERE station_id <>
   * station`), so the load's rows make no entries in any index another station's search reads
   * (migrations/1802000000100-SearchIndexExcludeStation.ts). The import's transaction must not hold
   * a lock on organizations yet. Returns the indexes excluded.
   */
  async excludeStation(stationId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT organizations_search_indexes_exclude($1::uuid) AS n`,
      [stationId],
    );
    return n;
  }

  /**
   * The full search indexes again, in their own transaction, where a load that excluded its
   * station did not commit (a cancel, an error, a killed process): skipped while a bulk load holds
   * its lock (see lockBulkLoad). Returns the indexes restored, or null when a load is running.
   */
  async restoreExcluded(): Promise<number | null> {
    return this.dataSource.transaction(async (tx) => {
      const [{ free }]: { free: boolean }[] = await tx.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('organizations.bulk-load')) AS free`,
      );
      if (!free) return null;
      const [{ left }]: { left: boolean }[] = await tx.query(
        `SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                         WHERE i.indrelid = 'organizations'::regclass AND c.relname ~ '_others$') AS left`,
      );
      if (!left) return 0;
      const [{ n }]: { n: number }[] = await tx.query(`SELECT organizations_search_indexes_restore() AS n`);
      return n;
    });
  }

  /**
   * History of name, address and status changes (with the old values) of the records to update or
   * close, and their trace rows in register_import_changes: one statement (set-based), before the
   * updates. Returns the organization_changes rows written.
   */
  async writeChanges(tx: EntityManager, stationId: string, importId: string): Promise<number> {
    const changed = `action IN ('update', 'close')`;
    const [{ n: changes }]: { n: number }[] = await tx.query(
      `WITH written AS (
       INSERT INTO organization_changes (organization_id, station_id, changed_on, source, field, old_value, new_value)
       SELECT org_id, $1::uuid, coalesce(change_date, update_date, ${TODAY_JST}), 'register', 'name', old_name, name
         FROM ${MERGE} WHERE ${changed} AND old_name IS DISTINCT FROM name
       UNION ALL
       SELECT org_id, $1::uuid, coalesce(change_date, update_date, ${TODAY_JST}), 'register', 'nameKana', old_name_kana, new_name_kana
         FROM ${MERGE} WHERE ${changed} AND old_name_kana IS DISTINCT FROM new_name_kana
       UNION ALL
       SELECT org_id, $1::uuid, coalesce(change_date, update_date, ${TODAY_JST}), 'register', 'address', old_address, address
         FROM ${MERGE} WHERE ${changed} AND old_address IS DISTINCT FROM address
       UNION ALL
       SELECT org_id, $1::uuid, coalesce(new_closed_on, change_date, update_date, ${TODAY_JST}), 'register', 'status', old_status, new_status
         FROM ${MERGE} WHERE ${changed} AND old_status IS DISTINCT FROM new_status
       RETURNING 1),
       traced AS (
       INSERT INTO register_import_changes (import_id, organization_id, station_id, kind, old_value)
       SELECT $2::uuid, org_id, $1::uuid, 'renamed', old_name FROM ${MERGE} WHERE ${changed} AND old_name IS DISTINCT FROM name
       UNION ALL
       SELECT $2::uuid, org_id, $1::uuid, 'moved', old_address FROM ${MERGE}
        WHERE ${changed} AND (old_address IS DISTINCT FROM address OR old_municipality_code IS DISTINCT FROM municipality_code)
       UNION ALL
       SELECT $2::uuid, org_id, $1::uuid, 'closed', old_status FROM ${MERGE} WHERE action = 'close'
       UNION ALL
       SELECT $2::uuid, org_id, $1::uuid, 'updated', NULL FROM ${MERGE}
        WHERE action = 'update' AND old_name IS NOT DISTINCT FROM name AND old_address IS NOT DISTINCT FROM address
          AND old_municipality_code IS NOT DISTINCT FROM municipality_code
       RETURNING 1)
       SELECT (SELECT count(*) FROM written)::int AS n, (SELECT count(*) FROM traced)::int AS traced`,
      [stationId, importId],
    );
    return changes;
  }

  /**
   * One chunk of the records to write (ords lo..hi; their search columns in TEXT_TABLE): the
   * updates and closures, then the new records. Returns the records inserted.
   */
  async writeChunk(
    tx: EntityManager,
    stationId: string,
    importId: string,
    chunk: WriteChunk,
  ): Promise<number> {
    if (chunk.n > chunk.inserts) await this.updateChunk(tx, chunk);
    return chunk.inserts > 0 ? this.insertChunk(tx, stationId, importId, chunk) : 0;
  }

  /** The register-owned fields and search columns of one chunk's records to update or close. */
  private async updateChunk(tx: EntityManager, chunk: WriteChunk): Promise<void> {
    await tx.query(
      `UPDATE organizations o
          SET name = m.name,
              name_kana = m.new_name_kana,
              legal_form = m.new_legal_form,
              municipality_code = m.municipality_code,
              municipality_name = m.new_municipality_name,
              address = m.address,
              postal_code = m.postal_code,
              status = m.new_status,
              closed_on = m.new_closed_on,
              register_updated_on = coalesce(m.update_date, o.register_updated_on),
              search_text = t.search_text,
              search_grams = t.search_grams,
              normalized_name = t.normalized_name,
              sort_key = t.sort_key,
              version = o.version + 1,
              updated_at = now()
         FROM ${MERGE} m JOIN ${TEXT_TABLE} t ON t.ord = m.ord
        WHERE o.id = m.org_id AND m.action IN ('update', 'close')
          AND m.ord BETWEEN $1 AND $2 AND t.ord BETWEEN $1 AND $2`,
      [chunk.lo, chunk.hi],
    );
  }

  /**
   * One chunk's new records, each traced to the import in register_import_changes (same
   * statement). In reading order, with time-ordered ids (uuidv7: the primary key and the trace's
   * btrees are appended to, not split at random pages) and the search grams given (the trigger's
   * WHEN clause skips its function). Returns the records inserted (a number another writer took
   * meanwhile is left alone: ON CONFLICT DO NOTHING).
   */
  private async insertChunk(
    tx: EntityManager,
    stationId: string,
    importId: string,
    chunk: WriteChunk,
  ): Promise<number> {
    const [{ n }]: { n: number }[] = await tx.query(
      `WITH written AS (
       INSERT INTO organizations (id, station_id, corporate_number, name, name_kana, legal_form, sector, tier,
                                  municipality_code, municipality_name, address, postal_code, status, closed_on,
                                  source, register_updated_on, search_text, normalized_name, sort_key, search_grams)
       SELECT uuidv7(), $1::uuid, m.corporate_number, m.name, m.new_name_kana, m.legal_form, NULL, NULL,
              m.municipality_code, m.municipality_name, m.address, m.postal_code, m.new_status, m.new_closed_on,
              'register', m.update_date, t.search_text, t.normalized_name, t.sort_key, t.search_grams
         FROM ${MERGE} m JOIN ${TEXT_TABLE} t ON t.ord = m.ord
        WHERE m.action = 'insert' AND m.ord BETWEEN $3 AND $4 AND t.ord BETWEEN $3 AND $4
        ORDER BY t.sort_key, m.ord
       ON CONFLICT (station_id, corporate_number) WHERE corporate_number IS NOT NULL DO NOTHING
       RETURNING id),
       traced AS (
       INSERT INTO register_import_changes (import_id, organization_id, station_id, kind)
       SELECT $2::uuid, id, $1::uuid, 'new' FROM written ORDER BY id
       RETURNING 1)
       SELECT (SELECT count(*) FROM traced)::int AS n`,
      [stationId, importId, chunk.lo, chunk.hi],
    );
    return n;
  }

  /**
   * After the writes: a bulk load builds the replacements of the GIN search indexes beside them
   * (migrations/1801000000300-SearchIndexSideBuild.ts: CREATE INDEX takes a SHARE lock, readers go
   * on with the old ones); a routine import merges its pending entries into them (1799500000000).
   * Through the owner's SECURITY DEFINER functions (the app's role does not own the indexes).
   */
  async buildIndexes(tx: EntityManager, plan: WritePlan): Promise<void> {
    if (plan.excluded) await tx.query(`SELECT organizations_search_indexes_include()`);
    else if (plan.bulk) await tx.query(`SELECT organizations_search_indexes_build_side()`);
    else await tx.query(`SELECT organizations_search_indexes_flush()`);
  }

  /**
   * A bulk load's replacement indexes take the old ones' places: the ACCESS EXCLUSIVE lock of the
   * DROP lasts from here to the commit, so this is the import's last statement.
   */
  async swapIndexes(tx: EntityManager, plan: WritePlan): Promise<void> {
    if (plan.excluded) await tx.query(`SELECT organizations_search_indexes_drop_excluded()`);
    else if (plan.bulk) await tx.query(`SELECT organizations_search_indexes_swap()`);
  }

  /**
   * Planner statistics of organizations after a bulk change, in the import's transaction (ANALYZE
   * counts the transaction's own rows and its statistics commit with them), so search plans are right
   * the moment the import commits: without it, a million new records were searched at p95 ~1 s until
   * autovacuum got to them. Through the owner's SECURITY DEFINER function (1800600000000).
   */
  async analyzeIfBulk(tx: EntityManager, written: number): Promise<boolean> {
    if (written === 0) return false;
    const [{ rows }]: { rows: number }[] = await tx.query(
      `SELECT greatest(reltuples, 0)::bigint::int AS rows FROM pg_class WHERE oid = 'organizations'::regclass`,
    );
    if (written < ANALYZE_MIN_ROWS && written * 10 < rows) return false;
    await tx.query(`SELECT organizations_analyze()`);
    return true;
  }

  /** A first load (a new station, a new prefecture): see BULK_MIN_INSERTS. */
  private async isBulkLoad(tx: EntityManager, inserts: number): Promise<boolean> {
    if (inserts < BULK_MIN_INSERTS) return false;
    const [{ n }]: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM organizations`);
    return inserts >= n;
  }
}
