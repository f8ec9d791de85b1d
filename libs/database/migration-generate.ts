/**
 * `npm run migration:generate -- Name` writes migrations/<timestamp>-Name.ts with the SQL that
 * brings a database with every existing migration up to the entities; `-- --check` only reports
 * drift (exit 1 when a migration would be produced). Uses a throwaway embedded PostgreSQL.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const name = args.find((a) => !a.startsWith('--')) ?? 'Change';
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`migration name must be alphanumeric: ${name}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outreach-drift-'));
  const pg = await startEmbeddedPostgres(dir, { database: 'drift', persistent: false });
  const ds = new DataSource(dataSourceOptions(pg.url));
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    const up = sql.upQueries.map((q) => q.query);
    const down = sql.downQueries.map((q) => q.query).reverse();
    if (check) {
      if (up.length > 0) {
        console.error(`Schema drift: entities differ from migrations/ by ${up.length} statement(s):`);
        for (const q of up) console.error(`  ${q}`);
        process.exitCode = 1;
      } else {
        process.stdout.write('No schema drift: migrations/ match the entities.\n');
      }
      return;
    }
    if (up.length === 0) {
      process.stdout.write('No changes: nothing to generate.\n');
      return;
    }
    const timestamp = Date.now();
    const lit = (q: string) =>
      '`' + q.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const file = path.resolve(__dirname, '..', '..', 'migrations', `${timestamp}-${name}.ts`);
    const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map((q) => `    await queryRunner.query(${lit(q)});`).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.map((q) => `    await queryRunner.query(${lit(q)});`).join('\n')}
  }
}
`;
    await writeFile(file, body);
    process.stdout.write(`Wrote ${path.relative(process.cwd(), file)} (${up.length} statements)\n`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
