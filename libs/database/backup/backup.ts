/**
 * Backup and restore of the app's data (`npm run cli -- backup FILE` / `restore FILE`), without
 * pg_dump: the embedded PostgreSQL package ships no client tools, and a pg_dump older than the
 * server refuses to dump it. The archive is a gzipped tar:
 *
 *   manifest.json              format, version, when, the applied migrations, per table its columns
 *                              and row count, the sequences' values, the file roots
 *   data/<table>/<00001>.copy  the table's rows in COPY text format, in chunks of at most 8 MiB
 *   files/<root>/<path>        attachment files, per root directory (none in this version; the
 *                              format and restore already carry them)
 *
 * The dump is one REPEATABLE READ, READ ONLY transaction: every table is read from one snapshot
 * (row counts too), while the app goes on writing. The schema is not in the archive: a restore
 * applies this build's migrations up to the backup's last one, loads the rows (user triggers off,
 * so derived tables and the audit trail are taken as they were), sets the sequences, checks every
 * count, commits, and then applies the newer migrations of this build, if any (an upgrade).
 * Tables outside the `public` schema (a job queue's own schema) are not part of the data.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createDataSource } from '../data-source';
import { readTar, TarWriter } from './tar';

export const BACKUP_FORMAT = 'outreach-crm-backup';
export const BACKUP_VERSION = 1;
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Written by the migrations themselves, so not loaded from the archive (it is in the manifest). */
const MIGRATIONS_TABLE = 'schema_migrations';
/**
 * A database with rows in any of these has been used (migrations alone fill only code lists and
 * the like, which the restore replaces): a restore refuses it.
 */
const IN_USE_TABLES = ['users', 'stations', 'organizations', 'audit_events'];

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  serverVersion: string;
  /** Names of the applied migrations, oldest first. */
  migrations: string[];
  /** In load order (a table after the tables it references). */
  tables: Array<{ name: string; columns: string[]; rows: number }>;
  sequences: Array<{ name: string; value: string; isCalled: boolean }>;
  /** Directories of attachment files, archived under `files/<name>/`. */
  files: Array<{ name: string; count: number; bytes: number }>;
}

/** A directory of files kept with the data (e.g. attachments), by a stable name. */
export interface FileRoot {
  name: string;
  dir: string;
}

export class BackupError extends Error {}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The public schema's tables with their columns (stored, not generated) in attribute order. */
async function listTables(client: Client): Promise<Array<{ name: string; columns: string[] }>> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(`
    SELECT c.relname AS name,
           array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
     GROUP BY c.relname
     ORDER BY c.relname`);
  return rows;
}

