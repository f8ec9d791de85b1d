import { MigrationInterface, QueryRunner } from 'typeorm';
// As in 1801000000003-PeriodCountsDeltas.ts (a migration keeps its own copy), with the lock order.
/**
 * The counters' change for the rows `r (sign, id, station_id, visited_on, organization_id, topics,
 * joint_with)` of a statement: each approved visit's contribution (-1 before, +1 after) to its
 * station and month, its organization's sector and municipality and its topics, upserted in key
 * order, then the rows of those keys left at zero removed (a report reads only visited keys).
 */
const APPLY = (rows: string) => `
        WITH r AS (${rows}), c AS (
          SELECT r.sign, r.station_id, period_month(r.visited_on) AS month, r.organization_id, r.topics,
                 (nullif(btrim(r.joint_with), '') IS NOT NULL
                  OR EXISTS (SELECT 1 FROM visit_joint_partners jp WHERE jp.visit_id = r.id)) AS joint
            FROM r
        ), d AS (
          SELECT c.station_id, c.month, x.dim, x.key, x.name, c.sign, CASE WHEN c.joint THEN c.sign ELSE 0 END AS joint
            FROM c JOIN organizations o ON o.id = c.organization_id
            CROSS JOIN LATERAL (VALUES ('total', NULL, NULL), ('sector', o.sector, NULL),
                                       ('municipality', o.municipality_code, o.municipality_name)) AS x(dim, key, name)
          UNION ALL
          SELECT c.station_id, c.month, 'topic', t.topic, NULL, c.sign, 0
            FROM c CROSS JOIN LATERAL unnest(c.topics) AS t(topic)
        )
        INSERT INTO period_visit_counts AS p (station_id, month, dim, key, name, visits, joint)
        SELECT d.station_id, d.month, d.dim, d.key, d.name, sum(d.sign)::int, sum(d.joint)::int
          FROM d GROUP BY 1, 2, 3, 4, 5
        HAVING sum(d.sign) <> 0 OR sum(d.joint) <> 0
         ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (station_id, month, dim, key, name)
        DO UPDATE SET visits = p.visits + excluded.visits, joint = p.joint + excluded.joint`;

/** Takes the keys' advisory locks (as period_counts_refresh does) and applies the change. */
const DELTA = (rows: string) => `
        WITH r AS (${rows}), k AS (SELECT DISTINCT r.station_id AS s, period_month(r.visited_on) AS m FROM r)
        SELECT array_agg(k.s ORDER BY k.s, k.m), array_agg(k.m ORDER BY k.s, k.m) INTO ks, km FROM k;
        IF ks IS NOT NULL THEN
          PERFORM pg_advisory_xact_lock(1801, b.k)
             FROM (SELECT DISTINCT hashtext(u.s::text || u.m::text) & 255 AS k
                     FROM unnest(ks, km) AS u(s, m) ORDER BY 1) b;
          ${APPLY(rows)};
          DELETE FROM period_visit_counts p
           USING unnest(ks, km) AS k(s, m)
           WHERE p.month = k.m AND p.station_id = k.s AND p.visits = 0;
        END IF;`;

const NEW_ROWS = `SELECT 1 AS sign, n.id, n.station_id, n.visited_on, n.organization_id, n.topics, n.joint_with
                    FROM new_rows n WHERE n.status = 'approved'`;
const CHANGED = `SELECT o.*, n.status AS n_status FROM old_rows o JOIN new_rows n ON n.id = o.id
                  WHERE (o.status = 'approved' OR n.status = 'approved')
                    AND (o.status, o.station_id, o.organization_id, o.visited_on, o.topics, o.joint_with, o.approved_at)
                        IS DISTINCT FROM (n.status, n.station_id, n.organization_id, n.visited_on, n.topics, n.joint_with, n.approved_at)`;
const UPDATED_ROWS = `SELECT -1 AS sign, o.id, o.station_id, o.visited_on, o.organization_id, o.topics, o.joint_with
                        FROM old_rows o JOIN new_rows n ON n.id = o.id
                       WHERE o.status = 'approved'
                         AND (o.status, o.station_id, o.organization_id, o.visited_on, o.topics, o.joint_with)
                             IS DISTINCT FROM (n.status, n.station_id, n.organization_id, n.visited_on, n.topics, n.joint_with)
                      UNION ALL
                      SELECT 1, n.id, n.station_id, n.visited_on, n.organization_id, n.topics, n.joint_with
                        FROM old_rows o JOIN new_rows n ON n.id = o.id
                       WHERE n.status = 'approved'
                         AND (o.status, o.station_id, o.organization_id, o.visited_on, o.topics, o.joint_with)
                             IS DISTINCT FROM (n.status, n.station_id, n.organization_id, n.visited_on, n.topics, n.joint_with)`;

