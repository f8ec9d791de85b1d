import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { escapeLikePattern, normalizeSearchText } from '../../../../libs/japanese/text';
import type { PartnerKind, PartnerStatus } from './entities/partner.entity';

/** Which partners a caller sees: hq/admin every one (nulls); a station its prefecture's shared ones and its own. */
export interface PartnerScope {
  prefectureCode: string | null;
  stationId: string | null;
}

export interface PartnerRecord {
  id: string;
  prefectureCode: string;
  stationId: string | null;
  stationName: string | null;
  status: PartnerStatus;
  mergedIntoId: string | null;
  name: string;
  normalizedName: string;
  kind: PartnerKind;
  department: string | null;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  memberCount: number;
  version: number;
}

export interface LiaisonRecord {
  id: string;
  partnerId: string;
  partnerName: string;
  stationId: string;
  heldOn: string;
  ourAttendees: string[];
  theirAttendees: string[];
  subject: string;
  agreed: string | null;
  followUp: string | null;
  topics: string[];
  createdBy: string;
  version: number;
}

export interface MemberRecord {
  id: string;
  networkId: string;
  organizationId: string | null;
  organizationName: string | null;
  stationId: string | null;
  partnerId: string | null;
  partnerName: string | null;
}

const PARTNER_COLUMNS = `p.id, p.prefecture_code AS "prefectureCode", p.station_id AS "stationId",
  (SELECT st.name FROM stations st WHERE st.id = p.station_id) AS "stationName", p.status,
  p.merged_into_id AS "mergedIntoId", p.name, p.normalized_name AS "normalizedName", p.kind, p.department,
  p.contact_name AS "contactName", p.phone, p.email, p.notes, p.version,
  (SELECT count(*)::int FROM network_members m WHERE m.network_id = p.id) AS "memberCount"`;

const LIAISON_COLUMNS = `l.id, l.partner_id AS "partnerId", p.name AS "partnerName", l.station_id AS "stationId",
  to_char(l.held_on, 'YYYY-MM-DD') AS "heldOn", l.our_attendees AS "ourAttendees",
  l.their_attendees AS "theirAttendees", l.subject, l.agreed, l.follow_up AS "followUp", l.topics,
  l.created_by AS "createdBy", l.version`;

