import { randomBytes } from 'node:crypto';
import type { TestApp } from '../helpers/test-app';

/**
 * Records for the calendar and home tests, made by SQL: visits (planned ones too), seminars, council
 * meetings and follow-ups are other features' tables, built in parallel; these tests read them over
 * GET /calendar and GET /home only.
 */
export async function org(
  t: TestApp,
  stationId: string,
  name?: string,
): Promise<{ id: string; name: string }> {
  const n = name ?? `カレンダー株式会社 ${randomBytes(3).toString('hex')}`;
  const [row] = await t.ds.query(
    `INSERT INTO organizations (station_id, name, tier, sort_key, search_text, normalized_name)
     VALUES ($1, $2, 'A', $2, $2, $2) RETURNING id, name`,
    [stationId, n],
  );
  return row;
}

export async function visit(
  t: TestApp,
  v: {
    stationId: string;
    organizationId: string;
    at: string; // ISO with offset
    status: string;
    createdBy: string;
    officerIds?: string[];
    submitted?: boolean;
    returnReason?: string;
  },
): Promise<{ id: string }> {
  const submitted = v.submitted ?? ['submitted', 'approved', 'returned'].includes(v.status);
  const [row] = await t.ds.query(
    `INSERT INTO visits (station_id, organization_id, visited_at, visited_on, format, status, created_by, submitted_at,
       return_reason, approved_at)
     VALUES ($1, $2, $3::timestamptz, ($3::timestamptz AT TIME ZONE 'Asia/Tokyo')::date, 'on_site', $4::text, $5,
       CASE WHEN $6 THEN $3::timestamptz + interval '1 minute' END, $7,
       CASE WHEN $4::text = 'approved' THEN $3::timestamptz + interval '2 minutes' END)
     RETURNING id`,
    [v.stationId, v.organizationId, v.at, v.status, v.createdBy, submitted, v.returnReason ?? null],
  );
  for (const officer of v.officerIds ?? [v.createdBy])
    await t.ds.query(`INSERT INTO visit_officers (visit_id, user_id) VALUES ($1, $2)`, [row.id, officer]);
  return row;
}

export async function visitFollowUp(
  t: TestApp,
  visitId: string,
  f: { title: string; dueOn: string; ownerId?: string; status?: string },
): Promise<{ id: string }> {
  const [row] = await t.ds.query(
    `INSERT INTO visit_follow_ups (visit_id, title, due_on, owner_id, status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [visitId, f.title, f.dueOn, f.ownerId ?? null, f.status ?? 'open'],
  );
  return row;
}

export async function seminar(
  t: TestApp,
  stationId: string,
  createdBy: string,
  heldOn: string,
  title: string,
): Promise<{ id: string }> {
  const [row] = await t.ds.query(
    `INSERT INTO seminars (station_id, title, kind, held_on, created_by) VALUES ($1, $2, 'seminar', $3, $4) RETURNING id`,
    [stationId, title, heldOn, createdBy],
  );
  return row;
}

export async function meeting(
  t: TestApp,
  stationId: string,
  heldOn: string,
): Promise<{ id: string; itemId: string }> {
  const [m] = await t.ds.query(
    `INSERT INTO council_meetings (station_id, held_on) VALUES ($1, $2) RETURNING id`,
    [stationId, heldOn],
  );
  const [item] = await t.ds.query(
    `INSERT INTO council_items (meeting_id, station_id, kind, text) VALUES ($1, $2, 'request', '学校での講演を検討されたい')
     RETURNING id`,
    [m.id, stationId],
  );
  return { id: m.id, itemId: item.id };
}

export async function councilFollowUp(
  t: TestApp,
  stationId: string,
  itemId: string,
  f: { title: string; dueOn: string; ownerId?: string; status?: string },
): Promise<{ id: string }> {
  const [row] = await t.ds.query(
    `INSERT INTO follow_ups (council_item_id, station_id, title, owner_id, due_on, status)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [itemId, stationId, f.title, f.ownerId ?? null, f.dueOn, f.status ?? 'open'],
  );
  return row;
}

/** A minimal RFC 5545 reader for the tests: unfolds lines and returns each VEVENT's properties. */
export function parseIcs(text: string): {
  calendar: Record<string, string>;
  events: Record<string, string>[];
} {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const calendar: Record<string, string> = {};
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === '') continue;
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      if (current) events.push(current);
      current = null;
    } else {
      const colon = line.indexOf(':');
      if (colon < 0) throw new Error(`not a content line: ${line}`);
      const name = line.slice(0, colon);
      const value = line
        .slice(colon + 1)
        .replace(/\\n/gi, '\n')
        .replace(/\\([,;\\])/g, '$1');
      (current ?? calendar)[name] = value;
    }
  }
  return { calendar, events };
}
