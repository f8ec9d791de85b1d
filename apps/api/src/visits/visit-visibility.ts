import type { RequestUser } from '../../../../libs/http/request-context';

const NO_STATION = '00000000-0000-0000-0000-000000000000';

/**
 * Which visits a user may see, as a SQL condition on the visits alias `v`:
 * - officers and managers: their station's visits, except drafts that were never submitted, which
 *   only their creator and listed officers see (a reopened visit, submitted before, stays visible);
 * - planned and cancelled visits: the whole station (plans are shared), not hq;
 * - hq: every station, but no drafts and no plans;
 * - admin: none (routes refuse admins anyway).
 * Shared by the visit list, the visit detail, follow-ups and the organization timeline.
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
