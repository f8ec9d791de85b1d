import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coverage as of a day needs each organization's last reach known on that day. Aggregating the
 * reach events of the whole cadence window for every request cost ~350 ms for 100,000
 * organizations and 1,000,000 visits, so the answer is kept in `organization_last_reach`, one row
 * per change: from `valid_from` until the day before `valid_until` (NULL: still now), the last
 * reach was `last_reached_on`. Coverage as of any day reads the one row valid on it.
 *
 * - `organization_last_reach_computed` derives those rows from `organization_reach_events`, so
 *   "reached" keeps one definition. A reach counts from the later of its day and the day (in
 *   Japan, UTC+9 all year) it was recorded: a visit approved after `asOf` does not count back.
 * - `organization_last_reach_refresh(ids)` replaces the rows of some organizations by the computed
 *   ones. Statement-level triggers call it with the organizations whose events a statement may have
 *   changed: visits inserted, deleted or updated in organization, day, status or approval (approve,
 *   return, reopen, a merge moving visits); seminar attendance added, removed or moved; a seminar's
 *   day or recording time changed (a seminar deleted removes its attendance, which fires).
 * - Concurrent writers: the refresh takes a transaction-level advisory lock per organization
 *   (folded into 1024 buckets so that a bulk change stays within the lock table) before it reads,
 *   so a second writer of the same organization waits for the first to commit and, at READ
 *   COMMITTED (every writer of this application), recomputes from what the first committed.
 */
