import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { STAGING_COLUMNS, STAGING_TABLE_DDL } from './register-staging';

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
  /** Register rows of the same corporate number replaced by a later row of the file. */
  superseded: number;
  /** Rows for a record that was archived (or merged away): left alone. */
  archived: number;
}

/** An updated record whose reading was set by hand: its search columns are recomputed in JS. */
export interface TextFixRow {
  id: string;
  name: string;
  nameKana: string | null;
  address: string | null;
  corporateNumber: string | null;
}

const STAGING = 'register_staging';
/** The organizations feature's GIN search indexes (migrations/1791000000000-OrganizationSearch.ts). */
const SEARCH_GIN_INDEXES = ['ix_organizations_search_grams', 'ix_organizations_search_trgm'];
const GIN_PENDING_LIMIT_KB = 1024 * 1024;
const MERGE = 'register_merge';

/** The day in Japan, in SQL. */
const TODAY_JST = `(now() AT TIME ZONE 'Asia/Tokyo')::date`;

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
    await tx.query(`CREATE TEMP TABLE ${STAGING} ${STAGING_TABLE_DDL} ON COMMIT DROP`);
  }

  /** `COPY … FROM STDIN` statement for the staging table (text format). */
  copyStatement(): string {
    return `COPY ${STAGING} (${STAGING_COLUMNS.join(', ')}) FROM STDIN`;
  }

  /**
   * Joins the last row of each corporate number (highest sequence number, then latest line) with
   * the station's record and decides what happens to it: insert, close, update, unchanged or
   * archived (never resurrected). Register-owned fields only: name, reading (only where the record
   * has none), legal form, municipality, address, postal code, status and close date.
   */
  async classify(tx: EntityManager, stationId: string): Promise<MergeCounts> {
    await tx.query(`ANALYZE ${STAGING}`);
    await tx.query(
      `CREATE TEMP TABLE ${MERGE} ON COMMIT DROP AS
       WITH latest AS (
         SELECT DISTINCT ON (corporate_number) *
           FROM ${STAGING}
          ORDER BY corporate_number, sequence_number DESC, line DESC
       ), joined AS (
         SELECT s.*,
                o.id AS org_id, o.status AS old_status, o.archived_at IS NOT NULL OR o.merged_into_id IS NOT NULL AS old_gone,
                o.name AS old_name, o.name_kana AS old_name_kana, o.legal_form AS old_legal_form,
                o.municipality_code::text AS old_municipality_code, o.municipality_name AS old_municipality_name,
                o.address AS old_address, o.postal_code::text AS old_postal_code, o.closed_on AS old_closed_on,
                coalesce(o.name_kana, s.name_kana) AS new_name_kana,
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
       SELECT d.*,
              CASE WHEN d.org_id IS NULL THEN 'insert'
                   WHEN d.old_status = 'archived' OR d.old_gone THEN 'archived'
                   WHEN d.new_status = 'closed' AND d.old_status <> 'closed' THEN 'close'
                   WHEN (d.old_name, d.old_name_kana, d.old_legal_form, d.old_municipality_code, d.old_municipality_name,
                         d.old_address, d.old_postal_code, d.old_status, d.old_closed_on)
                        IS DISTINCT FROM
                        (d.name, d.new_name_kana, d.new_legal_form, d.municipality_code, d.new_municipality_name,
                         d.address, d.postal_code, d.new_status, d.new_closed_on) THEN 'update'
                   ELSE 'unchanged' END AS action
         FROM decided d`,
      [stationId],
    );
    const rows: { action: string; n: number }[] = await tx.query(
      `SELECT action, count(*)::int AS n FROM ${MERGE} GROUP BY action`,
    );
    const [{ staged }]: { staged: number }[] = await tx.query(
      `SELECT count(*)::int AS staged FROM ${STAGING}`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.action, r.n])) as Record<string, number | undefined>;
    const merged = rows.reduce((sum, r) => sum + r.n, 0);
    return {
      inserted: by.insert ?? 0,
      updated: by.update ?? 0,
      unchanged: by.unchanged ?? 0,
      closed: by.close ?? 0,
      archived: by.archived ?? 0,
      superseded: staged - merged,
    };
  }

  /**
   * Writes the classified rows: history of name, address and status changes (with the old
   * values), then the updates, then the new records. Hand-kept fields (tier, sector, notes,
   * technologies, consultation desk, export control, a reading set by hand) are never touched.
   */
  async apply(tx: EntityManager, stationId: string): Promise<{ inserted: number; changes: number }> {
    const changed = `action IN ('update', 'close')`;
    // The search indexes are GIN: collect this import's entries in their pending lists and merge
    // them in one sorted pass at the end, rather than inserting tens of grams per row one by one.
    await tx.query(`SET LOCAL gin_pending_list_limit = ${GIN_PENDING_LIMIT_KB}`);
    const [{ n: changes }]: { n: number }[] = await tx.query(
      `WITH written AS (
       INSERT INTO organization_changes (organization_id, station_id, changed_on, source, field, old_value, new_value)
       SELECT org_id, $1::uuid, coalesce(change_date, update_date, ${TODAY_JST}), 'register', 'name', old_name, name
         FROM ${MERGE} WHERE ${changed} AND old_name IS DISTINCT FROM name
       UNION ALL
       SELECT org_id, $1::uuid, coalesce(change_date, update_date, ${TODAY_JST}), 'register', 'address', old_address, address
         FROM ${MERGE} WHERE ${changed} AND old_address IS DISTINCT FROM address
       UNION ALL
       SELECT org_id, $1::uuid, coalesce(new_closed_on, change_date, update_date, ${TODAY_JST}), 'register', 'status', old_status, new_status
         FROM ${MERGE} WHERE ${changed} AND old_status IS DISTINCT FROM new_status
       RETURNING 1)
       SELECT count(*)::int AS n FROM written`,
      [stationId],
    );
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
              search_text = m.search_text,
              search_grams = m.search_grams,
              normalized_name = m.normalized_name,
              sort_key = m.sort_key,
              version = o.version + 1,
              updated_at = now()
         FROM ${MERGE} m
        WHERE o.id = m.org_id AND m.${changed}`,
    );
    const [{ n: inserted }]: { n: number }[] = await tx.query(
      `WITH written AS (
       INSERT INTO organizations (station_id, corporate_number, name, name_kana, legal_form, sector, tier,
                                  municipality_code, municipality_name, address, postal_code, status, closed_on,
                                  source, register_updated_on, search_text, normalized_name, sort_key, search_grams)
       SELECT $1::uuid, corporate_number, name, name_kana, legal_form, NULL, 'C',
              municipality_code, municipality_name, address, postal_code, new_status, new_closed_on,
              'register', update_date, search_text, normalized_name, sort_key, search_grams
         FROM ${MERGE} WHERE action = 'insert'
       ON CONFLICT (station_id, corporate_number) WHERE corporate_number IS NOT NULL DO NOTHING
       RETURNING 1)
       SELECT count(*)::int AS n FROM written`,
      [stationId],
    );
    await tx.query(`SELECT gin_clean_pending_list(i::regclass) FROM unnest($1::text[]) AS i`, [
      SEARCH_GIN_INDEXES,
    ]);
    return { inserted, changes };
  }

  /**
   * Updated records that kept a reading different from the register's: their search columns must be
   * computed from that reading. Keyset pages of `limit` rows after `afterId`.
   */
  textFixPage(tx: EntityManager, afterId: string, limit: number): Promise<TextFixRow[]> {
    return tx.query(
      `SELECT o.id, o.name, o.name_kana AS "nameKana", o.address, o.corporate_number AS "corporateNumber"
         FROM ${MERGE} m JOIN organizations o ON o.id = m.org_id
        WHERE m.action IN ('update', 'close') AND m.old_name_kana IS NOT NULL
          AND m.old_name_kana IS DISTINCT FROM m.name_kana AND m.org_id > $1
        ORDER BY m.org_id
        LIMIT $2`,
      [afterId, limit],
    );
  }

  async updateTexts(
    tx: EntityManager,
    rows: { id: string; searchText: string; normalizedName: string; sortKey: string }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `UPDATE organizations o
          SET search_text = u.search_text, normalized_name = u.normalized_name, sort_key = u.sort_key
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, search_text, normalized_name, sort_key)
        WHERE o.id = u.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.searchText),
        rows.map((r) => r.normalizedName),
        rows.map((r) => r.sortKey),
      ],
    );
  }
}
