import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { scopeSql } from '../../../../libs/auth/station-scope';
import type { RequestUser } from '../../../../libs/http/request-context';
import type { DuplicatePairDto } from './dto/duplicate.dto';
import type { DuplicateStatus } from './entities/duplicate-candidate.entity';

const ORG = (alias: string) => `json_build_object('id', ${alias}.id, 'name', ${alias}.name,
  'corporateNumber', ${alias}.corporate_number, 'municipalityName', ${alias}.municipality_name,
  'address', ${alias}.address, 'tier', ${alias}.tier, 'status', ${alias}.status, 'version', ${alias}.version)`;

const LIVE = (alias: string) => `${alias}.archived_at IS NULL AND ${alias}.merged_into_id IS NULL`;

export interface CandidateRow {
  id: string;
  station_id: string;
  organization_a_id: string;
  organization_b_id: string;
  status: DuplicateStatus;
}

/** SQL of the duplicate scan and its review queue. */
@Injectable()
export class DuplicatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One set-based statement over the station's live records: pairs with the same corporate number
   * (the unique index allows none today; kept for data from before it), and records with the same
   * normalized name and municipality where at most one has a corporate number (two different
   * numbers are two legal persons). Each record of such a group is paired with the group's oldest
   * record (linear, not every pair of a large group). Known pairs — dismissed ones included — are
   * left as they are.
   */
  async scan(
    tx: EntityManager,
    stationId: string,
    jobId: string | null,
  ): Promise<{ found: number; added: number }> {
    const [row]: { found: number; added: number }[] = await tx.query(
      `WITH live AS (
         SELECT id, corporate_number, normalized_name, municipality_code, created_at
           FROM organizations o WHERE o.station_id = $1 AND ${LIVE('o')} AND o.normalized_name <> ''
       ), by_number AS (
         SELECT a.id AS a_id, b.id AS b_id, 'corporate_number' AS reason
           FROM live a JOIN live b ON b.corporate_number = a.corporate_number AND (a.created_at, a.id) < (b.created_at, b.id)
          WHERE a.corporate_number IS NOT NULL
       ), grouped AS (
         SELECT id, corporate_number,
                first_value(id) OVER w AS first_id,
                first_value(corporate_number) OVER w AS first_number
           FROM live
         WINDOW w AS (PARTITION BY normalized_name, municipality_code ORDER BY (corporate_number IS NULL), created_at, id)
       ), by_name AS (
         -- the group's first record is one with a number if any: numberless records pair with it
         SELECT g.first_id AS a_id, g.id AS b_id, 'name_municipality' AS reason
           FROM grouped g
          WHERE g.id <> g.first_id AND (g.corporate_number IS NULL OR g.first_number IS NULL)
       ), pairs AS (
         SELECT DISTINCT ON (least(a_id, b_id), greatest(a_id, b_id))
                least(a_id, b_id) AS x, greatest(a_id, b_id) AS y, a_id, b_id, reason
           FROM (SELECT * FROM by_number UNION ALL SELECT * FROM by_name) p
          ORDER BY least(a_id, b_id), greatest(a_id, b_id), reason
       ), added AS (
         INSERT INTO duplicate_candidates (station_id, organization_a_id, organization_b_id, reason, job_id)
         SELECT $1, a_id, b_id, reason, $2::uuid FROM pairs
         ON CONFLICT (station_id, organization_a_id, organization_b_id) DO NOTHING
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM pairs)::int AS found, (SELECT count(*) FROM added)::int AS added`,
      [stationId, jobId],
    );
    return row;
  }

  /** The review queue: pairs whose two records are still live (pending), or resolved ones. */
  async list(user: RequestUser, status: DuplicateStatus): Promise<DuplicatePairDto[]> {
    const params: unknown[] = [status];
    const scope = scopeSql(user, 'd.station_id', params);
    return this.dataSource.query(
      `SELECT d.id, d.station_id AS "stationId", d.reason, d.status, d.created_at AS "createdAt",
              ${ORG('a')} AS a, ${ORG('b')} AS b
         FROM duplicate_candidates d
         JOIN organizations a ON a.id = d.organization_a_id
         JOIN organizations b ON b.id = d.organization_b_id
        WHERE d.status = $1 AND ${scope}
          ${status === 'pending' ? `AND ${LIVE('a')} AND ${LIVE('b')}` : ''}
        ORDER BY d.created_at DESC, a.sort_key, d.id
        LIMIT 500`,
      params,
    );
  }

  async lock(tx: EntityManager, user: RequestUser, id: string): Promise<CandidateRow | undefined> {
    const params: unknown[] = [id];
    const rows: CandidateRow[] = await tx.query(
      `SELECT id, station_id, organization_a_id, organization_b_id, status FROM duplicate_candidates d
        WHERE d.id = $1 AND ${scopeSql(user, 'd.station_id', params)} FOR UPDATE`,
      params,
    );
    return rows[0];
  }

  async bothLive(tx: EntityManager, c: CandidateRow): Promise<boolean> {
    const [{ n }]: { n: number }[] = await tx.query(
      `SELECT count(*)::int AS n FROM organizations o WHERE o.id = ANY($1::uuid[]) AND ${LIVE('o')}`,
      [[c.organization_a_id, c.organization_b_id]],
    );
    return n === 2;
  }

  async resolve(tx: EntityManager, id: string, status: DuplicateStatus, userId: string): Promise<void> {
    await tx.query(
      `UPDATE duplicate_candidates SET status = $2, resolved_by = $3, resolved_at = now() WHERE id = $1`,
      [id, status, userId],
    );
  }
}
