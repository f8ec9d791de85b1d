/**
 * The image and the compose file, checked against the project without a Docker engine (issue 16):
 * a supported Node.js LTS base, a non-root USER, the CMD is the built API's entry (the very command
 * the production-start test runs, which also builds the runtime stage from these COPY lines), the
 * runtime stage holds build outputs and production dependencies only, the compose environment names
 * are all settings the app knows and its values pass the app's validation, postgres 18 on a named
 * volume, and the two database roles (the init script exists, is mounted, creates the runtime role
 * of DATABASE_URL; its SQL is run against the test server). Each check is also run on a broken copy
 * of the files, and must fail there.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Client } from 'pg';
import { ConfigError, loadConfig } from '../../libs/config/app-config';
import {
  copies,
  Compose,
  ComposeService,
  Dockerfile,
  env,
  execForm,
  instructions,
  knownSettings,
  last,
  parseCompose,
  parseDockerfile,
  ROOT,
  runtimeStage,
  serviceEnv,
  stageNamed,
  Stage,
  substitute,
  workdir,
} from './docker-files';

/** Node.js majors in LTS support (22 maintenance until 2027-04, 24 active; 20 ended 2026-04). */
const SUPPORTED_NODE = [22, 24];
/** What the compose file's header asks the operator to export. */
const SHELL = {
  POSTGRES_PASSWORD: 'pg-secret',
  OUTREACH_APP_PASSWORD: 'app-secret',
  MFA_ENCRYPTION_KEY: 'a'.repeat(64),
};

interface Project {
  dockerfile: string;
  compose: string;
  /** A project file's text (null: missing); overridable for the broken copies. */
  read(path: string): string | null;
  /** A directory's entries (null: missing). */
  list(path: string): string[] | null;
}

const real: Project = {
  dockerfile: readFileSync(join(ROOT, 'Dockerfile'), 'utf8'),
  compose: readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'),
  read: (p) => (existsSync(join(ROOT, p)) ? readFileSync(join(ROOT, p), 'utf8') : null),
  list: (p) => (existsSync(join(ROOT, p)) ? readdirSync(join(ROOT, p)) : null),
};

const nestCli = () =>
  JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
    projects: { api: { sourceRoot: string; entryFile: string } };
    compilerOptions: { builder: { options: { outDir: string; stripLeadingPaths: boolean } } };
  };

/** Where `nest build` writes a source file of the API: dist/<path>.js (leading paths kept). */
function builtPath(source: string): string {
  const { outDir, stripLeadingPaths } = nestCli().compilerOptions.builder.options;
  if (stripLeadingPaths) throw new Error('nest-cli.json: stripLeadingPaths changed; update this test');
  return posix.join(outDir, source.replace(/\.ts$/, '.js'));
}

/** The built API entry the image must run: nest-cli.json's api project (sourceRoot/entryFile). */
function apiEntry(): { source: string; built: string } {
  const { sourceRoot, entryFile } = nestCli().projects.api;
  const source = posix.join(sourceRoot, `${entryFile}.ts`);
  return { source, built: builtPath(source) };
}

/** What `npm run build` writes: nest's outDir and vite's (apps/web/vite.config.ts: apps/web/dist). */
function buildOutputs(): string[] {
  const vite = readFileSync(join(ROOT, 'apps/web/vite.config.ts'), 'utf8');
  if (!/outDir:\s*path\.resolve\(webRoot,\s*'dist'\)/.test(vite))
    throw new Error('apps/web/vite.config.ts: build.outDir changed; update this test');
  return [nestCli().compilerOptions.builder.options.outDir, 'apps/web/dist'];
}

const rel = (stage: Stage, p: string) => posix.relative(workdir(stage), posix.resolve(workdir(stage), p));

function dockerfileOf(p: Project): Dockerfile {
  return parseDockerfile(p.dockerfile);
}

// ---- the checks: each answers its problems (empty: fine) ------------------------------------

