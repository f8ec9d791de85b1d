import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql } from '../../../../libs/auth/station-scope';
import { cappedCountSql, cappedTotal } from '../../../../libs/http/pagination';
import type { RequestUser } from '../../../../libs/http/request-context';
import type { ConsultationCategory, ConsultationStatus } from './entities/consultation.entity';

export interface ConsultationRow {
  id: string;
  stationId: string;
  organizationId: string;
  organizationName: string;
  receivedAt: Date;
  category: ConsultationCategory;
  summary: string | null;
  handling: string | null;
  escalated: boolean;
  escalatedAt: Date | null;
  status: ConsultationStatus;
  closedAt: Date | null;
  restricted: boolean;
  masked: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface ConsultationFilter {
  receivedFrom?: Date;
  receivedBefore?: Date;
  organizationId?: string;
  category?: ConsultationCategory;
  status?: ConsultationStatus;
  escalated?: boolean;
  restricted?: boolean;
}

/** Only managers, hq and admins read a restricted consultation's content: officers get it masked. */
export const seesRestrictedContent = (user: RequestUser) => user.role !== 'officer';

/** The consultation columns; summary and handling are withheld in SQL when masked. */
function selectSql(user: RequestUser, params: unknown[], unmasked = false): string {
  const mask = `(c.restricted AND NOT $${params.push(unmasked || seesRestrictedContent(user))}::boolean)`;
  return `
  SELECT c.id, c.station_id AS "stationId", c.organization_id AS "organizationId", o.name AS "organizationName",
         c.received_at AS "receivedAt", c.category,
         CASE WHEN ${mask} THEN NULL ELSE c.summary END AS summary,
         CASE WHEN ${mask} THEN NULL ELSE c.handling END AS handling,
         c.escalated, c.escalated_at AS "escalatedAt", c.status, c.closed_at AS "closedAt", c.restricted,
         ${mask} AS masked, c.created_by AS "createdBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
         c.version
    FROM consultations c
    JOIN organizations o ON o.id = c.organization_id`;
}

/** All SQL of consultations and incidents. */
@Injectable()
export class ConsultationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    user: RequestUser,
    filter: ConsultationFilter,
    orderBy: string,
    limit: number,
    offset: number,
  ): Promise<{ items: ConsultationRow[]; total: number; capped: boolean }> {
    const params: unknown[] = [];
    const where = [scopeSql(user, 'c.station_id', params)];
    if (filter.receivedFrom) where.push(`c.received_at >= $${params.push(filter.receivedFrom)}`);
    if (filter.receivedBefore) where.push(`c.received_at < $${params.push(filter.receivedBefore)}`);
    if (filter.organizationId) where.push(`c.organization_id = $${params.push(filter.organizationId)}`);
    if (filter.category) where.push(`c.category = $${params.push(filter.category)}`);
    if (filter.status) where.push(`c.status = $${params.push(filter.status)}`);
    if (filter.escalated !== undefined) where.push(`c.escalated = $${params.push(filter.escalated)}`);
    if (filter.restricted !== undefined) where.push(`c.restricted = $${params.push(filter.restricted)}`);
    const sqlWhere = where.join(' AND ');
    // The count stops at the cap (API.md "Lists": totalCapped), on consultations alone (every one has
    // its organization), beside the page on a second connection; the page walks
    // ix_consultations_station_received_at (hq: ix_consultations_received_at) from the top. hq's
    // exact count of 50,000 consultations joined to their organizations took ~60 ms.
    const countParams = [...params];
    const select = selectSql(user, params);
    const [counted, items] = await Promise.all([
      this.dataSource.query<{ total: number }[]>(
        cappedCountSql(`FROM consultations c WHERE ${sqlWhere}`),
        countParams,
      ),
      this.dataSource.query<ConsultationRow[]>(
        `${select} WHERE ${sqlWhere} ORDER BY ${orderBy} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
    ]);
    return { items, ...cappedTotal(counted[0].total) };
  }

  /** The consultation in the user's scope; `unmasked` (for the audit trail only) reads the content. */
  async find(
    manager: EntityManager,
    user: RequestUser,
    id: string,
    unmasked = false,
  ): Promise<ConsultationRow | undefined> {
    const params: unknown[] = [id];
    const select = selectSql(user, params, unmasked);
    const rows = await manager.query(
      `${select} WHERE c.id = $1 AND ${scopeSql(user, 'c.station_id', params)}`,
      params,
    );
    return rows[0];
  }

  async organizationInStation(manager: EntityManager, organizationId: string, stationId: string) {
    const rows = await manager.query(
      `SELECT 1 FROM organizations WHERE id = $1 AND station_id = $2 AND archived_at IS NULL`,
      [organizationId, stationId],
    );
    return rows.length > 0;
  }

  async insert(
    manager: EntityManager,
    c: {
      stationId: string;
      organizationId: string;
      receivedAt: Date;
      category: ConsultationCategory;
      summary: string;
      handling: string | null;
      escalated: boolean;
      status: ConsultationStatus;
      restricted: boolean;
      createdBy: string;
    },
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO consultations (station_id, organization_id, received_at, category, summary, handling, escalated,
                                  escalated_at, status, closed_at, restricted, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::boolean, CASE WHEN $7::boolean THEN now() END, $8::varchar,
               CASE WHEN $8::varchar = 'closed' THEN now() END,
               $9, $10)
       RETURNING id`,
      [
        c.stationId,
        c.organizationId,
        c.receivedAt,
        c.category,
        c.summary,
        c.handling,
        c.escalated,
        c.status,
        c.restricted,
        c.createdBy,
      ],
    );
    return row.id;
  }
}
