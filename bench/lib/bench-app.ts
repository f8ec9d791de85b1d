import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { configureHttp } from '../../apps/api/src/http-setup';
import { loadConfig } from '../../libs/config/app-config';
import { migrateDatabase } from '../../libs/database/database-bootstrap';
import { createDataSource } from '../../libs/database/data-source';
import { startEmbeddedPostgres } from '../../libs/database/embedded-postgres';

/**
 * A throwaway embedded PostgreSQL with the schema, for benchmarks and the browser suite: migrated
 * by the owner with the runtime role's grants, as production is. `url` and `ds` are the owner's
 * (loading bench data, reading figures); an app under test connects with `runtimeUrl`.
 */
export async function startBenchDatabase() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outreach-bench-'));
  const pg = await startEmbeddedPostgres(dir, { database: 'bench', persistent: false });
  await migrateDatabase({ ownerUrl: pg.url, url: pg.runtimeUrl });
  const ds = createDataSource(pg.url);
  await ds.initialize();
  return {
    url: pg.url,
    runtimeUrl: pg.runtimeUrl,
    ds,
    async stop() {
      if (ds.isInitialized) await ds.destroy();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The real app (same modules, pipes, filters) listening on a free port over the given database. */
export async function startBenchApp(
  url: string,
  setup?: (app: NestExpressApplication) => void,
  /** More settings (e.g. JOB_WORKERS, DATA_DIR). */
  env: Record<string, string> = {},
) {
  // Rate limits at their highest, so they are measured (one statement per hit) without refusing.
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_EXPORTS_PER_MINUTE: '100000',
    RATE_LIMIT_REPORTS_PER_MINUTE: '100000',
    RATE_LIMIT_IMPORT_PER_MINUTE: '100000',
    RATE_LIMIT_SEARCH_PER_MINUTE: '100000',
    ...env,
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, url), {
    logger: false,
    bodyParser: false,
  });
  setup?.(app);
  configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, ds: app.get(DataSource) };
}
