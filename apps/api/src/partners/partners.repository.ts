import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { escapeLikePattern, normalizeSearchText } from '../../../../libs/japanese/text';
import type { PartnerKind } from './entities/partner.entity';

export interface PartnerRecord {
  id: string;
  prefectureCode: string;
  name: string;
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

const PARTNER_COLUMNS = `p.id, p.prefecture_code AS "prefectureCode", p.name, p.kind, p.department,
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

  async list(
    filter: { prefectureCode?: string; kind?: string; q?: string },
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: PartnerRecord[]; total: number }> {
    const params: unknown[] = [];
    const where = ['TRUE'];
    if (filter.prefectureCode) where.push(`p.prefecture_code = $${params.push(filter.prefectureCode)}`);
    if (filter.kind) where.push(`p.kind = $${params.push(filter.kind)}`);
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

  async insert(
    manager: EntityManager,
    p: Omit<PartnerRecord, 'id' | 'version' | 'memberCount'>,
  ): Promise<string> {
    const rows = await manager.query(
      `INSERT INTO partners (prefecture_code, name, kind, department, contact_name, phone, email, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [p.prefectureCode, p.name, p.kind, p.department, p.contactName, p.phone, p.email, p.notes],
    );
    return rows[0].id;
  }

  async listMembers(networkId: string, stationId: string | null): Promise<MemberRecord[]> {
    return this.dataSource.query(
      `SELECT m.id, m.network_id AS "networkId", m.organization_id AS "organizationId", o.name AS "organizationName",
              o.station_id AS "stationId", m.member_partner_id AS "partnerId", mp.name AS "partnerName"
         FROM network_members m
         LEFT JOIN organizations o ON o.id = m.organization_id
         LEFT JOIN partners mp ON mp.id = m.member_partner_id
        WHERE m.network_id = $1 AND (m.organization_id IS NULL OR $2::uuid IS NULL OR o.station_id = $2::uuid)
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
