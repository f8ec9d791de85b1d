import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { scopeSql } from '../../../../libs/auth/station-scope';
import type { RequestUser } from '../../../../libs/http/request-context';
import { visitVisibilitySql } from '../visits/visit-visibility';
import type { AttachmentParent } from './entities/attachment.entity';
import type { ParentRecord } from './attachments.policy';

/**
 * All SQL of attachments. Writes `attachments` and `attachment_blobs` only; reads `visits` and
 * `visit_officers` (who sees and edits a visit, as the visits feature decides: visitVisibilitySql),
 * `seminars` and `council_meetings` (their station), never writing them.
 */

export interface AttachmentRow {
  id: string;
  parentKind: AttachmentParent;
  parentId: string;
  stationId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdBy: string | null;
  createdAt: Date;
}

const PARENT_COLUMN: Record<AttachmentParent, string> = {
  visit: 'visit_id',
  seminar: 'seminar_id',
  meeting: 'meeting_id',
};

const ATTACHMENT_SELECT = `
  SELECT a.id, a.station_id AS "stationId",
         CASE WHEN a.visit_id IS NOT NULL THEN 'visit' WHEN a.seminar_id IS NOT NULL THEN 'seminar' ELSE 'meeting' END
           AS "parentKind",
         COALESCE(a.visit_id, a.seminar_id, a.meeting_id) AS "parentId",
         a.file_name AS "fileName", a.content_type AS "contentType", a.size::float8 AS size, a.sha256,
         a.created_by AS "createdBy", a.created_at AS "createdAt"
    FROM attachments a`;

@Injectable()
export class AttachmentsRepository {
  /**
   * The record if the user may see it, else undefined. `lock`: FOR SHARE, so a visit's status
   * cannot change (submit, approve) while an attachment is added or removed.
   */
  async findParent(
    manager: EntityManager,
    user: RequestUser,
    kind: AttachmentParent,
    id: string,
    lock = false,
  ): Promise<ParentRecord | undefined> {
    const params: unknown[] = [id];
    let sql: string;
    if (kind === 'visit') {
      const me = `$${params.push(user.id)}`;
      sql = `SELECT v.id, v.station_id AS "stationId", v.status, v.created_by AS "createdBy",
                    EXISTS (SELECT 1 FROM visit_officers o WHERE o.visit_id = v.id AND o.user_id = ${me}) AS "callerIsOfficer"
               FROM visits v
              WHERE v.id = $1 AND ${visitVisibilitySql(user, 'v', params)}${lock ? ' FOR SHARE OF v' : ''}`;
    } else {
      const table = kind === 'seminar' ? 'seminars' : 'council_meetings';
      sql = `SELECT r.id, r.station_id AS "stationId" FROM ${table} r
              WHERE r.id = $1 AND ${scopeSql(user, 'r.station_id', params)}${lock ? ' FOR SHARE OF r' : ''}`;
    }
    const rows: Omit<ParentRecord, 'kind'>[] = await manager.query(sql, params);
    return rows[0] ? { kind, ...rows[0] } : undefined;
  }

  async list(manager: EntityManager, kind: AttachmentParent, parentId: string): Promise<AttachmentRow[]> {
    return manager.query(
      `${ATTACHMENT_SELECT} WHERE a.${PARENT_COLUMN[kind]} = $1 ORDER BY a.created_at, a.id`,
      [parentId],
    );
  }

  async find(manager: EntityManager, id: string): Promise<AttachmentRow | undefined> {
    const rows: AttachmentRow[] = await manager.query(`${ATTACHMENT_SELECT} WHERE a.id = $1`, [id]);
    return rows[0];
  }

  async insert(
    manager: EntityManager,
    row: Omit<AttachmentRow, 'id' | 'createdAt'>,
    data: Buffer,
  ): Promise<AttachmentRow> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO attachments (station_id, ${PARENT_COLUMN[row.parentKind]}, file_name, content_type, size, sha256, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [row.stationId, row.parentId, row.fileName, row.contentType, row.size, row.sha256, row.createdBy],
    );
    await manager.query(`INSERT INTO attachment_blobs (attachment_id, data) VALUES ($1, $2)`, [id, data]);
    return (await this.find(manager, id))!;
  }

  async readData(manager: EntityManager, id: string): Promise<Buffer | undefined> {
    const rows: { data: Buffer }[] = await manager.query(
      `SELECT data FROM attachment_blobs WHERE attachment_id = $1`,
      [id],
    );
    return rows[0]?.data;
  }

  /** Removes the row and its bytes (cascade); false when it was already gone. */
  async delete(manager: EntityManager, id: string): Promise<boolean> {
    const [, count]: [unknown, number] = await manager.query(`DELETE FROM attachments WHERE id = $1`, [id]);
    return count > 0;
  }
}
