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
           ${owner ? `AND vf.owner_id = ${owner}` : ''}
        UNION ALL
        SELECT cf.id, 'council', cf.title, cf.due_on, cf.status, cf.owner_id, 'follow_up', cf.id
          FROM follow_ups cf
         WHERE cf.station_id = $1 AND cf.status IN ('open', 'in_progress') ${owner ? `AND cf.owner_id = ${owner}` : ''}
      )
      SELECT t.id, t.source, t.title, to_char(t.due_on, 'YYYY-MM-DD') AS "dueOn", t.status,
             COALESCE(t.due_on < $2::date, false) AS overdue, u.display_name AS "ownerName",
             t.link_type AS "linkType", t.link_id AS "linkId",
             count(*) OVER ()::int AS total, count(*) FILTER (WHERE t.due_on < $2::date) OVER ()::int AS "overdueTotal"
        FROM t LEFT JOIN users u ON u.id = t.owner_id
       WHERE TRUE ${due}
       ORDER BY (t.due_on < $2::date) DESC NULLS LAST, t.due_on NULLS LAST, t.title, t.id
       LIMIT $${params.push(options.limit)}`,
    params,
  };
}

/** My returned visits (first) and drafts: created by me or with me among the officers. */
export function myVisitsSql(stationId: string, userId: string, limit: number): Statement {
  return {
    sql: `SELECT ${VISIT_COLUMNS}, v.return_reason AS "returnReason", count(*) OVER ()::int AS total
       FROM visits v JOIN organizations o ON o.id = v.organization_id
      WHERE v.station_id = $1 AND v.status IN ('returned', 'draft')
        AND (v.created_by = $2 OR EXISTS (SELECT 1 FROM visit_officers x WHERE x.visit_id = v.id AND x.user_id = $2))
      ORDER BY (v.status = 'returned') DESC, v.updated_at DESC, v.id
      LIMIT $3`,
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
    sql: `SELECT ${VISIT_COLUMNS}, ${JST_ISO('v.submitted_at')} AS "submittedAt", count(*) OVER ()::int AS total
       FROM visits v JOIN organizations o ON o.id = v.organization_id
      WHERE v.station_id = $1 AND v.status = 'submitted'
      ORDER BY v.submitted_at, v.id
      LIMIT $2`,
    params: [stationId, limit],
  };
}

/** Per station: approved visits of the fiscal year so far, open and overdue council follow-ups. */
export function stationActivitySql(fiscalYearFrom: string, today: string): Statement {
  return {
    sql: `SELECT st.id AS "stationId", st.code, st.name,
             (SELECT count(*)::int FROM visits v
               WHERE v.station_id = st.id AND v.status = 'approved' AND v.visited_on BETWEEN $1::date AND $2::date)
               AS "visitsThisFiscalYear",
             (SELECT count(*)::int FROM follow_ups f
               WHERE f.station_id = st.id AND f.status IN ('open', 'in_progress')) AS "openCouncilFollowUps",
             (SELECT count(*)::int FROM follow_ups f
               WHERE f.station_id = st.id AND f.status IN ('open', 'in_progress') AND f.due_on < $2::date)
               AS "overdueCouncilFollowUps"
        FROM stations st
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
