import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { cappedCountSql, cappedTotal, LIST_COUNT_CAP } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import type { ContactRole } from '../organizations/entities/contact.entity';
import type { VisitFollowUpStatus } from './entities/visit-parts.entity';
import type { VisitApprovalAction } from './entities/visit-approval-event.entity';
import type { VisitFormat, VisitStatus } from './entities/visit.entity';
import { visibleVisitRowSql, visitVisibilitySql } from './visit-visibility';

export interface VisitRow {
  id: string;
  stationId: string;
  organizationId: string;
  organizationName: string;
  visitedAt: Date;
  visitedOn: string;
  format: VisitFormat;
  jointWith: string | null;
  jointPartnerIds: string[];
  topics: string[];
  materials: string[];
  summary: string;
  concernsRaised: string | null;
  status: VisitStatus;
  createdBy: string;
  submittedAt: Date | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  returnReason: string | null;
  purpose: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  officers: { id: string; displayName: string }[];
  attendees: { id: string; contactId: string | null; name: string | null; role: string }[];
  followUps: {
    id: string;
    title: string;
    dueOn: string | null;
    ownerId: string | null;
    status: VisitFollowUpStatus;
    result: string | null;
    closedAt: string | null;
    version: number;
  }[];
  councilItemIds: string[];
}

export interface ApprovalEventRow {
  id: string;
  action: VisitApprovalAction;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  comment: string | null;
}

export interface VisitListFilter {
  from?: string;
  to?: string;
  organizationId?: string;
  officerId?: string;
  status?: VisitStatus;
  topic?: string;
  mine?: boolean;
  awaitingMyApproval?: boolean;
}

export interface VisitColumns {
  stationId: string;
  organizationId: string;
  visitedAt: Date;
  visitedOn: string;
  format: VisitFormat;
  jointWith: string | null;
  topics: string[];
  materials: string[];
  summary: string;
  concernsRaised: string | null;
  createdBy: string;
  status: 'draft' | 'planned';
  purpose: string | null;
}

export interface AttendeeRow {
  contactId: string | null;
  name: string | null;
  role: string;
}

export interface FollowUpRow {
  id: string;
  title: string;
  dueOn: string | null;
  ownerId: string | null;
  status: VisitFollowUpStatus;
  result?: string | null;
}

/** A follow-up with what PATCH /visits/follow-ups/:id needs to check and audit. */
export interface FollowUpState {
  id: string;
  visitId: string;
  stationId: string;
  title: string;
  status: VisitFollowUpStatus;
  result: string | null;
  ownerId: string | null;
  version: number;
  visitCreatedBy: string;
  visitOfficerIds: string[];
}

export interface FollowUpListItem extends FollowUpRow {
  result: string | null;
  closedAt: Date | null;
  version: number;
  visitId: string;
  ownerName: string | null;
  organizationId: string;
  organizationName: string;
  visitedOn: string;
  visitStatus: VisitStatus;
}

