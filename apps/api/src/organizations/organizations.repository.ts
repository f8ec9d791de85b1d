import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isValidCorporateNumber } from '../../../../libs/japanese/corporate-number';
import { escapeLikePattern, normalizeSearchText } from '../../../../libs/japanese/text';
import type { ContactRole } from './entities/contact.entity';
import type { ConsultationDesk, OrganizationStatus, Tier } from './entities/organization.entity';
import type { CoverageState } from './dto/organization.dto';

/** An organization as read from the database, before lastReachedOn turns into coverage. */
export interface OrganizationRecord {
  id: string;
  stationId: string;
  corporateNumber: string | null;
  name: string;
  nameKana: string | null;
  legalForm: string | null;
  sector: string | null;
  technologies: string[];
  /** null: a candidate. */
  tier: Tier | null;
  municipality: string | null;
  municipalityName: string | null;
  address: string | null;
  postalCode: string | null;
  exportControlRelevant: boolean;
  consultationDesk: ConsultationDesk;
  status: OrganizationStatus;
  closedOn: string | null;
  notes: string | null;
  source: string;
  registerUpdatedOn: string | null;
  mergedIntoId: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  lastReachedOn: string | null;
}

/** The columns an insert or update writes (camelCase; updateVersioned turns them into snake_case). */
export interface OrganizationWrite {
  corporateNumber?: string | null;
  name?: string;
  nameKana?: string | null;
  legalForm?: string | null;
  sector?: string | null;
  technologies?: string[];
  tier?: Tier | null;
  municipalityCode?: string | null;
  municipalityName?: string | null;
  address?: string | null;
  postalCode?: string | null;
  exportControlRelevant?: boolean;
  consultationDesk?: ConsultationDesk;
  status?: OrganizationStatus;
  closedOn?: string | null;
  notes?: string | null;
  searchText?: string;
  normalizedName?: string;
  sortKey?: string;
}

export interface BulkRow {
  id: string;
  stationId: string;
  name: string;
  version: number;
  status: OrganizationStatus;
  tier: Tier | null;
  sector: string | null;
  technologies: string[];
}

export interface ViewRecord {
  id: string;
  name: string;
  filter: Record<string, unknown>;
  createdAt: Date;
}

export interface ContactRecord {
  id: string;
  organizationId: string;
  stationId: string;
  name: string;
  nameKana: string | null;
  title: string | null;
  role: ContactRole;
  phone: string | null;
  email: string | null;
  archivedAt: Date | null;
  version: number;
}

export interface OrganizationFilter {
  /** null: every station (hq, admin). */
  stationId: string | null;
  q?: string;
  sector?: string;
  tier?: Tier;
  municipality?: string;
  status?: OrganizationStatus;
  coverage?: CoverageState;
  /** true: targets (a tier); false: candidates (no tier). */
  target?: boolean;
  legalForm?: string;
  /** Every word in the normalized name. */
  nameWords?: string;
  registerUpdatedFrom?: string;
  registerUpdatedTo?: string;
}

export interface Cadence {
  A: number;
  B: number;
  C: number;
}

/** The most matches a list counts; past it the total is reported as capped. */
export const COUNT_CAP = 10_000;

const ORG_COLUMNS = `o.id, o.station_id AS "stationId", o.corporate_number AS "corporateNumber", o.name,
  o.name_kana AS "nameKana", o.legal_form AS "legalForm", o.sector, o.technologies, o.tier,
  o.municipality_code AS "municipality", o.municipality_name AS "municipalityName", o.address,
  o.postal_code AS "postalCode", o.export_control_relevant AS "exportControlRelevant",
  o.consultation_desk AS "consultationDesk", o.status, o.closed_on::text AS "closedOn", o.notes, o.source,
  o.register_updated_on::text AS "registerUpdatedOn", o.merged_into_id AS "mergedIntoId", o.archived_at AS "archivedAt", o.created_at AS "createdAt",
  o.updated_at AS "updatedAt", o.version, r.last_reached_on::text AS "lastReachedOn"`;