function nodeLts(p: Project): string[] {
  const d = dockerfileOf(p);
  if (d.stages.length === 0) return ['no FROM'];
  return d.stages.flatMap((s) => {
    const m = /^(?:docker\.io\/)?(?:library\/)?node:(\d+)/.exec(s.image);
    if (!m) return [`stage ${s.index} is not a node image: ${s.image || s.from}`];
    return SUPPORTED_NODE.includes(Number(m[1]))
      ? []
      : [`stage ${s.index}: Node.js ${m[1]} is not a supported LTS`];
  });
}

function nonRootUser(p: Project): string[] {
  const stage = runtimeStage(dockerfileOf(p));
  const user = last(stage, 'USER')?.args.trim();
  if (!user) return ['the runtime stage sets no USER: it would run as root'];
  const [name] = user.split(':');
  if (name === 'root' || name === '0') return [`USER ${user} is root`];
  // the node images have the `node` user (uid 1000); a number works on any base
  if (name !== 'node' && !/^[1-9]\d*$/.test(name)) return [`USER ${user} is not known in a node image`];
  const cmd = last(stage, 'CMD');
  const userLine = last(stage, 'USER')?.line ?? 0;
  const writes = stage.instructions.filter((i) => i.op === 'RUN' && i.line > userLine);
  if (writes.length) return ['RUN after USER: the tree would be the user’s to write'];
  return cmd ? [] : ['no CMD'];
}

function productionCommand(p: Project): string[] {
  const stage = runtimeStage(dockerfileOf(p));
  const cmd = last(stage, 'CMD');
  const argv = cmd ? execForm(cmd.args) : null;
  if (last(stage, 'ENTRYPOINT')) return ['an ENTRYPOINT changes what CMD runs'];
  if (!argv) return ['CMD is not in exec form (["node", "…"]): signals would go to a shell'];
  const entry = apiEntry();
  const problems: string[] = [];
  if (argv[0] !== 'node') problems.push(`CMD runs ${argv[0]}, not node`);
  if (argv.length !== 2 || argv[1] !== entry.built)
    problems.push(`CMD ${JSON.stringify(argv)} is not the built API entry ${entry.built}`);
  if (!p.read(entry.source)) problems.push(`${entry.source} is missing`);
  if (env(stage).NODE_ENV !== 'production') problems.push('NODE_ENV is not production in the image');
  // the production-start test runs this very command (it reads it from the Dockerfile)
  const startTest = p.read('test/deployment/production-start.e2e-spec.ts') ?? '';
  if (!startTest.includes('imageCommand('))
    problems.push('the production-start test does not run the image’s CMD');
  const health = last(stage, 'HEALTHCHECK')?.args ?? '';
  if (!health.includes('/health/ready')) problems.push('HEALTHCHECK does not ask /health/ready');
  return problems;
}

function runtimeContents(p: Project): string[] {
  const d = dockerfileOf(p);
  const stage = runtimeStage(d);
  const outputs = buildOutputs();
  const problems: string[] = [];
  for (const c of copies(stage)) {
    if (!c.from) {
      problems.push(`COPY ${c.sources.join(' ')} takes files from the build context (sources), not a build`);
      continue;
    }
    const from = stageNamed(d, c.from);
    if (!from) {
      problems.push(`COPY --from=${c.from}: no such stage`);
      continue;
    }
    const runs = from.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    for (const src of c.sources.map((s) => rel(from, s))) {
      if (src === 'node_modules') {
        if (!runs.some((r) => /\bnpm ci\b.*--omit=dev/.test(r)))
          problems.push(`node_modules from stage ${c.from}, which does not run npm ci --omit=dev`);
      } else if (src === 'package.json') {
        // the app finds its root by it
      } else if (outputs.some((o) => src === o || src.startsWith(`${o}/`))) {
        if (!runs.some((r) => /\bnpm run build\b/.test(r)))
          problems.push(`${src} from stage ${c.from}, which does not run npm run build`);
      } else problems.push(`${src} (from stage ${c.from}) is not an output of npm run build`);
    }
  }
  const dests = copies(stage).map((c) => rel(stage, c.dest).replace(/\/$/, ''));
  for (const need of ['node_modules', 'package.json', ...outputs])
    if (!dests.includes(need)) problems.push(`the image lacks ${need}`);
  return problems;
}