/** One visit with its officers, attendees, follow-ups and council items, in one statement. */
const VISIT_SELECT = `
  SELECT v.id, v.station_id AS "stationId", v.organization_id AS "organizationId", o.name AS "organizationName",
         v.visited_at AS "visitedAt", v.visited_on::text AS "visitedOn", v.format, v.joint_with AS "jointWith",
         v.topics, v.materials, v.summary, v.concerns_raised AS "concernsRaised", v.status,
         v.created_by AS "createdBy", v.submitted_at AS "submittedAt", v.approved_at AS "approvedAt",
         v.approved_by AS "approvedBy", v.return_reason AS "returnReason", v.purpose,
         v.cancelled_at AS "cancelledAt", v.cancel_reason AS "cancelReason", v.created_at AS "createdAt",
         v.updated_at AS "updatedAt", v.version,
         COALESCE((SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name)
                                   ORDER BY u.display_name, u.id)
                     FROM visit_officers vo JOIN users u ON u.id = vo.user_id WHERE vo.visit_id = v.id), '[]'::json)
           AS officers,
         COALESCE((SELECT json_agg(json_build_object('id', a.id, 'contactId', a.contact_id,
                                   'name', COALESCE(c.name, a.name), 'role', a.role) ORDER BY a.position, a.id)
                     FROM visit_attendees a LEFT JOIN contacts c ON c.id = a.contact_id
                    WHERE a.visit_id = v.id), '[]'::json) AS attendees,
         COALESCE((SELECT json_agg(json_build_object('id', f.id, 'title', f.title, 'dueOn', f.due_on,
                                   'ownerId', f.owner_id, 'status', f.status, 'result', f.result,
                                   'closedAt', f.closed_at, 'version', f.version)
                                   ORDER BY f.due_on NULLS LAST, f.created_at, f.id)
                     FROM visit_follow_ups f WHERE f.visit_id = v.id), '[]'::json) AS "followUps",
         COALESCE((SELECT json_agg(vc.council_item_id ORDER BY vc.council_item_id)
                     FROM visit_council_items vc WHERE vc.visit_id = v.id), '[]'::json) AS "councilItemIds"
         , COALESCE((SELECT json_agg(jp.partner_id ORDER BY jp.partner_id)
                     FROM visit_joint_partners jp WHERE jp.visit_id = v.id), '[]'::json) AS "jointPartnerIds"
    FROM visits v
    JOIN organizations o ON o.id = v.organization_id`;

/** GET /visits counts at most this many matches (API.md: `total` stops at 10,000 with `totalCapped`). */
export const VISIT_COUNT_CAP = LIST_COUNT_CAP;

