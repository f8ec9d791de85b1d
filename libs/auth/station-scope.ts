import type { RequestUser } from '../http/request-context';
import { CommonErrors } from '../http/domain-error';

/**
 * The station whose data a user may see: their own for officers and managers; `null` (every
 * station) for hq and admin. Every query of station data goes through this.
 */
export function stationScope(user: RequestUser): string | null {
  switch (user.role) {
    case 'officer':
    case 'manager':
      // A station user without a station sees nothing rather than everything.
      return user.stationId ?? '00000000-0000-0000-0000-000000000000';
    case 'hq':
    case 'admin':
      return null;
  }
}

/**
 * Adds the station condition to a parameter list and returns the SQL fragment for it:
 * `WHERE ${scopeSql(user, 'o.station_id', params)}`.
 */
export function scopeSql(user: RequestUser, column: string, params: unknown[]): string {
  const station = stationScope(user);
  if (station === null) return 'TRUE';
  params.push(station);
  return `${column} = $${params.length}`;
}

/** A record of another station is "not found", so its existence does not leak. */
export function assertInScope(
  user: RequestUser,
  recordStationId: string | null | undefined,
  entity: string,
): void {
  const station = stationScope(user);
  if (station !== null && recordStationId !== station) throw CommonErrors.notFound(entity);
}

/** The station a new record belongs to: the user's own; hq/admin must name one. */
export function stationForWrite(user: RequestUser, requested?: string | null): string {
  const station = stationScope(user);
  if (station !== null) {
    if (requested && requested !== station) throw CommonErrors.notFound('station');
    return station;
  }
  if (!requested)
    throw CommonErrors.invalid('stationId', 'stationId を指定してください (required for hq/admin)');
  return requested;
}
