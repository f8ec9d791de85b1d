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
  /**
   * Whether `last_on` must be exact for organizations not reached within the window (worklist,
   * exports). Grouped counts need only the state: an EXISTS probe is enough there.
   */
  exactLastOn?: boolean;
}

/** The instant the day after `asOf` starts in Japan: records made before it count for `asOf`. */
export function endOfJstDay(day: string): Date {
  return jstStartOfDay(addDays(day, 1));
}

/**
 * The one coverage definition, as CTEs to put after `WITH`:
 *  - `cov_orgs`: active organizations created on or before `asOf`;
 *  - `cov_recent`: each one's last reach (organization_reach_events, the one definition of
 *    "reached") within the longest cadence before `asOf`, recorded before the end of that day in
 *    Japan (records approved later do not count back). Only this window is aggregated: an
 *    organization reached in it has its last reach there, and one that was not is overdue or never
 *    reached whatever its tier;
 *  - `cov`: one row per organization with `last_on` (for those without a reach in the window,
 *    looked up by organization through the index; with exactLastOn false only its existence, and
 *    `last_on` is then a stand-in older than the window), `next_due_on`, `days_overdue` and `state`
 *    (reached: asOf − last ≤ the tier's cadence; overdue: reached longer ago; never).
 * Set-based: one aggregate over the window (index ix_visits_reach_window), no per-row work in the app.
 */
export function coverageCtes(params: unknown[], options: CoverageCteOptions): string {
  const asOf = `$${params.push(options.asOf)}::date`;
  const end = `$${params.push(endOfJstDay(options.asOf))}::timestamptz`;
  const a = `$${params.push(options.cadence.A)}::int`;
  const b = `$${params.push(options.cadence.B)}::int`;
  const c = `$${params.push(options.cadence.C)}::int`;
  const window = `$${params.push(Math.max(options.cadence.A, options.cadence.B, options.cadence.C))}::int`;
  // Every organization (hq): the LEFT JOIN below restricts already; a station: aggregate its own only.
  const restrict = options.organizationWhere === 'TRUE' ? '' : 'AND e.organization_id IN (SELECT id FROM cov_orgs)';
  // Organizations without a reach in the window: one index probe each, in a LATERAL join so that it
  // runs once per row (an expression would be repeated wherever last_on is used).
  const older = `FROM organization_reach_events e
              WHERE r.last_on IS NULL AND e.organization_id = o.id AND e.reached_on <= ${asOf} AND e.recorded_at < ${end}`;
  const olderJoin =
    options.exactLastOn === false
      ? `LEFT JOIN LATERAL (SELECT ${asOf} - ${window} - 1 AS last_on ${older} LIMIT 1) x ON TRUE`
      : `LEFT JOIN LATERAL (SELECT max(e.reached_on) AS last_on ${older}) x ON TRUE`;
  return `
  cov_orgs AS (
    SELECT o.id, o.station_id, o.tier, o.sector, o.municipality_code, o.municipality_name, o.name,
           o.corporate_number, o.sort_key,
           CASE o.tier WHEN 'A' THEN ${a} WHEN 'B' THEN ${b} ELSE ${c} END AS cadence
      FROM organizations o
     WHERE o.status = 'active' AND o.created_at < ${end} AND (${options.organizationWhere})
  ),
  cov_recent AS (
    SELECT e.organization_id, max(e.reached_on) AS last_on
      FROM organization_reach_events e
     WHERE e.reached_on <= ${asOf} AND e.reached_on >= ${asOf} - ${window} AND e.recorded_at < ${end}
       ${restrict}
     GROUP BY e.organization_id
  ),
  cov_last AS (
    SELECT o.*, COALESCE(r.last_on, x.last_on) AS last_on
      FROM cov_orgs o LEFT JOIN cov_recent r ON r.organization_id = o.id
      ${olderJoin}
  ),
  cov AS (
    SELECT l.*, l.last_on + l.cadence AS next_due_on,
           CASE WHEN l.last_on IS NULL THEN NULL ELSE (${asOf} - l.last_on) - l.cadence END AS days_overdue,
           CASE WHEN l.last_on IS NULL THEN 'never'
                WHEN ${asOf} - l.last_on <= l.cadence THEN 'reached'
                ELSE 'overdue' END AS state
      FROM cov_last l
  )`;
}
