import { scopeSql, stationScope } from '../../../../libs/auth/station-scope';
import type { RequestUser } from '../../../../libs/http/request-context';
import { CoverageErrors } from './coverage.errors';

/**
 * The organizations a user may count: their station for officers and managers, every station (or
 * the one named by `stationId`) for hq and admin. A station user naming another station gets 404.
 * Returns a builder of the SQL condition on `o.station_id` (parameterised into the list given).
 */
export function organizationScope(
  user: RequestUser,
  stationId: string | undefined,
  column = 'o.station_id',
): (params: unknown[]) => string {
  const own = stationScope(user);
  if (own !== null && stationId && stationId !== own) throw CoverageErrors.stationNotFound();
  return (params) => {
    const base = scopeSql(user, column, params);
    if (own === null && stationId) return `${column} = $${params.push(stationId)}`;
    return base;
  };
}

/** The station the figures are about: the user's own, the one hq named, or null (all). */
export function scopedStationId(user: RequestUser, stationId: string | undefined): string | null {
  return stationScope(user) ?? stationId ?? null;
}