/** All SQL of outreach visits. */
@Injectable()
export class VisitsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    user: RequestUser,
    filter: VisitListFilter,
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: VisitRow[]; total: number; capped: boolean }> {
    const params: unknown[] = [];
    const where = [visitVisibilitySql(user, 'v', params)];
    if (filter.from) where.push(`v.visited_on >= $${params.push(filter.from)}::date`);
    if (filter.to) where.push(`v.visited_on <= $${params.push(filter.to)}::date`);
    if (filter.organizationId) where.push(`v.organization_id = $${params.push(filter.organizationId)}`);
    if (filter.status) where.push(`v.status = $${params.push(filter.status)}`);
    if (filter.topic) where.push(`$${params.push(filter.topic)} = ANY(v.topics)`);
    if (filter.officerId)
      where.push(
        `EXISTS (SELECT 1 FROM visit_officers fo WHERE fo.visit_id = v.id AND fo.user_id = $${params.push(filter.officerId)})`,
      );
    if (filter.mine)
      where.push(
        `EXISTS (SELECT 1 FROM visit_officers mo WHERE mo.visit_id = v.id AND mo.user_id = $${params.push(user.id)})`,
      );
    if (filter.awaitingMyApproval) {
      if (user.role === 'manager' && user.stationId)
        where.push(`v.status = 'submitted' AND v.station_id = $${params.push(user.stationId)}`);
      else where.push('FALSE');
    }
    const sqlWhere = where.join(' AND ');
    // The page and a count capped at VISIT_COUNT_CAP run at once (two pool connections). The page
    // walks ix_visits_station_visited_at (or ix_visits_visited_at for hq) from the top; the count
    // (the conditions are on visits only: no join) reads at most cap + 1 entries of the same
    // covering index. Counting a station's 50,000 visits exactly read every heap page of them.
    const [items, counted] = await Promise.all([
      this.dataSource.query<VisitRow[]>(
        `${VISIT_SELECT} WHERE ${sqlWhere} ORDER BY ${orderBy} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
      this.dataSource.query<{ total: number }[]>(cappedCountSql(`FROM visits v WHERE ${sqlWhere}`), params),
    ]);
    return { items, ...cappedTotal(counted[0].total) };
  }

  /** The visit if this user may see it. */
  async findVisible(manager: EntityManager, user: RequestUser, id: string): Promise<VisitRow | undefined> {
    const params: unknown[] = [id];
    const rows = await manager.query(
      `${VISIT_SELECT} WHERE v.id = $1 AND ${visitVisibilitySql(user, 'v', params)}`,
      params,
    );
    return rows[0];
  }

  /** Locks the visit row for an edit; answers its current status and version. */
  async lockForUpdate(
    manager: EntityManager,
    id: string,
  ): Promise<{ status: VisitStatus; version: number } | undefined> {
    const rows = await manager.query(`SELECT status, version FROM visits WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async currentState(
    manager: EntityManager,
    id: string,
  ): Promise<{ status: VisitStatus; version: number } | undefined> {
    const rows = await manager.query(`SELECT status, version FROM visits WHERE id = $1`, [id]);
    return rows[0];
  }

  async organizationInStation(manager: EntityManager, organizationId: string, stationId: string) {
    const rows = await manager.query(
      `SELECT 1 FROM organizations WHERE id = $1 AND station_id = $2 AND archived_at IS NULL`,
      [organizationId, stationId],
    );
    return rows.length > 0;
  }

  /** Of the given ids, those that are active officers or managers of the station. */
  async stationOfficers(manager: EntityManager, ids: string[], stationId: string): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM users WHERE id = ANY($1::uuid[]) AND station_id = $2 AND role IN ('officer', 'manager')
          AND NOT disabled`,
      [ids, stationId],
    );
    return new Set(rows.map((r) => r.id));
  }

  async activeTopics(manager: EntityManager, codes: string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows: { code: string }[] = await manager.query(
      `SELECT code FROM code_list_items WHERE kind = 'topic' AND active AND code = ANY($1::text[])`,
      [codes],
    );
    return new Set(rows.map((r) => r.code));
  }

  /** Of the given ids, the contacts of this organization, with their roles. */
  async contactsOfOrganization(
    manager: EntityManager,
    ids: string[],
    organizationId: string,
  ): Promise<Map<string, ContactRole>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; role: ContactRole }[] = await manager.query(
      `SELECT id, role FROM contacts WHERE id = ANY($1::uuid[]) AND organization_id = $2 AND archived_at IS NULL`,
      [ids, organizationId],
    );
    return new Map(rows.map((r) => [r.id, r.role]));
  }

  async councilItemsOfStation(
    manager: EntityManager,
    ids: string[],
    stationId: string,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM council_items WHERE id = ANY($1::uuid[]) AND station_id = $2`,
      [ids, stationId],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** New contacts of an organization (ids chosen by the caller), in one statement. */
  async insertContacts(
    manager: EntityManager,
    organizationId: string,
    stationId: string,
    contacts: { id: string; name: string; role: ContactRole }[],
  ): Promise<void> {
    if (contacts.length === 0) return;
    await manager.query(
      `INSERT INTO contacts (id, organization_id, station_id, name, role)
       SELECT c.id, $1, $2, c.name, c.role FROM unnest($3::uuid[], $4::text[], $5::text[]) AS c(id, name, role)`,
      [
        organizationId,
        stationId,
        contacts.map((c) => c.id),
        contacts.map((c) => c.name),
        contacts.map((c) => c.role),
      ],
    );
  }

  async insertVisit(manager: EntityManager, v: VisitColumns): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, joint_with, topics, materials,
                           summary, concerns_raised, created_by, status, purpose)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        v.stationId,
        v.organizationId,
        v.visitedAt,
        v.visitedOn,
        v.format,
        v.jointWith,
        v.topics,
        v.materials,
        v.summary,
        v.concernsRaised,
        v.createdBy,
        v.status,
        v.purpose,
      ],
    );
    return row.id;
  }

  /** 同行 partners (joint visit): the station's prefecture's shared partners or its own. */
  async replaceJointPartners(manager: EntityManager, visitId: string, partnerIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM visit_joint_partners WHERE visit_id = $1`, [visitId]);
    if (partnerIds.length === 0) return;
    await manager.query(
      `INSERT INTO visit_joint_partners (visit_id, partner_id) SELECT $1, x FROM unnest($2::uuid[]) AS x`,
      [visitId, partnerIds],
    );
  }

  /** Of the given partner ids, those this station may not name. */
  async unknownPartners(manager: EntityManager, ids: string[], stationId: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await manager.query(
      `SELECT x::text AS id FROM unnest($1::uuid[]) AS x
        WHERE NOT EXISTS (SELECT 1 FROM partners p JOIN stations st ON st.id = $2
                           WHERE p.id = x AND p.prefecture_code = st.prefecture_code
                             AND (p.station_id IS NULL OR p.station_id = st.id))`,
      [ids, stationId],
    );
    return rows.map((r) => r.id);
  }

  async replaceOfficers(manager: EntityManager, visitId: string, userIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM visit_officers WHERE visit_id = $1`, [visitId]);
    if (userIds.length === 0) return;
    await manager.query(
      `INSERT INTO visit_officers (visit_id, user_id) SELECT $1, u FROM unnest($2::uuid[]) AS u`,
      [visitId, userIds],
    );
  }

  async replaceAttendees(manager: EntityManager, visitId: string, attendees: AttendeeRow[]): Promise<void> {
    await manager.query(`DELETE FROM visit_attendees WHERE visit_id = $1`, [visitId]);
    if (attendees.length === 0) return;
    await manager.query(
      `INSERT INTO visit_attendees (visit_id, contact_id, name, role, position)
       SELECT $1, a.contact_id, a.name, a.role, a.ord - 1
         FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS a(contact_id, name, role, ord)`,
      [
        visitId,
        attendees.map((a) => a.contactId),
        attendees.map((a) => a.name),
        attendees.map((a) => a.role),
      ],
    );
  }

  /**
   * The visit's follow-ups become exactly these: others are deleted, kept ones (same id, checked by
   * the service to be this visit's) are updated in place so their result, closing time and version
   * survive; a kept one's version moves only when something of it changed. Each takes its station
   * from the visit in the same statement (the (visit_id, station_id) foreign key checks it).
   */
  async replaceFollowUps(manager: EntityManager, visitId: string, followUps: FollowUpRow[]): Promise<void> {
    await manager.query(`DELETE FROM visit_follow_ups WHERE visit_id = $1 AND NOT (id = ANY($2::uuid[]))`, [
      visitId,
      followUps.map((f) => f.id),
    ]);
    if (followUps.length === 0) return;
    await manager.query(
      `INSERT INTO visit_follow_ups AS t (id, visit_id, station_id, title, due_on, owner_id, status, result, closed_at)
       SELECT f.id, v.id, v.station_id, f.title, f.due_on, f.owner_id, f.status, f.result,
              CASE WHEN f.status IN ('done', 'dropped') THEN now() END
         FROM unnest($2::uuid[], $3::text[], $4::date[], $5::uuid[], $6::text[], $7::text[])
              AS f(id, title, due_on, owner_id, status, result)
         JOIN visits v ON v.id = $1
       ON CONFLICT (id) DO UPDATE
          SET title = EXCLUDED.title, due_on = EXCLUDED.due_on, owner_id = EXCLUDED.owner_id,
              status = EXCLUDED.status, result = EXCLUDED.result,
              closed_at = CASE WHEN EXCLUDED.status NOT IN ('done', 'dropped') THEN NULL
                               WHEN t.status IN ('done', 'dropped') THEN t.closed_at ELSE now() END,
              version = t.version + 1, updated_at = now()
        WHERE t.visit_id = EXCLUDED.visit_id
          AND (t.title, t.due_on, t.owner_id, t.status, t.result)
              IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.due_on, EXCLUDED.owner_id, EXCLUDED.status, EXCLUDED.result)`,
      [
        visitId,
        followUps.map((f) => f.id),
        followUps.map((f) => f.title),
        followUps.map((f) => f.dueOn),
        followUps.map((f) => f.ownerId),
        followUps.map((f) => f.status),
        followUps.map((f) => f.result ?? null),
      ],
    );
  }

  /** A follow-up and its visit's station and officers, locked for a change; if the user may see the visit. */
  async lockFollowUp(
    manager: EntityManager,
    user: RequestUser,
    id: string,
  ): Promise<FollowUpState | undefined> {
    const params: unknown[] = [id];
    const rows = await manager.query(
      `SELECT f.id, f.visit_id AS "visitId", v.station_id AS "stationId", f.title, f.status, f.result,
              f.owner_id AS "ownerId", f.version, v.created_by AS "visitCreatedBy",
              ARRAY(SELECT vo.user_id::text FROM visit_officers vo WHERE vo.visit_id = v.id) AS "visitOfficerIds"
         FROM visit_follow_ups f JOIN visits v ON v.id = f.visit_id
        WHERE f.id = $1 AND ${visitVisibilitySql(user, 'v', params)}
          FOR UPDATE OF f`,
      params,
    );
    return rows[0];
  }

  /** Status and result of one follow-up if its version still matches; answers the new version. */
  async updateFollowUp(
    manager: EntityManager,
    id: string,
    version: number,
    sets: { status: VisitFollowUpStatus; result: string | null },
  ): Promise<number | undefined> {
    const result = await manager.query(
      `UPDATE visit_follow_ups
          SET status = $3::text, result = $4::text, version = version + 1, updated_at = now(),
              closed_at = CASE WHEN $3::text NOT IN ('done', 'dropped') THEN NULL
                               WHEN status IN ('done', 'dropped') THEN closed_at ELSE now() END
        WHERE id = $1 AND version = $2
        RETURNING version`,
      [id, version, sets.status, sets.result],
    );
    const rows = Array.isArray(result[0]) ? result[0] : result;
    return rows[0]?.version;
  }

  async replaceCouncilItems(manager: EntityManager, visitId: string, ids: string[]): Promise<void> {
    await manager.query(`DELETE FROM visit_council_items WHERE visit_id = $1`, [visitId]);
    if (ids.length === 0) return;
    await manager.query(
      `INSERT INTO visit_council_items (visit_id, council_item_id) SELECT $1, c FROM unnest($2::uuid[]) AS c`,
      [visitId, ids],
    );
  }

  /**
   * A workflow step, atomic: the row changes only if its status is still one of `from` (and the
   * version matches when given). Answers whether a row changed.
   */
  async transition(
    manager: EntityManager,
    id: string,
    from: readonly VisitStatus[],
    to: VisitStatus,
    sets: {
      submittedAt?: true;
      approvedBy?: string;
      clearApproval?: true;
      returnReason?: string;
      cancelReason?: string;
      visitedAt?: { at: Date; on: string };
    },
    version?: number,
  ): Promise<boolean> {
    const params: unknown[] = [id, [...from], to];
    const assignments = ['status = $3', 'version = version + 1', 'updated_at = now()'];
    if (sets.submittedAt) assignments.push('submitted_at = now()');
    if (sets.approvedBy)
      assignments.push(`approved_at = now()`, `approved_by = $${params.push(sets.approvedBy)}`);
    if (sets.clearApproval) assignments.push('approved_at = NULL', 'approved_by = NULL');
    if (sets.returnReason !== undefined)
      assignments.push(`return_reason = $${params.push(sets.returnReason)}`);
    if (sets.cancelReason !== undefined)
      assignments.push('cancelled_at = now()', `cancel_reason = $${params.push(sets.cancelReason)}`);
    if (sets.visitedAt)
      assignments.push(
        `visited_at = $${params.push(sets.visitedAt.at)}`,
        `visited_on = $${params.push(sets.visitedAt.on)}::date`,
      );
    const where = ['id = $1', 'status = ANY($2::text[])'];
    if (version !== undefined) where.push(`version = $${params.push(version)}`);
    const result = await manager.query(
      `UPDATE visits SET ${assignments.join(', ')} WHERE ${where.join(' AND ')} RETURNING id`,
      params,
    );
    const rows = Array.isArray(result[0]) ? result[0] : result;
    return rows.length === 1;
  }

  /** A visit's approval history, oldest first. */
  async approvalHistory(manager: EntityManager, visitId: string): Promise<ApprovalEventRow[]> {
    return manager.query(
      `SELECT e.id, e.action, e.occurred_at AS at, e.actor_id AS "actorId", u.display_name AS "actorName", e.comment
         FROM visit_approval_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.visit_id = $1
        ORDER BY e.occurred_at, e.id`,
      [visitId],
    );
  }

  /** One step of the approval history, in the step's transaction. */
  async insertApprovalEvent(
    manager: EntityManager,
    e: {
      visitId: string;
      stationId: string;
      action: VisitApprovalAction;
      actorId: string;
      comment: string | null;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO visit_approval_events (visit_id, station_id, action, actor_id, comment) VALUES ($1, $2, $3, $4, $5)`,
      [e.visitId, e.stationId, e.action, e.actorId, e.comment],
    );
  }

  async listFollowUps(
    user: RequestUser,
    filter: { mine?: boolean; status?: VisitFollowUpStatus; overdueBefore?: string },
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: FollowUpListItem[]; total: number; capped: boolean }> {
    // On the follow-ups' own station and index (ix_visit_follow_ups_station_due, or the open ones'
    // partial index for overdue; hq: ix_visit_follow_ups_due): the visibility rule looks only at the
    // station's drafts never submitted (visibleVisitRowSql), so the count reads a station's index
    // entries instead of joining its ~50,000 visits, and the page reads its rows from the top of the
    // index. The count stops at 10,000 (totalCapped; hq's would count every station's ~200,000); it
    // runs beside the page (two pool connections).
    const params: unknown[] = [];
    const where = [visibleVisitRowSql(user, 'f', params)];
    if (filter.mine) where.push(`f.owner_id = $${params.push(user.id)}`);
    if (filter.status) where.push(`f.status = $${params.push(filter.status)}`);
    if (filter.overdueBefore)
      where.push(
        `f.due_on < $${params.push(filter.overdueBefore)}::date AND f.status IN ('open', 'in_progress')`,
      );
    const sqlWhere = where.join(' AND ');
    const [counted, items] = await Promise.all([
      this.dataSource.query<{ total: number }[]>(
        cappedCountSql(`FROM visit_follow_ups f WHERE ${sqlWhere}`),
        params,
      ),
      this.dataSource.query<FollowUpListItem[]>(
        `SELECT f.id, f.visit_id AS "visitId", f.title, f.due_on::text AS "dueOn", f.owner_id AS "ownerId",
                u.display_name AS "ownerName", f.status, f.result, f.closed_at AS "closedAt", f.version,
                v.organization_id AS "organizationId",
                o.name AS "organizationName", v.visited_on::text AS "visitedOn", v.status AS "visitStatus"
           FROM visit_follow_ups f JOIN visits v ON v.id = f.visit_id
           JOIN organizations o ON o.id = v.organization_id LEFT JOIN users u ON u.id = f.owner_id
          WHERE ${sqlWhere} ORDER BY ${orderBy} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
    ]);
    return { items, ...cappedTotal(counted[0].total) };
  }

  /**
   * Moves the visits it made jointly from partner `fromId` to `intoId` (a partner merge), set-based; a link
   * `intoId` already has is dropped instead of repeated.
   */
  async movePartner(manager: EntityManager, fromId: string, intoId: string): Promise<number> {
    const [, moved] = await manager.query(
      `WITH dropped AS (
         DELETE FROM visit_joint_partners l WHERE l.partner_id = $1
            AND EXISTS (SELECT 1 FROM visit_joint_partners k WHERE k.visit_id = l.visit_id AND k.partner_id = $2)
         RETURNING l.visit_id)
       UPDATE visit_joint_partners SET partner_id = $2
        WHERE partner_id = $1 AND visit_id NOT IN (SELECT visit_id FROM dropped)`,
      [fromId, intoId],
    );
    return Number(moved ?? 0);
  }
}
