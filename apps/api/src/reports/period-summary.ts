import type { EntityManager } from 'typeorm';
import type { CountRow, PeriodWindow, ScopeFn } from './reports.repository';

/** The visit figures of a period report (totals, breakdowns, per visiting station). */
export interface VisitFigures {
  total: number;
  organizations: number;
  joint: number;
  bySector: CountRow[];
  byMunicipality: CountRow[];
  byTopic: CountRow[];
  byStation: Map<string, { visits: number; organizations: number; joint: number }>;
}

/**
 * Where a period report's visit and reach figures come from: the summary kept by triggers
 * ({@link PeriodSummary}, what the app reads) or the live statements over every visit of the period
 * (period-live.ts: the equivalence test's oracle and the benchmark's "before").
 */
export interface PeriodFigureSource {
  /** `scope(column)`: the condition on a station column; `oneStation`: the scope is one station. */
  visitFigures(tx: EntityManager, w: PeriodWindow, scope: Scope, oneStation: boolean): Promise<VisitFigures>;
  /** Distinct organizations reached in the period, per organization's station (only stations with any). */
  reachedByStation(tx: EntityManager, w: PeriodWindow, scope: Scope): Promise<Map<string, number>>;
}

export type Scope = (column: string) => ScopeFn;

/** A period cut into the whole months the summary answers for and the days at its edges read live. */
export interface PeriodSlices {
  /** First days of the first and the last whole month of the period; null: none. */
  months: { first: string; last: string } | null;
  /** Per fiscal year of those months, the 12-bit mask of them (bit 0 = April). */
  fiscalYears: number[];
  masks: number[];
  /** Day ranges [from, to] outside whole months (at most two; the whole period when it has none). */
  edges: [string, string][];
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00Z`);
const addDays = (s: string, n: number) => {
  const d = utc(s);
  d.setUTCDate(d.getUTCDate() + n);
  return day(d);
};
const firstOfMonth = (s: string) => `${s.slice(0, 7)}-01`;
const addMonths = (first: string, n: number) => {
  const d = utc(first);
  d.setUTCMonth(d.getUTCMonth() + n);
  return day(d);
};

export function periodSlices(from: string, to: string): PeriodSlices {
  // The first whole month starts on `from` or the 1st after it; the last ends on `to` or before it.
  const first = from.endsWith('-01') ? from : addMonths(firstOfMonth(from), 1);
  const afterTo = addDays(to, 1);
  const lastEnd = afterTo.endsWith('-01') ? afterTo : firstOfMonth(to); // exclusive
  if (first >= lastEnd) return { months: null, fiscalYears: [], masks: [], edges: [[from, to]] };
  const last = addMonths(lastEnd, -1);
  const edges: [string, string][] = [];
  if (from < first) edges.push([from, addDays(first, -1)]);
  if (to >= lastEnd) edges.push([lastEnd, to]);
  const masks = new Map<number, number>();
  for (let m = first; m <= last; m = addMonths(m, 1)) {
    const year = Number(m.slice(0, 4));
    const month = Number(m.slice(5, 7));
    const fy = month < 4 ? year - 1 : year;
    masks.set(fy, (masks.get(fy) ?? 0) | (1 << ((month + 8) % 12)));
  }
  return {
    months: { first, last },
    fiscalYears: [...masks.keys()],
    masks: [...masks.values()],
    edges,
  };
}

/** `(v.visited_on BETWEEN a AND b OR …)` over the edges, parameterised into params. */
const inEdges = (params: unknown[], column: string, edges: [string, string][]) =>
  `(${edges
    .map(([a, b]) => `${column} BETWEEN $${params.push(a)}::date AND $${params.push(b)}::date`)
    .join(' OR ')})`;

/** period_mask_counts' row of an organization's mask over all stations. */
const ALL_STATIONS = `'00000000-0000-0000-0000-000000000000'::uuid`;

const JOINT = `(nullif(btrim(v.joint_with), '') IS NOT NULL OR v.id IN (SELECT jp.visit_id FROM visit_joint_partners jp))`;

/**
 * A period report's visit and reach figures from the tables kept by
 * migrations/1801000000000-PeriodReportSummary.ts: the whole months from `period_visit_counts`
 * (counters per station and month), `period_org_visits` and `period_org_reach` (one row per
 * organization and fiscal year with a mask of its months); days outside whole months (a from/to that
 * is not month-aligned) from the visits and reach events themselves, which are few.
 */
export class PeriodSummary implements PeriodFigureSource {
  async visitFigures(
    tx: EntityManager,
    w: PeriodWindow,
    scope: Scope,
    oneStation: boolean,
  ): Promise<VisitFigures> {
    const s = periodSlices(w.from, w.to);
    const params: unknown[] = [];
    const counts: string[] = [];
    const pairs: string[] = [];
    // At most one fiscal year of whole months (a fiscal year, a quarter, a month, a range cut inside
    // one): the organizations from the counts per month mask, those visited only at the edges added;
    // over two fiscal years from the per-organization rows, deduplicated.
    const masked = s.fiscalYears.length <= 1;
    if (s.months) {
      counts.push(`SELECT c.station_id, c.dim, c.key, c.name, c.visits, c.joint FROM period_visit_counts c
         WHERE c.month >= $${params.push(s.months.first)}::date AND c.month <= $${params.push(s.months.last)}::date
           AND ${scope('c.station_id')(params)}`);
      if (!masked)
        pairs.push(`SELECT p.station_id, p.organization_id
          FROM unnest($${params.push(s.fiscalYears)}::int[], $${params.push(s.masks)}::int[]) AS f(fy, mask)
          JOIN period_org_visits p ON p.fiscal_year = f.fy AND p.months & f.mask <> 0
         WHERE ${scope('p.station_id')(params)}`);
    }
    let live = '';
    if (s.edges.length) {
      live = `lv AS MATERIALIZED (
         SELECT v.station_id, v.organization_id, v.topics, ${JOINT} AS joint
           FROM visits v WHERE v.status = 'approved' AND ${inEdges(params, 'v.visited_on', s.edges)} AND ${scope('v.station_id')(params)}
       ), `;
      counts.push(`SELECT v.station_id, x.dim, x.key, x.name, count(*)::int, count(*) FILTER (WHERE v.joint)::int
          FROM lv v JOIN organizations o ON o.id = v.organization_id
          CROSS JOIN LATERAL (VALUES ('total', NULL, NULL), ('sector', o.sector, NULL),
                                     ('municipality', o.municipality_code, o.municipality_name)) AS x(dim, key, name)
         GROUP BY v.station_id, x.dim, x.key, x.name`);
      counts.push(`SELECT v.station_id, 'topic', t.topic, NULL, count(*)::int, 0
          FROM lv v CROSS JOIN LATERAL unnest(v.topics) AS t(topic) GROUP BY v.station_id, t.topic`);
      pairs.push(`SELECT v.station_id, v.organization_id FROM lv v`);
    }
    let organizations: string;
    let perStation: string;
    if (masked) {
      const parts: string[] = [];
      let all = '0';
      let notInMonths = (_station: boolean) => '';
      if (s.fiscalYears.length === 1) {
        const fy = `$${params.push(s.fiscalYears[0])}::int`;
        const mask = `$${params.push(s.masks[0])}::int`;
        const where = `m.kind = 'visit' AND m.fiscal_year = ${fy} AND m.months & ${mask} <> 0`;
        parts.push(`SELECT m.station_id, m.organizations FROM period_mask_counts m
           WHERE ${where} AND m.station_id <> ${ALL_STATIONS} AND ${scope('m.station_id')(params)}`);
        all = `(SELECT COALESCE(sum(m.organizations), 0) FROM period_mask_counts m WHERE ${where} AND m.station_id = ${ALL_STATIONS})`;
        notInMonths = (station) => `WHERE NOT EXISTS (SELECT 1 FROM period_org_visits p
            WHERE p.organization_id = e.organization_id AND p.fiscal_year = ${fy} AND p.months & ${mask} <> 0
              ${station ? 'AND p.station_id = e.station_id' : ''})`;
      }
      if (s.edges.length) {
        parts.push(`SELECT e.station_id, count(*)::int FROM (SELECT DISTINCT lv.station_id, lv.organization_id FROM lv) e
           ${notInMonths(true)} GROUP BY e.station_id`);
        all = `${all} + (SELECT count(*) FROM (SELECT DISTINCT lv.organization_id FROM lv) e ${notInMonths(false)})`;
      }
      perStation = `SELECT x.station_id, sum(x.n)::int AS organizations FROM (${parts.join(' UNION ALL ')}) AS x (station_id, n)
         GROUP BY x.station_id`;
      organizations = oneStation
        ? `(SELECT COALESCE(sum(so_st.organizations), 0) FROM so_st)::int`
        : `(${all})::int`;
    } else {
      perStation = `SELECT so.station_id, count(*)::int AS organizations FROM so GROUP BY so.station_id`;
      organizations = `(SELECT count(*) FROM (SELECT DISTINCT so.organization_id FROM so) x)::int`;
    }
    const rows: {
      dim: 'total' | 'sector' | 'municipality' | 'topic' | 'station';
      key: string | null;
      label: string | null;
      count: number;
      organizations: number;
      joint: number;
    }[] = await tx.query(
      `WITH ${live}c (station_id, dim, key, name, visits, joint) AS (${counts.join(' UNION ALL ')}),
       ${masked ? '' : `so (station_id, organization_id) AS MATERIALIZED (SELECT DISTINCT x.* FROM (${pairs.join(' UNION ALL ')}) x),`}
       d AS (
         SELECT c.dim, c.key, max(c.name) AS name, sum(c.visits)::int AS count, sum(c.joint)::int AS joint
           FROM c GROUP BY c.dim, c.key
       ), st AS (
         SELECT c.station_id, sum(c.visits)::int AS count, sum(c.joint)::int AS joint FROM c WHERE c.dim = 'total' GROUP BY c.station_id
       ), so_st AS (${perStation})
       SELECT 'total' AS dim, NULL AS key, NULL AS label, COALESCE(sum(d.count), 0)::int AS count,
              ${organizations} AS organizations,
              COALESCE(sum(d.joint), 0)::int AS joint, 0::bigint AS ord
         FROM d WHERE d.dim = 'total'
       UNION ALL
       SELECT 'sector', d.key, COALESCE(cl.label_ja, d.key, '未設定'), d.count, 0, d.joint,
              row_number() OVER (ORDER BY cl.sort_order NULLS LAST, d.key NULLS LAST)
         FROM d LEFT JOIN code_list_items cl ON cl.kind = 'sector' AND cl.code = d.key WHERE d.dim = 'sector'
       UNION ALL
       SELECT 'municipality', d.key, COALESCE(d.name, d.key, '未設定'), d.count, 0, d.joint,
              row_number() OVER (ORDER BY d.key NULLS LAST)
         FROM d WHERE d.dim = 'municipality'
       UNION ALL
       SELECT 'station', st.station_id::text, NULL, st.count, COALESCE(so_st.organizations, 0), st.joint, 0
         FROM st LEFT JOIN so_st ON so_st.station_id = st.station_id
       UNION ALL
       SELECT 'topic', d.key, COALESCE(cl.label_ja, d.key), d.count, 0, 0,
              row_number() OVER (ORDER BY cl.sort_order NULLS LAST, d.key)
         FROM d LEFT JOIN code_list_items cl ON cl.kind = 'topic' AND cl.code = d.key WHERE d.dim = 'topic'
       ORDER BY 1, 7`,
      params,
    );
    const of = (dim: string): CountRow[] =>
      rows.filter((r) => r.dim === dim).map((r) => ({ key: r.key, label: r.label!, count: r.count }));
    const total = rows.find((r) => r.dim === 'total');
    return {
      total: total?.count ?? 0,
      organizations: total?.organizations ?? 0,
      joint: total?.joint ?? 0,
      bySector: of('sector'),
      byMunicipality: of('municipality'),
      byTopic: of('topic'),
      byStation: new Map(
        rows
          .filter((r) => r.dim === 'station')
          .map((r) => [r.key!, { visits: r.count, organizations: r.organizations, joint: r.joint }]),
      ),
    };
  }

  async reachedByStation(tx: EntityManager, w: PeriodWindow, scope: Scope): Promise<Map<string, number>> {
    const s = periodSlices(w.from, w.to);
    const params: unknown[] = [];
    const end = `$${params.push(w.end)}::timestamptz`;
    /** A period_org_reach row reached in the months of `mask`: a late month counts when recorded before the end. */
    const reachedIn = (r: string, mask: string) =>
      `(${r}.months & ${mask} <> 0
        OR (${r}.late & ${mask} <> 0 AND EXISTS (
              SELECT 1 FROM unnest(${r}.late_known) WITH ORDINALITY AS k(known, i)
               WHERE (${mask} >> (k.i::int - 1)) & 1 = 1 AND k.known < ${end})))`;
    const edges = s.edges.length
      ? `SELECT DISTINCT o.station_id, e.organization_id
           FROM organization_reach_events e JOIN organizations o ON o.id = e.organization_id
          WHERE ${inEdges(params, 'e.reached_on', s.edges)} AND e.recorded_at < ${end} AND ${scope('o.station_id')(params)}`
      : null;
    const parts: string[] = [];
    if (s.fiscalYears.length > 1) {
      // Over two fiscal years an organization may have a row in each: the rows, deduplicated.
      parts.push(`SELECT r.station_id, r.organization_id
          FROM unnest($${params.push(s.fiscalYears)}::int[], $${params.push(s.masks)}::int[]) AS f(fy, mask)
          JOIN period_org_reach r ON r.fiscal_year = f.fy
         WHERE ${reachedIn('r', 'f.mask')} AND ${scope('r.station_id')(params)}`);
      if (edges) parts.push(edges);
      const rows: { stationId: string; n: number }[] = await tx.query(
        `SELECT r.station_id::text AS "stationId", count(DISTINCT r.organization_id)::int AS n
           FROM (${parts.join(' UNION ALL ')}) AS r (station_id, organization_id) GROUP BY r.station_id`,
        params,
      );
      return new Map(rows.map((r) => [r.stationId, r.n]));
    }
    // One fiscal year (or none) of whole months: organizations without a late recording by their
    // mask, the few with one row by row; those reached only at the edges added.
    let notInMonths = '';
    if (s.fiscalYears.length === 1) {
      const fy = `$${params.push(s.fiscalYears[0])}::int`;
      const mask = `$${params.push(s.masks[0])}::int`;
      parts.push(`SELECT m.station_id, m.organizations FROM period_mask_counts m
         WHERE m.kind = 'reach' AND m.fiscal_year = ${fy} AND m.months & ${mask} <> 0 AND ${scope('m.station_id')(params)}`);
      parts.push(`SELECT r.station_id, 1 FROM period_org_reach r
         WHERE r.fiscal_year = ${fy} AND r.late <> 0 AND ${reachedIn('r', mask)} AND ${scope('r.station_id')(params)}`);
      notInMonths = `WHERE NOT EXISTS (SELECT 1 FROM period_org_reach r
                      WHERE r.organization_id = e.organization_id AND r.fiscal_year = ${fy} AND ${reachedIn('r', mask)})`;
    }
    if (edges)
      parts.push(`SELECT e.station_id, count(*)::int FROM (${edges}) e ${notInMonths} GROUP BY e.station_id`);
    const rows: { stationId: string; n: number }[] = await tx.query(
      `SELECT r.station_id::text AS "stationId", sum(r.n)::int AS n
         FROM (${parts.join(' UNION ALL ')}) AS r (station_id, n) GROUP BY r.station_id HAVING sum(r.n) > 0`,
      params,
    );
    return new Map(rows.map((r) => [r.stationId, r.n]));
  }
}
