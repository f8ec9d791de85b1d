import { MigrationInterface, QueryRunner } from 'typeorm';

/** `ARRAY[min(k) FILTER (WHERE late AND i = 0), …, (… i = 11)]`: the first recording of each late month. */
const LATE_KNOWN = `ARRAY[${Array.from({ length: 12 }, (_, i) => `min(m.known) FILTER (WHERE m.late AND m.i = ${i})`).join(', ')}]`;

/** The "all stations" row of period_mask_counts (an organization visited by two stations counts once). */
const ALL = `'00000000-0000-0000-0000-000000000000'::uuid`;

const ORGS_REFRESH = (masks: boolean) => `
      CREATE OR REPLACE FUNCTION period_orgs_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        v_st uuid[];
        v_fy int[];
        v_m int[];
        v_org uuid[];
        r_st uuid[];
        r_fy int[];
        r_m int[];
      BEGIN
        ids := ARRAY(SELECT DISTINCT u.id FROM unnest(ids) AS u(id) WHERE u.id IS NOT NULL);
        IF cardinality(ids) = 0 THEN
          RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(1802, b.k)
           FROM (SELECT DISTINCT hashtext(u.id::text) & 255 AS k FROM unnest(ids) AS u(id) ORDER BY 1) b;
        WITH gone AS (DELETE FROM period_org_visits p WHERE p.organization_id = ANY (ids)
                      RETURNING p.station_id, p.fiscal_year, p.months, p.organization_id)
        SELECT array_agg(g.station_id), array_agg(g.fiscal_year), array_agg(g.months), array_agg(g.organization_id)
          INTO v_st, v_fy, v_m, v_org FROM gone g;
        INSERT INTO period_org_visits (organization_id, fiscal_year, station_id, months)
        SELECT v.organization_id, period_fiscal_year(v.visited_on), v.station_id,
               bit_or(1 << period_month_index(v.visited_on))
          FROM visits v
         WHERE v.organization_id = ANY (ids) AND v.status = 'approved'
         GROUP BY 1, 2, 3;
        WITH gone AS (DELETE FROM period_org_reach r WHERE r.organization_id = ANY (ids)
                      RETURNING r.station_id, r.fiscal_year, r.months, r.late)
        SELECT array_agg(g.station_id), array_agg(g.fiscal_year), array_agg(g.months)
          INTO r_st, r_fy, r_m FROM gone g WHERE g.late = 0;
        INSERT INTO period_org_reach (organization_id, fiscal_year, station_id, months, late, late_known)
        SELECT m.organization_id, m.fy, o.station_id,
               COALESCE(bit_or(1 << m.i) FILTER (WHERE NOT m.late), 0),
               COALESCE(bit_or(1 << m.i) FILTER (WHERE m.late), 0),
               ${LATE_KNOWN}
          FROM (SELECT e.organization_id, period_fiscal_year(e.reached_on) AS fy,
                       period_month_index(e.reached_on) AS i, min(e.recorded_at) AS known,
                       min(e.recorded_at) >= ((period_month(e.reached_on) + interval '1 month') AT TIME ZONE 'Asia/Tokyo') AS late
                  FROM organization_reach_events e
                 WHERE e.organization_id = ANY (ids)
                 GROUP BY e.organization_id, period_month(e.reached_on), 2, 3) m
          JOIN organizations o ON o.id = m.organization_id
         GROUP BY m.organization_id, m.fy, o.station_id;
        ${
          masks
            ? `-- The organizations per mask: the rows removed count -1, the rows made +1 (in key order: one
        -- statement, so concurrent writers lock the counters they share in the same order).
        INSERT INTO period_mask_counts (kind, station_id, fiscal_year, months, organizations)
        SELECT d.kind, d.station_id, d.fiscal_year, d.months, sum(d.n)::int
          FROM (SELECT 'visit', u.s, u.fy, u.m, -1 FROM unnest(v_st, v_fy, v_m) AS u(s, fy, m)
                UNION ALL
                SELECT 'visit', ${ALL}, u.fy, bit_or(u.m), -1 FROM unnest(v_org, v_fy, v_m) AS u(org, fy, m) GROUP BY u.org, u.fy
                UNION ALL
                SELECT 'visit', p.station_id, p.fiscal_year, p.months, 1 FROM period_org_visits p WHERE p.organization_id = ANY (ids)
                UNION ALL
                SELECT 'visit', ${ALL}, p.fiscal_year, bit_or(p.months), 1 FROM period_org_visits p
                 WHERE p.organization_id = ANY (ids) GROUP BY p.organization_id, p.fiscal_year
                UNION ALL
                SELECT 'reach', u.s, u.fy, u.m, -1 FROM unnest(r_st, r_fy, r_m) AS u(s, fy, m)
                UNION ALL
                SELECT 'reach', r.station_id, r.fiscal_year, r.months, 1 FROM period_org_reach r
                 WHERE r.organization_id = ANY (ids) AND r.late = 0
               ) AS d (kind, station_id, fiscal_year, months, n)
         GROUP BY 1, 2, 3, 4 HAVING sum(d.n) <> 0
         ORDER BY 1, 3, 2, 4
        ON CONFLICT (kind, fiscal_year, station_id, months)
        DO UPDATE SET organizations = period_mask_counts.organizations + excluded.organizations;`
            : ''
        }
      END
      $$`;