const appServices = (c: Compose): [string, ComposeService][] =>
  Object.entries(c.services).filter(([, s]) => s.image === 'outreach-crm' || s.build !== undefined);

function composeEnvironment(p: Project): string[] {
  const compose = parseCompose(p.compose);
  const known = knownSettings();
  const problems: string[] = [];
  const services = appServices(compose);
  if (services.length === 0) return ['no service runs the image'];
  for (const [name, s] of services) {
    const e = serviceEnv(s);
    for (const k of Object.keys(e))
      if (!known.has(k)) problems.push(`${name}: ${k} is not a setting of app-config.ts`);
    try {
      loadConfig(Object.fromEntries(Object.entries(e).map(([k, v]) => [k, substitute(v, SHELL)])));
    } catch (err) {
      problems.push(`${name}: ${err instanceof ConfigError ? err.message : String(err)}`);
    }
    // nothing exported: compose refuses with a message (`${X:?…}`), or the defaults are valid
    let bare: Record<string, string> | null = null;
    try {
      bare = Object.fromEntries(Object.entries(e).map(([k, v]) => [k, substitute(v, {})]));
    } catch {
      // compose stops before starting anything, naming the variable
    }
    if (bare)
      try {
        loadConfig(bare);
      } catch (err) {
        problems.push(`${name}, nothing exported: ${err instanceof ConfigError ? err.message : String(err)}`);
      }
  }
  return problems;
}

/** `source:target[:mode]` of a service's volumes. */
const mounts = (s: ComposeService) =>
  (s.volumes ?? []).map((v) => {
    const [source, target, mode] = v.split(':');
    return { source, target, mode };
  });

function postgres(p: Project): string[] {
  const compose = parseCompose(p.compose);
  const db = Object.entries(compose.services).find(([, s]) =>
    /^(docker\.io\/)?(library\/)?postgres:/.test(s.image ?? ''),
  );
  if (!db) return ['no postgres service'];
  const [name, s] = db;
  const problems: string[] = [];
  const tag = (s.image ?? '').split(':')[1] ?? '';
  if (!/^18($|[.-])/.test(tag)) problems.push(`${name}: ${s.image} is not PostgreSQL 18`);
  // postgres:18 keeps its cluster in /var/lib/postgresql/18/docker: the volume is mounted on /var/lib/postgresql
  const data = mounts(s).find((m) => m.target === '/var/lib/postgresql');
  if (!data) problems.push(`${name}: nothing is mounted on /var/lib/postgresql`);
  else if (
    data.source.includes('/') ||
    data.source.startsWith('.') ||
    !(data.source in (compose.volumes ?? {}))
  )
    problems.push(`${name}: ${data.source} is not a named volume`);
  return problems;
}

/** The role and database of a postgres URL in the compose file (values substituted). */
function urlParts(value: string | undefined) {
  if (!value) return null;
  const u = new URL(substitute(value, SHELL));
  return {
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    db: u.pathname.slice(1),
  };
}