/** visits_period_summary; `lockFirst`: its organizations' advisory locks before its months' (…0004). */
const visitsTrigger = (delta: boolean, lockFirst = false) => `
      CREATE OR REPLACE FUNCTION visits_period_summary() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ks uuid[];
        km date[];
        ids uuid[];
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM period_summary_rebuild();
          RETURN NULL;
        ELSIF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT n.organization_id) INTO ids FROM new_rows n WHERE n.status = 'approved';
          ${lockFirst ? 'PERFORM period_lock_orgs(ids);' : ''}
          ${
            delta
              ? DELTA(NEW_ROWS)
              : `WITH r AS (SELECT n.station_id, n.visited_on FROM new_rows n WHERE n.status = 'approved'),
               k AS (SELECT DISTINCT r.station_id, period_month(r.visited_on) AS m FROM r)
          SELECT array_agg(k.station_id ORDER BY k.station_id, k.m), array_agg(k.m ORDER BY k.station_id, k.m)
            INTO ks, km FROM k;
          PERFORM period_counts_refresh(ks, km);`
          }
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(DISTINCT o.organization_id) INTO ids FROM old_rows o WHERE o.status = 'approved';
          ${lockFirst ? 'PERFORM period_lock_orgs(ids);' : ''}
          -- Recomputed: a visit's joint partners are deleted (cascade) before this trigger sees it.
          WITH r AS (SELECT o.station_id, o.visited_on FROM old_rows o WHERE o.status = 'approved'),
               k AS (SELECT DISTINCT r.station_id, period_month(r.visited_on) AS m FROM r)
          SELECT array_agg(k.station_id ORDER BY k.station_id, k.m), array_agg(k.m ORDER BY k.station_id, k.m)
            INTO ks, km FROM k;
          PERFORM period_counts_refresh(ks, km);
        ELSE
          WITH c AS (${CHANGED})
          SELECT array_agg(DISTINCT x.id) INTO ids
            FROM (SELECT c.organization_id AS id FROM c WHERE c.status = 'approved'
                  UNION ALL
                  SELECT n.organization_id FROM c JOIN new_rows n ON n.id = c.id WHERE c.n_status = 'approved') x;
          ${lockFirst ? 'PERFORM period_lock_orgs(ids);' : ''}
          ${
            delta
              ? DELTA(UPDATED_ROWS)
              : `WITH c AS (${CHANGED}), r AS (
                 SELECT c.station_id, c.visited_on FROM c WHERE c.status = 'approved'
                 UNION ALL SELECT n.station_id, n.visited_on FROM c JOIN new_rows n ON n.id = c.id WHERE c.n_status = 'approved'
               ), k AS (SELECT DISTINCT r.station_id, period_month(r.visited_on) AS m FROM r)
          SELECT array_agg(k.station_id ORDER BY k.station_id, k.m), array_agg(k.m ORDER BY k.station_id, k.m)
            INTO ks, km FROM k;
          PERFORM period_counts_refresh(ks, km);`
          }
        END IF;
        PERFORM period_orgs_refresh(ids);
        RETURN NULL;
      END
      $$`;

const ORGANIZATIONS_TRIGGER = (lockFirst: boolean) => `
      CREATE OR REPLACE FUNCTION organizations_period_summary() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ks uuid[];
        km date[];
        ids uuid[];
      BEGIN
        ids := ARRAY(SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                      WHERE (o.sector, o.municipality_code, o.municipality_name)
                            IS DISTINCT FROM (n.sector, n.municipality_code, n.municipality_name));
        ${lockFirst ? 'PERFORM period_lock_orgs(ids);' : ''}
        WITH k AS (
          SELECT DISTINCT v.station_id, period_month(v.visited_on) AS m
            FROM visits v
           WHERE v.status = 'approved' AND v.organization_id = ANY (ids))
        SELECT array_agg(k.station_id ORDER BY k.station_id, k.m), array_agg(k.m ORDER BY k.station_id, k.m)
          INTO ks, km FROM k;
        PERFORM period_counts_refresh(ks, km);
        PERFORM period_orgs_refresh(ARRAY(
          SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
           WHERE o.station_id IS DISTINCT FROM n.station_id));
        RETURN NULL;
      END
      $$`;

const REBUILD = (orgsFirst: boolean) => `
      CREATE OR REPLACE FUNCTION period_summary_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        ks uuid[];
        km date[];
      BEGIN
        ${
          orgsFirst
            ? `PERFORM pg_advisory_xact_lock(1802, k) FROM generate_series(0, 255) k;
        PERFORM pg_advisory_xact_lock(1801, k) FROM generate_series(0, 255) k;`
            : `PERFORM pg_advisory_xact_lock(1801, k) FROM generate_series(0, 255) k;
        PERFORM pg_advisory_xact_lock(1802, k) FROM generate_series(0, 255) k;`
        }
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
      $$`;

/**
 * Period reports (issue 18), fifth step: one lock order. An approval's counters changed by delta
 * read its organization's sector while a concurrent sector change recounted the organization's
 * months from the visits it could see, which did not yet include the approval: the approval's month
 * could keep the old sector. Now every writer takes the organizations' advisory locks (1802) before
 * the months' (1801): the visits trigger locks its visits' organizations first, the organizations
 * trigger its changed organizations before it reads their visits, and the rebuild in the same order,
 * so the two wait for each other and the second sees what the first committed (READ COMMITTED).
 */
export class PeriodSummaryLockOrder1801000000004 implements MigrationInterface {
  name = 'PeriodSummaryLockOrder1801000000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION period_lock_orgs(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(1802, b.k)
           FROM (SELECT DISTINCT hashtext(u.id::text) & 255 AS k FROM unnest(ids) AS u(id)
                  WHERE u.id IS NOT NULL ORDER BY 1) b;
      END
      $$`);
    await queryRunner.query(visitsTrigger(true, true));
    await queryRunner.query(ORGANIZATIONS_TRIGGER(true));
    await queryRunner.query(REBUILD(true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(REBUILD(false));
    await queryRunner.query(ORGANIZATIONS_TRIGGER(false));
    await queryRunner.query(visitsTrigger(true, false));
    await queryRunner.query(`DROP FUNCTION period_lock_orgs(uuid[])`);
  }
}
