import { MigrationInterface, QueryRunner } from 'typeorm';

/** `ARRAY[min(k) FILTER (WHERE late AND i = 0), …, (… i = 11)]`: the first recording of each late month. */
const LATE_KNOWN = `ARRAY[${Array.from({ length: 12 }, (_, i) => `min(m.known) FILTER (WHERE m.late AND m.i = ${i})`).join(', ')}]`;

/**
 * Period reports at a prefecture's scale (issue 18): the figures of a period report kept ready, so a
 * report reads a few thousand counters and one row per organization and fiscal year instead of
 * every approved visit of the period (~180,000 for hq's fiscal year). Read by
 * apps/api/src/reports/period-summary.ts; the live statements it replaced are kept in
 * apps/api/src/reports/period-live.ts (the equivalence test's oracle).
 *
 * - `period_visit_counts`: per (station of the visit, month) the approved visits and those with
 *   partners (`dim` total), the visits by the organization's sector, by its municipality (code and
 *   name: a report's label is the greatest name of the organizations visited) and by topic.
 * - `period_org_visits`: per (organization, fiscal year, visiting station) a 12-bit mask of the months
 *   (bit 0 = April) with an approved visit: "organizations visited in months a..b" is
 *   `months & mask <> 0`.
 * - `period_org_reach`: per (organization, fiscal year) the months it was reached
 *   (organization_reach_events), with the organization's station. A reach counts in a period when it
 *   was recorded before the period's end: `months` holds the months whose first reach was recorded
 *   within the month (they count in any period that ends with or after them), `late` the others,
 *   with `late_known[i + 1]` the time their first reach was recorded (compared with the end).
 *
 * Kept in the same transaction as every change, by statement-level triggers (transition tables)
 * that recompute the keys a statement touched from the base tables: visits inserted, deleted or
 * updated in status, station, organization, day, topics, joint_with or approval; joint partners
 * added or removed; an organization's sector, municipality or station changed; seminar attendance
 * added, removed or moved; a seminar's day or recording time changed. As in
 * 1797000000001-OrganizationLastReachTriggers.ts, a refresh first takes a transaction-level
 * advisory lock per key (folded into 256 buckets), so a concurrent writer of the same key waits and,
 * at READ COMMITTED (every writer of this application), recomputes from what the first committed.
 */