function roles(p: Project): string[] {
  const compose = parseCompose(p.compose);
  const problems: string[] = [];
  const dbEntry = Object.entries(compose.services).find(([, s]) => (s.image ?? '').includes('postgres:'));
  const app = appServices(compose)[0]?.[1];
  if (!dbEntry || !app) return ['no postgres or app service'];
  const db = dbEntry[1];
  const dbEnv = Object.fromEntries(Object.entries(serviceEnv(db)).map(([k, v]) => [k, substitute(v, SHELL)]));
  const e = serviceEnv(app);
  const owner = urlParts(e.DATABASE_OWNER_URL);
  const runtime = urlParts(e.DATABASE_URL);
  if (!owner || !runtime)
    return ['the app has no DATABASE_OWNER_URL and DATABASE_URL: one role would do everything'];
  if (owner.user === runtime.user) problems.push('DATABASE_URL and DATABASE_OWNER_URL are one role');
  if (owner.user !== dbEnv.POSTGRES_USER || owner.password !== dbEnv.POSTGRES_PASSWORD)
    problems.push('DATABASE_OWNER_URL is not the postgres service’s POSTGRES_USER / POSTGRES_PASSWORD');
  if (owner.db !== dbEnv.POSTGRES_DB || runtime.db !== dbEnv.POSTGRES_DB)
    problems.push('the URLs name another database');
  const init = mounts(db).find((m) => m.target === '/docker-entrypoint-initdb.d');
  if (!init) return [...problems, 'no init script is mounted on /docker-entrypoint-initdb.d'];
  const dir = posix.normalize(init.source);
  const scripts = (p.list(dir) ?? []).filter((f) => /\.(sh|sql)$/.test(f));
  if (scripts.length === 0) return [...problems, `${dir} holds no init script`];
  const sql = scripts.map((f) => p.read(posix.join(dir, f)) ?? '').join('\n');
  const create = new RegExp(`CREATE ROLE\\s+"?${runtime.user}"?\\s+([^;]*);`, 'i').exec(sql);
  if (!create) problems.push(`no init script creates the runtime role ${runtime.user}`);
  else {
    const attrs = create[1].toUpperCase().split(/\s+/);
    if (!attrs.includes('LOGIN')) problems.push(`${runtime.user} cannot log in`);
    if (!attrs.includes('NOSUPERUSER') || attrs.includes('SUPERUSER'))
      problems.push(`${runtime.user} is not made NOSUPERUSER`);
  }
  // the runtime password reaches the init script through the postgres service's environment
  const passwordVar = /\$\{?(\w+)[:?}]/.exec(/app_password="([^"]+)"/.exec(sql)?.[1] ?? '')?.[1];
  if (!passwordVar || dbEnv[passwordVar] !== runtime.password)
    problems.push('the init script’s password is not the one DATABASE_URL uses');
  return problems;
}

/** docs/deployment.md names the Dockerfile's base image, and only supported Node.js lines. */
function deploymentGuide(p: Project): string[] {
  const doc = p.read('docs/deployment.md');
  if (!doc) return ['docs/deployment.md is missing'];
  const base = dockerfileOf(p).args.NODE_IMAGE;
  const problems: string[] = [];
  const images = [...doc.matchAll(/\bnode:([\w.-]+)/g)].map((m) => `node:${m[1]}`);
  if (!images.includes(base)) problems.push(`the guide does not name the image's base ${base}`);
  for (const image of images)
    if (image !== base) problems.push(`the guide names ${image}, the Dockerfile ${base}`);
  for (const m of doc.matchAll(/Node(?:\.js)?\s+(\d+)/g)) {
    const after = doc.slice(m.index, m.index + m[0].length + 20);
    if (!SUPPORTED_NODE.includes(Number(m[1])) && !after.includes('end of life'))
      problems.push(`the guide names Node.js ${m[1]}, not a supported LTS`);
  }
  return problems;
}

/**
 * The V8 heap settings the exports' peak RSS was measured with (bench/exports.ts reads them from the
 * Dockerfile): the image's NODE_OPTIONS sets a small young generation, `npm start` passes the same
 * flags, and the deployment guide gives them for a start without Docker.
 */
