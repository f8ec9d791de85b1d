import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SeminarKind, SeminarSpeaker } from './entities/seminar.entity';

export interface ParticipantRecord {
  id: string;
  organizationId: string | null;
  organizationName: string | null;
  name: string | null;
  attendeeCount: number;
}

export interface SeminarRecord {
  id: string;
  stationId: string;
  title: string;
  kind: SeminarKind;
  heldOn: string;
  venue: string | null;
  speakers: SeminarSpeaker[];
  partnerIds: string[];
  topics: string[];
  participants: ParticipantRecord[];
  totalAttendees: number;
  councilItemIds: string[];
  notes: string | null;
  createdBy: string;
  createdAt: string;
  version: number;
}

export interface SeminarFilter {
  stationId: string | null;
  from?: string;
  to?: string;
  kind?: string;
  organizationId?: string;
  topic?: string;
}

export interface ParticipantRow {
  organizationId: string | null;
  name: string | null;
  attendeeCount: number;
}

/** Participants, partners and council items come in the same statement (no query per seminar). */
const SEMINAR_COLUMNS = `s.id, s.station_id AS "stationId", s.title, s.kind, to_char(s.held_on, 'YYYY-MM-DD') AS "heldOn",
  s.venue, s.speakers, s.topics, s.notes, s.created_by AS "createdBy", s.created_at AS "createdAt", s.version,
  coalesce((SELECT json_agg(json_build_object('id', p.id, 'organizationId', p.organization_id,
                 'organizationName', o.name, 'name', p.name, 'attendeeCount', p.attendee_count)
                 ORDER BY p.position, p.id)
              FROM seminar_participants p LEFT JOIN organizations o ON o.id = p.organization_id
             WHERE p.seminar_id = s.id), '[]'::json) AS participants,
  (SELECT coalesce(sum(p.attendee_count), 0)::int FROM seminar_participants p WHERE p.seminar_id = s.id)
    AS "totalAttendees",
  coalesce((SELECT array_agg(sp.partner_id::text ORDER BY sp.partner_id) FROM seminar_partners sp
             WHERE sp.seminar_id = s.id), '{}'::text[]) AS "partnerIds",
  coalesce((SELECT array_agg(sc.council_item_id::text ORDER BY sc.council_item_id) FROM seminar_council_items sc
             WHERE sc.seminar_id = s.id), '{}'::text[]) AS "councilItemIds"`;

