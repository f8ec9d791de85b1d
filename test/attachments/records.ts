import { randomBytes } from 'node:crypto';
import type { TestApp } from '../helpers/test-app';

/** Visits, seminars and meetings made by SQL: their APIs belong to other features. */

export async function createVisit(
  t: TestApp,
  v: {
    stationId: string;
    createdBy: string;
    status?: 'draft' | 'submitted' | 'approved' | 'returned';
    officerIds?: string[];
  },
): Promise<{ id: string }> {
  const [org] = await t.ds.query(
    `INSERT INTO organizations (station_id, name, tier) VALUES ($1, $2, 'A') RETURNING id`,
    [v.stationId, `添付テスト株式会社 ${randomBytes(3).toString('hex')}`],
  );
  const status = v.status ?? 'draft';
  const [row] = await t.ds.query(
    `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, status, created_by, topics,
       summary, submitted_at, approved_at, approved_by)
     VALUES ($1, $2, timestamptz '2025-06-21 10:00+09', date '2025-06-21', 'on_site', $3::text, $4, '{}',
       '技術流出防止に関する情報提供',
       CASE WHEN $3::text IN ('submitted', 'approved', 'returned') THEN now() END,
       CASE WHEN $3::text = 'approved' THEN now() END,
       CASE WHEN $3::text = 'approved' THEN $4::uuid END)
     RETURNING id`,
    [v.stationId, org.id, status, v.createdBy],
  );
  for (const officer of v.officerIds ?? [v.createdBy])
    await t.ds.query(`INSERT INTO visit_officers (visit_id, user_id) VALUES ($1, $2)`, [row.id, officer]);
  return row;
}

export async function setVisitStatus(t: TestApp, id: string, status: string): Promise<void> {
  await t.ds.query(
    `UPDATE visits SET status = $2, submitted_at = COALESCE(submitted_at, now()) WHERE id = $1`,
    [id, status],
  );
}

export async function createSeminar(
  t: TestApp,
  stationId: string,
  createdBy: string,
): Promise<{ id: string }> {
  const [row] = await t.ds.query(
    `INSERT INTO seminars (station_id, title, kind, held_on, created_by)
     VALUES ($1, 'サイバーセキュリティセミナー', 'seminar', '2025-07-10', $2) RETURNING id`,
    [stationId, createdBy],
  );
  return row;
}

export async function createMeeting(t: TestApp, stationId: string): Promise<{ id: string }> {
  const [row] = await t.ds.query(
    `INSERT INTO council_meetings (station_id, held_on) VALUES ($1, '2025-06-21') RETURNING id`,
    [stationId],
  );
  return row;
}
