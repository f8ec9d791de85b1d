import type { EntityManager } from 'typeorm';
import type { PeriodFigureSource, Scope, VisitFigures } from './period-summary';
import type { CountRow, PeriodWindow, ScopeFn } from './reports.repository';

const visitWhere = (params: unknown[], w: PeriodWindow, scope: ScopeFn): string =>
  `v.status = 'approved' AND v.visited_on >= $${params.push(w.from)}::date
      AND v.visited_on <= $${params.push(w.to)}::date AND ${scope(params)}`;

/**
 * A period report's visit and reach figures computed live from every approved visit and reach
 * event of the period: what the report ran before period-summary.ts (issue 18), kept as the
 * equivalence test's oracle (test/reports/period-summary.e2e-spec.ts) and the benchmark's "before".
 */
export class PeriodLive implements PeriodFigureSource {
  /**
   * Every visit figure of a period report in one pass: the period's approved visits are read once
   * (a materialized CTE), folded to one row per (station, organization), and counted with GROUPING
   * SETS for the totals, by sector, by municipality and (hq) by station; topics from the same rows.
   * Was four scans of the same visits plus a fifth for the per-station breakdown.
   */
  async visitFigures(
    tx: EntityManager,
    w: PeriodWindow,
    scopeOf: Scope,
    /** One station: its few thousand organizations looked up by key (hq: one hash of them all). */
    oneStation = false,
  ): Promise<VisitFigures> {
    const scope = scopeOf('v.station_id');
    const params: unknown[] = [];
    const rows: {
      dim: 'total' | 'sector' | 'municipality' | 'topic' | 'station';
      key: string | null;
      label: string | null;
      count: number;
      organizations: number;
      joint: number;
    }[] = await tx.query(
      `WITH v AS MATERIALIZED (
         SELECT v.station_id, v.organization_id, v.topics,
                -- IN (not a correlated EXISTS): one hashed set of the visits with partners.
                (nullif(btrim(v.joint_with), '') IS NOT NULL
                 OR v.id IN (SELECT jp.visit_id FROM visit_joint_partners jp)) AS joint
           FROM visits v WHERE ${visitWhere(params, w, scope)}
       ), per_org AS (
         SELECT v.station_id, v.organization_id, count(*)::int AS n, count(*) FILTER (WHERE v.joint)::int AS joint
           FROM v GROUP BY v.station_id, v.organization_id
       ), orgs AS (
         -- One row per organization (a visit by another station than its own is rare, but counted once).
         SELECT p.organization_id, sum(p.n)::int AS n, sum(p.joint)::int AS joint FROM per_org p GROUP BY p.organization_id
       ), dims AS (
         -- Plain counts (no DISTINCT), so the three grouping sets are hashed in one pass.
         SELECT GROUPING(o.sector, o.municipality_code) AS g, o.sector, o.municipality_code,
                max(o.municipality_name) AS municipality_name, COALESCE(sum(p.n), 0)::int AS count,
                count(p.organization_id)::int AS organizations, COALESCE(sum(p.joint), 0)::int AS joint
           FROM orgs p ${
             oneStation
               ? // OFFSET 0 keeps the lookup per row: the planner otherwise hashes all 100,000 organizations.
                 `CROSS JOIN LATERAL (SELECT o.sector, o.municipality_code, o.municipality_name
                                        FROM organizations o WHERE o.id = p.organization_id OFFSET 0) o`
               : 'JOIN organizations o ON o.id = p.organization_id'
           }
          GROUP BY GROUPING SETS ((), (o.sector), (o.municipality_code))
       ), stations AS (
         SELECT p.station_id, sum(p.n)::int AS count, count(*)::int AS organizations, sum(p.joint)::int AS joint
           FROM per_org p GROUP BY p.station_id
       ), topics AS (
         SELECT t.topic, count(*)::int AS count FROM v CROSS JOIN LATERAL unnest(v.topics) AS t(topic) GROUP BY t.topic
       )
       SELECT 'total' AS dim, NULL AS key, NULL AS label, count, organizations, joint, 0::bigint AS ord
         FROM dims WHERE g = 3
       UNION ALL
       SELECT 'sector', d.sector, COALESCE(cl.label_ja, d.sector, '未設定'), d.count, d.organizations, d.joint,
              row_number() OVER (ORDER BY cl.sort_order NULLS LAST, d.sector NULLS LAST)
         FROM dims d LEFT JOIN code_list_items cl ON cl.kind = 'sector' AND cl.code = d.sector WHERE d.g = 1
       UNION ALL
       SELECT 'municipality', d.municipality_code::text, COALESCE(d.municipality_name, d.municipality_code, '未設定'),
              d.count, d.organizations, d.joint, row_number() OVER (ORDER BY d.municipality_code NULLS LAST)
         FROM dims d WHERE d.g = 2
       UNION ALL
       SELECT 'station', st.station_id::text, NULL, st.count, st.organizations, st.joint, 0 FROM stations st
       UNION ALL
       SELECT 'topic', t.topic, COALESCE(cl.label_ja, t.topic), t.count, 0, 0,
              row_number() OVER (ORDER BY cl.sort_order NULLS LAST, t.topic)
         FROM topics t LEFT JOIN code_list_items cl ON cl.kind = 'topic' AND cl.code = t.topic
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

  /** Distinct organizations reached in the period (organization_reach_events), per organization's station. */
  async reachedByStation(tx: EntityManager, w: PeriodWindow, scopeOf: Scope): Promise<Map<string, number>> {
    const params: unknown[] = [];
    const rows: { stationId: string; n: number }[] = await tx.query(
      `SELECT o.station_id::text AS "stationId", count(DISTINCT e.organization_id)::int AS n
         FROM organization_reach_events e JOIN organizations o ON o.id = e.organization_id
        WHERE e.reached_on >= $${params.push(w.from)}::date AND e.reached_on <= $${params.push(w.to)}::date
          AND e.recorded_at < $${params.push(w.end)} AND ${scopeOf('o.station_id')(params)}
        GROUP BY o.station_id`,
      params,
    );
    return new Map(rows.map((r) => [r.stationId, r.n]));
  }
}