/** The last day an organization was reached (organization_reach_events: approved visits, seminars). */
const REACH_JOIN = `LEFT JOIN LATERAL (
    SELECT max(e.reached_on) AS last_reached_on FROM organization_reach_events e WHERE e.organization_id = o.id
  ) r ON TRUE`;

const CONTACT_COLUMNS = `c.id, c.organization_id AS "organizationId", c.station_id AS "stationId", c.name,
  c.name_kana AS "nameKana", c.title, c.role, c.phone, c.email, c.archived_at AS "archivedAt", c.version`;

/** The first string after every string that starts with `s` (code-point order): 'イワ' → 'イヰ'. */
export function prefixUpperBound(s: string): string {
  const chars = [...s];
  // The last code point (U+10FFFF) has no successor: carry to the character before it.
  while (chars.length > 1 && chars[chars.length - 1].codePointAt(0) === 0x10ffff) chars.pop();
  const last = chars.pop()!.codePointAt(0)!;
  return chars.join('') + String.fromCodePoint(Math.min(last + 1, 0x10ffff));
}

export interface SearchConditions {
  /** The query anywhere in search_text. */
  match: string;
  /**
   * The same set as `match`, written for the planner's estimate: for 1-2 characters the gram
   * containment alone (the LIKE beside it is implied, and multiplying the two selectivities would
   * underestimate a common gram by orders of magnitude).
   */
  estimateMatch: string;
  /** The reading (sort_key) starts with the query: a range of the (station_id, sort_key, id) index. */
  readingPrefix: (params: unknown[]) => string;
  /** The name without its legal form starts with the query. */
  namePrefix: (params: unknown[]) => string;
  /**
   * The ORDER BY of the "name starts with the query" group. 1-2 characters: `sort_key, id`, which
   * the (station_id, left(normalized_name, 1|2), sort_key, id) index delivers in order, so the group
   * reads only the rows it answers however many names start with the query (岩: 22,000 of a
   * million; sorting them all read 22,000 heap pages right after an import, before VACUUM sets the
   * visibility map). 3 or more: an expression, so the planner reads the few names that start with
   * the query from the covering (station_id, normalized_name) index and sorts them, instead of
   * walking the sort index to where the clustered matches are.
   */
  nameOrder: string;
}

/**
 * Text search of a query (see migrations/1791000000000-OrganizationSearch.ts), normalized like the
 * stored text. 1-2 characters: the GIN-indexed gram array holds every unigram and bigram of
 * search_text; 3 or more: pg_trgm's GIN index answers the substring LIKE.
 */
export function searchConditions(q: string, params: unknown[]): SearchConditions | null {
  const nq = normalizeSearchText(q);
  if (nq === '') return null;
  let match: string;
  let estimateMatch: string;
  if (isValidCorporateNumber(nq)) {
    // A complete corporate number (valid check digit) is looked up exactly, by the unique index.
    match = `o.corporate_number = $${params.push(nq)}`;
    estimateMatch = match;
  } else {
    // The LIKE comes first: it is the cheaper test where rows are filtered one by one (the gram
    // array is large and stored compressed); the gram array is what the GIN index answers.
    const likeParam = `$${params.push(`%${escapeLikePattern(nq)}%`)}`;
    const contains = `o.search_text LIKE ${likeParam}`;
    if ([...nq].length <= 2) {
      const grams = `o.search_grams @> ARRAY[$${params.push(nq)}]::text[]`;
      match = `(${contains} AND ${grams})`;
      // The LIKE parameter must still appear (its type), as a condition the planner folds away.
      estimateMatch = `(${likeParam}::text IS NOT NULL AND ${grams})`;
    } else {
      match = contains;
      estimateMatch = contains;
    }
  }
  const like = `${escapeLikePattern(nq)}%`;
  const length = [...nq].length;
  // left(normalized_name, n) = q is the same test as LIKE 'q%' for a q of n characters (code points,
  // as left() counts them), written as the indexed expression (migrations/1801000000400-…).
  const short = length <= NAME_INITIAL_INDEXED;
  return {
    match,
    estimateMatch,
    readingPrefix: (p) =>
      `(o.sort_key >= $${p.push(nq)} AND o.sort_key < $${p.push(prefixUpperBound(nq))} AND o.sort_key LIKE $${p.push(like)})`,
    namePrefix: (p) =>
      short
        ? `left(o.normalized_name, ${length}) = $${p.push(nq)}::text`
        : `o.normalized_name LIKE $${p.push(like)}`,
    nameOrder: short ? 'o.sort_key, o.id' : `o.sort_key || '', o.id`,
  };
}

