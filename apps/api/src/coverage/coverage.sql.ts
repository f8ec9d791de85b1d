import { addDays, jstStartOfDay } from '../../../../libs/japanese/jst';

export interface Cadence {
  A: number;
  B: number;
  C: number;
}

export interface CoverageCteOptions {
  /** The day the picture is taken ('YYYY-MM-DD', a day in Japan). */
  asOf: string;
  cadence: Cadence;
  /** Extra conditions on `o` (organizations), already parameterised into `params`; 'TRUE' for all. */
  organizationWhere: string;
}

/** The instant the day after `asOf` starts in Japan: records made before it count for `asOf`. */
export function endOfJstDay(day: string): Date {
  return jstStartOfDay(addDays(day, 1));
}

/**
 * The one coverage definition, as CTEs to put after `WITH`:
 *  - `cov_orgs`: active targets (a tier; candidates, tier NULL, are not counted) created on or
 *    before `asOf`;
 *  - `cov_reach`: each one's last reach known on `asOf`: the organization_last_reach row valid that
 *    day (kept by triggers from organization_reach_events, the one definition of "reached"; a reach
 *    counts from the later of its day and the day it was recorded in Japan, so records approved
 *    after `asOf` do not count back). The current rows, or superseded ones still valid on `asOf`,
 *    each read with an index-only scan;
 *  - `cov`: one row per organization with `last_on`, `next_due_on`, `days_overdue` and `state`
 *    (reached: asOf − last ≤ the tier's cadence; overdue: reached longer ago; never).
 * Set-based: one row read per organization, no aggregation of events, no per-row work in the app.
 */
/**
 * Candidates (tier NULL) counted the way cov_orgs counts targets (active, created on or before
 * `asOf`): the `/coverage` totals show them beside the figures, never in them.
 */
export function candidatesSql(
  params: unknown[],
  options: { asOf: string; organizationWhere: string },
): string {
  const end = `$${params.push(endOfJstDay(options.asOf))}::timestamptz`;
  return `SELECT count(*)::int AS candidates FROM organizations o
           WHERE o.status = 'active' AND o.tier IS NULL AND o.created_at < ${end} AND (${options.organizationWhere})`;
}

export function coverageCtes(params: unknown[], options: CoverageCteOptions): string {
  const asOf = `$${params.push(options.asOf)}::date`;
  const end = `$${params.push(endOfJstDay(options.asOf))}::timestamptz`;
  const a = `$${params.push(options.cadence.A)}::int`;
  const b = `$${params.push(options.cadence.B)}::int`;
  const c = `$${params.push(options.cadence.C)}::int`;
  return `
  cov_orgs AS (
    SELECT o.id, o.station_id, o.tier, o.sector, o.municipality_code, o.municipality_name, o.name,
           o.corporate_number, o.sort_key,
           CASE o.tier WHEN 'A' THEN ${a} WHEN 'B' THEN ${b} ELSE ${c} END AS cadence
      FROM organizations o
     WHERE o.status = 'active' AND o.tier IS NOT NULL AND o.created_at < ${end} AND (${options.organizationWhere})
  ),
  cov_reach AS (
    SELECT h.organization_id, h.last_reached_on
      FROM organization_last_reach h
     WHERE h.valid_until IS NULL AND h.valid_from <= ${asOf}
    UNION ALL
    SELECT h.organization_id, h.last_reached_on
      FROM organization_last_reach h
     WHERE h.valid_until IS NOT NULL AND h.valid_until > ${asOf} AND h.valid_from <= ${asOf}
  ),
  cov AS (
    SELECT o.*, r.last_reached_on AS last_on, r.last_reached_on + o.cadence AS next_due_on,
           (${asOf} - r.last_reached_on) - o.cadence AS days_overdue,
           CASE WHEN r.last_reached_on IS NULL THEN 'never'
                WHEN ${asOf} - r.last_reached_on <= o.cadence THEN 'reached'
                ELSE 'overdue' END AS state
      FROM cov_orgs o LEFT JOIN cov_reach r ON r.organization_id = o.id
  )`;
}
