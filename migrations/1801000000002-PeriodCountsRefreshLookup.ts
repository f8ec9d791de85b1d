import { MigrationInterface, QueryRunner } from 'typeorm';

/** period_counts_refresh's statement; `orgs`: how the visits meet their organizations. */
const REFRESH = (orgs: string) => `
        INSERT INTO period_visit_counts (station_id, month, dim, key, name, visits, joint)
        WITH k AS (
          SELECT DISTINCT u.s, u.m FROM unnest($1::uuid[], $2::date[]) AS u(s, m) WHERE u.s IS NOT NULL AND u.m IS NOT NULL
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
          FROM v ${orgs}
         GROUP BY v.station_id, v.month, GROUPING SETS ((), (o.sector), (o.municipality_code, o.municipality_name))
        UNION ALL
        SELECT v.station_id, v.month, 'topic', t.topic, NULL, count(*)::int, 0
          FROM v CROSS JOIN LATERAL unnest(v.topics) AS t(topic)
         GROUP BY v.station_id, v.month, t.topic`;

// A few keys (a write): the month's ~1,000 visits look their organizations up by key (OFFSET 0
// keeps the lookup: the function's generic plan otherwise hashes all 100,000 organizations, ~120 ms
// of the ~150 ms an approval's trigger took). Many keys (a bulk load, the rebuild): one hash join.
const LOOKUP = `CROSS JOIN LATERAL (SELECT o.sector, o.municipality_code, o.municipality_name
                                        FROM organizations o WHERE o.id = v.organization_id OFFSET 0) o`;
const HASH = `JOIN organizations o ON o.id = v.organization_id`;

/**
 * Period reports (issue 18), third step: the cost of keeping the counters on a write. An approval
 * refreshed its (station, month) key with a plan made for any number of keys, which read every
 * organization; now the statement is planned for the keys it gets (EXECUTE), organizations looked up
 * by key for a few keys and hashed for many.
 */
export class PeriodCountsRefreshLookup1801000000002 implements MigrationInterface {
  name = 'PeriodCountsRefreshLookup1801000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION period_counts_refresh(stations uuid[], months date[]) RETURNS void LANGUAGE plpgsql AS $fn$
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
        IF cardinality(stations) <= 24 THEN
          EXECUTE $sql$ ${REFRESH(LOOKUP)} $sql$ USING stations, months;
        ELSE
          EXECUTE $sql$ ${REFRESH(HASH)} $sql$ USING stations, months;
        END IF;
      END
      $fn$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION period_counts_refresh(stations uuid[], months date[]) RETURNS void LANGUAGE plpgsql AS $fn$
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
        EXECUTE $sql$ ${REFRESH(HASH)} $sql$ USING stations, months;
      END
      $fn$`);
  }
}