/** Name prefixes up to this many characters have an index in reading order (left(normalized_name, n)). */
export const NAME_INITIAL_INDEXED = 2;

/** The words of a `nameWords` filter, normalized like normalized_name (at most 10). */
export function nameWordsOf(nameWords: string | undefined): string[] {
  if (!nameWords) return [];
  return nameWords
    .split(/[\s\u3000]+/u)
    .map((w) => normalizeSearchText(w))
    .filter((w) => w !== '')
    .slice(0, 10);
}

/** Station, status, code, municipality and coverage conditions of a list. */
function baseWhere(
  filter: OrganizationFilter,
  params: unknown[],
  cadence: Cadence,
  today: string,
): { where: string[]; needsReach: boolean } {
  const where: string[] = [];
  if (filter.stationId) where.push(`o.station_id = $${params.push(filter.stationId)}`);
  if (filter.status) where.push(`o.status = $${params.push(filter.status)}`);
  else where.push(`o.status <> 'archived'`);
  if (filter.sector) where.push(`o.sector = $${params.push(filter.sector)}`);
  if (filter.tier) where.push(`o.tier = $${params.push(filter.tier)}`);
  if (filter.municipality) where.push(`o.municipality_code = $${params.push(filter.municipality)}`);
  if (filter.target === true) where.push(`o.tier IS NOT NULL`);
  if (filter.target === false) where.push(`o.tier IS NULL`);
  if (filter.legalForm) where.push(`o.legal_form = $${params.push(filter.legalForm)}`);
  for (const word of nameWordsOf(filter.nameWords))
    where.push(`o.normalized_name LIKE $${params.push(`%${escapeLikePattern(word)}%`)}`);
  if (filter.registerUpdatedFrom)
    where.push(`o.register_updated_on >= $${params.push(filter.registerUpdatedFrom)}::date`);
  if (filter.registerUpdatedTo)
    where.push(`o.register_updated_on <= $${params.push(filter.registerUpdatedTo)}::date`);
  let needsReach = false;
  if (filter.coverage) {
    // Coverage is about targets: a candidate is neither reached, overdue nor never reached.
    where.push(`o.tier IS NOT NULL`);
    needsReach = true;
    if (filter.coverage === 'never') where.push(`r.last_reached_on IS NULL`);
    else {
      const due = `r.last_reached_on + (CASE o.tier WHEN 'A' THEN $${params.push(cadence.A)}::int
        WHEN 'B' THEN $${params.push(cadence.B)}::int ELSE $${params.push(cadence.C)}::int END)`;
      const todayParam = `$${params.push(today)}::date`;
      where.push(filter.coverage === 'overdue' ? `${todayParam} > ${due}` : `${todayParam} <= ${due}`);
    }
  }
  return { where, needsReach };
}

export interface ListSql {
  pageSql: string;
  pageParams: unknown[];
  countSql: string;
  countParams: unknown[];
  /** The planner's estimate of the matches (EXPLAIN; same parameters as the count). */
  estimateSql: string;
}

