import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { seedDemoIfEmpty } from '../../apps/api/src/demo/demo-seed';
import { backupDatabase, restoreDatabase } from '../../libs/database/backup/backup';
import { migrateDatabase } from '../../libs/database/database-bootstrap';
import { TestApp } from '../helpers/test-app';

const ROOT = join(__dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/run.js'), 'apps/api/src/cli/main', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ...out })));
}

const inDb = (base: string, db: string) => {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
};

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every table of the public schema: its row count and a digest of all its rows. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const tables = await query<{ name: string }>(
    url,
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await query<{ n: string; digest: string }>(
      url,
      `SELECT count(*) AS n, md5(coalesce(string_agg(x, E'\\n' ORDER BY x), '')) AS digest
         FROM (SELECT t::text AS x FROM "${name}" t) s`,
    );
    result[name] = `${row.n} ${row.digest}`;
  }
  return result;
}

describe('backup and restore (issue 16)', () => {
  let t: TestApp;
  let dir: string;
  const created: string[] = [];
  const adminUrl = () => process.env.OUTREACH_TEST_ADMIN_URL ?? '';
  const runtimeBase = () => process.env.OUTREACH_TEST_RUNTIME_URL ?? '';

  /** A new, empty database (not the migrated template). */
  async function emptyDatabase(): Promise<{ ownerUrl: string; runtimeUrl: string }> {
    const name = `r_${randomBytes(6).toString('hex')}`;
    await query(adminUrl(), `CREATE DATABASE ${name}`);
    created.push(name);
    return { ownerUrl: inDb(adminUrl(), name), runtimeUrl: inDb(runtimeBase(), name) };
  }

  beforeAll(async () => {
    t = await TestApp.create();
    dir = await mkdtemp(join(tmpdir(), 'backup-e2e-'));
    expect(await seedDemoIfEmpty(t.ds, () => undefined)).toBe(true);
    await t.createStationTeam(); // logins: sessions and audit events beside the demo's
  });
  afterAll(async () => {
    await t.close();
    for (const name of created) await query(adminUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips the demo data through the CLI: every table, the audit trail, the sequences', async () => {
    const file = join(dir, 'demo.tar.gz');
    const backup = await cli(['backup', file], {
      DATABASE_URL: t.runtimeUrl,
      DATABASE_OWNER_URL: t.ownerUrl,
    });
    expect(backup.stderr).not.toMatch(/error/i);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backup written to .*demo\.tar\.gz: \d+ tables, \d+ rows, 0 files/);

    // a plain tar.gz: any tar lists it
    const listing = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
    if (listing.status === 0) {
      expect(listing.stdout.split('\n')[0]).toBe('manifest.json');
      expect(listing.stdout).toMatch(/^data\/audit_events\/00001\.copy$/m);
    }

    const target = await emptyDatabase();
    const restore = await cli(['restore', file], {
      DATABASE_URL: target.runtimeUrl,
      DATABASE_OWNER_URL: target.ownerUrl,
    });
    expect(restore.stderr).not.toMatch(/error/i);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/^Restored /);

    const before = await fingerprint(t.ownerUrl);
    const after = await fingerprint(target.ownerUrl);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after).toEqual(before);
    expect(Number(before.organizations.split(' ')[0])).toBeGreaterThan(0);
    expect(Number(before.audit_events.split(' ')[0])).toBeGreaterThan(0);

    // the audit trail row by row, in order
    const trail = (url: string) => query(url, `SELECT * FROM audit_events ORDER BY occurred_at, id`);
    expect(await trail(target.ownerUrl)).toEqual(await trail(t.ownerUrl));

    // the app's role has its rights on the restored database, and still cannot alter the trail
    const [{ n }] = await query<{ n: string }>(target.runtimeUrl, `SELECT count(*) AS n FROM organizations`);
    expect(n).toBe(before.organizations.split(' ')[0]);
    await expect(query(target.runtimeUrl, `DELETE FROM audit_events`)).rejects.toThrow(/permission denied/);

    // the append-only and derived-data triggers are on again
    const disabled = await query(
      target.ownerUrl,
      `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`,
    );
    expect(disabled).toEqual([]);

    // sequences continue where they were
    const sequences = (url: string) =>
      query(url, `SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`);
    expect(await sequences(target.ownerUrl)).toEqual(await sequences(t.ownerUrl));

    // a second restore into the same, no longer empty, database is refused and changes nothing
    const again = await cli(['restore', file], {
      DATABASE_URL: target.runtimeUrl,
      DATABASE_OWNER_URL: target.ownerUrl,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/error: the database is not empty/);
    expect(await fingerprint(target.ownerUrl)).toEqual(after);
  });

  it('carries the files of a file root and restores into a database migrated but unused', async () => {
    const files = join(dir, 'attachments');
    await mkdir(join(files, '2026', '12'), { recursive: true });
    await writeFile(join(files, '2026', '12', '議事録.pdf'), Buffer.from('%PDF-1.7 test'));
    await writeFile(join(files, 'a.txt'), 'attachment');
    const file = join(dir, 'with-files.tar.gz');
    const manifest = await backupDatabase(t.ownerUrl, file, {
      fileRoots: [{ name: 'attachments', dir: files }],
    });
    expect(manifest.files).toEqual([{ name: 'attachments', count: 2, bytes: 23 }]);

    const target = await emptyDatabase();
    await migrateDatabase({ ownerUrl: target.ownerUrl, url: target.runtimeUrl });
    const restoredFiles = join(dir, 'restored-attachments');
    await restoreDatabase(target.ownerUrl, file, {
      fileRoots: [{ name: 'attachments', dir: restoredFiles }],
    });
    expect(await readFile(join(restoredFiles, '2026', '12', '議事録.pdf'), 'utf8')).toBe('%PDF-1.7 test');
    expect(await readFile(join(restoredFiles, 'a.txt'), 'utf8')).toBe('attachment');
    expect(await fingerprint(target.ownerUrl)).toEqual(await fingerprint(t.ownerUrl));

    // not an archive of ours
    const junk = join(dir, 'junk.tar.gz');
    await writeFile(junk, 'not a backup');
    const other = await emptyDatabase();
    await expect(restoreDatabase(other.ownerUrl, junk)).rejects.toThrow();
  });
});
