import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first versions of the two functions (1801000000101 replaces them; its down restores these). */
export const REBUILD_V1 = `
      CREATE FUNCTION strategy_figures_rebuild(tasks uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(1801, k) FROM generate_series(0, 1023) k;
        DELETE FROM strategy_task_reach r WHERE tasks IS NULL OR r.task_id = ANY (tasks);
        DELETE FROM strategy_task_months m WHERE tasks IS NULL OR m.task_id = ANY (tasks);
        DELETE FROM strategy_task_days d WHERE tasks IS NULL OR d.task_id = ANY (tasks);
        INSERT INTO strategy_task_reach (task_id, scope_id, organization_id, sector, first_on, joint_first_on, days, joint_days)
        SELECT c.task_id, c.scope_id, c.organization_id, c.sector, c.first_on, c.joint_first_on, c.days, c.joint_days
          FROM strategy_task_reach_computed c WHERE tasks IS NULL OR c.task_id = ANY (tasks);
        INSERT INTO strategy_task_months (task_id, scope_id, sector, month, organizations, joint_organizations)
        SELECT x.task_id, x.scope_id, x.sector, x.month, sum(x.o), sum(x.j)
          FROM (SELECT r.task_id, r.scope_id, r.sector, date_trunc('month', r.first_on)::date AS month, 1 AS o, 0 AS j
                  FROM strategy_task_reach r WHERE tasks IS NULL OR r.task_id = ANY (tasks)
                UNION ALL
                SELECT r.task_id, r.scope_id, r.sector, date_trunc('month', r.joint_first_on)::date, 0, 1
                  FROM strategy_task_reach r
                 WHERE r.joint_first_on IS NOT NULL AND (tasks IS NULL OR r.task_id = ANY (tasks))) x
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
      $$`;

export const REFRESH_V1 = `
      CREATE FUNCTION strategy_figures_refresh(orgs uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
          INSERT INTO strategy_task_months AS m (task_id, scope_id, sector, month, organizations, joint_organizations)
          SELECT x.task_id, x.scope_id, x.sector, x.month, sum(x.o), sum(x.j)
            FROM (SELECT c.task_id, c.scope_id, c.sector, date_trunc('month', c.first_on)::date AS month, c.sign AS o, 0 AS j
                    FROM changes c
                  UNION ALL
                  SELECT c.task_id, c.scope_id, c.sector, date_trunc('month', c.joint_first_on)::date, 0, c.sign
                    FROM changes c WHERE c.joint_first_on IS NOT NULL) x
           GROUP BY x.task_id, x.scope_id, x.sector, x.month
          HAVING sum(x.o) <> 0 OR sum(x.j) <> 0
           ORDER BY x.scope_id, x.task_id, x.month, x.sector
          ON CONFLICT (scope_id, task_id, month, sector) DO UPDATE
             SET organizations = m.organizations + excluded.organizations,
                 joint_organizations = m.joint_organizations + excluded.joint_organizations
        ) -- (a data-modifying WITH runs to completion whether or not it is read)
        INSERT INTO strategy_task_days AS d (task_id, scope_id, day, visits, joint_visits)
        SELECT x.task_id, x.scope_id, x.day, sum(x.v), sum(x.j)
          FROM (SELECT c.task_id, c.scope_id, u.day, c.sign AS v, 0 AS j
                  FROM changes c CROSS JOIN LATERAL unnest(c.days) AS u(day)
                UNION ALL
                SELECT c.task_id, c.scope_id, u.day, 0, c.sign
                  FROM changes c CROSS JOIN LATERAL unnest(c.joint_days) AS u(day)
               ) x
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
      $$`;