/** SQL for partner agencies, network members and liaison records. */
@Injectable()
export class PartnersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async stationPrefecture(manager: EntityManager, stationId: string): Promise<string | undefined> {
    const rows = await manager.query(`SELECT prefecture_code AS "p" FROM stations WHERE id = $1`, [
      stationId,
    ]);
    return rows[0]?.p;
  }

  /** SQL condition: the partner `p` is within the scope. */
  private scopeWhere(scope: PartnerScope, params: unknown[]): string[] {
    const where: string[] = [];
    if (scope.prefectureCode !== null)
      where.push(`p.prefecture_code = $${params.push(scope.prefectureCode)}`);
    if (scope.stationId !== null)
      where.push(`(p.station_id IS NULL OR p.station_id = $${params.push(scope.stationId)}::uuid)`);
    return where;
  }

  async list(
    scope: PartnerScope,
    filter: {
      prefectureCode?: string;
      kind?: string;
      q?: string;
      owner?: 'prefecture' | 'station';
      stationId?: string;
      includeArchived?: boolean;
    },
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: PartnerRecord[]; total: number }> {
    const params: unknown[] = [];
    const where = ['TRUE', ...this.scopeWhere(scope, params)];
    if (filter.prefectureCode) where.push(`p.prefecture_code = $${params.push(filter.prefectureCode)}`);
    if (filter.kind) where.push(`p.kind = $${params.push(filter.kind)}`);
    if (filter.owner === 'prefecture') where.push('p.station_id IS NULL');
    if (filter.owner === 'station') where.push('p.station_id IS NOT NULL');
    if (filter.stationId) where.push(`p.station_id = $${params.push(filter.stationId)}::uuid`);
    if (!filter.includeArchived) where.push(`p.status = 'active'`);
    const q = normalizeSearchText(filter.q);
    if (q) {
      // Spaces and ・ do not matter: 岩国市産業振興部 finds 岩国市 産業振興部 商工振興課.
      const n = params.push(`%${escapeLikePattern(q)}%`);
      where.push(
        `translate(lower(p.name || coalesce(p.department, '')), ' ' || chr(12288) || '・', '') LIKE $${n}`,
      );
    }
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM partners p WHERE ${where.join(' AND ')}`,
      params,
    );
    const items = await this.dataSource.query(
      `SELECT ${PARTNER_COLUMNS} FROM partners p WHERE ${where.join(' AND ')} ORDER BY ${orderBy}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items, total };
  }

  async find(manager: EntityManager, id: string): Promise<PartnerRecord | undefined> {
    const rows = await manager.query(`SELECT ${PARTNER_COLUMNS} FROM partners p WHERE p.id = $1`, [id]);
    return rows[0];
  }

  /** Locks the partners' rows (merge), in id order so concurrent merges queue instead of deadlocking. */
  async lock(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`SELECT id FROM partners WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  }

  async insert(
    manager: EntityManager,
    p: Omit<PartnerRecord, 'id' | 'version' | 'memberCount' | 'stationName' | 'status' | 'mergedIntoId'>,
  ): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO partners (prefecture_code, station_id, name, normalized_name, kind, department, contact_name,
         phone, email, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        p.prefectureCode,
        p.stationId,
        p.name,
        p.normalizedName,
        p.kind,
        p.department,
        p.contactName,
        p.phone,
        p.email,
        p.notes,
      ],
    );
    return rows[0].id;
  }

  /** Active partners of the prefecture with the same normalized name that the scope sees, but `exceptId`. */
  async sameNormalizedName(
    manager: EntityManager,
    scope: PartnerScope,
    prefectureCode: string,
    normalizedName: string,
    exceptId: string,
  ): Promise<{ id: string; name: string; department: string | null; stationId: string | null }[]> {
    const params: unknown[] = [prefectureCode, normalizedName, exceptId];
    const where = [
      'p.prefecture_code = $1',
      'p.normalized_name = $2',
      'p.id <> $3',
      `p.status = 'active'`,
      ...this.scopeWhere(scope, params),
    ];
    return manager.query(
      `SELECT p.id, p.name, p.department, p.station_id AS "stationId" FROM partners p
        WHERE ${where.join(' AND ')} ORDER BY p.name, p.id LIMIT 20`,
      params,
    );
  }

  /**
   * Moves what refers to `fromId` to `intoId`, set-based: liaisons, the members of `fromId` (a
   * network) and its memberships in networks, and seminars' co-organizers are the seminars
   * feature's (see SeminarsService.movePartnerReferences). Rows that would repeat one already held
   * by `intoId`, or make it a member of itself, are dropped.
   */
  async moveReferences(
    manager: EntityManager,
    fromId: string,
    intoId: string,
  ): Promise<{ liaisons: number; networkMembers: number; memberships: number }> {
    const [, liaisons] = await manager.query(`UPDATE liaisons SET partner_id = $2 WHERE partner_id = $1`, [
      fromId,
      intoId,
    ]);
    // Members of the network merged away.
    await manager.query(
      `DELETE FROM network_members m
        WHERE m.network_id = $1
          AND (m.member_partner_id = $2
               OR EXISTS (SELECT 1 FROM network_members k WHERE k.network_id = $2
                           AND (k.organization_id = m.organization_id OR k.member_partner_id = m.member_partner_id)))`,
      [fromId, intoId],
    );
    const [, networkMembers] = await manager.query(
      `UPDATE network_members SET network_id = $2 WHERE network_id = $1`,
      [fromId, intoId],
    );
    // Its memberships in other networks.
    await manager.query(
      `DELETE FROM network_members m
        WHERE m.member_partner_id = $1
          AND (m.network_id = $2
               OR EXISTS (SELECT 1 FROM network_members k WHERE k.network_id = m.network_id AND k.member_partner_id = $2))`,
      [fromId, intoId],
    );
    const [, memberships] = await manager.query(
      `UPDATE network_members SET member_partner_id = $2 WHERE member_partner_id = $1`,
      [fromId, intoId],
    );
    return {
      liaisons: Number(liaisons ?? 0),
      networkMembers: Number(networkMembers ?? 0),
      memberships: Number(memberships ?? 0),
    };
  }

  async archiveMerged(manager: EntityManager, id: string, intoId: string): Promise<void> {
    await manager.query(
      `UPDATE partners SET status = 'archived', archived_at = now(), merged_into_id = $2 WHERE id = $1`,
      [id, intoId],
    );
  }

  async listMembers(networkId: string, stationId: string | null): Promise<MemberRecord[]> {
    return this.dataSource.query(
      `SELECT m.id, m.network_id AS "networkId", m.organization_id AS "organizationId", o.name AS "organizationName",
              o.station_id AS "stationId", m.member_partner_id AS "partnerId", mp.name AS "partnerName"
         FROM network_members m
         LEFT JOIN organizations o ON o.id = m.organization_id
         LEFT JOIN partners mp ON mp.id = m.member_partner_id
        WHERE m.network_id = $1 AND (m.organization_id IS NULL OR $2::uuid IS NULL OR o.station_id = $2::uuid)
          AND (mp.id IS NULL OR $2::uuid IS NULL OR mp.station_id IS NULL OR mp.station_id = $2::uuid)
        ORDER BY m.member_partner_id IS NULL, coalesce(mp.name, o.sort_key, o.name), m.id`,
      [networkId, stationId],
    );
  }

  /** The organization if it exists, is not archived, and belongs to the station (or to any station of the prefecture). */
  async findOrganizationForMember(
    manager: EntityManager,
    organizationId: string,
    scope: { stationId: string | null; prefectureCode: string },
  ): Promise<{ id: string; stationId: string } | undefined> {
    const rows = await manager.query(
      `SELECT o.id, o.station_id AS "stationId" FROM organizations o JOIN stations s ON s.id = o.station_id
        WHERE o.id = $1 AND o.status <> 'archived' AND s.prefecture_code = $2
          AND ($3::uuid IS NULL OR o.station_id = $3::uuid)`,
      [organizationId, scope.prefectureCode, scope.stationId],
    );
    return rows[0];
  }

  async insertMember(
    manager: EntityManager,
    networkId: string,
    member: { organizationId: string | null; partnerId: string | null },
  ): Promise<string | undefined> {
    const rows = await manager.query(
      `INSERT INTO network_members (network_id, organization_id, member_partner_id)
       SELECT $1, $2::uuid, $3::uuid
        WHERE NOT EXISTS (SELECT 1 FROM network_members WHERE network_id = $1
                           AND organization_id IS NOT DISTINCT FROM $2::uuid
                           AND member_partner_id IS NOT DISTINCT FROM $3::uuid)
       RETURNING id`,
      [networkId, member.organizationId, member.partnerId],
    );
    return rows[0]?.id;
  }

  async findMember(manager: EntityManager, id: string): Promise<MemberRecord> {
    const rows = await manager.query(
      `SELECT m.id, m.network_id AS "networkId", m.organization_id AS "organizationId", o.name AS "organizationName",
              o.station_id AS "stationId", m.member_partner_id AS "partnerId", mp.name AS "partnerName"
         FROM network_members m
         LEFT JOIN organizations o ON o.id = m.organization_id
         LEFT JOIN partners mp ON mp.id = m.member_partner_id
        WHERE m.id = $1`,
      [id],
    );
    return rows[0];
  }

  async deleteMember(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM network_members WHERE id = $1`, [id]);
  }

  async unknownTopics(manager: EntityManager, codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: { code: string }[] = await manager.query(
      `SELECT c.code FROM unnest($1::text[]) AS c(code)
        WHERE NOT EXISTS (SELECT 1 FROM code_list_items i WHERE i.kind = 'topic' AND i.code = c.code AND i.active)`,
      [codes],
    );
    return rows.map((r) => r.code);
  }

  async listLiaisons(
    partnerId: string,
    filter: { stationId: string | null; from?: string; to?: string },
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: LiaisonRecord[]; total: number }> {
    const params: unknown[] = [partnerId];
    const where = ['l.partner_id = $1'];
    if (filter.stationId) where.push(`l.station_id = $${params.push(filter.stationId)}`);
    if (filter.from) where.push(`l.held_on >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`l.held_on <= $${params.push(filter.to)}`);
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM liaisons l WHERE ${where.join(' AND ')}`,
      params,
    );
    const items = await this.dataSource.query(
      `SELECT ${LIAISON_COLUMNS} FROM liaisons l JOIN partners p ON p.id = l.partner_id
        WHERE ${where.join(' AND ')} ORDER BY ${orderBy}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items, total };
  }

  async insertLiaison(
    manager: EntityManager,
    l: Omit<LiaisonRecord, 'id' | 'version' | 'partnerName'>,
  ): Promise<LiaisonRecord> {
    const [{ id }] = await manager.query(
      `INSERT INTO liaisons (partner_id, station_id, held_on, our_attendees, their_attendees, subject, agreed,
         follow_up, topics, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        l.partnerId,
        l.stationId,
        l.heldOn,
        l.ourAttendees,
        l.theirAttendees,
        l.subject,
        l.agreed,
        l.followUp,
        l.topics,
        l.createdBy,
      ],
    );
    const rows = await manager.query(
      `SELECT ${LIAISON_COLUMNS} FROM liaisons l JOIN partners p ON p.id = l.partner_id WHERE l.id = $1`,
      [id],
    );
    return rows[0];
  }
}