function heapSettings(p: Project): string[] {
  const options = env(runtimeStage(dockerfileOf(p))).NODE_OPTIONS ?? '';
  const flags = options.split(/\s+/).filter(Boolean);
  if (!flags.some((f) => /^--max-semi-space-size=\d+$/.test(f)))
    return ['the image’s NODE_OPTIONS sets no --max-semi-space-size'];
  const problems: string[] = [];
  const start = (JSON.parse(p.read('package.json') ?? '{}') as { scripts?: Record<string, string> }).scripts
    ?.start;
  if (start !== `node ${flags.join(' ')} scripts/start.js`)
    problems.push(`npm start (${start}) does not pass the image’s NODE_OPTIONS ${options}`);
  if (!(p.read('docs/deployment.md') ?? '').includes(`NODE_OPTIONS=${options}`))
    problems.push(`docs/deployment.md does not give NODE_OPTIONS=${options}`);
  return problems;
}

const CHECKS: Record<string, (p: Project) => string[]> = {
  deploymentGuide,
  heapSettings,
  nodeLts,
  nonRootUser,
  productionCommand,
  runtimeContents,
  composeEnvironment,
  postgres,
  roles,
};

/** A broken copy of the project: one file's text changed (the change must apply). */
function broken(change: {
  dockerfile?: [string | RegExp, string];
  compose?: [string | RegExp, string];
  files?: Record<string, string | null>;
}): Project {
  const apply = (text: string, edit?: [string | RegExp, string]) => {
    if (!edit) return text;
    const next = text.replace(edit[0], edit[1]);
    if (next === text) throw new Error(`the change ${String(edit[0])} does not apply`);
    return next;
  };
  const files = change.files ?? {};
  return {
    dockerfile: apply(real.dockerfile, change.dockerfile),
    compose: apply(real.compose, change.compose),
    read: (p) => (p in files ? files[p] : real.read(p)),
    list: (p) => {
      const entries = real.list(p);
      if (!entries) return null;
      return entries.filter((f) => files[posix.join(p, f)] !== null);
    },
  };
}

const INIT = 'docker/initdb/10-outreach-app-role.sh';

