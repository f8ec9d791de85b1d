import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { stationScope } from '../../../../libs/auth/station-scope';
import type { RequestUser } from '../../../../libs/http/request-context';
import { toJstIsoString } from '../../../../libs/japanese/jst';
import { visibleVisitRowSql } from '../visits/visit-visibility';
import type { TaskDto, TaskStatus, TaskStatusFilter } from './dto/task.dto';

export interface TaskFilter {
  mine: boolean;
  status: TaskStatusFilter;
  overdueBefore?: string;
  today: string;
}

const NO_STATION = '00000000-0000-0000-0000-000000000000';

/**
 * Reads visit_follow_ups (visits' table; only visits the caller may see and not cancelled:
 * visit-visibility.ts) and follow_ups (the council's table; the caller's station), with users for the
 * owner's name, in one UNION query, overdue first, then by due date. Both halves are found by their
 * own station column (visit_follow_ups.station_id is its visit's), from the station's indexes of open
 * and in-progress follow-ups; visits, organizations and meetings are joined for the page's rows only.
 */
@Injectable()
export class TasksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    user: RequestUser,
    filter: TaskFilter,
    limit: number,
    offset: number,
  ): Promise<{ items: TaskDto[]; total: number }> {
    const params: unknown[] = [];
    const visitWhere = [visibleVisitRowSql(user, 'f', params, ['cancelled'])];
    const councilWhere = [`f.station_id = $${params.push(stationScope(user) ?? NO_STATION)}`];
    const common: string[] = [];
    if (filter.mine) common.push(`f.owner_id = $${params.push(user.id)}`);
    if (filter.status === 'active') common.push(`f.status IN ('open', 'in_progress')`);
    else if (filter.status !== 'all')
      common.push(`f.status = $${params.push(filter.status satisfies TaskStatus)}`);
    // (the open ones' condition once: twice, the planner squares its selectivity and misjudges the plan)
    if (filter.overdueBefore)
      common.push(
        `f.due_on < $${params.push(filter.overdueBefore)}::date${filter.status === 'active' ? '' : ` AND f.status IN ('open', 'in_progress')`}`,
      );
    const today = `$${params.push(filter.today)}::date`;
    const rows: (TaskDto & { total: number; linkType: TaskDto['link']['type']; linkId: string })[] =
      await this.dataSource.query(
        `WITH t AS (
           SELECT f.id, 'visit' AS source, f.due_on, f.status, f.visit_id AS link_id, NULL::uuid AS meeting_id
             FROM visit_follow_ups f
            WHERE ${[...visitWhere, ...common].join(' AND ')}
           UNION ALL
           SELECT f.id, 'council', f.due_on, f.status, i.meeting_id, i.meeting_id
             FROM follow_ups f JOIN council_items i ON i.id = f.council_item_id
            WHERE ${[...councilWhere, ...common].join(' AND ')}
         ), page AS (
           -- ordered and cut on the keys alone; the page's rows only are joined for their fields
           SELECT t.*, (COALESCE(t.due_on < ${today}, false) AND t.status IN ('open', 'in_progress')) AS overdue,
                  count(*) OVER ()::int AS total
             FROM t
            ORDER BY overdue DESC, t.due_on ASC NULLS LAST, t.id ASC
            LIMIT $${params.length + 1} OFFSET $${params.length + 2}
         )
         SELECT p.id, p.source, COALESCE(vf.title, cf.title) AS title, p.due_on::text AS "dueOn", p.status,
                CASE p.source WHEN 'visit' THEN 'visit' ELSE 'meeting' END AS "linkType", p.link_id AS "linkId",
                p.overdue, COALESCE(vf.owner_id, cf.owner_id) AS "ownerId", u.display_name AS "ownerName",
                o.name AS "organizationName", m.held_on::text AS "meetingHeldOn",
                COALESCE(vf.version, cf.version) AS version, COALESCE(vf.result, cf.result) AS result,
                COALESCE(vf.closed_at, cf.closed_at) AS "closedAt", p.total
           FROM page p
           LEFT JOIN visit_follow_ups vf ON p.source = 'visit' AND vf.id = p.id
           LEFT JOIN follow_ups cf ON p.source = 'council' AND cf.id = p.id
           LEFT JOIN visits v ON p.source = 'visit' AND v.id = p.link_id
           LEFT JOIN organizations o ON o.id = v.organization_id
           LEFT JOIN council_meetings m ON m.id = p.meeting_id
           LEFT JOIN users u ON u.id = COALESCE(vf.owner_id, cf.owner_id)
          ORDER BY p.overdue DESC, p.due_on ASC NULLS LAST, p.id ASC`,
        [...params, limit, offset],
      );
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && offset > 0) {
      // past the last page: the total still counts (same query without its rows)
      const again = await this.list(user, filter, 1, 0);
      total = again.total;
    }
    return {
      items: rows.map(({ total: _total, linkType, linkId, closedAt, ...r }) => ({
        ...r,
        closedAt: closedAt ? toJstIsoString(new Date(closedAt)) : null,
        link: { type: linkType, id: linkId },
      })),
      total,
    };
  }
}
