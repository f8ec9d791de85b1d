import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../../../../libs/auth/password';
import { seedOrganizationsDemo } from '../organizations/organizations.demo';
import { seedPartnersDemo } from '../partners/partners.demo';
import { seedVisitsDemo } from '../visits/visits.demo';
import { seedConsultationsDemo } from '../consultations/consultations.demo';
import { seedSeminarsDemo } from '../seminars/seminars.demo';
import { seedCouncilDemo } from '../council/council.demo';
import { seedActivitiesDemo } from '../activities/activities.demo';

/** What every feature's demo seeder gets: the ids made so far. */
export interface DemoContext {
  stationId: string;
  otherStationId: string;
  users: Record<'admin' | 'hq' | 'manager' | 'officer' | 'officer2' | 'yanaiOfficer', string>;
  log: (message: string) => void;
}

export type DemoSeeder = (tx: EntityManager, ctx: DemoContext) => Promise<void>;

/**
 * Feature seeders, run in order in one transaction after stations and users. Each feature adds
 * its own (organizations first: the others refer to them).
 */
export const DEMO_SEEDERS: DemoSeeder[] = [
  seedOrganizationsDemo,
  seedPartnersDemo,
  seedVisitsDemo,
  seedConsultationsDemo,
  seedSeminarsDemo,
  seedCouncilDemo,
  seedActivitiesDemo,
];

/**
 * 16 random base64url characters: past the 12-character minimum, never on the common-password
 * list. Stored with must_change_password: the user sets their own at first login, within
 * ONE_TIME_PASSWORD_DAYS of the first start (counted from the user's created_at).
 */
const oneTimePassword = () => randomBytes(12).toString('base64url');

/** Seeds 岩国警察署 and sample data when the database has no users yet; prints the demo logins once. */
export async function seedDemoIfEmpty(ds: DataSource, log: (message: string) => void): Promise<boolean> {
  const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM users`);
  if (count > 0) return false;
  const logins: [string, string, string][] = [];
  await ds.transaction(async (tx) => {
    const [iwakuni] = await tx.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes)
       VALUES ('iwakuni', '岩国警察署', '35', '{35208,35321}') RETURNING id`,
    );
    const [yanai] = await tx.query(
      `INSERT INTO stations (code, name, prefecture_code, municipality_codes)
       VALUES ('yanai', '柳井警察署', '35', '{35212}') RETURNING id`,
    );
    const people: [keyof DemoContext['users'], string, string, string, string | null][] = [
      ['admin', 'admin', 'システム管理者', 'admin', null],
      ['hq', 'hq', '県警本部 経済安全保障対策PT', 'hq', null],
      ['manager', 'manager', '岩国署 警備課長 山本', 'manager', iwakuni.id],
      ['officer', 'officer', '岩国署 警備課 田中', 'officer', iwakuni.id],
      ['officer2', 'officer2', '岩国署 警備課 佐藤', 'officer', iwakuni.id],
      ['yanaiOfficer', 'yanai', '柳井署 警備課 中村', 'officer', yanai.id],
    ];
    const users = {} as DemoContext['users'];
    for (const [key, username, displayName, role, stationId] of people) {
      const password = oneTimePassword();
      const [row] = await tx.query(
        `INSERT INTO users (username, display_name, role, station_id, password_hash, must_change_password)
         VALUES ($1, $2, $3, $4, $5, true) RETURNING id`,
        [username, displayName, role, stationId, await hashPassword(password)],
      );
      users[key] = row.id;
      logins.push([username, role, password]);
    }
    const ctx: DemoContext = { stationId: iwakuni.id, otherStationId: yanai.id, users, log };
    for (const seeder of DEMO_SEEDERS) await seeder(tx, ctx);
    // Seminars count as reach from when they were recorded: date the demo's records the day after
    // they were held, as if entered then, so "as of" views of the past include them.
    await tx.query(
      `UPDATE seminars SET created_at = (held_on + 1)::timestamp AT TIME ZONE 'Asia/Tokyo' + interval '9 hours'`,
    );
    await tx.query(
      `INSERT INTO audit_events (action, entity_type, changes) VALUES ('demo.seed', 'system', $1)`,
      [JSON.stringify({ stations: ['iwakuni', 'yanai'], users: logins.map(([u]) => u) })],
    );
  });
  log('');
  log('Demo data loaded (岩国警察署). One-time passwords, shown only now — each must be changed at');
  log('its first login and expires unused after ONE_TIME_PASSWORD_DAYS (default 7) days:');
  for (const [username, role, password] of logins)
    log(`  ${username.padEnd(9)} ${role.padEnd(8)} ${password}`);
  log('');
  return true;
}

/** The demo logins as one framed block, printed once the app listens. */
export function demoLoginBlock(lines: string[], file: string | null): string {
  const rule = '='.repeat(78);
  const body = lines.filter((l, i) => l !== '' || (i > 0 && i < lines.length - 1));
  return [
    '',
    rule,
    ...body,
    file ? `(Also written to ${file}, readable only by you. Delete it once everyone has signed in.)` : '',
    rule,
    '',
  ].join('\n');
}

/** Writes lines to DATA_DIR/<name> with mode 600; null when it cannot (the block on screen still shows them). */
export async function writeOwnerOnlyFile(dir: string, name: string, lines: string[]): Promise<string | null> {
  const file = path.join(dir, name);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.rm(file, { force: true });
    await fs.writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
    return file;
  } catch {
    return null;
  }
}
