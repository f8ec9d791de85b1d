import type { AppConfig } from '../config/app-config';
import { createDataSource, runMigrations } from './data-source';
import { auditTamperingRights, grantRuntimePrivileges, roleOfUrl } from './database-roles';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  /** The runtime role: the app's pool (requests, CLI commands, demo seeding). */
  url: string;
  /** The schema owner: migrations and the grant step after them (see database-roles.ts). */
  ownerUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

type DatabaseLog = (message: string) => void;

/**
 * `DATABASE_URL` (runtime role) and `DATABASE_OWNER_URL` (owner) when set, else the embedded
 * PostgreSQL under `DATA_DIR` with its two roles. Without `DATABASE_OWNER_URL` the one role of
 * `DATABASE_URL` does both, as before, with a warning: the app could then alter the audit trail.
 */
export async function resolveDatabase(
  config: AppConfig,
  log: DatabaseLog,
  warn: DatabaseLog = log,
): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    if (!config.databaseOwnerUrl)
      warn(
        'DATABASE_OWNER_URL is not set: migrations and the app both use DATABASE_URL. Give the app a ' +
          'restricted role (README, "Against an external PostgreSQL") and the owner DATABASE_OWNER_URL.',
      );
    return {
      url: config.databaseUrl,
      ownerUrl: config.databaseOwnerUrl ?? config.databaseUrl,
      embedded: false,
      stop: async () => undefined,
    };
  }
  const db = await startEmbeddedPostgres(config.dataDir, { log });
  return { url: db.runtimeUrl, ownerUrl: db.url, embedded: true, stop: () => db.stop() };
}

/** Held (a session-level advisory lock) while one process migrates; others wait for it. */
const MIGRATION_LOCK = 7_316_001;

/**
 * Applies pending migrations as the owner, then the grant step for the runtime role (when it is a
 * role of its own); returns the names of the migrations applied. Several instances starting at once
 * take turns (an advisory lock): the first applies the migrations, the others find none pending.
 */
export async function migrateDatabase(db: Pick<ResolvedDatabase, 'url' | 'ownerUrl'>): Promise<string[]> {
  const { Client } = await import('pg');
  const lock = new Client({ connectionString: db.ownerUrl, application_name: 'outreach-crm migrations' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ds = createDataSource(db.ownerUrl);
    await ds.initialize();
    try {
      const applied = await runMigrations(ds);
      const runtimeRole = roleOfUrl(db.url);
      if (runtimeRole !== roleOfUrl(db.ownerUrl)) await grantRuntimePrivileges(ds, runtimeRole);
      return applied;
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.end();
  }
}

/** Warnings when the runtime role could alter the audit trail (a superuser, the owner, UPDATE rights). */
export async function checkRuntimeRole(url: string): Promise<string[]> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await auditTamperingRights(client)).map(
      (found) =>
        `${found}: the app could alter the audit trail (see README, "Against an external PostgreSQL")`,
    );
  } finally {
    await client.end();
  }
}