/**
 * Past this many estimated matches (a multiple of the cap) the count is not run: the total is
 * reported as capped. Counting 10,001 scattered matches reads 10,000 heap pages (~20-30 ms at a
 * million organizations). The estimate of a gram from the column's most-common-elements statistics
 * (target 1000, migrations/1798000000000-SearchGramStatistics.ts) is within a few percent (イワ:
 * 23,486 estimated, 25,000 true), so twice the cap leaves a wide margin. Its weak spot is a registry
 * shared by stations whose names differ a lot: the planner assumes a gram is spread evenly.
 */
export const ESTIMATE_SKIP_FACTOR = 2;

/** The planner's row estimate from an `EXPLAIN (FORMAT JSON)` answer. */
export function estimatedRows(explain: { 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[]): number {
  return Number(explain[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

/** Runs one statement and answers its rows (a pool query, so two calls may run at once). */
export type RunQuery = <R>(sql: string, params: unknown[]) => Promise<R[]>;

/**
 * One page of a list and its total, as the API answers it (the benchmark runs this same function
 * over raw pg). The planner's estimate comes first: far past the cap, the total is reported as
 * capped without counting; otherwise the capped count runs at the same time as the page (on a
 * second connection), so a query whose count matters costs the slower of the two, not their sum.
 * A short page tells the total by itself.
 */
export async function runListSql<T>(
  run: RunQuery,
  sql: ListSql,
  page: { limit: number; offset: number },
): Promise<{ items: T[]; total: number; capped: boolean }> {
  const estimate = estimatedRows(await run(sql.estimateSql, sql.countParams));
  const countNeeded = estimate < COUNT_CAP * ESTIMATE_SKIP_FACTOR;
  const [items, counted] = await Promise.all([
    run<T>(sql.pageSql, sql.pageParams),
    countNeeded ? run<{ total: number }>(sql.countSql, sql.countParams) : Promise.resolve(null),
  ]);
  if (items.length < page.limit && (items.length > 0 || page.offset === 0))
    return { items, total: page.offset + items.length, capped: false };
  if (counted === null) return { items, total: COUNT_CAP, capped: true };
  const n = counted[0].total;
  return { items, total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/**
 * The two statements of a list (one page; the capped count), built without running them so the
 * benchmark (bench/organization-search.ts) measures exactly what the API runs. With `q` and no
 * explicit sort, names that start with the query come first, then the other matches, each by
 * reading; each half is limited to offset+limit rows so either index plan stays cheap.
 */
export function buildListSql(
  filter: OrganizationFilter,
  page: { limit: number; offset: number; orderBy: string | null },
  cadence: Cadence,
  today: string,
): ListSql {
  const params: unknown[] = [];
  const { where, needsReach } = baseWhere(filter, params, cadence, today);
  const search = filter.q ? searchConditions(filter.q, params) : null;
  if (search) where.push(search.match);
  const from = `organizations o ${needsReach ? REACH_JOIN : ''}`;
  const whereSql = where.length ? where.join(' AND ') : 'TRUE';

  const countParams = [...params];
  const countSql = `SELECT count(*)::int AS total FROM (SELECT 1 FROM ${from} WHERE ${whereSql}
    LIMIT ${COUNT_CAP + 1}) m`;
  const estimateWhere = search ? whereSql.replace(search.match, search.estimateMatch) : whereSql;
  const estimateSql = `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${from} WHERE ${estimateWhere}`;

  let pageSql: string;
  if (search && !page.orderBy) {
    // Three groups, each in reading order: the reading starts with the query, else the name does,
    // else the query is elsewhere. Each group is cut at offset+limit rows; the outer LIMIT reads the
    // groups in turn (Append runs its children in order), so a group after a full page is never run.
    // Each group is planned on its own: the reading group walks the sort index within a range; the
    // name group walks the name-initial index in reading order (1-2 characters) or reads the covering
    // (station_id, normalized_name) index and sorts (see SearchConditions.nameOrder); the rest uses
    // whichever is cheaper, the gram/trigram GIN index or the sort index.
    const lim = `$${params.push(page.offset + page.limit)}`;
    const reading = search.readingPrefix(params);
    const name = search.namePrefix(params);
    const base = where.filter((w) => w !== search.match).join(' AND ') || 'TRUE';
    pageSql = `
      WITH ranked AS (
        SELECT * FROM (
          (SELECT o.id, o.sort_key, 0 AS rank FROM ${from} WHERE ${base} AND ${reading}
            ORDER BY o.sort_key, o.id LIMIT ${lim})
          UNION ALL
          (SELECT o.id, o.sort_key, 1 AS rank FROM ${from} WHERE ${base} AND ${name} AND NOT ${reading}
            ORDER BY ${search.nameOrder} LIMIT ${lim})
          UNION ALL
          (SELECT o.id, o.sort_key, 2 AS rank FROM ${from}
            WHERE ${whereSql} AND NOT (${name}) AND NOT ${reading}
            ORDER BY o.sort_key, o.id LIMIT ${lim})
        ) AS u LIMIT $${params.push(page.limit)} OFFSET $${params.push(page.offset)}
      )
      SELECT ${ORG_COLUMNS} FROM ranked p JOIN organizations o ON o.id = p.id ${REACH_JOIN}
      ORDER BY p.rank, p.sort_key, p.id`;
  } else {
    const orderBy = page.orderBy ?? 'o.sort_key ASC, o.id ASC';
    pageSql = `
      WITH paged AS (
        SELECT o.id FROM ${from} WHERE ${whereSql} ORDER BY ${orderBy}
         LIMIT $${params.push(page.limit)} OFFSET $${params.push(page.offset)}
      )
      SELECT ${ORG_COLUMNS} FROM paged p JOIN organizations o ON o.id = p.id ${REACH_JOIN}
      ORDER BY ${orderBy}`;
  }
  return { pageSql, pageParams: params, countSql, countParams, estimateSql };
}

/** SQL for organizations and their contacts. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of organizations and the (capped) number of matches (see buildListSql). */
  async list(
    filter: OrganizationFilter,
    page: { limit: number; offset: number; orderBy: string | null },
    cadence: Cadence,
    today: string,
  ): Promise<{ items: OrganizationRecord[]; total: number; capped: boolean }> {
    const sql = buildListSql(filter, page, cadence, today);
    return runListSql<OrganizationRecord>((q, params) => this.dataSource.query(q, params), sql, page);
  }

  async find(
    manager: EntityManager,
    id: string,
    stationId: string | null,
  ): Promise<OrganizationRecord | undefined> {
    const params: unknown[] = [id];
    const scope = stationId ? `AND o.station_id = $${params.push(stationId)}` : '';
    const rows = await manager.query(
      `SELECT ${ORG_COLUMNS} FROM organizations o ${REACH_JOIN} WHERE o.id = $1 ${scope}`,
      params,
    );
    return rows[0];
  }

  /** Locks the row for a change (merge), so concurrent writers queue. */
  async lock(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`SELECT id FROM organizations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [
      ids,
    ]);
  }

  async findByCorporateNumber(
    manager: EntityManager,
    stationId: string,
    corporateNumber: string,
  ): Promise<{ id: string; name: string } | undefined> {
    const rows = await manager.query(
      `SELECT id, name FROM organizations WHERE station_id = $1 AND corporate_number = $2`,
      [stationId, corporateNumber],
    );
    return rows[0];
  }

  async sameNormalizedName(
    manager: EntityManager,
    stationId: string,
    normalizedName: string,
    exceptId: string,
  ): Promise<{ id: string; name: string }[]> {
    return manager.query(
      `SELECT id, name FROM organizations
        WHERE station_id = $1 AND normalized_name = $2 AND id <> $3 AND status <> 'archived'
        ORDER BY sort_key, id LIMIT 20`,
      [stationId, normalizedName, exceptId],
    );
  }

  /** The codes among `codes` that are active items of the code list `kind`. */
  async activeCodes(manager: EntityManager, kind: string, codes: string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows: { code: string }[] = await manager.query(
      `SELECT code FROM code_list_items WHERE kind = $1 AND code = ANY($2::text[]) AND active`,
      [kind, codes],
    );
    return new Set(rows.map((r) => r.code));
  }

  async stationMunicipalities(manager: EntityManager, stationId: string): Promise<string[] | undefined> {
    const rows = await manager.query(`SELECT municipality_codes AS "codes" FROM stations WHERE id = $1`, [
      stationId,
    ]);
    return rows[0]?.codes;
  }

  async insert(manager: EntityManager, stationId: string, o: OrganizationWrite): Promise<string> {
    const entries = Object.entries(o).filter(([, v]) => v !== undefined);
    const columns = [
      'station_id',
      ...entries.map(([k]) => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()),
    ];
    const values = [stationId, ...entries.map(([, v]) => v)];
    const rows = await manager.query(
      `INSERT INTO organizations (${columns.map((c) => `"${c}"`).join(', ')})
       VALUES (${values.map((_v, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      values,
    );
    return rows[0].id;
  }

  async recordChanges(
    manager: EntityManager,
    organizationId: string,
    stationId: string,
    changedOn: string,
    source: string,
    changes: { field: string; oldValue: string | null; newValue: string | null }[],
  ): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `INSERT INTO organization_changes (organization_id, station_id, changed_on, source, field, old_value, new_value)
       SELECT $1, $2, $3, $4, c.field, c.old_value, c.new_value
         FROM unnest($5::text[], $6::text[], $7::text[]) AS c(field, old_value, new_value)`,
      [
        organizationId,
        stationId,
        changedOn,
        source,
        changes.map((c) => c.field),
        changes.map((c) => c.oldValue),
        changes.map((c) => c.newValue),
      ],
    );
  }

  /** Moves everything recorded against `sourceId` to `targetId` (set-based); the counts moved. */
  async moveReferences(
    manager: EntityManager,
    sourceId: string,
    targetId: string,
  ): Promise<Record<string, number>> {
    const moved: Record<string, number> = {};
    const tables: [string, string][] = [
      ['visits', 'visits'],
      ['contacts', 'contacts'],
      ['consultations', 'consultations'],
      ['seminarParticipants', 'seminar_participants'],
      ['networkMembers', 'network_members'],
    ];
    for (const [key, table] of tables) {
      const [, count] = await manager.query(
        `UPDATE ${table} SET organization_id = $2 WHERE organization_id = $1`,
        [sourceId, targetId],
      );
      moved[key] = Number(count ?? 0);
    }
    return moved;
  }

  async archive(manager: EntityManager, id: string, mergedIntoId: string | null): Promise<void> {
    await manager.query(
      `UPDATE organizations SET status = 'archived', archived_at = now(), merged_into_id = $2,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [id, mergedIntoId],
    );
  }

  // Bulk triage ---------------------------------------------------------------------------------

  /**
   * Locks the organizations of a bulk change that exist in the scope (null: every station), in id
   * order so concurrent bulk requests queue instead of deadlocking. Another station's ids are not
   * answered (the caller reports them as not found).
   */
  async lockForBulk(manager: EntityManager, ids: string[], stationId: string | null): Promise<BulkRow[]> {
    const params: unknown[] = [ids];
    const scope = stationId ? `AND o.station_id = $${params.push(stationId)}` : '';
    return manager.query(
      `SELECT o.id, o.station_id AS "stationId", o.name, o.version, o.status, o.tier, o.sector, o.technologies
         FROM organizations o WHERE o.id = ANY($1::uuid[]) ${scope}
        ORDER BY o.id FOR UPDATE`,
      params,
    );
  }

  /** One statement for every organization of a bulk change (their versions checked by the caller, under lock). */
  async bulkSet(
    manager: EntityManager,
    ids: string[],
    set: { tier?: Tier | null; sector?: string | null; technologies?: string[] },
  ): Promise<void> {
    if (ids.length === 0) return;
    const params: unknown[] = [ids];
    const sets: string[] = [];
    if (set.tier !== undefined) sets.push(`tier = $${params.push(set.tier)}`);
    if (set.sector !== undefined) sets.push(`sector = $${params.push(set.sector)}`);
    if (set.technologies !== undefined) sets.push(`technologies = $${params.push(set.technologies)}::text[]`);
    await manager.query(
      `UPDATE organizations SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = ANY($1::uuid[])`,
      params,
    );
  }

  // Saved views ---------------------------------------------------------------------------------

  async listViews(userId: string): Promise<ViewRecord[]> {
    return this.dataSource.query(
      `SELECT id, name, filter, created_at AS "createdAt" FROM organization_views
        WHERE user_id = $1 ORDER BY name, id`,
      [userId],
    );
  }

  async findViewByName(
    manager: EntityManager,
    userId: string,
    name: string,
  ): Promise<ViewRecord | undefined> {
    const rows = await manager.query(
      `SELECT id, name, filter, created_at AS "createdAt" FROM organization_views WHERE user_id = $1 AND name = $2`,
      [userId, name],
    );
    return rows[0];
  }

  async countViews(manager: EntityManager, userId: string): Promise<number> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS n FROM organization_views WHERE user_id = $1`,
      [userId],
    );
    return row.n;
  }

  async insertView(
    manager: EntityManager,
    userId: string,
    name: string,
    filter: Record<string, unknown>,
  ): Promise<ViewRecord> {
    const rows = await manager.query(
      `INSERT INTO organization_views (user_id, name, filter) VALUES ($1, $2, $3)
       RETURNING id, name, filter, created_at AS "createdAt"`,
      [userId, name, JSON.stringify(filter)],
    );
    return rows[0];
  }

  /** Deletes the user's own view; false when there is none with that id for this user. */
  async deleteView(manager: EntityManager, userId: string, id: string): Promise<ViewRecord | undefined> {
    const [rows] = await manager.query(
      `DELETE FROM organization_views WHERE id = $1 AND user_id = $2 RETURNING id, name, filter`,
      [id, userId],
    );
    return rows[0];
  }

  // Contacts ------------------------------------------------------------------------------------

  async listContacts(
    organizationId: string,
    includeArchived: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ContactRecord[]> {
    return manager.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.organization_id = $1 ${includeArchived ? '' : 'AND c.archived_at IS NULL'}
        ORDER BY c.archived_at NULLS FIRST, c.name_kana NULLS LAST, c.name, c.id`,
      [organizationId],
    );
  }

  async findContact(
    manager: EntityManager,
    id: string,
    stationId: string | null,
  ): Promise<ContactRecord | undefined> {
    const params: unknown[] = [id];
    const scope = stationId ? `AND c.station_id = $${params.push(stationId)}` : '';
    const rows = await manager.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.id = $1 ${scope}`,
      params,
    );
    return rows[0];
  }

  async insertContact(
    manager: EntityManager,
    c: Omit<ContactRecord, 'id' | 'version' | 'archivedAt'>,
  ): Promise<ContactRecord> {
    const rows = await manager.query(
      `INSERT INTO contacts (organization_id, station_id, name, name_kana, title, role, phone, email)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [c.organizationId, c.stationId, c.name, c.nameKana, c.title, c.role, c.phone, c.email],
    );
    return (await this.findContact(manager, rows[0].id, null))!;
  }

  async archiveContact(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE contacts SET archived_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }
}
