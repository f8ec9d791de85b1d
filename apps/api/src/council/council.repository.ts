import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CouncilItemKind, DiscussionTurn, FollowUpStatus } from './entities/council.entity';

/** The minutes' fields of a meeting (what the API writes besides heldOn and the counts). */
export interface MeetingContent {
  place: string | null;
  attendance: Record<string, number>;
  agenda: string[];
  consultationTopic: string | null;
  notes: string | null;
  startTime: string | null;
  endTime: string | null;
  memberAttendees: string[];
  policeAttendees: string[];
  chairGreeting: string | null;
  chiefGreeting: string | null;
  businessReport: string | null;
  businessReportBy: string | null;
  consultationExplanation: string | null;
  discussion: DiscussionTurn[];
  review: string | null;
  reviewBy: string | null;
  handouts: string[];
}

export interface MeetingRecord extends MeetingContent {
  id: string;
  stationId: string;
  heldOn: string;
  place: string | null;
  attendance: Record<string, number>;
  agenda: string[];
  consultationTopic: string | null;
  fiscalYear: number;
  sequence: number;
  title: string;
  titleDerived: boolean;
  itemCount: number;
  openFollowUps: number;
  version: number;
}

export interface ItemRecord {
  id: string;
  meetingId: string;
  stationId: string;
  kind: CouncilItemKind;
  raisedBy: string | null;
  text: string;
  response: string | null;
  position: number;
  followUps: { id: string; title: string; status: FollowUpStatus; dueOn: string }[];
  version: number;
}

export interface LinkRecord {
  id: string;
  followUpId: string;
  visitId: string | null;
  seminarId: string | null;
  date: string;
  organizationName: string | null;
  seminarTitle: string | null;
}

export interface FollowUpRecord {
  id: string;
  councilItemId: string;
  stationId: string;
  meetingId: string;
  meetingHeldOn: string;
  itemKind: CouncilItemKind;
  itemText: string;
  title: string;
  ownerId: string | null;
  ownerName: string | null;
  dueOn: string;
  status: FollowUpStatus;
  result: string | null;
  closedAt: string | null;
  overdue: boolean;
  links: LinkRecord[];
  version: number;
}

/** One item of an earlier meeting with one of its follow-ups (follow-up fields null when it has none). */
export interface ReportFollowUpRow {
  id: string | null;
  title: string | null;
  status: FollowUpStatus | null;
  ownerId: string | null;
  ownerName: string | null;
  dueOn: string | null;
  result: string | null;
  closedAt: string | null;
  itemId: string;
  itemKind: CouncilItemKind;
  raisedBy: string | null;
  itemText: string;
  response: string | null;
  meetingId: string;
  meetingHeldOn: string;
  meetingTitle: string;
}

export interface EvidenceRow {
  id: string;
  followUpId: string;
  visitId: string | null;
  seminarId: string | null;
  date: string;
  organizationName: string | null;
  visitTopics: string[] | null;
  visitAttendees: number | null;
  seminarTitle: string | null;
  seminarKind: string | null;
  seminarTotal: number | null;
  seminarOrganizations: string[] | null;
}

/** Today's date in Japan, in SQL (JST is a fixed +09:00). */
export const JST_TODAY = `((now() AT TIME ZONE 'UTC') + interval '9 hours')::date`;

const MEETING_COLUMNS = `m.id, m.station_id AS "stationId", to_char(m.held_on, 'YYYY-MM-DD') AS "heldOn", m.place,
  m.attendance, m.agenda, m.consultation_topic AS "consultationTopic", m.notes, m.version,
  m.fiscal_year AS "fiscalYear", m.sequence, m.title, m.title_derived AS "titleDerived",
  m.start_time AS "startTime", m.end_time AS "endTime", m.member_attendees AS "memberAttendees",
  m.police_attendees AS "policeAttendees", m.chair_greeting AS "chairGreeting", m.chief_greeting AS "chiefGreeting",
  m.business_report AS "businessReport", m.business_report_by AS "businessReportBy",
  m.consultation_explanation AS "consultationExplanation", m.discussion, m.review, m.review_by AS "reviewBy",
  m.handouts,
  (SELECT count(*)::int FROM council_items i WHERE i.meeting_id = m.id) AS "itemCount",
  (SELECT count(*)::int FROM follow_ups f JOIN council_items i ON i.id = f.council_item_id
    WHERE i.meeting_id = m.id AND f.status IN ('open', 'in_progress')) AS "openFollowUps"`;

