import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ActivityKind } from './entities/activity.entity';

export interface ActivityRecord {
  id: string;
  stationId: string;
  kind: ActivityKind;
  heldOn: string;
  title: string;
  participants: number;
  partnerIds: string[];
  partnerNames: string[];
  topics: string[];
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ActivityFilter {
  stationId: string | null;
  kinds?: readonly ActivityKind[];
  from?: string;
  to?: string;
}

/** Partners come in the same statement (no query per activity). */
const COLUMNS = `a.id, a.station_id AS "stationId", a.kind, to_char(a.held_on, 'YYYY-MM-DD') AS "heldOn", a.title,
  a.participants, a.topics, a.notes, a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.version,
  coalesce((SELECT array_agg(ap.partner_id::text ORDER BY p.name, ap.partner_id) FROM activity_partners ap
              JOIN partners p ON p.id = ap.partner_id WHERE ap.activity_id = a.id), '{}'::text[]) AS "partnerIds",
  coalesce((SELECT array_agg(p.name ORDER BY p.name, ap.partner_id) FROM activity_partners ap
              JOIN partners p ON p.id = ap.partner_id WHERE ap.activity_id = a.id), '{}'::text[]) AS "partnerNames"`;

/** SQL of the station's training and PR records. */
@Injectable()
export class ActivitiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    filter: ActivityFilter,
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: ActivityRecord[]; total: number }> {
    const params: unknown[] = [];
    const where = ['TRUE'];
    if (filter.stationId) where.push(`a.station_id = $${params.push(filter.stationId)}`);
    if (filter.kinds) where.push(`a.kind = ANY($${params.push(filter.kinds)}::text[])`);
    if (filter.from) where.push(`a.held_on >= $${params.push(filter.from)}::date`);
    if (filter.to) where.push(`a.held_on <= $${params.push(filter.to)}::date`);
    const sqlWhere = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM activities a WHERE ${sqlWhere}`,
      params,
    );
    const items = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM activities a WHERE ${sqlWhere} ORDER BY ${orderBy}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items, total };
  }

  async find(manager: EntityManager, id: string): Promise<ActivityRecord | undefined> {
    const rows = await manager.query(`SELECT ${COLUMNS} FROM activities a WHERE a.id = $1`, [id]);
    return rows[0];
  }

  /** Partners the station may not name (not of its prefecture, another station's) and unknown topics. */
  async invalidReferences(
    manager: EntityManager,
    stationId: string,
    partnerIds: string[],
    topics: string[],
  ): Promise<{ partnerIds: string[]; topics: string[] }> {
    const [row] = await manager.query(
      `SELECT
         coalesce((SELECT array_agg(x::text) FROM unnest($2::uuid[]) AS x
                    WHERE NOT EXISTS (SELECT 1 FROM partners p JOIN stations st ON st.id = $1
                                       WHERE p.id = x AND p.prefecture_code = st.prefecture_code
                                         AND (p.station_id IS NULL OR p.station_id = st.id))), '{}') AS "partnerIds",
         coalesce((SELECT array_agg(x) FROM unnest($3::text[]) AS x
                    WHERE NOT EXISTS (SELECT 1 FROM code_list_items i WHERE i.kind = 'topic' AND i.code = x AND i.active)), '{}') AS topics`,
      [stationId, partnerIds, topics],
    );
    return row;
  }

  async insert(
    manager: EntityManager,
    a: {
      stationId: string;
      kind: ActivityKind;
      heldOn: string;
      title: string;
      participants: number;
      topics: string[];
      notes: string | null;
      createdBy: string;
    },
  ): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO activities (station_id, kind, held_on, title, participants, topics, notes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [a.stationId, a.kind, a.heldOn, a.title, a.participants, a.topics, a.notes, a.createdBy],
    );
    return rows[0].id;
  }

  async replacePartners(manager: EntityManager, activityId: string, partnerIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM activity_partners WHERE activity_id = $1`, [activityId]);
    if (partnerIds.length === 0) return;
    await manager.query(
      `INSERT INTO activity_partners (activity_id, partner_id) SELECT $1, x FROM unnest($2::uuid[]) AS x`,
      [activityId, partnerIds],
    );
  }

  /**
   * Moves the activities it took part in from partner `fromId` to `intoId` (a partner merge), set-based; a link
   * `intoId` already has is dropped instead of repeated.
   */
  async movePartner(manager: EntityManager, fromId: string, intoId: string): Promise<number> {
    const [, moved] = await manager.query(
      `WITH dropped AS (
         DELETE FROM activity_partners l WHERE l.partner_id = $1
            AND EXISTS (SELECT 1 FROM activity_partners k WHERE k.activity_id = l.activity_id AND k.partner_id = $2)
         RETURNING l.activity_id)
       UPDATE activity_partners SET partner_id = $2
        WHERE partner_id = $1 AND activity_id NOT IN (SELECT activity_id FROM dropped)`,
      [fromId, intoId],
    );
    return Number(moved ?? 0);
  }
}
