/**
 * Issue 16, item 1: the production start never compiles. `npm run build` in a copy of the sources
 * builds everything (nest build + vite build), as the Dockerfile's build stage; the image's runtime
 * stage is then laid out from the Dockerfile's own COPY lines (a source the build does not write
 * fails here) with the production dependencies only (as `npm ci --omit=dev` leaves them), made
 * read-only, and the image's CMD (read from the Dockerfile: `node dist/apps/api/src/main.js`) runs
 * in its WORKDIR with its ENV as an unprivileged user (`nobody` via setpriv/runuser when the suite
 * runs as root, else the suite's own user) against a new, empty database of the test server, with
 * its two roles, until `/health/ready` answers; then SIGTERM stops it cleanly. The compose file's
 * worker command runs the same way.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { Client } from 'pg';
import {
  copies,
  imageCommand,
  readCompose,
  readDockerfile,
  runtimeStage,
  stageNamed,
  workdir,
} from '../ops/docker-files';

const ROOT = join(__dirname, '../..');
const NOBODY = 65534;

function which(cmd: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** How to run a command unprivileged: as `nobody` when root (setpriv, else runuser), else as is. */
function unprivileged(): { wrap: (argv: string[]) => string[]; uid?: number } | { skip: string } {
  if (userInfo().uid !== 0) return { wrap: (argv) => argv };
  const setpriv = which('setpriv');
  if (setpriv)
    return {
      uid: NOBODY,
      wrap: (argv) => [
        setpriv,
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        '--clear-groups',
        '--no-new-privs',
        ...argv,
      ],
    };
  const runuser = which('runuser');
  if (runuser) return { uid: NOBODY, wrap: (argv) => [runuser, '-u', 'nobody', '--', ...argv] };
  return { skip: 'running as root without setpriv or runuser: cannot start the app unprivileged' };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Removes the write bits of everything under `dir` (symlinks are left alone: node_modules). */
async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir)) {
    const full = join(dir, entry);
    const stat = await lstat(full);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) await makeReadOnly(full);
    await chmod(full, stat.mode & 0o555);
  }
  await chmod(dir, 0o555);
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755).catch(() => undefined);
  for (const entry of await readdir(dir).catch(() => [])) {
    const full = join(dir, entry);
    const stat = await lstat(full);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) await makeWritable(full);
    else await chmod(full, 0o644);
  }
}

/**
 * The image's node_modules: the production dependencies only (`npm ci --omit=dev`). Links each
 * top-level package that package-lock.json does not mark dev-only, so a start that needs a
 * devDependency fails here as it would in the image.
 */
async function linkProductionModules(into: string): Promise<number> {
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  let linked = 0;
  for (const [key, meta] of Object.entries(lock.packages)) {
    if (meta.dev || !/^node_modules\/(@[^/]+\/)?[^/]+$/.test(key)) continue;
    if (!existsSync(join(ROOT, key))) continue; // an optional package of another platform
    await mkdir(dirname(join(into, key.slice('node_modules/'.length))), { recursive: true });
    await symlink(join(ROOT, key), join(into, key.slice('node_modules/'.length)), 'dir');
    linked++;
  }
  return linked;
}

const inDb = (base: string, db: string) => {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
};

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.OUTREACH_TEST_ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const how = unprivileged();
const maybe = 'skip' in how ? it.skip : it;
if ('skip' in how) console.warn(`production start test skipped: ${how.skip}`);