const ITEM_COLUMNS = `i.id, i.meeting_id AS "meetingId", i.station_id AS "stationId", i.kind, i.raised_by AS "raisedBy",
  i.text, i.response, i.position, i.version,
  coalesce((SELECT json_agg(json_build_object('id', f.id, 'title', f.title, 'status', f.status, 'dueOn', f.due_on)
                   ORDER BY f.due_on, f.id)
              FROM follow_ups f WHERE f.council_item_id = i.id), '[]'::json) AS "followUps"`;

const LINK_SELECT = `SELECT l.id, l.follow_up_id AS "followUpId", l.visit_id AS "visitId", l.seminar_id AS "seminarId",
    to_char(coalesce(v.visited_on, s.held_on), 'YYYY-MM-DD') AS date, o.name AS "organizationName",
    s.title AS "seminarTitle"
  FROM follow_up_links l
  LEFT JOIN visits v ON v.id = l.visit_id
  LEFT JOIN organizations o ON o.id = v.organization_id
  LEFT JOIN seminars s ON s.id = l.seminar_id`;

const FOLLOW_UP_COLUMNS = `f.id, f.council_item_id AS "councilItemId", f.station_id AS "stationId", i.meeting_id AS "meetingId",
  to_char(m.held_on, 'YYYY-MM-DD') AS "meetingHeldOn", i.kind AS "itemKind", i.text AS "itemText",
  f.title, f.owner_id AS "ownerId", u.display_name AS "ownerName", to_char(f.due_on, 'YYYY-MM-DD') AS "dueOn",
  f.status, f.result, f.closed_at AS "closedAt", f.version,
  (f.due_on < ${JST_TODAY} AND f.status IN ('open', 'in_progress')) AS overdue,
  coalesce((SELECT json_agg(json_build_object('id', l.id, 'followUpId', l.follow_up_id, 'visitId', l.visit_id,
                 'seminarId', l.seminar_id, 'date', coalesce(v.visited_on, s.held_on), 'organizationName', o.name,
                 'seminarTitle', s.title) ORDER BY coalesce(v.visited_on, s.held_on), l.id)
              FROM follow_up_links l
              LEFT JOIN visits v ON v.id = l.visit_id
              LEFT JOIN organizations o ON o.id = v.organization_id
              LEFT JOIN seminars s ON s.id = l.seminar_id
             WHERE l.follow_up_id = f.id), '[]'::json) AS links`;

const FOLLOW_UP_FROM = `follow_ups f
  JOIN council_items i ON i.id = f.council_item_id
  JOIN council_meetings m ON m.id = i.meeting_id
  LEFT JOIN users u ON u.id = f.owner_id`;

/** SQL for council meetings, items, follow-ups, their evidence links and the report-back view. */
@Injectable()
export class CouncilRepository {
  constructor(private readonly dataSource: DataSource) {}

  // --- meetings