export class OrganizationLastReachTriggers1797000000001 implements MigrationInterface {
  name = 'OrganizationLastReachTriggers1797000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE VIEW organization_last_reach_computed AS
        WITH known AS (
          SELECT e.organization_id, e.reached_on,
                 greatest(e.reached_on, ((e.recorded_at AT TIME ZONE 'UTC') + interval '9 hours')::date) AS known_on
            FROM organization_reach_events e
        ),
        by_day AS (
          SELECT k.organization_id, k.known_on,
                 max(max(k.reached_on)) OVER (PARTITION BY k.organization_id ORDER BY k.known_on) AS last_reached_on
            FROM known k
           GROUP BY k.organization_id, k.known_on
        ),
        steps AS (
          SELECT d.organization_id, d.known_on, d.last_reached_on,
                 lag(d.last_reached_on) OVER (PARTITION BY d.organization_id ORDER BY d.known_on) AS before
            FROM by_day d
        )
        SELECT s.organization_id, s.known_on AS valid_from,
               lead(s.known_on) OVER (PARTITION BY s.organization_id ORDER BY s.known_on) AS valid_until,
               s.last_reached_on
          FROM steps s
         WHERE s.before IS NULL OR s.last_reached_on > s.before`);

    await queryRunner.query(`
      CREATE FUNCTION organization_last_reach_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        ids := ARRAY(SELECT DISTINCT u.id FROM unnest(ids) AS u(id) WHERE u.id IS NOT NULL);
        IF cardinality(ids) = 0 THEN
          RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(1797, b.k)
           FROM (SELECT DISTINCT hashtext(u.id::text) & 1023 AS k FROM unnest(ids) AS u(id) ORDER BY 1) b;
        DELETE FROM organization_last_reach h WHERE h.organization_id = ANY (ids);
        INSERT INTO organization_last_reach (organization_id, valid_from, valid_until, last_reached_on)
        SELECT c.organization_id, c.valid_from, c.valid_until, c.last_reached_on
          FROM organization_last_reach_computed c
         WHERE c.organization_id = ANY (ids);
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION organization_last_reach_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(1797, k) FROM generate_series(0, 1023) k;
        DELETE FROM organization_last_reach;
        INSERT INTO organization_last_reach (organization_id, valid_from, valid_until, last_reached_on)
        SELECT c.organization_id, c.valid_from, c.valid_until, c.last_reached_on FROM organization_last_reach_computed c;
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION visits_last_reach() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM organization_last_reach_refresh(ARRAY(SELECT n.organization_id FROM new_rows n));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM organization_last_reach_refresh(ARRAY(SELECT o.organization_id FROM old_rows o));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM organization_last_reach_refresh(ARRAY(
            SELECT unnest(ARRAY[o.organization_id, n.organization_id])
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.organization_id, o.visited_on, o.status, o.approved_at)
                   IS DISTINCT FROM (n.organization_id, n.visited_on, n.status, n.approved_at)));
        ELSE
          PERFORM organization_last_reach_rebuild();
        END IF;
        RETURN NULL;
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION seminar_participants_last_reach() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM organization_last_reach_refresh(ARRAY(SELECT n.organization_id FROM new_rows n));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM organization_last_reach_refresh(ARRAY(SELECT o.organization_id FROM old_rows o));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM organization_last_reach_refresh(ARRAY(
            SELECT unnest(ARRAY[o.organization_id, n.organization_id])
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.organization_id, o.seminar_id) IS DISTINCT FROM (n.organization_id, n.seminar_id)));
        ELSE
          PERFORM organization_last_reach_rebuild();
        END IF;
        RETURN NULL;
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION seminars_last_reach() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          PERFORM organization_last_reach_refresh(ARRAY(
            SELECT p.organization_id
              FROM old_rows o JOIN new_rows n ON n.id = o.id
              JOIN seminar_participants p ON p.seminar_id = n.id
             WHERE (o.held_on, o.created_at) IS DISTINCT FROM (n.held_on, n.created_at)));
        ELSE
          PERFORM organization_last_reach_rebuild();
        END IF;
        RETURN NULL;
      END
      $$`);

    for (const [table, fn] of [
      ['visits', 'visits_last_reach'],
      ['seminar_participants', 'seminar_participants_last_reach'],
    ]) {
      await queryRunner.query(`CREATE TRIGGER ${table}_last_reach_insert AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_last_reach_update AFTER UPDATE ON ${table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_last_reach_delete AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_last_reach_truncate AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
    await queryRunner.query(`CREATE TRIGGER seminars_last_reach_update AFTER UPDATE ON seminars
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION seminars_last_reach()`);
    await queryRunner.query(`CREATE TRIGGER seminars_last_reach_truncate AFTER TRUNCATE ON seminars
      FOR EACH STATEMENT EXECUTE FUNCTION seminars_last_reach()`);

    // Current rows (one per organization reached so far) and superseded ones, each read by coverage
    // with an index-only scan: coverage as of today reads only the first.
    await queryRunner.query(`CREATE UNIQUE INDEX ix_organization_last_reach_current ON organization_last_reach
      (organization_id) INCLUDE (valid_from, last_reached_on) WHERE valid_until IS NULL`);
    await queryRunner.query(`CREATE INDEX ix_organization_last_reach_superseded ON organization_last_reach
      (valid_until) INCLUDE (organization_id, valid_from, last_reached_on) WHERE valid_until IS NOT NULL`);

    await queryRunner.query(`SELECT organization_last_reach_rebuild()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER seminars_last_reach_truncate ON seminars`);
    await queryRunner.query(`DROP TRIGGER seminars_last_reach_update ON seminars`);
    for (const table of ['seminar_participants', 'visits']) {
      for (const op of ['truncate', 'delete', 'update', 'insert']) {
        await queryRunner.query(`DROP TRIGGER ${table}_last_reach_${op} ON ${table}`);
      }
    }
    await queryRunner.query(`DROP FUNCTION seminars_last_reach()`);
    await queryRunner.query(`DROP FUNCTION seminar_participants_last_reach()`);
    await queryRunner.query(`DROP FUNCTION visits_last_reach()`);
    await queryRunner.query(`DROP FUNCTION organization_last_reach_rebuild()`);
    await queryRunner.query(`DROP FUNCTION organization_last_reach_refresh(uuid[])`);
    await queryRunner.query(`DROP VIEW organization_last_reach_computed`);
    await queryRunner.query(`DROP INDEX ix_organization_last_reach_superseded`);
    await queryRunner.query(`DROP INDEX ix_organization_last_reach_current`);
    await queryRunner.query(`DELETE FROM organization_last_reach`);
  }
}
