import { MigrationInterface, QueryRunner } from 'typeorm';
import { REBUILD_V1, REFRESH_V1 } from './1801000000100-StrategyFigures';

/**
 * Visits by month too (migrations/1801000000100-StrategyFigures.ts): the strategy table as of a
 * day summed every day's row up to it (one per task and day: ~5,500 rows at a prefecture's scale
 * for three tasks, the larger part of the read). `strategy_task_months` now also counts the visits
 * (and joint visits) known in each month, so a read takes the months before asOf's month from it and
 * only asOf's own month from `strategy_task_days`. The two functions are replaced (same triggers)
 * and the figures rebuilt.
 */
export class StrategyFiguresMonthlyVisits1801000000101 implements MigrationInterface {
  name = 'StrategyFiguresMonthlyVisits1801000000101';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE strategy_task_months
      ADD COLUMN visits integer NOT NULL DEFAULT 0, ADD COLUMN joint_visits integer NOT NULL DEFAULT 0`);

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION strategy_figures_rebuild(tasks uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(1801, k) FROM generate_series(0, 1023) k;
        DELETE FROM strategy_task_reach r WHERE tasks IS NULL OR r.task_id = ANY (tasks);
        DELETE FROM strategy_task_months m WHERE tasks IS NULL OR m.task_id = ANY (tasks);
        DELETE FROM strategy_task_days d WHERE tasks IS NULL OR d.task_id = ANY (tasks);
        INSERT INTO strategy_task_reach (task_id, scope_id, organization_id, sector, first_on, joint_first_on, days, joint_days)
        SELECT c.task_id, c.scope_id, c.organization_id, c.sector, c.first_on, c.joint_first_on, c.days, c.joint_days
          FROM strategy_task_reach_computed c WHERE tasks IS NULL OR c.task_id = ANY (tasks);
        INSERT INTO strategy_task_months (task_id, scope_id, sector, month, organizations, joint_organizations, visits, joint_visits)
        SELECT x.task_id, x.scope_id, x.sector, x.month, sum(x.o), sum(x.j), sum(x.v), sum(x.jv)
          FROM (SELECT r.task_id, r.scope_id, r.sector, date_trunc('month', r.first_on)::date AS month,
                       1 AS o, 0 AS j, 0 AS v, 0 AS jv
                  FROM strategy_task_reach r WHERE tasks IS NULL OR r.task_id = ANY (tasks)
                UNION ALL
                SELECT r.task_id, r.scope_id, r.sector, date_trunc('month', r.joint_first_on)::date, 0, 1, 0, 0
                  FROM strategy_task_reach r
                 WHERE r.joint_first_on IS NOT NULL AND (tasks IS NULL OR r.task_id = ANY (tasks))
                UNION ALL
                SELECT r.task_id, r.scope_id, r.sector, date_trunc('month', d.day)::date, 0, 0, 1, 0
                  FROM strategy_task_reach r CROSS JOIN LATERAL unnest(r.days) AS d(day)
                 WHERE tasks IS NULL OR r.task_id = ANY (tasks)
                UNION ALL
                SELECT r.task_id, r.scope_id, r.sector, date_trunc('month', d.day)::date, 0, 0, 0, 1
                  FROM strategy_task_reach r CROSS JOIN LATERAL unnest(r.joint_days) AS d(day)
                 WHERE tasks IS NULL OR r.task_id = ANY (tasks)) x
         GROUP BY x.task_id, x.scope_id, x.sector, x.month;
        INSERT INTO strategy_task_days (task_id, scope_id, day, visits, joint_visits)
        SELECT x.task_id, x.scope_id, x.day, sum(x.v), sum(x.j)
          FROM (SELECT r.task_id, r.scope_id, d.day, 1 AS v, 0 AS j
                  FROM strategy_task_reach r CROSS JOIN LATERAL unnest(r.days) AS d(day)
                 WHERE tasks IS NULL OR r.task_id = ANY (tasks)
                UNION ALL
                SELECT r.task_id, r.scope_id, d.day, 0, 1
                  FROM strategy_task_reach r CROSS JOIN LATERAL unnest(r.joint_days) AS d(day)
                 WHERE tasks IS NULL OR r.task_id = ANY (tasks)) x
         GROUP BY x.task_id, x.scope_id, x.day;
      END
      $$`);

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION strategy_figures_refresh(orgs uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        orgs := ARRAY(SELECT DISTINCT u.id FROM unnest(orgs) AS u(id) WHERE u.id IS NOT NULL);
        IF cardinality(orgs) = 0 THEN
          RETURN;
        END IF;
        IF cardinality(orgs) > 5000 THEN
          PERFORM strategy_figures_rebuild(NULL);
          RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(1801, b.k)
           FROM (SELECT DISTINCT hashtext(u.id::text) & 1023 AS k FROM unnest(orgs) AS u(id) ORDER BY 1) b;
        -- The difference between the rows kept and the rows computed now, onto both histograms.
        WITH changes AS (
          SELECT -1 AS sign, r.task_id, r.scope_id, r.sector, r.first_on, r.joint_first_on, r.days, r.joint_days
            FROM strategy_task_reach r WHERE r.organization_id = ANY (orgs)
          UNION ALL
          SELECT 1, c.task_id, c.scope_id, c.sector, c.first_on, c.joint_first_on, c.days, c.joint_days
            FROM strategy_task_reach_computed c WHERE c.organization_id = ANY (orgs)
        ), months AS (
          INSERT INTO strategy_task_months AS m
                 (task_id, scope_id, sector, month, organizations, joint_organizations, visits, joint_visits)
          SELECT x.task_id, x.scope_id, x.sector, x.month, sum(x.o), sum(x.j), sum(x.v), sum(x.jv)
            FROM (SELECT c.task_id, c.scope_id, c.sector, date_trunc('month', c.first_on)::date AS month,
                         c.sign AS o, 0 AS j, 0 AS v, 0 AS jv
                    FROM changes c
                  UNION ALL
                  SELECT c.task_id, c.scope_id, c.sector, date_trunc('month', c.joint_first_on)::date, 0, c.sign, 0, 0
                    FROM changes c WHERE c.joint_first_on IS NOT NULL
                  UNION ALL
                  SELECT c.task_id, c.scope_id, c.sector, date_trunc('month', u.day)::date, 0, 0, c.sign, 0
                    FROM changes c CROSS JOIN LATERAL unnest(c.days) AS u(day)
                  UNION ALL
                  SELECT c.task_id, c.scope_id, c.sector, date_trunc('month', u.day)::date, 0, 0, 0, c.sign
                    FROM changes c CROSS JOIN LATERAL unnest(c.joint_days) AS u(day)) x
           GROUP BY x.task_id, x.scope_id, x.sector, x.month
          HAVING sum(x.o) <> 0 OR sum(x.j) <> 0 OR sum(x.v) <> 0 OR sum(x.jv) <> 0
           ORDER BY x.scope_id, x.task_id, x.month, x.sector
          ON CONFLICT (scope_id, task_id, month, sector) DO UPDATE
             SET organizations = m.organizations + excluded.organizations,
                 joint_organizations = m.joint_organizations + excluded.joint_organizations,
                 visits = m.visits + excluded.visits,
                 joint_visits = m.joint_visits + excluded.joint_visits
        ) -- (a data-modifying WITH runs to completion whether or not it is read)
        INSERT INTO strategy_task_days AS d (task_id, scope_id, day, visits, joint_visits)
        SELECT x.task_id, x.scope_id, x.day, sum(x.v), sum(x.j)
          FROM (SELECT c.task_id, c.scope_id, u.day, c.sign AS v, 0 AS j
                  FROM changes c CROSS JOIN LATERAL unnest(c.days) AS u(day)
                UNION ALL
                SELECT c.task_id, c.scope_id, u.day, 0, c.sign
                  FROM changes c CROSS JOIN LATERAL unnest(c.joint_days) AS u(day)) x
         GROUP BY x.task_id, x.scope_id, x.day
        HAVING sum(x.v) <> 0 OR sum(x.j) <> 0
         ORDER BY x.scope_id, x.task_id, x.day
        ON CONFLICT (scope_id, task_id, day) DO UPDATE
           SET visits = d.visits + excluded.visits, joint_visits = d.joint_visits + excluded.joint_visits;
        DELETE FROM strategy_task_reach r WHERE r.organization_id = ANY (orgs);
        INSERT INTO strategy_task_reach (task_id, scope_id, organization_id, sector, first_on, joint_first_on, days, joint_days)
        SELECT c.task_id, c.scope_id, c.organization_id, c.sector, c.first_on, c.joint_first_on, c.days, c.joint_days
          FROM strategy_task_reach_computed c WHERE c.organization_id = ANY (orgs);
      END
      $$`);

    await queryRunner.query(`SELECT strategy_figures_rebuild(NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(REBUILD_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await queryRunner.query(REFRESH_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await queryRunner.query(`ALTER TABLE strategy_task_months DROP COLUMN visits, DROP COLUMN joint_visits`);
  }
}