  async listMeetings(
    filter: { stationId: string | null; from?: string; to?: string },
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: MeetingRecord[]; total: number }> {
    const params: unknown[] = [];
    const where = ['TRUE'];
    if (filter.stationId) where.push(`m.station_id = $${params.push(filter.stationId)}`);
    if (filter.from) where.push(`m.held_on >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`m.held_on <= $${params.push(filter.to)}`);
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM council_meetings m WHERE ${where.join(' AND ')}`,
      params,
    );
    const items = await this.dataSource.query(
      `SELECT ${MEETING_COLUMNS} FROM council_meetings m WHERE ${where.join(' AND ')} ORDER BY ${orderBy}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items, total };
  }

  async findMeeting(manager: EntityManager, id: string): Promise<MeetingRecord | undefined> {
    const rows = await manager.query(`SELECT ${MEETING_COLUMNS} FROM council_meetings m WHERE m.id = $1`, [
      id,
    ]);
    return rows[0];
  }

  /** Inserts a meeting; fiscal year, sequence and title are derived by the database when null. */
  async insertMeeting(
    manager: EntityManager,
    m: MeetingContent & {
      stationId: string;
      heldOn: string;
      fiscalYear: number | null;
      sequence: number | null;
      title: string | null;
    },
  ): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO council_meetings (station_id, held_on, place, attendance, agenda, consultation_topic, notes,
         fiscal_year, sequence, title, title_derived, start_time, end_time, member_attendees, police_attendees,
         chair_greeting, chief_greeting, business_report, business_report_by, consultation_explanation, discussion,
         review, review_by, handouts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
       RETURNING id`,
      [
        m.stationId,
        m.heldOn,
        m.place,
        JSON.stringify(m.attendance),
        m.agenda,
        m.consultationTopic,
        m.notes,
        m.fiscalYear,
        m.sequence,
        m.title,
        m.title === null,
        m.startTime,
        m.endTime,
        m.memberAttendees,
        m.policeAttendees,
        m.chairGreeting,
        m.chiefGreeting,
        m.businessReport,
        m.businessReportBy,
        m.consultationExplanation,
        JSON.stringify(m.discussion),
        m.review,
        m.reviewBy,
        m.handouts,
      ],
    );
    return rows[0].id;
  }

