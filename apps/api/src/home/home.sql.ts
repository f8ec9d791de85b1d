/**
 * The home screen's statements, one per section, each set-based and limited to the caller's
 * station (officers, managers) or across stations (hq, admin). Exported for the benchmark, which
 * runs the same SQL raw. Reads (never writes): visits, visit_officers, visit_follow_ups,
 * organizations (visits/organizations features), follow_ups (council), notifications
 * (notifications), stations, users, audit_events (admin, auth).
 */
export interface Statement {
  sql: string;
  params: unknown[];
}

const JST_ISO = (column: string) =>
  `to_char(${column} AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"')`;

const VISIT_COLUMNS = `v.id, v.organization_id AS "organizationId", o.name AS "organizationName",
       ${JST_ISO('v.visited_at')} AS "visitedAt", to_char(v.visited_on, 'YYYY-MM-DD') AS "visitedOn", v.status`;

/** A page of visits (`inner`: id, sort keys, total), with the organizations' names joined to that page only. */
const visitPage = (inner: string, order: string, extra = '') => `WITH page AS (${inner})
     SELECT ${VISIT_COLUMNS}${extra}, page.total
       FROM page JOIN visits v ON v.id = page.id JOIN organizations o ON o.id = v.organization_id
      ORDER BY ${order}`;

/** My planned visits from 30 days ago to six days ahead (past ones: not yet recorded). */
export function plannedVisitsSql(stationId: string, userId: string, today: string): Statement {
  return {
    sql: `SELECT ${VISIT_COLUMNS}
       FROM visits v JOIN organizations o ON o.id = v.organization_id
      WHERE v.station_id = $1 AND v.status = 'planned'
        AND v.visited_on BETWEEN $3::date - 30 AND $3::date + 6
        AND EXISTS (SELECT 1 FROM visit_officers x WHERE x.visit_id = v.id AND x.user_id = $2)
      ORDER BY v.visited_at, v.id
      LIMIT 100`,
    params: [stationId, userId, today],
  };
}

/**
 * Open or in-progress follow-ups (visit and council) of the station, overdue first, then by due
 * day: `ownerId` mine only; `overdueOnly` the manager's list. With the totals (window counts).
 */
export function tasksSql(
  stationId: string,
  today: string,
  options: { ownerId?: string; overdueOnly?: boolean; limit: number },
): Statement {
  const params: unknown[] = [stationId, today];
  const owner = options.ownerId ? `$${params.push(options.ownerId)}::uuid` : null;
  const due = options.overdueOnly ? `AND t.due_on < $2::date` : '';
  return {
    sql: `WITH t AS (
        SELECT vf.id, 'visit' AS source, vf.title, vf.due_on, vf.status, vf.owner_id, 'visit' AS link_type, fv.id AS link_id
          FROM visit_follow_ups vf JOIN visits fv ON fv.id = vf.visit_id
         WHERE fv.station_id = $1 AND vf.status IN ('open', 'in_progress') AND fv.status <> 'cancelled'
           AND ${owner ? `vf.owner_id = ${owner}` : `(vf.owner_id IS NULL OR vf.owner_id = ANY (ARRAY(SELECT su.id FROM users su WHERE su.station_id = $1)))`}
        UNION ALL
        SELECT cf.id, 'council', cf.title, cf.due_on, cf.status, cf.owner_id, 'follow_up', cf.id
          FROM follow_ups cf
         WHERE cf.station_id = $1 AND cf.status IN ('open', 'in_progress') ${owner ? `AND cf.owner_id = ${owner}` : ''}
      )
      , page AS (
        SELECT t.*, count(*) OVER ()::int AS total, count(*) FILTER (WHERE t.due_on < $2::date) OVER ()::int AS overdue_total
          FROM t
         WHERE TRUE ${due}
         ORDER BY (t.due_on < $2::date) DESC NULLS LAST, t.due_on NULLS LAST, t.title, t.id
         LIMIT $${params.push(options.limit)}
      )
      SELECT p.id, p.source, p.title, to_char(p.due_on, 'YYYY-MM-DD') AS "dueOn", p.status,
             COALESCE(p.due_on < $2::date, false) AS overdue, u.display_name AS "ownerName",
             p.link_type AS "linkType", p.link_id AS "linkId", p.total, p.overdue_total AS "overdueTotal"
        FROM page p LEFT JOIN users u ON u.id = p.owner_id
       ORDER BY (p.due_on < $2::date) DESC NULLS LAST, p.due_on NULLS LAST, p.title, p.id`,
    params,
  };
}

