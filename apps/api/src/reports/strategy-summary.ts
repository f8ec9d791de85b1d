import type { EntityManager } from 'typeorm';
import type { TaskSectorRow, TaskVisitRow } from './reports.repository';

/** The all-stations scope of the strategy figures (hq's prefecture-wide table). */
export const ALL_STATIONS_SCOPE = '00000000-0000-0000-0000-000000000000';

export interface TaskVisitFigures {
  totals: TaskVisitRow[];
  sectors: TaskSectorRow[];
  joint: TaskVisitRow[];
}

/** The first day of a day's month ('YYYY-MM-DD'). */
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/**
 * The strategy table's visit figures as of a day, from the figures kept ready by the triggers of
 * migrations/1801000000100-StrategyFigures.ts (what counts is defined there, by the view
 * `strategy_task_reach_computed`; ReportsRepository.taskVisits is the same computed live, the
 * oracle). One statement reading a few thousand rows whatever the number of visits:
 * - the months before asOf's month from `strategy_task_months` (per task, sector and month: visits
 *   known, organizations first reached), asOf's own month from the day rows (`strategy_task_days`)
 *   and, for organizations, the reach rows first known in it up to asOf (`strategy_task_reach`, an
 *   index range): organizations stay distinct and exact, per sector, summed for the totals (an
 *   organization has one sector).
 * For a station, its own rows; for the prefecture (stationId null), the all-stations rows, where an
 * organization visited by two stations is one organization.
 */
export async function summaryTaskVisits(
  tx: EntityManager,
  taskIds: string[],
  asOf: string,
  stationId: string | null,
): Promise<TaskVisitFigures> {
  if (taskIds.length === 0) return { totals: [], sectors: [], joint: [] };
  const rows: {
    taskId: string;
    g: number;
    label: string | null;
    visits: number;
    organizations: number;
    jointVisits: number;
    jointOrganizations: number;
  }[] = await tx.query(
    `WITH m AS (
       SELECT m.task_id, m.sector, sum(m.organizations) AS o, sum(m.joint_organizations) AS j,
              sum(m.visits) AS v, sum(m.joint_visits) AS jv
         FROM strategy_task_months m
        WHERE m.scope_id = $1 AND m.task_id = ANY ($2::uuid[]) AND m.month < $4::date
        GROUP BY m.task_id, m.sector
     ), parts AS (
       SELECT m.task_id, m.sector, m.o, m.j FROM m
       UNION ALL
       SELECT r.task_id, r.sector,
              count(*) FILTER (WHERE r.first_on >= $4::date AND r.first_on <= $3::date),
              count(*) FILTER (WHERE r.joint_first_on >= $4::date AND r.joint_first_on <= $3::date)
         FROM strategy_task_reach r
        WHERE r.scope_id = $1 AND r.task_id = ANY ($2::uuid[])
          AND ((r.first_on >= $4::date AND r.first_on <= $3::date)
               OR (r.joint_first_on >= $4::date AND r.joint_first_on <= $3::date))
        GROUP BY r.task_id, r.sector
     ), s AS (
       SELECT p.task_id, p.sector, sum(p.o)::int AS o, sum(p.j)::int AS j FROM parts p GROUP BY p.task_id, p.sector
     ), v AS (
       SELECT x.task_id, sum(x.v)::int AS visits, sum(x.jv)::int AS joint
         FROM (SELECT m.task_id, m.v, m.jv FROM m
               UNION ALL
               SELECT d.task_id, d.visits, d.joint_visits
                 FROM strategy_task_days d
                WHERE d.scope_id = $1 AND d.task_id = ANY ($2::uuid[]) AND d.day >= $4::date AND d.day <= $3::date) x
        GROUP BY x.task_id
     ), t AS (
       SELECT s.task_id, sum(s.o)::int AS o, sum(s.j)::int AS j FROM s GROUP BY s.task_id
     )
     SELECT v.task_id AS "taskId", 1 AS g, NULL AS label, v.visits, COALESCE(t.o, 0) AS organizations,
            v.joint AS "jointVisits", COALESCE(t.j, 0) AS "jointOrganizations",
            0 AS o, NULL::int AS sort_order, NULL AS sector
       FROM v LEFT JOIN t ON t.task_id = v.task_id WHERE v.visits > 0
     UNION ALL
     SELECT s.task_id, 0, COALESCE(cl.label_ja, s.sector, '業種未設定'), 0, s.o, 0, s.j, s.o, cl.sort_order, s.sector
       FROM s LEFT JOIN code_list_items cl ON cl.kind = 'sector' AND cl.code = s.sector WHERE s.o > 0
     ORDER BY 1, 2 DESC, 8 DESC, 9 NULLS LAST, 10 NULLS LAST`,
    [stationId ?? ALL_STATIONS_SCOPE, taskIds, asOf, monthStart(asOf)],
  );
  return {
    totals: rows
      .filter((r) => r.g === 1)
      .map((r) => ({ taskId: r.taskId, visits: r.visits, organizations: r.organizations })),
    sectors: rows
      .filter((r) => r.g === 0)
      .map((r) => ({ taskId: r.taskId, label: r.label!, organizations: r.organizations })),
    joint: rows
      .filter((r) => r.g === 1 && r.jointVisits > 0)
      .map((r) => ({ taskId: r.taskId, visits: r.jointVisits, organizations: r.jointOrganizations })),
  };
}
