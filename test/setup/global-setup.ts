import { mkdtemp } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '../../libs/database/data-source';
import { startEmbeddedPostgres } from '../../libs/database/embedded-postgres';

export const TEMPLATE_DB = 'outreach_test_template';

/**
 * Starts one PostgreSQL for the whole run (embedded in a temp folder, or TEST_DATABASE_URL's
 * server) and migrates a template database; each test file copies it (test/helpers/test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'outreach-test-'));
    const pg = await startEmbeddedPostgres(dir, { database: 'postgres', persistent: false });
    (globalThis as { __OUTREACH_PG__?: unknown }).__OUTREACH_PG__ = pg;
    adminUrl = pg.url;
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE_DB}`;
  const ds = createDataSource(url.toString());
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  process.env.OUTREACH_TEST_ADMIN_URL = adminUrl;
}