/** My returned visits (first) and drafts: created by me or with me among the officers. */
export function myVisitsSql(stationId: string, userId: string, limit: number): Statement {
  return {
    sql: visitPage(
      `SELECT v.id, count(*) OVER ()::int AS total
         FROM visits v
        WHERE v.station_id = $1 AND v.status IN ('returned', 'draft')
          AND (v.created_by = $2 OR EXISTS (SELECT 1 FROM visit_officers x WHERE x.visit_id = v.id AND x.user_id = $2))
        ORDER BY (v.status = 'returned') DESC, v.updated_at DESC, v.id
        LIMIT $3`,
      `(v.status = 'returned') DESC, v.updated_at DESC, v.id`,
      `, v.return_reason AS "returnReason"`,
    ),
    params: [stationId, userId, limit],
  };
}

/** My newest notifications and my unread count (the notifications feature's table). */
export function notificationsSql(userId: string, limit: number): Statement {
  return {
    sql: `SELECT n.id, n.kind, n.title, n.link_type AS "linkType", n.link_id AS "linkId",
             ${JST_ISO('n.created_at')} AS "createdAt",
             CASE WHEN n.read_at IS NULL THEN NULL ELSE ${JST_ISO('n.read_at')} END AS "readAt",
             (SELECT count(*)::int FROM notifications u WHERE u.recipient_id = $1 AND u.read_at IS NULL) AS unread
        FROM notifications n
       WHERE n.recipient_id = $1
       ORDER BY n.created_at DESC, n.id
       LIMIT $2`,
    params: [userId, limit],
  };
}

/** Submitted visits of the station waiting for 決裁, oldest submission first. */
export function approvalQueueSql(stationId: string, limit: number): Statement {
  return {
    sql: visitPage(
      `SELECT v.id, count(*) OVER ()::int AS total
         FROM visits v
        WHERE v.station_id = $1 AND v.status = 'submitted'
        ORDER BY v.submitted_at, v.id
        LIMIT $2`,
      `v.submitted_at, v.id`,
      `, ${JST_ISO('v.submitted_at')} AS "submittedAt"`,
    ),
    params: [stationId, limit],
  };
}

/**
 * Per station: approved visits of the fiscal year so far (counted from the approved-only covering
 * index ix_visits_reach_window by the organization's station, no visit row read), open and overdue
 * council follow-ups.
 */
export function stationActivitySql(fiscalYearFrom: string, today: string): Statement {
  return {
    sql: `WITH v AS (
        SELECT o.station_id, count(*)::int AS n
          FROM visits rv JOIN organizations o ON o.id = rv.organization_id
         WHERE rv.status = 'approved' AND rv.visited_on BETWEEN $1::date AND $2::date
         GROUP BY o.station_id
      ),
      f AS (
        SELECT f.station_id, count(*)::int AS open, count(*) FILTER (WHERE f.due_on < $2::date)::int AS overdue
          FROM follow_ups f WHERE f.status IN ('open', 'in_progress')
         GROUP BY f.station_id
      )
      SELECT st.id AS "stationId", st.code, st.name, COALESCE(v.n, 0) AS "visitsThisFiscalYear",
             COALESCE(f.open, 0) AS "openCouncilFollowUps", COALESCE(f.overdue, 0) AS "overdueCouncilFollowUps"
        FROM stations st LEFT JOIN v ON v.station_id = st.id LEFT JOIN f ON f.station_id = st.id
       ORDER BY st.code`,
    params: [fiscalYearFrom, today],
  };
}

