/**
 * The command line: works against the same database as the server (embedded under DATA_DIR, or
 * DATABASE_URL), whether or not the server is running.
 *
 *   npm run cli -- create-admin --username NAME --password-stdin [--display-name 表示名]
 *   npm run cli -- import-register FILE --station CODE [--dry-run]
 *   npm run cli -- seed-demo
 *   npm run cli -- migration-run
 *   npm run cli -- backup FILE      (a consistent backup of the data: libs/database/backup)
 *   npm run cli -- restore FILE     (into an empty database or DATA_DIR)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../../../libs/config/app-config';
import { migrateDatabase, resolveDatabase } from '../../../../libs/database/database-bootstrap';
import { createDataSource } from '../../../../libs/database/data-source';
import { DomainError } from '../../../../libs/http/domain-error';
import { RequestContext } from '../../../../libs/http/request-context';
import { AppModule } from '../app.module';
import { seedDemoIfEmpty } from '../demo/demo-seed';
import { runBackupCommand } from './backup.command';
import { createAdmin } from './create-admin.command';
import { importRegister } from './import-register.command';

const USAGE = `usage:
  npm run cli -- create-admin --username NAME --password-stdin [--display-name NAME]
  npm run cli -- import-register FILE --station CODE [--dry-run]
  npm run cli -- seed-demo
  npm run cli -- migration-run
  npm run cli -- backup FILE
  npm run cli -- restore FILE`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      'display-name': { type: 'string' },
      'password-stdin': { type: 'boolean' },
      station: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  });
  const commands = ['create-admin', 'import-register', 'seed-demo', 'migration-run', 'backup', 'restore'];
  if (!command || !commands.includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  // Before the migration step: a backup takes the database as it is (e.g. before an upgrade).
  if (command === 'backup' || command === 'restore') return runBackupCommand(command, positionals[0], config);
  const db = await resolveDatabase(
    config,
    () => undefined,
    (m) => process.stderr.write(`warning: ${m}\n`),
  );
  try {
    // Migrations (and the grants after them) as the schema owner; the command as the runtime role.
    const applied = await migrateDatabase(db);
    if (applied.length) process.stderr.write(`applied migrations: ${applied.join(', ')}\n`);
    if (command === 'migration-run') {
      process.stdout.write(applied.length ? 'Migrations applied.\n' : 'No pending migrations.\n');
      return 0;
    }
    if (command === 'seed-demo') {
      const ds = createDataSource(db.url);
      await ds.initialize();
      let seeded: boolean;
      try {
        seeded = await seedDemoIfEmpty(ds, (m) => process.stdout.write(`${m}\n`));
      } finally {
        await ds.destroy();
      }
      if (!seeded) process.stderr.write('The database already has users: demo data not loaded.\n');
      return seeded ? 0 : 1;
    }
    const app = await NestFactory.createApplicationContext(
      // No job workers in a command: it would take jobs it cannot finish before it exits.
      AppModule.forRoot({ ...config, logLevel: 'warn', jobs: { ...config.jobs, workers: false } }, db.url),
      {
        logger: ['error', 'warn'],
      },
    );
    try {
      return await RequestContext.run({ requestId: `cli-${randomUUID()}`, clientIp: null }, async () => {
        if (command === 'create-admin') {
          if (!values.username || !values['password-stdin']) {
            process.stderr.write(`${USAGE}\n`);
            return 2;
          }
          const password = await readStdin();
          return createAdmin(app, {
            username: values.username,
            displayName: values['display-name'],
            password,
          });
        }
        const [file] = positionals;
        if (!file || !values.station) {
          process.stderr.write(`${USAGE}\n`);
          return 2;
        }
        return importRegister(app, { file, stationCode: values.station, dryRun: values['dry-run'] ?? false });
      });
    } finally {
      await app.close();
    }
  } finally {
    await db.stop();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof DomainError) {
      const details = error.details?.map((d) => `\n  ${d.field}: ${d.message}`).join('') ?? '';
      process.stderr.write(`error: ${error.message}${details}\n`);
      process.exit(1);
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });

export type { DataSource };