  /** Another meeting of the station with this fiscal year and sequence, if any. */
  async sequenceTaken(
    manager: EntityManager,
    stationId: string,
    fiscalYear: number,
    sequence: number,
    selfId: string | null,
  ): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM council_meetings WHERE station_id = $1 AND fiscal_year = $2 AND sequence = $3
          AND id IS DISTINCT FROM $4::uuid LIMIT 1`,
      [stationId, fiscalYear, sequence, selfId],
    );
    return rows.length > 0;
  }

  /** The sequence a meeting of that day would get (the same rule as on insert). */
  async derivedSequence(
    manager: EntityManager,
    stationId: string,
    fiscalYear: number,
    heldOn: string,
    selfId: string | null,
  ): Promise<number> {
    const rows = await manager.query(`SELECT council_meeting_sequence($1, $2, $3, $4::uuid) AS n`, [
      stationId,
      fiscalYear,
      heldOn,
      selfId,
    ]);
    return rows[0].n;
  }

  /** The latest meeting of the station held before the given day. */
  async previousMeetingOn(manager: EntityManager, stationId: string, heldOn: string): Promise<string | null> {
    const rows = await manager.query(
      `SELECT to_char(max(held_on), 'YYYY-MM-DD') AS "heldOn" FROM council_meetings WHERE station_id = $1 AND held_on < $2`,
      [stationId, heldOn],
    );
    return rows[0]?.heldOn ?? null;
  }

  // --- items

  async listItems(manager: EntityManager, meetingId: string): Promise<ItemRecord[]> {
    return manager.query(
      `SELECT ${ITEM_COLUMNS} FROM council_items i WHERE i.meeting_id = $1 ORDER BY i.position, i.created_at, i.id`,
      [meetingId],
    );
  }

  async findItem(
    manager: EntityManager,
    id: string,
  ): Promise<(ItemRecord & { meetingHeldOn: string }) | undefined> {
    const rows = await manager.query(
      `SELECT ${ITEM_COLUMNS}, to_char(m.held_on, 'YYYY-MM-DD') AS "meetingHeldOn"
         FROM council_items i JOIN council_meetings m ON m.id = i.meeting_id WHERE i.id = $1`,
      [id],
    );
    return rows[0];
  }

  async insertItem(
    manager: EntityManager,
    item: {
      meetingId: string;
      stationId: string;
      kind: CouncilItemKind;
      raisedBy: string | null;
      text: string;
      response: string | null;
    },
  ): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO council_items (meeting_id, station_id, kind, raised_by, text, response, position)
       VALUES ($1, $2, $3, $4, $5, $6,
               (SELECT coalesce(max(position) + 1, 0) FROM council_items WHERE meeting_id = $1))
       RETURNING id`,
      [item.meetingId, item.stationId, item.kind, item.raisedBy, item.text, item.response],
    );
    return rows[0].id;
  }

  // --- follow-ups

  async listFollowUps(
    filter: {
      stationId: string | null;
      status?: FollowUpStatus;
      overdue?: boolean;
      meetingId?: string;
      councilItemId?: string;
      ownerId?: string;
    },
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: FollowUpRecord[]; total: number }> {
    const params: unknown[] = [];
    const where = ['TRUE'];
    if (filter.stationId) where.push(`f.station_id = $${params.push(filter.stationId)}`);
    if (filter.status) where.push(`f.status = $${params.push(filter.status)}`);
    if (filter.overdue === true)
      where.push(`f.due_on < ${JST_TODAY} AND f.status IN ('open', 'in_progress')`);
    if (filter.overdue === false)
      where.push(`NOT (f.due_on < ${JST_TODAY} AND f.status IN ('open', 'in_progress'))`);
    if (filter.meetingId) where.push(`i.meeting_id = $${params.push(filter.meetingId)}`);
    if (filter.councilItemId) where.push(`f.council_item_id = $${params.push(filter.councilItemId)}`);
    if (filter.ownerId) where.push(`f.owner_id = $${params.push(filter.ownerId)}`);
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM ${FOLLOW_UP_FROM} WHERE ${where.join(' AND ')}`,
      params,
    );
    const items = await this.dataSource.query(
      `SELECT ${FOLLOW_UP_COLUMNS} FROM ${FOLLOW_UP_FROM} WHERE ${where.join(' AND ')} ORDER BY ${orderBy}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items, total };
  }

  async findFollowUp(manager: EntityManager, id: string): Promise<FollowUpRecord | undefined> {
    const rows = await manager.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM ${FOLLOW_UP_FROM} WHERE f.id = $1`, [
      id,
    ]);
    return rows[0];
  }

  /** An active officer or manager of the station. */
  async isStationMember(manager: EntityManager, userId: string, stationId: string): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM users WHERE id = $1 AND station_id = $2 AND role IN ('officer', 'manager') AND NOT disabled`,
      [userId, stationId],
    );
    return rows.length > 0;
  }

  async insertFollowUp(
    manager: EntityManager,
    f: { councilItemId: string; stationId: string; title: string; ownerId: string; dueOn: string },
  ): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO follow_ups (council_item_id, station_id, title, owner_id, due_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [f.councilItemId, f.stationId, f.title, f.ownerId, f.dueOn],
    );
    return rows[0].id;
  }

  // --- evidence links

  async visitStation(manager: EntityManager, visitId: string): Promise<string | undefined> {
    const rows = await manager.query(`SELECT station_id AS "stationId" FROM visits WHERE id = $1`, [visitId]);
    return rows[0]?.stationId;
  }

  async seminarStation(manager: EntityManager, seminarId: string): Promise<string | undefined> {
    const rows = await manager.query(`SELECT station_id AS "stationId" FROM seminars WHERE id = $1`, [
      seminarId,
    ]);
    return rows[0]?.stationId;
  }

  /** Inserts the link unless the same evidence is linked already (then undefined). */
  async insertLink(
    manager: EntityManager,
    link: { followUpId: string; visitId: string | null; seminarId: string | null; createdBy: string },
  ): Promise<string | undefined> {
    const rows = await manager.query(
      `INSERT INTO follow_up_links (follow_up_id, visit_id, seminar_id, created_by)
       SELECT $1, $2::uuid, $3::uuid, $4
        WHERE NOT EXISTS (SELECT 1 FROM follow_up_links WHERE follow_up_id = $1
                           AND visit_id IS NOT DISTINCT FROM $2::uuid AND seminar_id IS NOT DISTINCT FROM $3::uuid)
       RETURNING id`,
      [link.followUpId, link.visitId, link.seminarId, link.createdBy],
    );
    return rows[0]?.id;
  }

  async findLink(
    manager: EntityManager,
    followUpId: string,
    linkId: string,
  ): Promise<LinkRecord | undefined> {
    const rows = await manager.query(`${LINK_SELECT} WHERE l.id = $1 AND l.follow_up_id = $2`, [
      linkId,
      followUpId,
    ]);
    return rows[0];
  }

  async deleteLink(manager: EntityManager, linkId: string): Promise<void> {
    await manager.query(`DELETE FROM follow_up_links WHERE id = $1`, [linkId]);
  }

  // --- report back

  /**
   * Every item of the station's meetings of the fiscal year held before this one (same day: lower
   * sequence), each with its follow-ups (one row per follow-up; one row with null follow-up fields
   * when it has none), plus items of earlier fiscal years whose follow-ups are still open.
   */
  async reportFollowUps(
    manager: EntityManager,
    meeting: { id: string; stationId: string; fiscalYear: number; heldOn: string; sequence: number },
  ): Promise<ReportFollowUpRow[]> {
    return manager.query(
      `SELECT f.id, f.title, f.status, f.owner_id AS "ownerId", u.display_name AS "ownerName",
              to_char(f.due_on, 'YYYY-MM-DD') AS "dueOn", f.result, f.closed_at AS "closedAt",
              i.id AS "itemId", i.kind AS "itemKind", i.raised_by AS "raisedBy", i.text AS "itemText", i.response,
              m.id AS "meetingId", to_char(m.held_on, 'YYYY-MM-DD') AS "meetingHeldOn", m.title AS "meetingTitle"
         FROM council_items i
         JOIN council_meetings m ON m.id = i.meeting_id
         LEFT JOIN follow_ups f ON f.council_item_id = i.id
         LEFT JOIN users u ON u.id = f.owner_id
        WHERE m.station_id = $1 AND m.id <> $2
          AND ((m.fiscal_year = $3 AND (m.held_on < $4 OR (m.held_on = $4 AND m.sequence < $5)))
               OR (m.fiscal_year < $3 AND EXISTS (SELECT 1 FROM follow_ups o WHERE o.council_item_id = i.id
                                                   AND o.status IN ('open', 'in_progress'))))
        ORDER BY m.held_on, m.sequence, m.id, i.position, i.created_at, i.id, f.due_on, f.id`,
      [meeting.stationId, meeting.id, meeting.fiscalYear, meeting.heldOn, meeting.sequence],
    );
  }

  /** The visits and seminars linked to these follow-ups, with what the report reads out (one query). */
  async evidence(manager: EntityManager, followUpIds: string[]): Promise<EvidenceRow[]> {
    if (followUpIds.length === 0) return [];
    return manager.query(
      `SELECT l.id, l.follow_up_id AS "followUpId", l.visit_id AS "visitId", l.seminar_id AS "seminarId",
              to_char(coalesce(v.visited_on, s.held_on), 'YYYY-MM-DD') AS date,
              o.name AS "organizationName", v.topics AS "visitTopics",
              CASE WHEN v.id IS NULL THEN NULL
                   ELSE (SELECT count(*)::int FROM visit_attendees a WHERE a.visit_id = v.id) END AS "visitAttendees",
              s.title AS "seminarTitle", s.kind AS "seminarKind",
              CASE WHEN s.id IS NULL THEN NULL
                   ELSE (SELECT coalesce(sum(p.attendee_count), 0)::int FROM seminar_participants p
                          WHERE p.seminar_id = s.id) END AS "seminarTotal",
              CASE WHEN s.id IS NULL THEN NULL
                   ELSE coalesce((SELECT array_agg(coalesce(po.name, p.name) ORDER BY p.position, p.id)
                                    FROM seminar_participants p LEFT JOIN organizations po ON po.id = p.organization_id
                                   WHERE p.seminar_id = s.id), '{}'::text[]) END AS "seminarOrganizations"
         FROM follow_up_links l
         LEFT JOIN visits v ON v.id = l.visit_id
         LEFT JOIN organizations o ON o.id = v.organization_id
         LEFT JOIN seminars s ON s.id = l.seminar_id
        WHERE l.follow_up_id = ANY($1::uuid[])
        ORDER BY coalesce(v.visited_on, s.held_on), l.id`,
      [followUpIds],
    );
  }

  async topicLabels(manager: EntityManager): Promise<Map<string, string>> {
    const rows: { code: string; label: string }[] = await manager.query(
      `SELECT code, label_ja AS label FROM code_list_items WHERE kind = 'topic'`,
    );
    return new Map(rows.map((r) => [r.code, r.label]));
  }
}
