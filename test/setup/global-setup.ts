import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { migrateDatabase } from '../../libs/database/database-bootstrap';
import { ensureRuntimeRole, urlWithRole } from '../../libs/database/database-roles';
import { startEmbeddedPostgres } from '../../libs/database/embedded-postgres';

export const TEMPLATE_DB = 'outreach_test_template';
/** The runtime role on a TEST_DATABASE_URL server (the embedded one brings its own). */
const TEST_RUNTIME_ROLE = 'outreach_test_app';

/**
 * Starts one PostgreSQL for the whole run (embedded in a temp folder, or TEST_DATABASE_URL's
 * server) and migrates a template database as the owner, with the runtime role's grants; each test
 * file copies it (test/helpers/test-app.ts) and runs its app as the runtime role, as production does.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let runtimeUrl: string;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'outreach-test-'));
    const pg = await startEmbeddedPostgres(dir, { database: 'postgres', persistent: false });
    (globalThis as { __OUTREACH_PG__?: unknown }).__OUTREACH_PG__ = pg;
    adminUrl = pg.url;
    runtimeUrl = pg.runtimeUrl;
  } else {
    const password = randomBytes(18).toString('base64url');
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await ensureRuntimeRole(admin, TEST_RUNTIME_ROLE, password).finally(() => admin.end());
    runtimeUrl = urlWithRole(adminUrl, TEST_RUNTIME_ROLE, password);
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const inTemplate = (url: string) => {
    const u = new URL(url);
    u.pathname = `/${TEMPLATE_DB}`;
    return u.toString();
  };
  // The copies (CREATE DATABASE … TEMPLATE) keep the template's grants.
  await migrateDatabase({ ownerUrl: inTemplate(adminUrl), url: inTemplate(runtimeUrl) });
  process.env.OUTREACH_TEST_ADMIN_URL = adminUrl;
  process.env.OUTREACH_TEST_RUNTIME_URL = runtimeUrl;
}