export class PeriodReportSummary1801000000000 implements MigrationInterface {
  name = 'PeriodReportSummary1801000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE period_visit_counts (
        station_id uuid NOT NULL REFERENCES stations(id) ON DELETE CASCADE,
        month date NOT NULL,
        dim text NOT NULL CHECK (dim IN ('total', 'sector', 'municipality', 'topic')),
        key text,
        name text,
        visits integer NOT NULL,
        joint integer NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`CREATE INDEX ix_period_visit_counts ON period_visit_counts (month, station_id)
      INCLUDE (dim, key, name, visits, joint)`);
    await queryRunner.query(`
      CREATE TABLE period_org_visits (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        fiscal_year integer NOT NULL,
        station_id uuid NOT NULL REFERENCES stations(id) ON DELETE CASCADE,
        months integer NOT NULL,
        PRIMARY KEY (organization_id, fiscal_year, station_id)
      )`);
    await queryRunner.query(`CREATE INDEX ix_period_org_visits ON period_org_visits (fiscal_year, station_id)
      INCLUDE (organization_id, months)`);
    await queryRunner.query(`
      CREATE TABLE period_org_reach (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        fiscal_year integer NOT NULL,
        station_id uuid NOT NULL,
        months integer NOT NULL,
        late integer NOT NULL,
        late_known timestamptz[] NOT NULL,
        PRIMARY KEY (organization_id, fiscal_year)
      )`);
    await queryRunner.query(`CREATE INDEX ix_period_org_reach ON period_org_reach (fiscal_year, station_id)
      INCLUDE (organization_id, months, late)`);

    // Fiscal years start in April: bit 0 of a mask is April, bit 11 March.
    await queryRunner.query(`CREATE FUNCTION period_month(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT date_trunc('month', d::timestamp)::date $$`);
    await queryRunner.query(`CREATE FUNCTION period_fiscal_year(d date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT extract(year FROM d)::int - CASE WHEN extract(month FROM d) < 4 THEN 1 ELSE 0 END $$`);
    await queryRunner.query(`CREATE FUNCTION period_month_index(d date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT (extract(month FROM d)::int + 8) % 12 $$`);

    // The counters of some (station, month) keys, recomputed from the approved visits.
    await queryRunner.query(`
      CREATE FUNCTION period_counts_refresh(stations uuid[], months date[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF stations IS NULL OR cardinality(stations) = 0 THEN
          RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(1801, b.k)
           FROM (SELECT DISTINCT hashtext(u.s::text || u.m::text) & 255 AS k
                   FROM unnest(stations, months) AS u(s, m) ORDER BY 1) b;
        DELETE FROM period_visit_counts c
         USING (SELECT DISTINCT u.s, u.m FROM unnest(stations, months) AS u(s, m)) k
         WHERE c.month = k.m AND c.station_id = k.s;
        INSERT INTO period_visit_counts (station_id, month, dim, key, name, visits, joint)
        WITH k AS (
          SELECT DISTINCT u.s, u.m FROM unnest(stations, months) AS u(s, m) WHERE u.s IS NOT NULL AND u.m IS NOT NULL
        ), v AS MATERIALIZED (
          SELECT v.station_id, k.m AS month, v.organization_id, v.topics,
                 (nullif(btrim(v.joint_with), '') IS NOT NULL
                  OR EXISTS (SELECT 1 FROM visit_joint_partners jp WHERE jp.visit_id = v.id)) AS joint
            FROM k JOIN visits v ON v.station_id = k.s AND v.visited_on >= k.m
                                AND v.visited_on < (k.m + interval '1 month')::date
           WHERE v.status = 'approved'
        )
        SELECT v.station_id, v.month,
               CASE GROUPING(o.sector, o.municipality_code, o.municipality_name)
                 WHEN 7 THEN 'total' WHEN 3 THEN 'sector' ELSE 'municipality' END,
               CASE GROUPING(o.sector, o.municipality_code, o.municipality_name)
                 WHEN 3 THEN o.sector WHEN 4 THEN o.municipality_code END,
               CASE GROUPING(o.sector, o.municipality_code, o.municipality_name) WHEN 4 THEN o.municipality_name END,
               count(*)::int, count(*) FILTER (WHERE v.joint)::int
          FROM v JOIN organizations o ON o.id = v.organization_id
         GROUP BY v.station_id, v.month, GROUPING SETS ((), (o.sector), (o.municipality_code, o.municipality_name))
        UNION ALL
        SELECT v.station_id, v.month, 'topic', t.topic, NULL, count(*)::int, 0
          FROM v CROSS JOIN LATERAL unnest(v.topics) AS t(topic)
         GROUP BY v.station_id, v.month, t.topic;
      END
      $$`);

    // The per-organization rows of some organizations, recomputed from visits and reach events.
    await queryRunner.query(`
      CREATE FUNCTION period_orgs_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        ids := ARRAY(SELECT DISTINCT u.id FROM unnest(ids) AS u(id) WHERE u.id IS NOT NULL);
        IF cardinality(ids) = 0 THEN
          RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(1802, b.k)
           FROM (SELECT DISTINCT hashtext(u.id::text) & 255 AS k FROM unnest(ids) AS u(id) ORDER BY 1) b;
        DELETE FROM period_org_visits p WHERE p.organization_id = ANY (ids);
        INSERT INTO period_org_visits (organization_id, fiscal_year, station_id, months)
        SELECT v.organization_id, period_fiscal_year(v.visited_on), v.station_id,
               bit_or(1 << period_month_index(v.visited_on))
          FROM visits v
         WHERE v.organization_id = ANY (ids) AND v.status = 'approved'
         GROUP BY 1, 2, 3;
        DELETE FROM period_org_reach r WHERE r.organization_id = ANY (ids);
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
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION period_summary_rebuild() RETURNS void LANGUAGE plpgsql AS $$
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

    // visits: the keys of the approved rows before and after a statement.
    await queryRunner.query(`
      CREATE FUNCTION visits_period_summary() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ks uuid[];
        km date[];
        ids uuid[];
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM period_summary_rebuild();
          RETURN NULL;
        ELSIF TG_OP = 'INSERT' THEN
          WITH r AS (SELECT n.station_id, n.visited_on, n.organization_id FROM new_rows n WHERE n.status = 'approved'),
               k AS (SELECT DISTINCT r.station_id, period_month(r.visited_on) AS m FROM r)
          SELECT (SELECT array_agg(k.station_id ORDER BY k.station_id, k.m) FROM k),
                 (SELECT array_agg(k.m ORDER BY k.station_id, k.m) FROM k),
                 (SELECT array_agg(DISTINCT r.organization_id) FROM r)
            INTO ks, km, ids;
        ELSIF TG_OP = 'DELETE' THEN
          WITH r AS (SELECT o.station_id, o.visited_on, o.organization_id FROM old_rows o WHERE o.status = 'approved'),
               k AS (SELECT DISTINCT r.station_id, period_month(r.visited_on) AS m FROM r)
          SELECT (SELECT array_agg(k.station_id ORDER BY k.station_id, k.m) FROM k),
                 (SELECT array_agg(k.m ORDER BY k.station_id, k.m) FROM k),
                 (SELECT array_agg(DISTINCT r.organization_id) FROM r)
            INTO ks, km, ids;
        ELSE
          WITH c AS (
                 SELECT o.status AS os, o.station_id AS ost, o.visited_on AS ov, o.organization_id AS oo,
                        n.status AS ns, n.station_id AS nst, n.visited_on AS nv, n.organization_id AS no
                   FROM old_rows o JOIN new_rows n ON n.id = o.id
                  WHERE (o.status = 'approved' OR n.status = 'approved')
                    AND (o.status, o.station_id, o.organization_id, o.visited_on, o.topics, o.joint_with, o.approved_at)
                        IS DISTINCT FROM (n.status, n.station_id, n.organization_id, n.visited_on, n.topics, n.joint_with, n.approved_at)
               ), r AS (
                 SELECT c.ost AS station_id, c.ov AS visited_on, c.oo AS organization_id FROM c WHERE c.os = 'approved'
                 UNION ALL
                 SELECT c.nst, c.nv, c.no FROM c WHERE c.ns = 'approved'
               ), k AS (SELECT DISTINCT r.station_id, period_month(r.visited_on) AS m FROM r)
          SELECT (SELECT array_agg(k.station_id ORDER BY k.station_id, k.m) FROM k),
                 (SELECT array_agg(k.m ORDER BY k.station_id, k.m) FROM k),
                 (SELECT array_agg(DISTINCT r.organization_id) FROM r)
            INTO ks, km, ids;
        END IF;
        PERFORM period_counts_refresh(ks, km);
        PERFORM period_orgs_refresh(ids);
        RETURN NULL;
      END
      $$`);

    // Joint partners: whether an approved visit went with partners (its month's joint count).
    await queryRunner.query(`
      CREATE FUNCTION visit_joint_partners_period_summary() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ks uuid[];
        km date[];
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM period_summary_rebuild();
          RETURN NULL;
        ELSIF TG_OP = 'INSERT' THEN
          WITH k AS (SELECT DISTINCT v.station_id, period_month(v.visited_on) AS m
                       FROM visits v WHERE v.status = 'approved' AND v.id IN (SELECT n.visit_id FROM new_rows n))
          SELECT array_agg(k.station_id ORDER BY k.station_id, k.m), array_agg(k.m ORDER BY k.station_id, k.m)
            INTO ks, km FROM k;
        ELSIF TG_OP = 'DELETE' THEN
          WITH k AS (SELECT DISTINCT v.station_id, period_month(v.visited_on) AS m
                       FROM visits v WHERE v.status = 'approved' AND v.id IN (SELECT o.visit_id FROM old_rows o))
          SELECT array_agg(k.station_id ORDER BY k.station_id, k.m), array_agg(k.m ORDER BY k.station_id, k.m)
            INTO ks, km FROM k;
        ELSE
          WITH k AS (SELECT DISTINCT v.station_id, period_month(v.visited_on) AS m
                       FROM visits v WHERE v.status = 'approved'
                        AND v.id IN (SELECT o.visit_id FROM old_rows o UNION SELECT n.visit_id FROM new_rows n))
          SELECT array_agg(k.station_id ORDER BY k.station_id, k.m), array_agg(k.m ORDER BY k.station_id, k.m)
            INTO ks, km FROM k;
        END IF;
        PERFORM period_counts_refresh(ks, km);
        RETURN NULL;
      END
      $$`);

    // Organizations: sector and municipality are counted with its visits, its station with its reach.
    await queryRunner.query(`
      CREATE FUNCTION organizations_period_summary() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ks uuid[];
        km date[];
      BEGIN
        WITH k AS (
          SELECT DISTINCT v.station_id, period_month(v.visited_on) AS m
            FROM visits v
           WHERE v.status = 'approved'
             AND v.organization_id IN (
                   SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                    WHERE (o.sector, o.municipality_code, o.municipality_name)
                          IS DISTINCT FROM (n.sector, n.municipality_code, n.municipality_name)))
        SELECT array_agg(k.station_id ORDER BY k.station_id, k.m), array_agg(k.m ORDER BY k.station_id, k.m)
          INTO ks, km FROM k;
        PERFORM period_counts_refresh(ks, km);
        PERFORM period_orgs_refresh(ARRAY(
          SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE o.station_id IS DISTINCT FROM n.station_id));
        RETURN NULL;
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION seminar_participants_period_summary() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM period_orgs_refresh(ARRAY(SELECT n.organization_id FROM new_rows n));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM period_orgs_refresh(ARRAY(SELECT o.organization_id FROM old_rows o));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM period_orgs_refresh(ARRAY(
            SELECT unnest(ARRAY[o.organization_id, n.organization_id])
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.organization_id, o.seminar_id) IS DISTINCT FROM (n.organization_id, n.seminar_id)));
        ELSE
          PERFORM period_summary_rebuild();
        END IF;
        RETURN NULL;
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION seminars_period_summary() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          PERFORM period_orgs_refresh(ARRAY(
            SELECT p.organization_id
              FROM old_rows o JOIN new_rows n ON n.id = o.id
              JOIN seminar_participants p ON p.seminar_id = n.id
             WHERE (o.held_on, o.created_at) IS DISTINCT FROM (n.held_on, n.created_at)));
        ELSE
          PERFORM period_summary_rebuild();
        END IF;
        RETURN NULL;
      END
      $$`);

    for (const [table, fn] of [
      ['visits', 'visits_period_summary'],
      ['visit_joint_partners', 'visit_joint_partners_period_summary'],
      ['seminar_participants', 'seminar_participants_period_summary'],
    ]) {
      await queryRunner.query(`CREATE TRIGGER ${table}_period_insert AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_period_update AFTER UPDATE ON ${table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_period_delete AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_period_truncate AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
    await queryRunner.query(`CREATE TRIGGER organizations_period_update AFTER UPDATE ON organizations
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organizations_period_summary()`);
    await queryRunner.query(`CREATE TRIGGER seminars_period_update AFTER UPDATE ON seminars
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION seminars_period_summary()`);
    await queryRunner.query(`CREATE TRIGGER seminars_period_truncate AFTER TRUNCATE ON seminars
      FOR EACH STATEMENT EXECUTE FUNCTION seminars_period_summary()`);

    // Backfill.
    await queryRunner.query(`SELECT period_summary_rebuild()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER seminars_period_truncate ON seminars`);
    await queryRunner.query(`DROP TRIGGER seminars_period_update ON seminars`);
    await queryRunner.query(`DROP TRIGGER organizations_period_update ON organizations`);
    for (const table of ['seminar_participants', 'visit_joint_partners', 'visits']) {
      for (const op of ['truncate', 'delete', 'update', 'insert']) {
        await queryRunner.query(`DROP TRIGGER ${table}_period_${op} ON ${table}`);
      }
    }
    for (const fn of [
      'seminars_period_summary()',
      'seminar_participants_period_summary()',
      'organizations_period_summary()',
      'visit_joint_partners_period_summary()',
      'visits_period_summary()',
      'period_summary_rebuild()',
      'period_orgs_refresh(uuid[])',
      'period_counts_refresh(uuid[], date[])',
      'period_month_index(date)',
      'period_fiscal_year(date)',
      'period_month(date)',
    ]) {
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    }
    await queryRunner.query(`DROP TABLE period_org_reach`);
    await queryRunner.query(`DROP TABLE period_org_visits`);
    await queryRunner.query(`DROP TABLE period_visit_counts`);
  }
}
