/**
 * Two database roles (ASVS V14/V8): the *owner* owns the schema and runs the migrations; the
 * *runtime* role, which the app's pool uses for every request, gets only the rights it needs. The
 * audit trail stays append-only whatever the app does: the runtime role may INSERT and SELECT
 * `audit_events`, never UPDATE, DELETE or TRUNCATE it, and as it neither owns the table nor is a
 * superuser it can neither disable its triggers nor set `session_replication_role`.
 */

/** The runtime role of the embedded PostgreSQL (the owner there is the cluster's superuser). */
export const EMBEDDED_RUNTIME_ROLE = 'outreach_app';

/** What the runtime role may do on a table; every other table gets {@link RUNTIME_DML}. */
export const RUNTIME_TABLE_PRIVILEGES: Readonly<Record<string, readonly string[]>> = {
  // Append-only: the app records events and reads them back, it never changes or removes one.
  audit_events: ['SELECT', 'INSERT'],
  // Written by the migrations (owner) only.
  schema_migrations: ['SELECT'],
};
export const RUNTIME_DML: readonly string[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
/**
 * Schemas besides the app's own whose tables the runtime role uses with {@link RUNTIME_DML}: the
 * job queue's (pg-boss, created by migrations/1799700000000-Jobs.ts). Covered when they exist.
 */
export const RUNTIME_EXTRA_SCHEMAS: readonly string[] = ['pgboss'];

/** Anything with a `query(sql, params?)` that returns rows: a pg Client, a TypeORM DataSource or EntityManager. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

async function rows<T>(db: Queryable, sql: string, params?: unknown[]): Promise<T[]> {
  const result = (await db.query(sql, params)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The user name in a postgres:// URL. */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** `url` with another user and password (same server and database). */
export function urlWithRole(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * Creates the runtime login role, or brings an existing one back to these attributes and this
 * password. Run by a superuser (or a CREATEROLE role) of the cluster: roles are cluster-wide.
 */
export async function ensureRuntimeRole(admin: Queryable, role: string, password: string): Promise<void> {
  // CREATE/ALTER ROLE cannot be parameterised: identifier and literal quoted here.
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD ${literal(password)}`;
  for (let attempt = 1; ; attempt++) {
    const found = await rows<{ n: number }>(admin, `SELECT 1 AS n FROM pg_roles WHERE rolname = $1`, [role]);
    try {
      await admin.query(`${found.length ? 'ALTER' : 'CREATE'} ROLE ${ident(role)} WITH ${attributes}`);
      return;
    } catch (error) {
      // Another process of ours (server and CLI starting together) did the same at the same time.
      const code = (error as { code?: string }).code;
      const raced =
        code === '42710' || code === '23505' || /concurrently/.test(String((error as Error).message));
      if (!raced || attempt >= 3) throw error;
    }
  }
}

/**
 * The grant step that follows every migration run, as the owner: the runtime role's privileges on
 * every relation of the schema are set afresh (revoked, then granted from
 * {@link RUNTIME_TABLE_PRIVILEGES}), so tables created by later migrations are covered and nothing
 * granted by hand lingers. Idempotent; all or nothing.
 *
 * Chosen over `ALTER DEFAULT PRIVILEGES`: default privileges only apply to objects that the very
 * role named in them creates later (a migration run as another role gets none), they cannot say
 * "every table but audit_events", and they never take back a privilege granted by mistake.
 */
export async function grantRuntimePrivileges(owner: Queryable, runtimeRole: string): Promise<void> {
  const role = ident(runtimeRole);
  const [{ schema }] = await rows<{ schema: string }>(owner, `SELECT current_schema() AS schema`);
  const statements: string[] = [];
  for (const extra of await rows<{ name: string }>(
    owner,
    `SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1) AND pg_has_role(nspowner, 'USAGE') ORDER BY 1`,
    [RUNTIME_EXTRA_SCHEMAS],
  )) {
    const tables = await rows<{ name: string; kind: string }>(
      owner,
      `SELECT c.relname AS name, c.relkind::text AS kind
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'S') AND pg_has_role(c.relowner, 'USAGE')
        ORDER BY c.relname`,
      [extra.name],
    );
    statements.push(`GRANT USAGE ON SCHEMA ${ident(extra.name)} TO ${role}`);
    for (const { name, kind } of tables) {
      const target = `${ident(extra.name)}.${ident(name)}`;
      const what = kind === 'S' ? 'SEQUENCE' : 'TABLE';
      statements.push(`REVOKE ALL ON ${what} ${target} FROM ${role}`);
      statements.push(
        `GRANT ${kind === 'S' ? 'USAGE, SELECT' : RUNTIME_DML.join(', ')} ON ${what} ${target} TO ${role}`,
      );
    }
  }
  const relations = await rows<{ name: string; kind: string }>(
    owner,
    `SELECT c.relname AS name, c.relkind::text AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        AND pg_has_role(c.relowner, 'USAGE')
      ORDER BY c.relname`,
    [schema],
  );
  const functions = await rows<{ signature: string }>(
    owner,
    `SELECT p.oid::regprocedure::text AS signature
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.prosecdef AND pg_has_role(p.proowner, 'USAGE')`,
    [schema],
  );
  const hasUsage = await rows<{ ok: boolean }>(owner, `SELECT has_schema_privilege($1, $2, 'USAGE') AS ok`, [
    runtimeRole,
    schema,
  ]);
  if (!hasUsage[0]?.ok) statements.push(`GRANT USAGE ON SCHEMA ${ident(schema)} TO ${role}`);
  for (const { name, kind } of relations) {
    const target = `${ident(schema)}.${ident(name)}`;
    if (kind === 'S') {
      statements.push(`REVOKE ALL ON SEQUENCE ${target} FROM ${role}`);
      statements.push(`GRANT USAGE, SELECT ON SEQUENCE ${target} TO ${role}`);
      continue;
    }
    // Views only read: an updatable view would write its tables with the view owner's rights.
    const privileges =
      kind === 'r' || kind === 'p' ? (RUNTIME_TABLE_PRIVILEGES[name] ?? RUNTIME_DML) : ['SELECT'];
    statements.push(`REVOKE ALL ON TABLE ${target} FROM ${role}`);
    if (privileges.length) statements.push(`GRANT ${privileges.join(', ')} ON TABLE ${target} TO ${role}`);
  }
  // SECURITY DEFINER functions (their EXECUTE is revoked from PUBLIC by their migration).
  for (const { signature } of functions) statements.push(`GRANT EXECUTE ON FUNCTION ${signature} TO ${role}`);
  // One simple-protocol query: its statements run as one implicit transaction (all or nothing),
  // one instance at a time: several starting together would otherwise fail on each other's GRANTs
  // ("tuple concurrently updated").
  if (statements.length)
    await owner.query(
      [`SELECT pg_advisory_xact_lock(hashtext('outreach.grant_runtime_privileges'))`, ...statements].join(
        ';\n',
      ),
    );
}

/** What a role could do to the audit trail that it should not: empty for a proper runtime role. */
export async function auditTamperingRights(runtime: Queryable): Promise<string[]> {
  const [r] = await rows<{
    user: string;
    superuser: boolean;
    owner: boolean;
    update: boolean;
    delete: boolean;
    truncate: boolean;
  }>(
    runtime,
    `SELECT current_user AS "user", r.rolsuper AS superuser,
            coalesce(pg_has_role(c.relowner, 'USAGE'), false) AS owner,
            coalesce(has_table_privilege(c.oid, 'UPDATE'), false) AS update,
            coalesce(has_table_privilege(c.oid, 'DELETE'), false) AS delete,
            coalesce(has_table_privilege(c.oid, 'TRUNCATE'), false) AS truncate
       FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('audit_events')
      WHERE r.rolname = current_user`,
  );
  if (!r) return [];
  const found: string[] = [];
  if (r.superuser) found.push('is a superuser');
  if (r.owner) found.push('owns audit_events');
  for (const p of ['update', 'delete', 'truncate'] as const)
    if (r[p]) found.push(`may ${p.toUpperCase()} audit_events`);
  return found.length ? [`the database role "${r.user}" ${found.join(', ')}`] : [];
}
