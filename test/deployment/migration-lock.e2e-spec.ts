import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabase } from '../../libs/database/database-bootstrap';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.OUTREACH_TEST_ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const inDb = (base: string, db: string) => {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
};

describe('migrations with several instances starting at once (issue 16)', () => {
  const name = `m_${randomBytes(6).toString('hex')}`;
  beforeAll(() => admin(`CREATE DATABASE ${name}`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('applies each migration once: the others wait and find none pending', async () => {
    const db = {
      ownerUrl: inDb(process.env.OUTREACH_TEST_ADMIN_URL ?? '', name),
      url: inDb(process.env.OUTREACH_TEST_RUNTIME_URL ?? '', name),
    };
    const runs = await Promise.all([migrateDatabase(db), migrateDatabase(db), migrateDatabase(db)]);
    const counts = runs.map((r) => r.length).sort((a, b) => a - b);
    expect(counts[0]).toBe(0);
    expect(counts[1]).toBe(0);
    expect(counts[2]).toBeGreaterThan(5);
  });
});