describe('the image and docker-compose.yml against the project (no Docker engine)', () => {
  it.each(Object.keys(CHECKS))('%s: no problems', (name) => {
    expect(CHECKS[name](real)).toEqual([]);
  });

  const BROKEN: [string, string, Project][] = [
    [
      'deploymentGuide',
      'Node.js 20 named',
      broken({
        files: {
          'docs/deployment.md': (real.read('docs/deployment.md') ?? '').replace(
            'Node.js 22 LTS',
            'Node.js 20.19+',
          ),
        },
      }),
    ],
    [
      'deploymentGuide',
      'another base image',
      broken({
        dockerfile: ['ARG NODE_IMAGE=node:24-bookworm-slim', 'ARG NODE_IMAGE=node:22-bookworm-slim'],
      }),
    ],
    [
      'nodeLts',
      'Node.js 20 (end of life)',
      broken({ dockerfile: [/node:24-bookworm-slim/, 'node:20-bookworm-slim'] }),
    ],
    [
      'nodeLts',
      'a stage on another image',
      broken({ dockerfile: ['FROM ${NODE_IMAGE} AS deps', 'FROM debian:12 AS deps'] }),
    ],
    ['heapSettings', 'no NODE_OPTIONS', broken({ dockerfile: [/^ +NODE_OPTIONS=.*$/m, ''] })],
    [
      'heapSettings',
      'npm start without the flag',
      broken({
        files: {
          'package.json': (real.read('package.json') ?? '').replace(
            /"start": "node [^"]*scripts\/start\.js"/,
            '"start": "node scripts/start.js"',
          ),
        },
      }),
    ],
    [
      'heapSettings',
      'another size in the image',
      broken({ dockerfile: ['--max-semi-space-size=2', '--max-semi-space-size=16'] }),
    ],
    ['nonRootUser', 'no USER', broken({ dockerfile: [/^USER node$/m, ''] })],
    ['nonRootUser', 'USER root', broken({ dockerfile: [/^USER node$/m, 'USER root'] })],
    [
      'productionCommand',
      'CMD through npm',
      broken({ dockerfile: [/^CMD \[.*\]$/m, 'CMD ["npm", "start"]'] }),
    ],
    [
      'productionCommand',
      'CMD of the sources',
      broken({ dockerfile: [/^CMD \[.*\]$/m, 'CMD ["node", "apps/api/src/main.ts"]'] }),
    ],
    [
      'productionCommand',
      'CMD in shell form',
      broken({ dockerfile: [/^CMD \[.*\]$/m, 'CMD node dist/apps/api/src/main.js'] }),
    ],
    [
      'productionCommand',
      'not production',
      broken({ dockerfile: ['NODE_ENV=production', 'NODE_ENV=development'] }),
    ],
    [
      'runtimeContents',
      'the sources copied in',
      broken({ dockerfile: [/^USER node$/m, 'COPY . .\nUSER node'] }),
    ],
    [
      'runtimeContents',
      'a folder the build does not write',
      broken({ dockerfile: ['/src/apps/web/dist ./apps/web/dist', '/src/apps/web/build ./apps/web/dist'] }),
    ],
    ['runtimeContents', 'every devDependency', broken({ dockerfile: ['npm ci --omit=dev', 'npm ci'] })],
    [
      'runtimeContents',
      'no web UI',
      broken({ dockerfile: [/^COPY --from=build \/src\/apps\/web\/dist.*$/m, ''] }),
    ],
    [
      'composeEnvironment',
      'a misspelt setting',
      broken({ compose: ['JOB_WORKERS: ${JOB_WORKERS:-true}', 'JOB_WORKER: ${JOB_WORKERS:-true}'] }),
    ],
    ['composeEnvironment', 'a bad value', broken({ compose: ['METRICS_PORT: 9464', 'METRICS_PORT: nine'] })],
    ['postgres', 'postgres 17', broken({ compose: ['image: postgres:18', 'image: postgres:17'] })],
    [
      'postgres',
      'a bind mount, not a volume',
      broken({ compose: ['- pgdata:/var/lib/postgresql', '- ./pgdata:/var/lib/postgresql'] }),
    ],
    [
      'postgres',
      'the old data path',
      broken({ compose: ['- pgdata:/var/lib/postgresql', '- pgdata:/var/lib/postgresql/data'] }),
    ],
    ['roles', 'no init script mounted', broken({ compose: [/^ +- \.\/docker\/initdb:.*$/m, ''] })],
    ['roles', 'the init script gone', broken({ files: { [INIT]: null } })],
    [
      'roles',
      'another runtime role',
      broken({ compose: ['postgres://outreach_app:', 'postgres://outreach_web:'] }),
    ],
    [
      'roles',
      'a superuser',
      broken({ files: { [INIT]: (real.read(INIT) ?? '').replace('NOSUPERUSER', 'SUPERUSER') } }),
    ],
    [
      'roles',
      'one role for all',
      broken({
        compose: [
          'postgres://outreach_app:${OUTREACH_APP_PASSWORD:-change-me-too}',
          'postgres://outreach:${POSTGRES_PASSWORD:-change-me}',
        ],
      }),
    ],
    ['roles', 'the password not passed', broken({ compose: [/^ +OUTREACH_APP_PASSWORD: .*$/m, ''] })],
  ];
  it.each(BROKEN)('%s fails on a broken copy: %s', (name, _what, project) => {
    expect(CHECKS[name](project).length).toBeGreaterThan(0);
  });

  it('the Dockerfile parser sees every instruction (continuations joined, comments skipped)', () => {
    const ops = instructions(real.dockerfile).map((i) => i.op);
    expect(ops.filter((o) => o === 'FROM')).toHaveLength(3);
    expect(ops).toContain('HEALTHCHECK');
    const stage = runtimeStage(parseDockerfile(real.dockerfile));
    expect(env(stage)).toMatchObject({ NODE_ENV: 'production', DATA_DIR: '/var/lib/outreach' });
  });

  it('the compose file names the image’s data folder as a named volume, and the worker runs the built worker', () => {
    const compose = parseCompose(real.compose);
    const stage = runtimeStage(parseDockerfile(real.dockerfile));
    for (const [name, s] of appServices(compose)) {
      const data = mounts(s).find((m) => m.target === env(stage).DATA_DIR);
      expect({ name, source: data?.source }).toEqual({ name, source: expect.any(String) });
      expect(compose.volumes).toHaveProperty(data!.source);
      const command = Array.isArray(s.command) ? s.command : null;
      if (command) {
        expect(command[0]).toBe('node');
        expect(command[1]).toBe(builtPath('apps/api/src/worker.ts'));
        expect(existsSync(join(ROOT, 'apps/api/src/worker.ts'))).toBe(true);
      }
    }
  });

  it('the init script, run as the postgres image runs it, makes a runtime role that logs in with DATABASE_URL’s password and is no superuser', async () => {
    // The test server already has the embedded runtime role `outreach_app`: the script runs with its
    // psql calls captured, and the very SQL runs against a new database with the role renamed.
    const dir = await mkdtemp(join(tmpdir(), 'initdb-'));
    const admin = new URL(process.env.OUTREACH_TEST_ADMIN_URL ?? '');
    const dbName = `i_${randomBytes(5).toString('hex')}`;
    const role = `outreach_app_${randomBytes(4).toString('hex')}`;
    const adminClient = new Client({ connectionString: admin.toString() });
    await adminClient.connect();
    try {
      await writeFile(
        join(dir, 'psql'),
        `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\ncat > "${dir}/sql"\n`,
      );
      await chmod(join(dir, 'psql'), 0o755);
      const compose = parseCompose(real.compose);
      const db = Object.values(compose.services).find((s) => (s.image ?? '').startsWith('postgres:'))!;
      const dbEnv = Object.fromEntries(
        Object.entries(serviceEnv(db)).map(([k, v]) => [k, substitute(v, SHELL)]),
      );
      const ran = spawnSync('sh', [join(ROOT, INIT)], {
        env: { PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`, ...dbEnv, POSTGRES_DB: dbName },
        encoding: 'utf8',
      });
      expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: '' });
      const args = readFileSync(join(dir, 'args'), 'utf8').trim().split('\n');
      const sql = readFileSync(join(dir, 'sql'), 'utf8');
      expect(args).toEqual(expect.arrayContaining(['--username', dbEnv.POSTGRES_USER, '--dbname', dbName]));
      const runtime = urlParts(serviceEnv(appServices(compose)[0][1]).DATABASE_URL)!;
      expect(sql).toContain(`CREATE ROLE ${runtime.user} `);
      // the same psql variables, against the test server, the role renamed
      await adminClient.query(`CREATE DATABASE ${dbName}`);
      const vars = args.filter((_, i) => args[i - 1] === '-v');
      const applied = spawnSync(
        'psql',
        [
          ...vars.flatMap((v) => ['-v', v]),
          '-v',
          'ON_ERROR_STOP=1',
          '--dbname',
          new URL(`/${dbName}`, admin).toString(),
        ],
        { input: sql.replaceAll(runtime.user, role), encoding: 'utf8' },
      );
      expect({ status: applied.status, stderr: applied.stderr }).toEqual({ status: 0, stderr: '' });
      const url = new URL(`/${dbName}`, admin);
      url.username = role;
      url.password = runtime.password;
      const asRuntime = new Client({ connectionString: url.toString() });
      await asRuntime.connect();
      const [me] = (
        await asRuntime.query<{ super: boolean; createdb: boolean; createrole: boolean }>(
          `SELECT rolsuper AS super, rolcreatedb AS createdb, rolcreaterole AS createrole FROM pg_roles WHERE rolname = current_user`,
        )
      ).rows;
      await asRuntime.end();
      expect(me).toEqual({ super: false, createdb: false, createrole: false });
    } finally {
      await adminClient.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      await adminClient.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await adminClient.end();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
