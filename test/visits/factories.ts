import { randomBytes } from 'node:crypto';
import type { TestApp } from '../helpers/test-app';

/**
 * Organizations, contacts, council items and seminars made by SQL: the organizations, council and
 * seminars features are built in parallel, so these tests do not depend on their APIs.
 */
export async function createOrganization(
  t: TestApp,
  stationId: string,
  overrides: Partial<{ name: string; tier: string }> = {},
): Promise<{ id: string; name: string }> {
  const name = overrides.name ?? `テスト株式会社 ${randomBytes(3).toString('hex')}`;
  const [row] = await t.ds.query(
    `INSERT INTO organizations (station_id, name, tier, sort_key, search_text, normalized_name)
     VALUES ($1, $2, $3, $2, $2, $2) RETURNING id, name`,
    [stationId, name, overrides.tier ?? 'A'],
  );
  return row;
}

export async function createContact(
  t: TestApp,
  organization: { id: string },
  stationId: string,
  name = '総務部長 山田',
): Promise<{ id: string; name: string }> {
  const [row] = await t.ds.query(
    `INSERT INTO contacts (organization_id, station_id, name, role) VALUES ($1, $2, $3, 'manager') RETURNING id, name`,
    [organization.id, stationId, name],
  );
  return row;
}

export async function createCouncilItem(t: TestApp, stationId: string): Promise<{ id: string }> {
  const [meeting] = await t.ds.query(
    `INSERT INTO council_meetings (station_id, held_on) VALUES ($1, '2025-06-21') RETURNING id`,
    [stationId],
  );
  const [item] = await t.ds.query(
    `INSERT INTO council_items (meeting_id, station_id, kind, text) VALUES ($1, $2, 'request', '学校での講演を検討されたい')
     RETURNING id`,
    [meeting.id, stationId],
  );
  return item;
}

export async function createSeminar(
  t: TestApp,
  stationId: string,
  createdBy: string,
  heldOn: string,
  title: string,
  participants: { organizationId: string | null; attendeeCount: number }[],
): Promise<{ id: string }> {
  const [seminar] = await t.ds.query(
    `INSERT INTO seminars (station_id, title, kind, held_on, created_by) VALUES ($1, $2, 'seminar', $3, $4)
     RETURNING id`,
    [stationId, title, heldOn, createdBy],
  );
  for (const [i, p] of participants.entries())
    await t.ds.query(
      `INSERT INTO seminar_participants (seminar_id, organization_id, name, attendee_count, position)
       VALUES ($1, $2, $3, $4, $5)`,
      [seminar.id, p.organizationId, p.organizationId ? null : '一般参加', p.attendeeCount, i],
    );
  return seminar;
}

/** A valid POST /visits body. */
export function visitBody(
  organizationId: string,
  officerIds: string[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    organizationId,
    visitedAt: '2025-06-21T10:00:00+09:00',
    format: 'on_site',
    officerIds,
    jointWith: '本部サイバー攻撃対策隊',
    attendees: [{ name: '研究開発部 鈴木', role: 'researcher' }],
    topics: ['leak_cases', 'cyber_trends'],
    materials: ['経済安全保障パンフレット'],
    summary: '技術流出事案を紹介し、社内相談窓口の設置を勧めた。',
    concernsRaised: '海外からの共同研究の打診について',
    followUps: [{ title: '相談窓口設置状況の確認', dueOn: '2025-09-30' }],
    ...overrides,
  };
}
