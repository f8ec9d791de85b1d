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
  /** Extra conditions on `o` (organizations), already parameterised into `params`. */
  organizationWhere: string;
}

/** The instant the day after `asOf` starts in Japan: records made before it count for `asOf`. */
export function endOfJstDay(day: string): Date {
  return jstStartOfDay(addDays(day, 1));
}

/**
 * The one coverage definition, as CTEs to put after `WITH`:
 *  - `cov_orgs`: active organizations created on or before `asOf`;
 *  - `cov_last`: each one's last reach (organization_reach_events, the one definition of "reached")
 *    on or before `asOf` and recorded before the end of that day in Japan, so records approved
 *    later do not count back;
 *  - `cov`: one row per organization with `last_on`, `next_due_on`, `days_overdue` and `state`
 *    (reached: asOf − last ≤ the tier's cadence; overdue: reached longer ago; never).
 * Set-based: one hash aggregate over the reach events, no per-organization work in the app.
 */
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
     WHERE o.status = 'active' AND o.created_at < ${end} AND (${options.organizationWhere})
  ),
  cov_last AS (
    SELECT e.organization_id, max(e.reached_on) AS last_on
      FROM organization_reach_events e
     WHERE e.reached_on <= ${asOf} AND e.recorded_at < ${end}
       AND e.organization_id IN (SELECT id FROM cov_orgs)
     GROUP BY e.organization_id
  ),
  cov AS (
    SELECT o.*, l.last_on, l.last_on + o.cadence AS next_due_on,
           CASE WHEN l.last_on IS NULL THEN NULL ELSE (${asOf} - l.last_on) - o.cadence END AS days_overdue,
           CASE WHEN l.last_on IS NULL THEN 'never'
                WHEN ${asOf} - l.last_on <= o.cadence THEN 'reached'
                ELSE 'overdue' END AS state
      FROM cov_orgs o LEFT JOIN cov_last l ON l.organization_id = o.id
  )`;
}