describe('production start (issue 16)', () => {
  let tree: string;
  let image: string;
  let dataDir: string;
  let dbName: string;
  let child: ChildProcess | undefined;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    tree = await mkdtemp(join(tmpdir(), 'outreach-prod-'));
    image = await mkdtemp(join(tmpdir(), 'outreach-image-'));
    dataDir = await mkdtemp(join(tmpdir(), 'outreach-prod-data-'));
    dbName = `p_${randomBytes(6).toString('hex')}`;
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await makeWritable(tree);
    await rm(tree, { recursive: true, force: true });
    await makeWritable(image);
    await rm(image, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
    if (dbName) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  maybe(
    'builds with npm run build, then starts read-only and unprivileged until /health/ready answers',
    async () => {
      if ('skip' in how) return;
      // The sources, as the image's build stage has them (node_modules shared, not copied).
      for (const item of [
        'package.json',
        'package-lock.json',
        'nest-cli.json',
        '.swcrc',
        'tsconfig.json',
        'libs',
        'migrations',
        'scripts',
        'apps/api/src',
        'apps/api/tsconfig.app.json',
      ])
        await cp(join(ROOT, item), join(tree, item), { recursive: true });
      await cp(join(ROOT, 'apps/web'), join(tree, 'apps/web'), {
        recursive: true,
        filter: (src) => !/[/\\](dist|node_modules)$/.test(src),
      });
      await symlink(join(ROOT, 'node_modules'), join(tree, 'node_modules'));

      // without a build a production start stops, and compiles nothing
      const unbuilt = spawnSync(process.execPath, ['scripts/start.js'], {
        cwd: tree,
        encoding: 'utf8',
        env: { ...process.env, NODE_ENV: 'production' },
      });
      expect(unbuilt.status).toBe(1);
      expect(unbuilt.stderr).toContain('run `npm run build` first');
      expect(existsSync(join(tree, 'dist'))).toBe(false);

      const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: tree, encoding: 'utf8' });
      expect({ status: built.status, stderr: built.status ? built.stderr : '' }).toEqual({
        status: 0,
        stderr: '',
      });
      expect(existsSync(join(tree, 'dist/apps/api/src/main.js'))).toBe(true);
      expect(existsSync(join(tree, 'dist/migrations'))).toBe(true);
      expect(existsSync(join(tree, 'apps/web/dist/index.html'))).toBe(true);
      expect(existsSync(join(tree, 'dist/libs/auth/password-policy.spec.js'))).toBe(false);

      // From here on, as in the image: its runtime stage, laid out by the Dockerfile's COPY lines
      // (build stage: this tree; deps stage: the production dependencies only).
      const dockerfile = readDockerfile(ROOT);
      const runtime = runtimeStage(dockerfile);
      const laidOut: string[] = [];
      for (const c of copies(runtime)) {
        const from = c.from ? stageNamed(dockerfile, c.from) : undefined;
        if (!from) throw new Error(`COPY ${c.sources.join(' ')}: only COPY --from a stage is laid out here`);
        const dest = join(image, posix.relative(workdir(runtime), posix.resolve(workdir(runtime), c.dest)));
        for (const src of c.sources.map((x) =>
          posix.relative(workdir(from), posix.resolve(workdir(from), x)),
        )) {
          if (src === 'node_modules') {
            expect(await linkProductionModules(dest)).toBeGreaterThan(50);
          } else {
            expect({ src, built: existsSync(join(tree, src)) }).toEqual({ src, built: true });
            await cp(join(tree, src), dest, { recursive: true });
          }
          laidOut.push(src);
        }
      }
      expect(laidOut.sort()).toEqual(['apps/web/dist', 'dist', 'node_modules', 'package.json']);
      expect(existsSync(join(image, 'node_modules/jest'))).toBe(false);
      expect(existsSync(join(image, 'node_modules/pg-boss'))).toBe(true);
      expect(existsSync(join(image, 'scripts'))).toBe(false);

      await makeReadOnly(tree);
      await makeReadOnly(image);
      await chmod(dataDir, 0o700);
      if (how.uid !== undefined) await chown(dataDir, how.uid, how.uid);
      await mkdir(join(dataDir, 'x'), { recursive: true }).then(() =>
        rm(join(dataDir, 'x'), { recursive: true }),
      );

      await admin(`CREATE DATABASE ${dbName}`);
      const port = await freePort();
      const command = imageCommand(ROOT);
      expect(command.env.NODE_ENV).toBe('production');
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dataDir,
        ...command.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: inDb(process.env.OUTREACH_TEST_RUNTIME_URL ?? '', dbName),
        DATABASE_OWNER_URL: inDb(process.env.OUTREACH_TEST_ADMIN_URL ?? '', dbName),
        LOG_LEVEL: 'warn',
      };
      // the image's CMD, `node …` with this node
      expect(command.argv[0]).toBe('node');
      const [cmd, ...args] = how.wrap([process.execPath, ...command.argv.slice(1)]);
      const started = Date.now();
      child = spawn(cmd, args, {
        cwd: image,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child?.on('exit', (code, signal) => resolve({ code, signal })),
      );

      const base = `http://127.0.0.1:${port}`;
      let ready: { status: number; body: { status?: string; info?: Record<string, unknown> } } | undefined;
      while (Date.now() - started < 60_000 && child.exitCode === null) {
        try {
          const res = await fetch(`${base}/health/ready`);
          ready = { status: res.status, body: (await res.json()) as NonNullable<typeof ready>['body'] };
          if (res.status === 200) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      expect({
        ready: ready?.status,
        exit: child.exitCode,
        output: ready?.status === 200 ? '' : output,
      }).toEqual({
        ready: 200,
        exit: null,
        output: '',
      });
      expect(ready?.body.info).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' } });
      expect(output).not.toMatch(/Compiling|Building|EACCES|EROFS/);
      console.log(
        `production start: ready after ${Date.now() - started} ms (migrations of an empty database included)`,
      );

      // the UI is served from the build; metrics are not public
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect((await fetch(`${base}/metrics`)).status).toBe(401);

      // the separate job worker (compose's worker command) starts in the same image and stops on SIGTERM
      const workerCommand = readCompose(ROOT).services.worker?.command;
      expect(Array.isArray(workerCommand) && workerCommand[0] === 'node').toBe(true);
      const [wcmd, ...wargs] = how.wrap([process.execPath, ...(workerCommand as string[]).slice(1)]);
      const w = spawn(wcmd, wargs, { cwd: image, env, stdio: ['ignore', 'pipe', 'pipe'] });
      worker = w;
      let workerOutput = '';
      const workerUp = new Promise<boolean>((resolve) => {
        const timeout = setTimeout(() => resolve(false), 30_000);
        const seen = (d: Buffer) => {
          workerOutput += d.toString();
          if (workerOutput.includes('running jobs from the queue')) {
            clearTimeout(timeout);
            resolve(true);
          }
        };
        w.stdout.on('data', seen);
        w.stderr.on('data', seen);
        w.on('exit', () => {
          clearTimeout(timeout);
          resolve(false);
        });
      });
      const workerExit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        w.on('exit', (code, signal) => resolve({ code, signal })),
      );
      expect({
        up: await workerUp,
        output: workerOutput.includes('running jobs') ? '' : workerOutput,
      }).toEqual({
        up: true,
        output: '',
      });
      // (its signal handlers are installed just after that line is printed)
      await new Promise((r) => setTimeout(r, 1000));
      w.kill('SIGTERM');
      const workerEnd = await workerExit;
      expect({ ...workerEnd, output: workerEnd.code === 0 ? '' : workerOutput }).toEqual({
        code: 0,
        signal: null,
        output: '',
      });

      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([
        exited,
        new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 20_000))),
      ]);
      clearTimeout(timer);
      expect(exit).toEqual({ code: 0, signal: null });
    },
    150_000,
  );
});
