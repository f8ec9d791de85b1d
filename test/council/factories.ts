import { randomBytes } from 'node:crypto';
import type { TestApp } from '../helpers/test-app';

/**
 * Organizations and visits made by direct SQL (their APIs belong to other features), for the
 * seminar, partner and council tests.
 */
export async function createOrganization(
  t: TestApp,
  stationId: string,
  name = `テスト株式会社 ${randomBytes(3).toString('hex')}`,
): Promise<{ id: string; name: string }> {
  const [row] = await t.ds.query(
    `INSERT INTO organizations (station_id, name, sector, tier, municipality_code, municipality_name)
     VALUES ($1, $2, 'advanced_tech', 'A', '35208', '岩国市') RETURNING id, name`,
    [stationId, name],
  );
  return row;
}

/** Many organizations in one statement. */
export async function createOrganizations(t: TestApp, stationId: string, count: number): Promise<string[]> {
  const rows: { id: string }[] = await t.ds.query(
    `INSERT INTO organizations (station_id, name, tier)
     SELECT $1, 'テスト工業 ' || g, 'B' FROM generate_series(1, $2::int) AS g RETURNING id`,
    [stationId, count],
  );
  return rows.map((r) => r.id);
}

export async function createVisit(
  t: TestApp,
  v: {
    stationId: string;
    organizationId: string;
    createdBy: string;
    visitedOn: string;
    status?: 'draft' | 'submitted' | 'approved' | 'returned';
    topics?: string[];
    attendees?: number;
  },
): Promise<{ id: string }> {
  const status = v.status ?? 'approved';
  const [row] = await t.ds.query(
    `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, status, created_by, topics,
       summary, submitted_at, approved_at, approved_by)
     VALUES ($1, $2, ($3::date + time '10:00') AT TIME ZONE 'UTC' - interval '9 hours', $3::date, 'on_site', $4::text, $5, $6,
       '技術流出防止に関する情報提供',
       CASE WHEN $4::text IN ('submitted', 'approved') THEN now() END,
       CASE WHEN $4::text = 'approved' THEN now() END,
       CASE WHEN $4::text = 'approved' THEN $5::uuid END)
     RETURNING id`,
    [v.stationId, v.organizationId, v.visitedOn, status, v.createdBy, v.topics ?? []],
  );
  if (v.attendees)
    await t.ds.query(
      `INSERT INTO visit_attendees (visit_id, name, role, position)
       SELECT $1, '担当者 ' || g, 'employee', g FROM generate_series(1, $2::int) AS g`,
      [row.id, v.attendees],
    );
  return row;
}