/**
 * The strategy table's visit figures kept ready (issue 18). Live, the table read every approved
 * visit of the prefecture (~900,000 at a prefecture's scale) on each request; these tables answer
 * "as of a day" with a few thousand rows whatever the number of visits.
 *
 * A visit counts for a task when it is approved, its topics meet the task's, it was visited on or
 * before asOf and approved by the end of asOf (in Japan, UTC+9 all year): it is *known on*
 * greatest(visited_on, the day in Japan it was approved) and counts as of every day from then on.
 * Joint: `joint_with` written, or partners in `visit_joint_partners`. A scope is a station (the
 * visit's station) or, for the whole prefecture, the all-stations scope '00000000-…' (hq).
 *
 * - `strategy_task_reach`: one row per (task, scope, organization) with matching visits: the days
 *   they became known (`days`, `joint_days`), the first of each, and the organization's sector.
 *   What the histograms below were built from, so a change subtracts exactly what was added.
 * - `strategy_task_months`: per (task, scope, sector, month): organizations first reached
 *   (`organizations`) and first reached by a joint visit (`joint_organizations`) in that month.
 * - `strategy_task_days`: per (task, scope, day): visits (and joint visits) known from that day.
 * Organizations reached as of D = the months before D's month + the reach rows first known in D's
 * month up to D (exact: distinct organizations, not a sum of visits).
 *
 * Maintenance, in the transaction of the change, by statement-level triggers over transition
 * tables (set-based; no path of the app or of a SQL seed can miss them):
 * - `strategy_figures_refresh(orgs)` recomputes the reach rows of some organizations from
 *   `strategy_task_reach_computed` and applies the difference to both histograms. Called for the
 *   organizations of visits inserted, deleted or changed in organization, station, day, status,
 *   approval, topics or joint_with (approve, return, reopen, edit, delete, a merge moving visits);
 *   of visits whose partners changed; of organizations whose sector changed. More than 5,000
 *   organizations at once (a bulk seed) rebuilds everything instead.
 * - `strategy_figures_rebuild(tasks)` rebuilds the figures of some tasks (NULL: all): a task
 *   added, or its topics changed. A task deleted takes its rows with it (ON DELETE CASCADE).
 * - Concurrent writers take a transaction-level advisory lock per organization (1024 buckets,
 *   namespace 1801) before they read, as organization_last_reach does, so a second writer of the
 *   same organization waits for the first and, at READ COMMITTED, recomputes from its commit. A
 *   rebuild takes every bucket. Histogram rows are upserted in key order (no deadlock between two
 *   refreshes).
 */