/** SQL for seminars, their participants, co-organizers and council items. */
@Injectable()
export class SeminarsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    filter: SeminarFilter,
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: SeminarRecord[]; total: number }> {
    const params: unknown[] = [];
    const where = ['TRUE'];
    if (filter.stationId) where.push(`s.station_id = $${params.push(filter.stationId)}`);
    if (filter.from) where.push(`s.held_on >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`s.held_on <= $${params.push(filter.to)}`);
    if (filter.kind) where.push(`s.kind = $${params.push(filter.kind)}`);
    if (filter.topic) where.push(`$${params.push(filter.topic)} = ANY(s.topics)`);
    if (filter.organizationId)
      where.push(
        `EXISTS (SELECT 1 FROM seminar_participants p WHERE p.seminar_id = s.id AND p.organization_id = $${params.push(filter.organizationId)})`,
      );
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM seminars s WHERE ${where.join(' AND ')}`,
      params,
    );
    const items = await this.dataSource.query(
      `SELECT ${SEMINAR_COLUMNS} FROM seminars s WHERE ${where.join(' AND ')} ORDER BY ${orderBy}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items, total };
  }

  async find(manager: EntityManager, id: string): Promise<SeminarRecord | undefined> {
    const rows = await manager.query(`SELECT ${SEMINAR_COLUMNS} FROM seminars s WHERE s.id = $1`, [id]);
    return rows[0];
  }

  /** The seminar's station (for scope checks and locking), or undefined. */
  async stationOf(manager: EntityManager, id: string): Promise<string | undefined> {
    const rows = await manager.query(`SELECT station_id AS "stationId" FROM seminars WHERE id = $1`, [id]);
    return rows[0]?.stationId;
  }

  /** Which of the given references are not acceptable for a seminar of this station (one query each kind). */
  async invalidReferences(
    manager: EntityManager,
    stationId: string,
    refs: {
      organizationIds: string[];
      partnerIds: string[];
      councilItemIds: string[];
      topics: string[];
      userIds: string[];
    },
  ): Promise<{
    organizationIds: string[];
    partnerIds: string[];
    councilItemIds: string[];
    topics: string[];
    userIds: string[];
  }> {
    const [row] = await manager.query(
      `SELECT
         coalesce((SELECT array_agg(x::text) FROM unnest($2::uuid[]) AS x
                    WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = x AND o.station_id = $1)), '{}') AS "organizationIds",
         coalesce((SELECT array_agg(x::text) FROM unnest($3::uuid[]) AS x
                    WHERE NOT EXISTS (SELECT 1 FROM partners p JOIN stations st ON st.id = $1
                                       WHERE p.id = x AND p.prefecture_code = st.prefecture_code
                                         AND (p.station_id IS NULL OR p.station_id = st.id))), '{}') AS "partnerIds",
         coalesce((SELECT array_agg(x::text) FROM unnest($4::uuid[]) AS x
                    WHERE NOT EXISTS (SELECT 1 FROM council_items c WHERE c.id = x AND c.station_id = $1)), '{}') AS "councilItemIds",
         coalesce((SELECT array_agg(x) FROM unnest($5::text[]) AS x
                    WHERE NOT EXISTS (SELECT 1 FROM code_list_items i WHERE i.kind = 'topic' AND i.code = x AND i.active)), '{}') AS topics,
         coalesce((SELECT array_agg(x::text) FROM unnest($6::uuid[]) AS x
                    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x AND u.station_id = $1)), '{}') AS "userIds"`,
      [stationId, refs.organizationIds, refs.partnerIds, refs.councilItemIds, refs.topics, refs.userIds],
    );
    return row;
  }

  async insert(
    manager: EntityManager,
    s: {
      stationId: string;
      title: string;
      kind: SeminarKind;
      heldOn: string;
      venue: string | null;
      speakers: SeminarSpeaker[];
      topics: string[];
      notes: string | null;
      createdBy: string;
    },
  ): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO seminars (station_id, title, kind, held_on, venue, speakers, topics, notes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        s.stationId,
        s.title,
        s.kind,
        s.heldOn,
        s.venue,
        JSON.stringify(s.speakers),
        s.topics,
        s.notes,
        s.createdBy,
      ],
    );
    return rows[0].id;
  }

  /** Replaces every participant with one DELETE and one INSERT … SELECT FROM unnest (set-based). */
  async replaceParticipants(
    manager: EntityManager,
    seminarId: string,
    rows: ParticipantRow[],
  ): Promise<void> {
    await manager.query(`DELETE FROM seminar_participants WHERE seminar_id = $1`, [seminarId]);
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO seminar_participants (seminar_id, organization_id, name, attendee_count, position)
       SELECT $1, t.organization_id, t.name, t.attendee_count, t.ord - 1
         FROM unnest($2::uuid[], $3::text[], $4::int[]) WITH ORDINALITY AS t(organization_id, name, attendee_count, ord)`,
      [
        seminarId,
        rows.map((r) => r.organizationId),
        rows.map((r) => r.name),
        rows.map((r) => r.attendeeCount),
      ],
    );
  }

  /** seminar_partners of `fromId` → `intoId`, set-based; a seminar that has both keeps one row. */
  async movePartner(manager: EntityManager, fromId: string, intoId: string): Promise<number> {
    const [, moved] = await manager.query(
      `WITH dropped AS (
         DELETE FROM seminar_partners sp WHERE sp.partner_id = $1
            AND EXISTS (SELECT 1 FROM seminar_partners k WHERE k.seminar_id = sp.seminar_id AND k.partner_id = $2)
         RETURNING sp.seminar_id)
       UPDATE seminar_partners SET partner_id = $2
        WHERE partner_id = $1 AND seminar_id NOT IN (SELECT seminar_id FROM dropped)`,
      [fromId, intoId],
    );
    return Number(moved ?? 0);
  }

  async replacePartners(manager: EntityManager, seminarId: string, partnerIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM seminar_partners WHERE seminar_id = $1`, [seminarId]);
    if (partnerIds.length === 0) return;
    await manager.query(
      `INSERT INTO seminar_partners (seminar_id, partner_id) SELECT $1, x FROM unnest($2::uuid[]) AS x`,
      [seminarId, partnerIds],
    );
  }

  async replaceCouncilItems(manager: EntityManager, seminarId: string, itemIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM seminar_council_items WHERE seminar_id = $1`, [seminarId]);
    if (itemIds.length === 0) return;
    await manager.query(
      `INSERT INTO seminar_council_items (seminar_id, council_item_id) SELECT $1, x FROM unnest($2::uuid[]) AS x`,
      [seminarId, itemIds],
    );
  }
}
