import { scopeSql, stationScope } from '../../../../libs/auth/station-scope';
import type { RequestUser } from '../../../../libs/http/request-context';
import { visitVisibilitySql } from '../visits/visit-visibility';

export interface CalendarFilter {
  from: string;
  to: string;
  officerId?: string;
  /** today in Japan: seminars and meetings on or before it are `held` */
  today: string;
}

/**
 * Visit follow-ups have no station of their own (their visit has): those owned by one of the
 * station's users or by nobody, found through ix_visit_follow_ups_owner_status instead of every
 * follow-up due in the period; the visit's station is checked all the same.
 */
export function stationOwned(alias: string, params: unknown[], user: RequestUser): string {
  const station = `$${params.push(stationScope(user))}::uuid`;
  return `(${alias}.owner_id IS NULL OR ${alias}.owner_id = ANY (ARRAY(SELECT su.id FROM users su WHERE su.station_id = ${station})))`;
}

/** A visit's instant as the API writes it: ISO 8601 in Japanese time with its offset. */
const JST_ISO = (column: string) =>
  `to_char(${column} AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD"T"HH24:MI:SS"+09:00"')`;

/**
 * The calendar read model: one set-based statement (UNION ALL of four branches) over what the caller
 * may see. Reads (never writes): visits, visit_officers, organizations, visit_follow_ups (visits
 * feature), seminars (seminars), council_meetings, follow_ups (council), stations.
 *  - officers and managers: their station's visits (planned and recorded; not cancelled; drafts
 *    never submitted only for their creator and officers — the visits feature's visibility rule),
 *    seminars, council meetings, and the due dates of visit and council follow-ups (not dropped);
 *  - hq: seminars and council meetings of every station (titled with the station's name); no
 *    visits and no follow-ups — which firm a station will see when, and who owns which task, is the
 *    station's need-to-know, and staffing is not public;
 *  - `officerId`: visits that officer is on, seminars they recorded or speak at, follow-ups they own.
 * Exported for the benchmark, which runs the same SQL raw.
 */
export function calendarSql(user: RequestUser, f: CalendarFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const from = `$${params.push(f.from)}::date`;
  const to = `$${params.push(f.to)}::date`;
  const today = `$${params.push(f.today)}::date`;
  const hq = user.role === 'hq' || user.role === 'admin';
  const officer = f.officerId ? `$${params.push(f.officerId)}::uuid` : null;
  const branches: string[] = [];
  if (!hq) {
    const visible = visitVisibilitySql(user, 'v', params);
    branches.push(`
      SELECT 'visit' AS kind, v.id, o.name AS title, ${JST_ISO('v.visited_at')} AS start, NULL::text AS "end",
             v.visited_on AS day, false AS "allDay", v.status::text AS status, NULL::text AS source,
             v.station_id AS "stationId", 'visit' AS "linkType", v.id AS "linkId"
        FROM visits v JOIN organizations o ON o.id = v.organization_id
       WHERE v.visited_on BETWEEN ${from} AND ${to} AND v.status <> 'cancelled' AND ${visible}
         ${officer ? `AND EXISTS (SELECT 1 FROM visit_officers cvo WHERE cvo.visit_id = v.id AND cvo.user_id = ${officer})` : ''}`);
    const fvVisible = visitVisibilitySql(user, 'fv', params);
    branches.push(`
      SELECT 'follow_up', vf.id, vf.title, to_char(vf.due_on, 'YYYY-MM-DD'), NULL, vf.due_on, true,
             vf.status::text, 'visit', fv.station_id, 'visit', fv.id
        FROM visit_follow_ups vf JOIN visits fv ON fv.id = vf.visit_id
       WHERE vf.due_on BETWEEN ${from} AND ${to} AND vf.status <> 'dropped' AND fv.status <> 'cancelled'
         AND ${fvVisible} AND ${officer ? `vf.owner_id = ${officer}` : stationOwned('vf', params, user)}`);
    const cfScope = scopeSql(user, 'cf.station_id', params);
    branches.push(`
      SELECT 'follow_up', cf.id, cf.title, to_char(cf.due_on, 'YYYY-MM-DD'), NULL, cf.due_on, true,
             cf.status::text, 'council', cf.station_id, 'follow_up', cf.id
        FROM follow_ups cf
       WHERE cf.due_on BETWEEN ${from} AND ${to} AND cf.status <> 'dropped' AND ${cfScope}
         ${officer ? `AND cf.owner_id = ${officer}` : ''}`);
  }
  const sScope = scopeSql(user, 's.station_id', params);
  const stationPrefix = (alias: string) => (hq ? `${alias}.name || ' ' || ` : '');
  branches.push(`
      SELECT 'seminar', s.id, ${stationPrefix('sst')}s.title, to_char(s.held_on, 'YYYY-MM-DD'), NULL::text, s.held_on, true,
             CASE WHEN s.held_on <= ${today} THEN 'held' ELSE 'scheduled' END, NULL::text, s.station_id, 'seminar', s.id
        FROM seminars s ${hq ? 'JOIN stations sst ON sst.id = s.station_id' : ''}
       WHERE s.held_on BETWEEN ${from} AND ${to} AND ${sScope}
         ${officer ? `AND (s.created_by = ${officer} OR s.speakers @> jsonb_build_array(jsonb_build_object('userId', ${officer}::text)))` : ''}`);
  if (!officer) {
    const mScope = scopeSql(user, 'm.station_id', params);
    branches.push(`
      SELECT 'meeting', m.id, ${hq ? `mst.name || ' 協議会'` : `'警察署協議会'`}, to_char(m.held_on, 'YYYY-MM-DD'), NULL,
             m.held_on, true, CASE WHEN m.held_on <= ${today} THEN 'held' ELSE 'scheduled' END, NULL,
             m.station_id, 'meeting', m.id
        FROM council_meetings m ${hq ? 'JOIN stations mst ON mst.id = m.station_id' : ''}
       WHERE m.held_on BETWEEN ${from} AND ${to} AND ${mScope}`);
  }
  const sql = `SELECT kind, id, title, start, "end", to_char(day, 'YYYY-MM-DD') AS date, "allDay", status, source,
         "stationId", "linkType", "linkId"
    FROM (${branches.join('\n      UNION ALL')})
         c (kind, id, title, start, "end", day, "allDay", status, source, "stationId", "linkType", "linkId")
   ORDER BY day, "allDay" DESC, start, kind, title, id`;
  return { sql, params };
}