export class StrategyFigures1801000000100 implements MigrationInterface {
  name = 'StrategyFigures1801000000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE strategy_task_reach (
        task_id uuid NOT NULL REFERENCES strategy_tasks (id) ON DELETE CASCADE,
        scope_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        sector text,
        first_on date NOT NULL,
        joint_first_on date,
        days date[] NOT NULL,
        joint_days date[] NOT NULL,
        PRIMARY KEY (task_id, scope_id, organization_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_strategy_task_reach_organization ON strategy_task_reach (organization_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_strategy_task_reach_first ON strategy_task_reach (scope_id, first_on)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_strategy_task_reach_joint_first ON strategy_task_reach (scope_id, joint_first_on)
        WHERE joint_first_on IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE strategy_task_months (
        task_id uuid NOT NULL REFERENCES strategy_tasks (id) ON DELETE CASCADE,
        scope_id uuid NOT NULL,
        sector text,
        month date NOT NULL,
        organizations integer NOT NULL,
        joint_organizations integer NOT NULL,
        -- One row per sector, "no sector" (NULL) included.
        CONSTRAINT uq_strategy_task_months UNIQUE NULLS NOT DISTINCT (scope_id, task_id, month, sector)
      )`);
    await queryRunner.query(`
      CREATE TABLE strategy_task_days (
        task_id uuid NOT NULL REFERENCES strategy_tasks (id) ON DELETE CASCADE,
        scope_id uuid NOT NULL,
        day date NOT NULL,
        visits integer NOT NULL,
        joint_visits integer NOT NULL,
        PRIMARY KEY (scope_id, task_id, day)
      )`);

    // The one definition of what counts (the live SQL in reports.repository.ts taskVisits is its oracle).
    await queryRunner.query(`
      CREATE VIEW strategy_task_reach_computed AS
        SELECT t.id AS task_id, s.scope_id, v.organization_id, o.sector,
               min(v.known_on) AS first_on, min(v.known_on) FILTER (WHERE v.joint) AS joint_first_on,
               array_agg(v.known_on ORDER BY v.known_on) AS days,
               COALESCE(array_agg(v.known_on ORDER BY v.known_on) FILTER (WHERE v.joint), '{}') AS joint_days
          FROM (SELECT v.organization_id, v.station_id, v.topics,
                       greatest(v.visited_on, ((v.approved_at AT TIME ZONE 'UTC') + interval '9 hours')::date) AS known_on,
                       (nullif(btrim(v.joint_with), '') IS NOT NULL
                        OR EXISTS (SELECT 1 FROM visit_joint_partners jp WHERE jp.visit_id = v.id)) AS joint
                  FROM visits v WHERE v.status = 'approved' AND v.approved_at IS NOT NULL) v
          JOIN strategy_tasks t ON t.topics && v.topics
          JOIN organizations o ON o.id = v.organization_id
          CROSS JOIN LATERAL (VALUES (v.station_id), ('00000000-0000-0000-0000-000000000000'::uuid)) AS s(scope_id)
         GROUP BY t.id, s.scope_id, v.organization_id, o.sector`);

    await queryRunner.query(REBUILD_V1);

    await queryRunner.query(REFRESH_V1);

    await queryRunner.query(`
      CREATE FUNCTION visits_strategy_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM strategy_figures_refresh(ARRAY(SELECT n.organization_id FROM new_rows n WHERE n.status = 'approved'));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM strategy_figures_refresh(ARRAY(SELECT o.organization_id FROM old_rows o WHERE o.status = 'approved'));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM strategy_figures_refresh(ARRAY(
            SELECT unnest(ARRAY[o.organization_id, n.organization_id])
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.status = 'approved' OR n.status = 'approved')
               AND (o.organization_id, o.station_id, o.visited_on, o.status, o.approved_at, o.topics, o.joint_with)
                   IS DISTINCT FROM (n.organization_id, n.station_id, n.visited_on, n.status, n.approved_at, n.topics, n.joint_with)));
        ELSE
          PERFORM strategy_figures_rebuild(NULL);
        END IF;
        RETURN NULL;
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION visit_joint_partners_strategy_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM strategy_figures_refresh(ARRAY(
            SELECT v.organization_id FROM new_rows n JOIN visits v ON v.id = n.visit_id WHERE v.status = 'approved'));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM strategy_figures_refresh(ARRAY(
            SELECT v.organization_id FROM old_rows o JOIN visits v ON v.id = o.visit_id WHERE v.status = 'approved'));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM strategy_figures_refresh(ARRAY(
            SELECT v.organization_id
              FROM (SELECT o.visit_id FROM old_rows o UNION SELECT n.visit_id FROM new_rows n) x
              JOIN visits v ON v.id = x.visit_id WHERE v.status = 'approved'));
        ELSE
          PERFORM strategy_figures_rebuild(NULL);
        END IF;
        RETURN NULL;
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION organizations_strategy_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM strategy_figures_refresh(ARRAY(
          SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.sector IS DISTINCT FROM n.sector));
        RETURN NULL;
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION strategy_tasks_strategy_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ids := ARRAY(SELECT n.id FROM new_rows n);
        ELSE
          ids := ARRAY(SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.topics IS DISTINCT FROM n.topics);
        END IF;
        IF cardinality(ids) > 0 THEN
          PERFORM strategy_figures_rebuild(ids);
        END IF;
        RETURN NULL;
      END
      $$`);

    for (const [table, fn] of [
      ['visits', 'visits_strategy_figures'],
      ['visit_joint_partners', 'visit_joint_partners_strategy_figures'],
    ]) {
      await queryRunner.query(`CREATE TRIGGER ${table}_strategy_figures_insert AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_strategy_figures_update AFTER UPDATE ON ${table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_strategy_figures_delete AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_strategy_figures_truncate AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
    await queryRunner.query(`CREATE TRIGGER organizations_strategy_figures_update AFTER UPDATE ON organizations
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organizations_strategy_figures()`);
    await queryRunner.query(`CREATE TRIGGER strategy_tasks_strategy_figures_insert AFTER INSERT ON strategy_tasks
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION strategy_tasks_strategy_figures()`);
    await queryRunner.query(`CREATE TRIGGER strategy_tasks_strategy_figures_update AFTER UPDATE ON strategy_tasks
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION strategy_tasks_strategy_figures()`);

    // Backfill.
    await queryRunner.query(`SELECT strategy_figures_rebuild(NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER strategy_tasks_strategy_figures_update ON strategy_tasks`);
    await queryRunner.query(`DROP TRIGGER strategy_tasks_strategy_figures_insert ON strategy_tasks`);
    await queryRunner.query(`DROP TRIGGER organizations_strategy_figures_update ON organizations`);
    for (const table of ['visit_joint_partners', 'visits'])
      for (const op of ['truncate', 'delete', 'update', 'insert'])
        await queryRunner.query(`DROP TRIGGER ${table}_strategy_figures_${op} ON ${table}`);
    for (const fn of [
      'strategy_tasks_strategy_figures()',
      'organizations_strategy_figures()',
      'visit_joint_partners_strategy_figures()',
      'visits_strategy_figures()',
      'strategy_figures_refresh(uuid[])',
      'strategy_figures_rebuild(uuid[])',
    ])
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    await queryRunner.query(`DROP VIEW strategy_task_reach_computed`);
    await queryRunner.query(`DROP TABLE strategy_task_days`);
    await queryRunner.query(`DROP TABLE strategy_task_months`);
    await queryRunner.query(`DROP TABLE strategy_task_reach`);
  }
}
