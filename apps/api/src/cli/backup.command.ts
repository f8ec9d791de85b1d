/**
 * `npm run cli -- backup FILE` and `npm run cli -- restore FILE` (libs/database/backup): against the
 * same database as the server (embedded under DATA_DIR, or DATABASE_OWNER_URL/DATABASE_URL), as the
 * schema owner. A backup may run while the server runs (one consistent snapshot); a restore goes
 * into an empty database (a new DATA_DIR, or a new external database with the two roles), then
 * the migration step runs as at every start (newer migrations of this build, the app role's grants).
 */
import * as path from 'node:path';
import type { AppConfig } from '../../../../libs/config/app-config';
import {
  backupDatabase,
  BackupError,
  FileRoot,
  restoreDatabase,
} from '../../../../libs/database/backup/backup';
import { migrateDatabase, resolveDatabase } from '../../../../libs/database/database-bootstrap';

/**
 * Directories of files kept beside the data, archived under `files/<name>/`. None: attachments
 * (apps/api/src/attachments) keep their bytes in PostgreSQL (attachment_blobs), so the tables'
 * rows carry them (test/attachments/backup.e2e-spec.ts).
 */
export function backupFileRoots(config: AppConfig): FileRoot[] {
  void config;
  return [];
}

export async function runBackupCommand(
  command: 'backup' | 'restore',
  file: string | undefined,
  config: AppConfig,
): Promise<number> {
  if (!file) {
    process.stderr.write(`usage: npm run cli -- ${command} FILE\n`);
    return 2;
  }
  const target = path.resolve(file);
  const db = await resolveDatabase(
    config,
    () => undefined,
    (m) => process.stderr.write(`warning: ${m}\n`),
  );
  const log = (m: string) => process.stderr.write(`${m}\n`);
  try {
    if (command === 'backup') {
      const manifest = await backupDatabase(db.ownerUrl, target, { fileRoots: backupFileRoots(config), log });
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      process.stdout.write(
        `Backup written to ${target}: ${manifest.tables.length} tables, ${rows} rows, ` +
          `${manifest.files.reduce((n, f) => n + f.count, 0)} files, migration ${manifest.migrations.at(-1)}.\n`,
      );
      return 0;
    }
    const manifest = await restoreDatabase(db.ownerUrl, target, { fileRoots: backupFileRoots(config), log });
    const applied = await migrateDatabase(db);
    if (applied.length) process.stderr.write(`applied migrations: ${applied.join(', ')}\n`);
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    process.stdout.write(
      `Restored ${target} (made ${manifest.createdAt}): ${manifest.tables.length} tables, ${rows} rows.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await db.stop();
  }
}
