import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface WorkloadOfficerRow {
  userId: string;
  displayName: string;
  role: 'officer' | 'manager';
  disabled: boolean;
  visits: number;
  approvedVisits: number;
  seminars: number;
  openFollowUps: number;
  overdueFollowUps: number;
}

/**
 * The workload read model. Reads (never writes): users, visits, visit_officers, visit_follow_ups
 * (visits feature), seminars (seminars feature), follow_ups (council feature). Everything is
 * limited to one station, set-based, one statement per answer.
 */
@Injectable()
export class WorkloadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async perOfficer(
    stationId: string,
    from: string,
    to: string,
    today: string,
  ): Promise<WorkloadOfficerRow[]> {
    return this.dataSource.query(
      `WITH v AS (
         SELECT vo.user_id, count(*)::int AS visits, count(*) FILTER (WHERE v.status = 'approved')::int AS approved
           FROM visits v JOIN visit_officers vo ON vo.visit_id = v.id
          WHERE v.station_id = $1 AND v.visited_on BETWEEN $2::date AND $3::date AND v.submitted_at IS NOT NULL
          GROUP BY vo.user_id),
       s AS (
         SELECT s.created_by AS user_id, count(*)::int AS seminars
           FROM seminars s WHERE s.station_id = $1 AND s.held_on BETWEEN $2::date AND $3::date
          GROUP BY s.created_by),
       f AS (
         SELECT owner_id AS user_id, count(*)::int AS open, count(*) FILTER (WHERE due_on < $4::date)::int AS overdue
           FROM (SELECT vf.owner_id, vf.due_on FROM visit_follow_ups vf JOIN visits fv ON fv.id = vf.visit_id
                  WHERE fv.station_id = $1 AND vf.status IN ('open', 'in_progress') AND vf.owner_id IS NOT NULL
                 UNION ALL
                 SELECT cf.owner_id, cf.due_on FROM follow_ups cf
                  WHERE cf.station_id = $1 AND cf.status IN ('open', 'in_progress') AND cf.owner_id IS NOT NULL) x
          GROUP BY owner_id)
       SELECT u.id AS "userId", u.display_name AS "displayName", u.role, u.disabled,
              COALESCE(v.visits, 0) AS visits, COALESCE(v.approved, 0) AS "approvedVisits",
              COALESCE(s.seminars, 0) AS seminars, COALESCE(f.open, 0) AS "openFollowUps",
              COALESCE(f.overdue, 0) AS "overdueFollowUps"
         FROM users u
         LEFT JOIN v ON v.user_id = u.id LEFT JOIN s ON s.user_id = u.id LEFT JOIN f ON f.user_id = u.id
        WHERE u.station_id = $1 AND u.role IN ('officer', 'manager')
          AND (NOT u.disabled OR v.user_id IS NOT NULL OR s.user_id IS NOT NULL OR f.user_id IS NOT NULL)
        ORDER BY u.display_name, u.id`,
      [stationId, from, to, today],
    );
  }

  /** Visits and seminars of the period counted once each (a joint visit is one visit). */
  async totals(
    stationId: string,
    from: string,
    to: string,
  ): Promise<{ visits: number; approvedVisits: number; seminars: number }> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM visits v WHERE v.station_id = $1 AND v.visited_on BETWEEN $2::date AND $3::date
                 AND v.submitted_at IS NOT NULL) AS visits,
              (SELECT count(*)::int FROM visits v WHERE v.station_id = $1 AND v.visited_on BETWEEN $2::date AND $3::date
                 AND v.status = 'approved') AS "approvedVisits",
              (SELECT count(*)::int FROM seminars s WHERE s.station_id = $1
                 AND s.held_on BETWEEN $2::date AND $3::date) AS seminars`,
      [stationId, from, to],
    );
    return row;
  }
}
