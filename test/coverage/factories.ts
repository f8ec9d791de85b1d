import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * Direct SQL inserts for coverage, report and export tests: the organizations, visits, seminars …
 * features are built in parallel, so these tests do not go through their APIs.
 */
export interface OrgInput {
  stationId: string;
  name?: string;
  nameKana?: string | null;
  corporateNumber?: string | null;
  /** null: a candidate. */
  tier?: 'A' | 'B' | 'C' | null;
  sector?: string | null;
  legalForm?: string | null;
  municipalityCode?: string | null;
  municipalityName?: string | null;
  address?: string | null;
  status?: 'active' | 'closed' | 'archived';
  createdAt?: string;
  searchText?: string;
  exportControlRelevant?: boolean;
}

export async function createOrg(ds: DataSource, o: OrgInput): Promise<string> {
  const name = o.name ?? `テスト株式会社${randomBytes(3).toString('hex')}`;
  const [row] = await ds.query(
    `INSERT INTO organizations (station_id, name, name_kana, corporate_number, tier, sector, legal_form,
       municipality_code, municipality_name, address, status, created_at, search_text, sort_key,
       export_control_relevant)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, COALESCE($12::timestamptz, '2020-01-01T00:00:00+09:00'),
       $13, $14, $15)
     RETURNING id`,
    [
      o.stationId,
      name,
      o.nameKana ?? null,
      o.corporateNumber ?? null,
      o.tier === undefined ? 'C' : o.tier,
      o.sector === undefined ? 'advanced_tech' : o.sector,
      o.legalForm ?? 'kabushiki',
      o.municipalityCode === undefined ? '35208' : o.municipalityCode,
      o.municipalityName === undefined ? '岩国市' : o.municipalityName,
      o.address ?? '山口県岩国市今津町1-1',
      o.status ?? 'active',
      o.createdAt ?? null,
      o.searchText ?? name.toLowerCase(),
      o.nameKana ?? name,
      o.exportControlRelevant ?? false,
    ],
  );
  return row.id;
}

export interface VisitInput {
  stationId: string;
  organizationId: string;
  createdBy: string;
  visitedOn: string;
  /** Default 10:00 JST on visitedOn. */
  visitedAt?: string;
  status?: 'draft' | 'submitted' | 'approved' | 'returned';
  /** Default: 18:00 JST of the visit day when approved. */
  approvedAt?: string | null;
  topics?: string[];
  materials?: string[];
  summary?: string;
  format?: string;
  officerIds?: string[];
}

export async function createVisit(ds: DataSource, v: VisitInput): Promise<string> {
  const status = v.status ?? 'approved';
  const approvedAt = status === 'approved' ? (v.approvedAt ?? `${v.visitedOn}T18:00:00+09:00`) : null;
  const [row] = await ds.query(
    `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, topics, materials, summary,
       status, created_by, submitted_at, approved_at, approved_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      v.stationId,
      v.organizationId,
      v.visitedAt ?? `${v.visitedOn}T10:00:00+09:00`,
      v.visitedOn,
      v.format ?? 'on_site',
      v.topics ?? ['leak_cases'],
      v.materials ?? [],
      v.summary ?? '技術流出事案を紹介した',
      status,
      v.createdBy,
      status === 'draft' ? null : `${v.visitedOn}T17:00:00+09:00`,
      approvedAt,
      approvedAt ? v.createdBy : null,
    ],
  );
  for (const userId of v.officerIds ?? []) {
    await ds.query(`INSERT INTO visit_officers (visit_id, user_id) VALUES ($1, $2)`, [row.id, userId]);
  }
  return row.id;
}

export interface SeminarInput {
  stationId: string;
  createdBy: string;
  heldOn: string;
  title?: string;
  kind?: string;
  topics?: string[];
  /** When the seminar was recorded (its participants count from then). Default: 20:00 JST that day. */
  createdAt?: string;
  participants?: { organizationId?: string | null; name?: string; attendeeCount: number }[];
}

export async function createSeminar(ds: DataSource, s: SeminarInput): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO seminars (station_id, title, kind, held_on, topics, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      s.stationId,
      s.title ?? 'サイバーセキュリティセミナー',
      s.kind ?? 'seminar',
      s.heldOn,
      s.topics ?? ['cyber_trends'],
      s.createdBy,
      s.createdAt ?? `${s.heldOn}T20:00:00+09:00`,
    ],
  );
  for (const [i, p] of (s.participants ?? []).entries()) {
    await ds.query(
      `INSERT INTO seminar_participants (seminar_id, organization_id, name, attendee_count, position)
       VALUES ($1, $2, $3, $4, $5)`,
      [row.id, p.organizationId ?? null, p.name ?? null, p.attendeeCount, i],
    );
  }
  return row.id;
}

export async function createConsultation(
  ds: DataSource,
  c: { stationId: string; organizationId: string; createdBy: string; receivedAt: string; category: string; escalated?: boolean },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO consultations (station_id, organization_id, received_at, category, summary, escalated, created_by)
     VALUES ($1, $2, $3, $4, '相談内容', $5, $6) RETURNING id`,
    [c.stationId, c.organizationId, c.receivedAt, c.category, c.escalated ?? false, c.createdBy],
  );
  return row.id;
}

export async function createFollowUp(
  ds: DataSource,
  f: { stationId: string; dueOn: string; status?: string; createdAt?: string; closedAt?: string | null },
): Promise<string> {
  const [meeting] = await ds.query(
    `INSERT INTO council_meetings (station_id, held_on) VALUES ($1, '2023-06-01') RETURNING id`,
    [f.stationId],
  );
  const [item] = await ds.query(
    `INSERT INTO council_items (meeting_id, station_id, kind, text) VALUES ($1, $2, 'request', '学校での講演を検討してほしい') RETURNING id`,
    [meeting.id, f.stationId],
  );
  const [row] = await ds.query(
    `INSERT INTO follow_ups (council_item_id, station_id, title, due_on, status, created_at, closed_at)
     VALUES ($1, $2, '学校での講演', $3, $4, COALESCE($5::timestamptz, now()), $6) RETURNING id`,
    [item.id, f.stationId, f.dueOn, f.status ?? 'open', f.createdAt ?? null, f.closedAt ?? null],
  );
  return row.id;
}

export async function createLiaison(
  ds: DataSource,
  l: { stationId: string; createdBy: string; heldOn: string; topics?: string[]; subject?: string },
): Promise<string> {
  const [partner] = await ds.query(
    `INSERT INTO partners (prefecture_code, name, kind) VALUES ('35', '山口県イノベーション推進課', 'prefecture') RETURNING id`,
  );
  const [row] = await ds.query(
    `INSERT INTO liaisons (partner_id, station_id, held_on, subject, topics, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, ($3::date + time '20:00') AT TIME ZONE 'Asia/Tokyo') RETURNING id`,
    [partner.id, l.stationId, l.heldOn, l.subject ?? '情報交換', l.topics ?? ['export_control'], l.createdBy],
  );
  return row.id;
}

export async function createContact(
  ds: DataSource,
  c: { organizationId: string; stationId: string; name: string; title?: string; phone?: string; email?: string },
): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO contacts (organization_id, station_id, name, title, phone, email) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [c.organizationId, c.stationId, c.name, c.title ?? null, c.phone ?? null, c.email ?? null],
  );
  return row.id;
}
