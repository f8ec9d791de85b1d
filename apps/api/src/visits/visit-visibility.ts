import type { RequestUser } from '../../../../libs/http/request-context';
import type { VisitStatus } from './entities/visit.entity';

const NO_STATION = '00000000-0000-0000-0000-000000000000';

/**
 * Which visits a user may see, as a SQL condition on the visits alias `v`:
 * - officers and managers: their station's visits, except drafts that were never submitted, which
 *   only their creator and listed officers see (a reopened visit, submitted before, stays visible);
 * - planned and cancelled visits: the whole station (plans are shared), not hq;
 * - hq: every station, but no drafts and no plans;
 * - admin: none (routes refuse admins anyway).
 * Shared by the visit list, the visit detail, follow-ups and the organization timeline.
 * A station's visit hidden from a station user is always a draft never submitted: visibleVisitRowSql
 * relies on that (keep the two in step).
 */
export function visitVisibilitySql(user: RequestUser, alias: string, params: unknown[]): string {
  switch (user.role) {
    case 'officer':
    case 'manager': {
      const station = `$${params.push(user.stationId ?? NO_STATION)}`;
      const me = `$${params.push(user.id)}`;
      return `(${alias}.station_id = ${station} AND (${alias}.status <> 'draft' OR ${alias}.submitted_at IS NOT NULL
        OR ${alias}.created_by = ${me}
        OR EXISTS (SELECT 1 FROM visit_officers vis_o WHERE vis_o.visit_id = ${alias}.id AND vis_o.user_id = ${me})))`;
    }
    case 'hq':
      return `${alias}.status NOT IN ('draft', 'planned', 'cancelled')`;
    case 'admin':
      return 'FALSE';
  }
}

/**
 * The same rule for rows that belong to a visit and carry its station (visit_follow_ups: its
 * `station_id` is its visit's, by foreign key), as a condition on the row alias `alias` (with
 * `visit_id` and `station_id`). A station user's rows are found by their own station column, and only
 * the station's visits that may be hidden are looked at: drafts never submitted (the only ones
 * visitVisibilitySql can refuse a station user) and visits of an `exclude`d status. So a list of a
 * station's follow-ups reads its own index instead of joining every visit of the station.
 * `exclude`: visit statuses whose rows are left out even when the visit is visible (tasks: cancelled).
 */
export function visibleVisitRowSql(
  user: RequestUser,
  alias: string,
  params: unknown[],
  exclude: readonly VisitStatus[] = [],
): string {
  const excluded = exclude.length > 0 ? `$${params.push([...exclude])}::text[]` : null;
  switch (user.role) {
    case 'officer':
    case 'manager': {
      const station = `$${params.push(user.stationId ?? NO_STATION)}`;
      const candidates = `((hid.status = 'draft' AND hid.submitted_at IS NULL)${excluded ? ` OR hid.status = ANY(${excluded})` : ''})`;
      const kept = `${visitVisibilitySql(user, 'hid', params)}${excluded ? ` AND hid.status <> ALL(${excluded})` : ''}`;
      return `(${alias}.station_id = ${station} AND NOT EXISTS (SELECT 1 FROM visits hid
        WHERE hid.id = ${alias}.visit_id AND hid.station_id = ${station} AND ${candidates} AND NOT (${kept})))`;
    }
    case 'hq':
      return `EXISTS (SELECT 1 FROM visits hid WHERE hid.id = ${alias}.visit_id AND ${visitVisibilitySql(user, 'hid', params)}${
        excluded ? ` AND hid.status <> ALL(${excluded})` : ''
      })`;
    case 'admin':
      return 'FALSE';
  }
}
