import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Cadence, candidatesSql, coverageCtes } from './coverage.sql';
import type { CoverageGroupBy, CoverageState } from './dto/coverage.dto';

export interface CoverageGroupRow {
  key: string | null;
  label: string;
  organizations: number;
  reached: number;
  overdue: number;
  never: number;
}

export interface WorklistRow {
  organizationId: string;
  stationId: string;
  name: string;
  corporateNumber: string | null;
  tier: string;
  sector: string | null;
  sectorLabel: string | null;
  municipality: string | null;
  municipalityCode: string | null;
  state: CoverageState;
  lastReachedOn: string | null;
  nextDueOn: string | null;
  daysOverdue: number | null;
  total: number;
}

/**
 * Per groupBy: the key (grouped on, as `g.key`), any more per-group columns, how to label a group
 * and how to order the groups. Labels are joined to the groups, not to every organization. Never
 * user text.
 */
const GROUPINGS: Record<CoverageGroupBy, { key: string; more?: string; label: string; join: string; order: string }> = {
  sector: {
    key: 'cov.sector',
    label: `COALESCE(cl.label_ja, g.key, '未設定')`,
    join: `LEFT JOIN code_list_items cl ON cl.kind = 'sector' AND cl.code = g.key`,
    order: `cl.sort_order NULLS LAST, g.key NULLS LAST`,
  },
  municipality: {
    key: 'cov.municipality_code',
    more: 'max(cov.municipality_name) AS name',
    label: `COALESCE(g.name, g.key, '未設定')`,
    join: '',
    order: `g.key NULLS LAST`,
  },
  tier: {
    key: 'cov.tier',
    label: `'重点度' || g.key`,
    join: '',
    order: 'g.key',
  },
  station: {
    key: 'cov.station_id',
    label: `st.name`,
    join: `JOIN stations st ON st.id = g.key`,
    order: 'st.code',
  },
};

/** The grouped coverage statement (exported for the benchmark, which runs the same SQL raw). */
export function coverageGroupsSql(
  asOf: string,
  cadence: Cadence,
  groupBy: CoverageGroupBy,
  organizationWhere: (params: unknown[]) => string,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = organizationWhere(params);
  const ctes = coverageCtes(params, { asOf, cadence, organizationWhere: where });
  const grouping = GROUPINGS[groupBy];
  const sql = `WITH ${ctes},
  g AS (
    SELECT ${grouping.key} AS key, ${grouping.more ? `${grouping.more},` : ''}
           count(*)::int AS organizations,
           count(*) FILTER (WHERE cov.state = 'reached')::int AS reached,
           count(*) FILTER (WHERE cov.state = 'overdue')::int AS overdue,
           count(*) FILTER (WHERE cov.state = 'never')::int AS never
      FROM cov
     GROUP BY ${grouping.key}
  )
       SELECT g.key::text AS key, ${grouping.label} AS label, g.organizations, g.reached, g.overdue, g.never
         FROM g ${grouping.join}
        ORDER BY ${grouping.order}`;
  return { sql, params };
}

/** Coverage SQL: one set-based statement per request (CTEs in coverage.sql.ts). */
@Injectable()
export class CoverageRepository {
  constructor(private readonly dataSource: DataSource) {}

  async stationExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM stations WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async groups(
    asOf: string,
    cadence: Cadence,
    groupBy: CoverageGroupBy,
    organizationWhere: (params: unknown[]) => string,
  ): Promise<CoverageGroupRow[]> {
    const { sql, params } = coverageGroupsSql(asOf, cadence, groupBy, organizationWhere);
    return this.dataSource.query(sql, params);
  }

  /** Candidates of the scope on `asOf` (not counted in coverage). */
  async candidates(asOf: string, organizationWhere: (params: unknown[]) => string): Promise<number> {
    const params: unknown[] = [];
    const sql = candidatesSql(params, { asOf, organizationWhere: organizationWhere(params) });
    const [row]: { candidates: number }[] = await this.dataSource.query(sql, params);
    return row.candidates;
  }

  async worklist(
    asOf: string,
    cadence: Cadence,
    organizationWhere: (params: unknown[]) => string,
    filter: { tier?: string; state?: 'overdue' | 'never' },
    limit: number,
    offset: number,
  ): Promise<WorklistRow[]> {
    const params: unknown[] = [];
    const where = organizationWhere(params);
    const ctes = coverageCtes(params, { asOf, cadence, organizationWhere: where });
    const conditions = [`cov.state <> 'reached'`];
    if (filter.tier) conditions.push(`cov.tier = $${params.push(filter.tier)}`);
    if (filter.state) conditions.push(`cov.state = $${params.push(filter.state)}`);
    return this.dataSource.query(
      `WITH ${ctes}
       SELECT cov.id AS "organizationId", cov.station_id AS "stationId", cov.name,
              cov.corporate_number AS "corporateNumber", cov.tier, cov.sector, cl.label_ja AS "sectorLabel",
              cov.municipality_name AS municipality, cov.municipality_code AS "municipalityCode",
              cov.state, to_char(cov.last_on, 'YYYY-MM-DD') AS "lastReachedOn",
              to_char(cov.next_due_on, 'YYYY-MM-DD') AS "nextDueOn", cov.days_overdue AS "daysOverdue",
              count(*) OVER ()::int AS total
         FROM cov
         LEFT JOIN code_list_items cl ON cl.kind = 'sector' AND cl.code = cov.sector
        WHERE ${conditions.join(' AND ')}
        ORDER BY cov.tier, (cov.last_on IS NULL) DESC, cov.days_overdue DESC NULLS FIRST, cov.sort_key, cov.id
        LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
      params,
    );
  }
}
