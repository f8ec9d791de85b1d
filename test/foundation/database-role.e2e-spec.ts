import { Client } from 'pg';
import {
  auditTamperingRights,
  RUNTIME_DML,
  RUNTIME_TABLE_PRIVILEGES,
} from '../../libs/database/database-roles';
import { bearer, TestApp } from '../helpers/test-app';

/**
 * The app runs as a restricted runtime role (libs/database/database-roles.ts): whatever a request
 * does (or an SQL injection would do), it cannot change or remove an audit event, nor switch the
 * append-only triggers off.
 */
describe('database role of the app (e2e)', () => {
  let t: TestApp;
  let runtime: Client;
  let owner: Client;
  beforeAll(async () => {
    t = await TestApp.create();
    runtime = new Client({ connectionString: t.runtimeUrl });
    owner = new Client({ connectionString: t.ownerUrl });
    await Promise.all([runtime.connect(), owner.connect()]);
  });
  afterAll(async () => {
    await Promise.all([runtime.end(), owner.end()]);
    await t.close();
  });

  /** Runs `sql` as the runtime role in a transaction of its own (rolled back) and returns its error. */
  async function failure(sql: string): Promise<{ code?: string; message: string }> {
    await runtime.query('BEGIN');
    try {
      await runtime.query(sql);
      return { message: 'no error' };
    } catch (error) {
      return error as { code?: string; message: string };
    } finally {
      await runtime.query('ROLLBACK');
    }
  }

  const auditRows = async () =>
    (
      await owner.query<{ row: string }>(
        `SELECT to_jsonb(a)::text AS row FROM audit_events a ORDER BY occurred_at, id`,
      )
    ).rows.map((r) => r.row);

  it("is the app pool's role: not a superuser, not the owner, no rights to change audit_events", async () => {
    const [{ user }]: { user: string }[] = await t.ds.query(`SELECT current_user AS "user"`);
    expect(user).toBe(new URL(t.runtimeUrl).username);
    expect(user).not.toBe(decodeURIComponent(new URL(t.ownerUrl).username));
    const [role]: {
      rolsuper: boolean;
      rolcreaterole: boolean;
      rolcreatedb: boolean;
      rolbypassrls: boolean;
    }[] = await t.ds.query(
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
    expect(await auditTamperingRights(t.ds)).toEqual([]);
    // The check does see a role that could (the owner here is the superuser).
    expect(await auditTamperingRights(owner)).toEqual([expect.stringContaining('is a superuser')]);
  });

  it('cannot UPDATE, DELETE or TRUNCATE audit_events, nor lock its rows for update', async () => {
    await t.createUser('admin', null); // at least one audit event (login)
    for (const sql of [
      `UPDATE audit_events SET action = 'tampered'`,
      `DELETE FROM audit_events`,
      `TRUNCATE audit_events`,
      `SELECT id FROM audit_events FOR UPDATE`,
      `MERGE INTO audit_events a USING (SELECT 1) s ON true WHEN MATCHED THEN DELETE`,
    ]) {
      const error = await failure(sql);
      expect({ sql, code: error.code, message: error.message }).toEqual({
        sql,
        code: '42501',
        message: 'permission denied for table audit_events',
      });
    }
  });

  it('cannot switch the triggers off: no session_replication_role, no ALTER/DROP TRIGGER, no ownership', async () => {
    for (const [sql, message] of [
      [
        `SET session_replication_role = replica`,
        /permission denied to set parameter "session_replication_role"/,
      ],
      [`SET LOCAL session_replication_role = replica`, /permission denied to set parameter/],
      [
        `SELECT set_config('session_replication_role', 'replica', true)`,
        /permission denied to set parameter/,
      ],
      [`ALTER TABLE audit_events DISABLE TRIGGER USER`, /must be owner of table audit_events/],
      [`ALTER TABLE audit_events DISABLE TRIGGER ALL`, /must be owner of table audit_events/],
      [
        `DROP TRIGGER audit_events_no_update_delete ON audit_events`,
        /must be owner of (relation|table) audit_events/,
      ],
      [
        `CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
        /must be owner of function audit_events_append_only|permission denied for schema public/,
      ],
      [`ALTER TABLE audit_events OWNER TO CURRENT_USER`, /must be owner of table audit_events/],
      [`DROP TABLE audit_events`, /must be owner of table audit_events/],
      [`SET ROLE ${owner.user ?? 'postgres'}`, /permission denied to set role/],
      [`CREATE TABLE audit_copy (id int)`, /permission denied for schema public/],
      [`CREATE SCHEMA sneaky`, /permission denied for database/],
    ] as const) {
      const error = await failure(sql);
      expect({ sql, code: error.code }).toEqual({ sql, code: '42501' });
      expect(error.message).toMatch(message);
    }
    // Granting itself the right is a no-op (PostgreSQL only warns).
    await runtime.query(`GRANT UPDATE, DELETE, TRUNCATE ON audit_events TO CURRENT_USER`);
    const granted = await runtime.query<{ update: boolean }>(
      `SELECT has_table_privilege('audit_events', 'UPDATE') AS update`,
    );
    expect(granted.rows).toEqual([{ update: false }]);
    // The triggers are still on.
    const triggers = await owner.query<{ tgname: string; tgenabled: string }>(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal ORDER BY 1`,
    );
    expect(triggers.rows).toEqual([
      { tgname: 'audit_events_no_truncate', tgenabled: 'O' },
      { tgname: 'audit_events_no_update_delete', tgenabled: 'O' },
    ]);
  });

  it('may INSERT and read audit events, and do its DML elsewhere (temp tables included)', async () => {
    await runtime.query('BEGIN');
    try {
      const inserted = await runtime.query(
        `INSERT INTO audit_events (action, entity_type) VALUES ('test.event', 'test') RETURNING id`,
      );
      expect(inserted.rowCount).toBe(1);
      await runtime.query(`CREATE TEMP TABLE scratch (a int) ON COMMIT DROP`);
      await runtime.query(`INSERT INTO scratch VALUES (1)`);
      await runtime.query(`UPDATE stations SET name = name WHERE false`);
      await runtime.query(`DELETE FROM organizations WHERE false`);
    } finally {
      await runtime.query('ROLLBACK');
    }
  });

  it('has exactly the privileges of the grant step on every relation (tables of later migrations too)', async () => {
    const relations = await owner.query<{ name: string; kind: string }>(
      `SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
        ORDER BY 1`,
    );
    expect(relations.rows.length).toBeGreaterThan(20);
    const privileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
    const mismatches: string[] = [];
    for (const { name, kind } of relations.rows) {
      const expected =
        kind === 'r' || kind === 'p' ? (RUNTIME_TABLE_PRIVILEGES[name] ?? RUNTIME_DML) : ['SELECT'];
      const { rows } = await runtime.query<{ p: string; ok: boolean }>(
        `SELECT p, has_table_privilege(current_user, $1::regclass, p) AS ok FROM unnest($2::text[]) AS p`,
        [name, privileges],
      );
      const actual = rows.filter((r) => r.ok).map((r) => r.p);
      if (actual.join() !== expected.join())
        mismatches.push(`${name}: ${actual.join()} (expected ${expected.join()})`);
    }
    expect(mismatches).toEqual([]);
    expect(RUNTIME_TABLE_PRIVILEGES.audit_events).toEqual(['SELECT', 'INSERT']);
  });

  it('runs the bulk-load index functions only as the runtime role was granted (not PUBLIC)', async () => {
    const { rows } = await owner.query<{ name: string; definer: boolean; publicExecute: boolean }>(
      `SELECT p.proname AS name, p.prosecdef AS definer,
              EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                       WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') AS "publicExecute"
         FROM pg_proc p WHERE p.proname LIKE 'organizations_search_indexes_%' ORDER BY 1`,
    );
    // every one of them (the import adds more as it needs them): the owner's rights, not PUBLIC's
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'organizations_search_indexes_create',
        'organizations_search_indexes_drop',
        'organizations_search_indexes_flush',
      ]),
    );
    expect(rows.filter((r) => !r.definer || r.publicExecute)).toEqual([]);
    const { rows: granted } = await runtime.query<{ ok: boolean }>(
      `SELECT bool_and(has_function_privilege(current_user, p.oid, 'EXECUTE')) AS ok
         FROM pg_proc p WHERE p.proname LIKE 'organizations_search_indexes_%'`,
    );
    expect(granted[0].ok).toBe(true);
  });

  it('leaves every audit row as it was through writes over HTTP', async () => {
    const { station, officer, manager, admin } = await t.createStationTeam();
    const before = await auditRows();
    expect(before.length).toBeGreaterThan(0);
    const patched = await t
      .http()
      .patch(`/api/v1/stations/${station.id}`)
      .set(bearer(admin))
      .send({ name: `${station.name} 改`, version: 1 })
      .expect(200);
    expect(patched.body.version).toBe(2);
    const org = await t
      .http()
      .post('/api/v1/organizations')
      .set(bearer(officer))
      .send({ name: '株式会社監査テスト', tier: 'A', municipality: '35208' })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/organizations/${org.body.id}`)
      .set(bearer(manager))
      .send({ version: org.body.version, notes: '監査ログは変わらない' })
      .expect(200);
    await t.http().delete(`/api/v1/organizations/${org.body.id}`).set(bearer(manager)).expect(204);
    await t.http().get('/api/v1/audit-events').set(bearer(admin)).expect(200);
    await t.http().post('/api/v1/auth/logout').set(bearer(officer)).expect(204);
    const after = await auditRows();
    // Every earlier event is still there, byte for byte, and the writes added theirs.
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length).toBeGreaterThan(before.length + 3);
  });
});