/** Tables ordered so that each comes after those its foreign keys reference. */
async function loadOrder(client: Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(`
    SELECT DISTINCT ch.relname AS child, pa.relname AS parent
      FROM pg_constraint k
      JOIN pg_class ch ON ch.oid = k.conrelid
      JOIN pg_class pa ON pa.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = ch.relnamespace AND n.nspname = 'public'
     WHERE k.contype = 'f' AND k.conrelid <> k.confrelid`);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of rows) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: string, trail: string[]) => {
    if (state.get(table) === 'done') return;
    if (state.get(table) === 'visiting')
      throw new BackupError(`foreign keys form a cycle: ${[...trail, table].join(' → ')}`);
    state.set(table, 'visiting');
    for (const parent of parents.get(table) ?? []) if (parents.has(parent)) visit(parent, [...trail, table]);
    state.set(table, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

async function walkFiles(dir: string, base = ''): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(path.join(dir, base), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = base ? `${base}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await walkFiles(dir, rel)));
    else if (entry.isFile()) files.push(rel);
  }
  return files;
}

/** Writes a backup of the database (as `ownerUrl`) and the file roots to `file`. */
export async function backupDatabase(
  ownerUrl: string,
  file: string,
  options: { fileRoots?: FileRoot[]; log?: (message: string) => void } = {},
): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  const client = new Client({ connectionString: ownerUrl, application_name: 'outreach-crm backup' });
  await client.connect();
  const partial = `${file}.partial`;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const all = await listTables(client);
    if (!all.some((t) => t.name === MIGRATIONS_TABLE))
      throw new BackupError('the database has no schema_migrations table: nothing to back up');
    const migrations = (
      await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY timestamp, id`)
    ).rows.map((r) => r.name);
    const columnsOf = new Map(all.map((t) => [t.name, t.columns]));
    const order = await loadOrder(
      client,
      all.map((t) => t.name).filter((t) => t !== MIGRATIONS_TABLE),
    );
    const tables: BackupManifest['tables'] = [];
    for (const name of order) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(name)}`);
      tables.push({ name, columns: columnsOf.get(name) ?? [], rows: Number(rows[0].n) });
    }
    const sequences: BackupManifest['sequences'] = [];
    for (const { name } of (
      await client.query<{ name: string }>(
        `SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
      )
    ).rows) {
      const { rows } = await client.query<{ value: string; isCalled: boolean }>(
        `SELECT last_value::text AS value, is_called AS "isCalled" FROM ${ident(name)}`,
      );
      sequences.push({ name, ...rows[0] });
    }
    const roots = options.fileRoots ?? [];
    const rootFiles = await Promise.all(roots.map(async (root) => walkFiles(root.dir)));
    const files = await Promise.all(
      roots.map(async (root, i) => {
        let bytes = 0;
        for (const rel of rootFiles[i]) bytes += (await fs.stat(path.join(root.dir, rel))).size;
        return { name: root.name, count: rootFiles[i].length, bytes };
      }),
    );
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      serverVersion: (
        await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")
      ).rows[0].v.split(' ')[0],
      migrations,
      tables,
      sequences,
      files,
    };

    const gzip = createGzip({ level: 6 });
    const written = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
    const tar = new TarWriter(gzip);
    await tar.entry('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    for (const table of tables) {
      const copy = client.query(
        copyTo(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) TO STDOUT`),
      );
      let part = 0;
      let held: Buffer[] = [];
      let heldBytes = 0;
      const flush = async () => {
        part += 1;
        await tar.entry(`data/${table.name}/${String(part).padStart(5, '0')}.copy`, Buffer.concat(held));
        held = [];
        heldBytes = 0;
      };
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes >= CHUNK_BYTES) await flush();
      }
      if (heldBytes) await flush();
      log(`${table.name}: ${table.rows} rows`);
    }
    for (const [i, root] of roots.entries()) {
      for (const rel of rootFiles[i]) {
        const full = path.join(root.dir, rel);
        const stat = await fs.stat(full);
        await tar.entry(`files/${root.name}/${rel}`, await fs.readFile(full), stat.mtimeMs);
      }
      log(`files ${root.name}: ${files[i].count}`);
    }
    await tar.end();
    await written;
    await client.query('COMMIT');
    await fs.rename(partial, file);
    return manifest;
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

const migrationName = (m: { name?: string; constructor: { name: string } }) => m.name ?? m.constructor.name;
/** TypeORM's order: by the timestamp that ends each migration's name. */
const byTimestamp = (a: string, b: string) => Number(a.slice(-13)) - Number(b.slice(-13));

/** The migration names this build knows, oldest first (from the migrations folder). */
async function buildMigrations(ownerUrl: string): Promise<string[]> {
  const ds = createDataSource(ownerUrl);
  await ds.initialize();
  try {
    return ds.migrations.map(migrationName).sort(byTimestamp);
  } finally {
    await ds.destroy();
  }
}

/** Applies the named migrations of this build (as the owner), none after them. */
async function migrateOnly(ownerUrl: string, names: string[]): Promise<void> {
  const ds = createDataSource(ownerUrl);
  await ds.initialize();
  try {
    const keep = new Set(names);
    const kept = ds.migrations.filter((m) => keep.has(migrationName(m)));
    ds.migrations.splice(0, ds.migrations.length, ...kept);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

/**
 * Restores `file` into the database of `ownerUrl`, which must be empty (no rows in any table of
 * the public schema but what migrations write; migrated or not). Leaves the database at the backup's migration; the caller
 * then runs the migration step (newer migrations of this build, the runtime role's grants).
 */
export async function restoreDatabase(
  ownerUrl: string,
  file: string,
  options: { fileRoots?: FileRoot[]; log?: (message: string) => void } = {},
): Promise<BackupManifest> {
  const log = options.log ?? (() => undefined);
  const entries = readTar(createReadStream(file).pipe(createGunzip()));
  const first = await entries.next();
  if (first.done || first.value.name !== 'manifest.json')
    throw new BackupError(`${file} is not a backup of this app (no manifest.json first)`);
  const manifest = JSON.parse(first.value.data.toString('utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT || manifest.version > BACKUP_VERSION)
    throw new BackupError(`${file}: unknown backup format ${manifest.format} ${manifest.version}`);

  const known = await buildMigrations(ownerUrl);
  const prefix = known.slice(0, manifest.migrations.length);
  if (prefix.join('\n') !== [...manifest.migrations].sort(byTimestamp).join('\n')) {
    const unknown = manifest.migrations.filter((m) => !known.includes(m));
    throw new BackupError(
      unknown.length
        ? `the backup is from a newer version (migrations unknown here: ${unknown.join(', ')}); restore it with that version`
        : 'the backup’s migrations are not the first ones of this build: restore it with the version that made it',
    );
  }

  const roots = new Map((options.fileRoots ?? []).map((r) => [r.name, r.dir]));
  for (const root of manifest.files) {
    const dir = roots.get(root.name);
    if (!dir) throw new BackupError(`the backup has files of "${root.name}", which this build does not keep`);
    if ((await walkFiles(dir)).length)
      throw new BackupError(`${dir} is not empty: restore into an empty one`);
  }

  const client = new Client({ connectionString: ownerUrl, application_name: 'outreach-crm restore' });
  await client.connect();
  try {
    // Empty: no rows anywhere, and no migration beyond the backup's.
    const existing = await listTables(client);
    if (existing.some((t) => t.name === MIGRATIONS_TABLE)) {
      const applied = (await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`)).rows.map(
        (r) => r.name,
      );
      const beyond = applied.filter((m) => !manifest.migrations.includes(m));
      if (beyond.length)
        throw new BackupError(
          `the database is at a newer migration (${beyond[0]}): restore into an empty database`,
        );
    }
    for (const t of existing) {
      if (!IN_USE_TABLES.includes(t.name)) continue;
      const { rows } = await client.query(`SELECT 1 FROM ${ident(t.name)} LIMIT 1`);
      if (rows.length) throw new BackupError(`the database is not empty (table ${t.name} has rows)`);
    }
    await client.end().catch(() => undefined);
    await migrateOnly(ownerUrl, manifest.migrations);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }

  const tx = new Client({ connectionString: ownerUrl, application_name: 'outreach-crm restore' });
  await tx.connect();
  try {
    await tx.query('BEGIN');
    const target = new Map((await listTables(tx)).map((t) => [t.name, t.columns]));
    for (const table of manifest.tables) {
      const columns = target.get(table.name);
      if (!columns || columns.join(',') !== table.columns.join(','))
        throw new BackupError(`table ${table.name} differs from the backup's (columns)`);
      await tx.query(`ALTER TABLE ${ident(table.name)} DISABLE TRIGGER USER`);
    }
    // What the migrations wrote (code lists …) is in the backup too, as it was then.
    await tx.query(`TRUNCATE ${manifest.tables.map((t) => ident(t.name)).join(', ')}`);
    const order = new Map(manifest.tables.map((t, i) => [t.name, i]));
    let current: { name: string; stream: NodeJS.WritableStream; done: Promise<void> } | undefined;
    const finishCurrent = async () => {
      if (!current) return;
      current.stream.end();
      await current.done;
      log(`${current.name}: loaded`);
      current = undefined;
    };
    let last = -1;
    for await (const entry of entries) {
      const data = /^data\/([^/]+)\/\d+\.copy$/.exec(entry.name);
      if (data) {
        const name = data[1];
        const index = order.get(name);
        if (index === undefined) throw new BackupError(`the archive holds rows of an unknown table ${name}`);
        if (current?.name !== name) {
          await finishCurrent();
          if (index < last) throw new BackupError(`the archive's tables are out of order at ${name}`);
          last = index;
          const columns = manifest.tables[index].columns.map(ident).join(', ');
          const stream = tx.query(copyFrom(`COPY ${ident(name)} (${columns}) FROM STDIN`));
          const done = new Promise<void>((resolve, reject) => {
            stream.once('finish', resolve);
            stream.once('error', reject);
          });
          done.catch(() => undefined);
          current = { name, stream, done };
        }
        const stream = current.stream;
        if (!stream.write(entry.data)) await new Promise((resolve) => stream.once('drain', resolve));
        continue;
      }
      await finishCurrent();
      const attached = /^files\/([^/]+)\/(.+)$/.exec(entry.name);
      if (attached) {
        const dir = roots.get(attached[1]);
        const rel = path.normalize(attached[2]);
        if (!dir || rel.startsWith('..') || path.isAbsolute(rel))
          throw new BackupError(`unexpected file in the archive: ${entry.name}`);
        const target = path.join(dir, rel);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, entry.data, { mode: 0o600 });
        if (entry.mtime) await fs.utimes(target, entry.mtime / 1000, entry.mtime / 1000);
        continue;
      }
      throw new BackupError(`unexpected entry in the archive: ${entry.name}`);
    }
    await finishCurrent();
    for (const seq of manifest.sequences)
      await tx.query('SELECT setval($1::regclass, $2::bigint, $3)', [
        ident(seq.name),
        seq.value,
        seq.isCalled,
      ]);
    for (const table of manifest.tables) {
      const { rows } = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table.name)}`);
      if (Number(rows[0].n) !== table.rows)
        throw new BackupError(
          `table ${table.name}: ${rows[0].n} rows restored, the backup has ${table.rows}`,
        );
      await tx.query(`ALTER TABLE ${ident(table.name)} ENABLE TRIGGER USER`);
    }
    await tx.query('COMMIT');
    return manifest;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await tx.end().catch(() => undefined);
  }
}