/** Users with a one-time password not changed yet: expired past `days`, else pending. */
export function passwordUsersSql(days: number): Statement {
  return {
    sql: `SELECT u.id, u.username, u.display_name AS "displayName", u.role, st.name AS "stationName",
             CASE WHEN COALESCE(u.password_changed_at, u.created_at) < now() - make_interval(days => $1)
                  THEN 'expired' ELSE 'pending' END AS state,
             ${JST_ISO('COALESCE(u.password_changed_at, u.created_at)')} AS since
        FROM users u LEFT JOIN stations st ON st.id = u.station_id
       WHERE u.must_change_password AND NOT u.disabled
       ORDER BY COALESCE(u.password_changed_at, u.created_at), u.username
       LIMIT 50`,
    params: [days],
  };
}

/** Failed logins of the last seven days (newest 20) and the count of the last 24 hours. */
export function failedLoginsSql(): Statement {
  return {
    sql: `WITH f AS (
        SELECT a.occurred_at, a.changes, a.client_ip
          FROM audit_events a
         WHERE a.action = 'auth.login_failed' AND a.occurred_at > now() - interval '7 days'
      )
      SELECT ${JST_ISO('f.occurred_at')} AS "occurredAt", f.changes ->> 'username' AS username,
             f.changes ->> 'reason' AS reason, f.client_ip AS "clientIp",
             (SELECT count(*)::int FROM f f2 WHERE f2.occurred_at > now() - interval '24 hours') AS "last24h"
        FROM f
       ORDER BY f.occurred_at DESC
       LIMIT 20`,
    params: [],
  };
}

/**
 * The station's coverage at several days in one statement (the manager's trend): the coverage
 * feature's definition (coverage.sql.ts: active targets created by the day; the
 * organization_last_reach row valid that day; reached when day − last ≤ the tier's cadence), read
 * once for all the days instead of once per day. The e2e test checks it against GET /coverage.
 */
export function coverageTrendSql(
  stationId: string,
  days: string[],
  dayEnds: Date[],
  cadence: { A: number; B: number; C: number },
): Statement {
  return {
    sql: `WITH days AS (
        SELECT x.d, x.e FROM unnest($2::date[], $3::timestamptz[]) AS x (d, e)
      ),
      orgs AS (
        SELECT o.id, o.created_at, CASE o.tier WHEN 'A' THEN $4::int WHEN 'B' THEN $5::int ELSE $6::int END AS cadence
          FROM organizations o
         WHERE o.station_id = $1 AND o.status = 'active' AND o.tier IS NOT NULL
      ),
      -- current rows (one index-only lookup per organization) and those superseded after the first day
      reach AS (
        SELECT o.id AS organization_id, c.valid_from, NULL::date AS valid_until, c.last_reached_on
          FROM orgs o
          CROSS JOIN LATERAL (
            SELECT h.valid_from, h.last_reached_on FROM organization_last_reach h
             WHERE h.organization_id = o.id AND h.valid_until IS NULL
             LIMIT 1) c
        UNION ALL
        SELECT h.organization_id, h.valid_from, h.valid_until, h.last_reached_on
          FROM organization_last_reach h JOIN orgs o ON o.id = h.organization_id
         WHERE h.valid_until IS NOT NULL AND h.valid_until > $7::date
      ),
      hit AS (
        SELECT d.d, r.organization_id, r.last_reached_on
          FROM reach r JOIN days d ON r.valid_from <= d.d AND (r.valid_until IS NULL OR r.valid_until > d.d)
      )
      SELECT to_char(d.d, 'YYYY-MM-DD') AS "asOf", count(*)::int AS organizations,
             count(*) FILTER (WHERE d.d - h.last_reached_on <= o.cadence)::int AS reached
        FROM days d JOIN orgs o ON o.created_at < d.e
        LEFT JOIN hit h ON h.d = d.d AND h.organization_id = o.id
       GROUP BY d.d
       ORDER BY d.d`,
    params: [
      stationId,
      days,
      dayEnds,
      cadence.A,
      cadence.B,
      cadence.C,
      days.reduce((a, b) => (a < b ? a : b)),
    ],
  };
}
