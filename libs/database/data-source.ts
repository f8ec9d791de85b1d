import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const ROOT = path.resolve(__dirname, '..', '..');

/** Where entities and migrations live; loaded by glob so features stay independent of this lib. */
export const ENTITY_GLOBS = [
  path.join(ROOT, 'libs/**/*.entity.{ts,js}'),
  path.join(ROOT, 'apps/api/src/**/entities/*.entity.{ts,js}'),
];
export const MIGRATION_GLOBS = [path.join(ROOT, 'migrations/*.{ts,js}')];

export function dataSourceOptions(url: string, extra: Partial<{ poolSize: number; logging: boolean }> = {}) {
  return {
    type: 'postgres',
    url,
    entities: ENTITY_GLOBS,
    migrations: MIGRATION_GLOBS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: extra.logging ?? false,
    // Dates are calendar days in Japan: keep `date` columns as 'YYYY-MM-DD' strings.
    extra: { max: extra.poolSize ?? 20, application_name: 'outreach-crm' },
  } satisfies DataSourceOptions;
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}

/** Applies pending migrations; returns their names. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