/**
 * Period reports at a prefecture's scale (issue 18), second step: hq's fiscal year still read one
 * row per organization (~84,000) twice, for the organizations visited and those reached (~450 ms
 * together on a loaded 2-core machine). `period_mask_counts` keeps how many organizations have
 * each month mask per (station, fiscal year): "visited in months a..b" of a fiscal year is then
 * `sum(organizations) WHERE months & mask <> 0` over at most a few hundred rows.
 *
 * - kind `visit`: the masks of period_org_visits per visiting station, and per organization over all
 *   stations under the station id 00000000-0000-0000-0000-000000000000 (an organization visited by
 *   two stations counts once in hq's total).
 * - kind `reach`: the masks of period_org_reach rows without late recordings (`late = 0`); the few
 *   with one are read row by row (they count only when recorded before the period's end).
 * - period_orgs_refresh adds the rows it makes and takes away the rows it removes, in the same
 *   statement order as before (its advisory lock per organization keeps old and new consistent; the
 *   counters are commutative sums, upserted in key order). Zero rows are kept (they add nothing).
 * Periods over two fiscal years or not month-aligned read the per-organization rows as before.
 */
export class PeriodReportMaskCounts1801000000001 implements MigrationInterface {
  name = 'PeriodReportMaskCounts1801000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE period_mask_counts (
        kind text NOT NULL CHECK (kind IN ('visit', 'reach')),
        station_id uuid NOT NULL,
        fiscal_year integer NOT NULL,
        months integer NOT NULL,
        organizations integer NOT NULL,
        -- By fiscal year first: a report reads one kind and fiscal year over every station.
        PRIMARY KEY (kind, fiscal_year, station_id, months)
      )`);
    await queryRunner.query(`CREATE INDEX ix_period_org_reach_late ON period_org_reach (fiscal_year, station_id)
      INCLUDE (organization_id, months, late, late_known) WHERE late <> 0`);
    await queryRunner.query(ORGS_REFRESH(true));
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION period_summary_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        ks uuid[];
        km date[];
      BEGIN
        PERFORM pg_advisory_xact_lock(1801, k) FROM generate_series(0, 255) k;
        PERFORM pg_advisory_xact_lock(1802, k) FROM generate_series(0, 255) k;
        DELETE FROM period_visit_counts;
        SELECT array_agg(k.station_id), array_agg(k.month) INTO ks, km
          FROM (SELECT DISTINCT v.station_id, period_month(v.visited_on) AS month
                  FROM visits v WHERE v.status = 'approved') k;
        PERFORM period_counts_refresh(ks, km);
        DELETE FROM period_org_visits;
        DELETE FROM period_org_reach;
        DELETE FROM period_mask_counts;
        PERFORM period_orgs_refresh(ARRAY(SELECT o.id FROM organizations o));
      END
      $$`);
    await queryRunner.query(`SELECT period_summary_rebuild()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ORGS_REFRESH(false));
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION period_summary_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        ks uuid[];
        km date[];
      BEGIN
        PERFORM pg_advisory_xact_lock(1801, k) FROM generate_series(0, 255) k;
        PERFORM pg_advisory_xact_lock(1802, k) FROM generate_series(0, 255) k;
        DELETE FROM period_visit_counts;
        SELECT array_agg(k.station_id), array_agg(k.month) INTO ks, km
          FROM (SELECT DISTINCT v.station_id, period_month(v.visited_on) AS month
                  FROM visits v WHERE v.status = 'approved') k;
        PERFORM period_counts_refresh(ks, km);
        PERFORM period_orgs_refresh(ARRAY(SELECT o.id FROM organizations o));
      END
      $$`);
    await queryRunner.query(`DROP INDEX ix_period_org_reach_late`);
    await queryRunner.query(`DROP TABLE period_mask_counts`);
  }
}
