import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderOpenApi } from '../../apps/api/src/cli/openapi';
import { COMMON_ERROR_CODES } from '../../libs/http/error-codes';
import { TestApp } from '../helpers/test-app';

const ROOT = path.resolve(__dirname, '..', '..');

/** The .ts files under a folder of the repository (Node 20 has no fs.globSync). */
function tsFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => path.join(folder, f));
}

/** The codes a folder's code can throw, read from its source the way a reviewer would. */
function thrownCodes(folder: string): Set<string> {
  const codes = new Set<string>();
  for (const file of tsFiles(folder)) {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/new DomainError\(\s*'\w+',\s*'([a-z_.]+)'/g)) codes.add(m[1]);
    for (const m of source.matchAll(/notFound\(\s*'(\w+)'/g)) codes.add(`${m[1]}.not_found`);
    for (const m of source.matchAll(/staleVersion\(\s*'(\w+)'/g)) codes.add(`${m[1]}.stale_version`);
    for (const m of source.matchAll(/updateVersioned\(\s*\w+,\s*'\w+',\s*'(\w+)'/g)) {
      codes.add(`${m[1]}.not_found`);
      codes.add(`${m[1]}.stale_version`);
    }
    for (const m of source.matchAll(/(?:invalid|invalidFields)\([^;]*?,\s*'([a-z_]+\.[a-z_.]+)',?\s*\)/gs))
      codes.add(m[1]);
  }
  return codes;
}

const pascal = (folder: string) =>
  folder
    .split('-')
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');

describe('the contract (issue 11)', () => {
  let document: {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, { enum?: string[] }> };
  };
  let text: string;

  beforeAll(async () => {
    text = await renderOpenApi();
    document = JSON.parse(text) as typeof document;
  });

  it('the committed OpenAPI document and the web schema are what the server builds', () => {
    // the same command CI runs; it regenerates both in memory and compares with the files
    const check = spawnSync(process.execPath, ['scripts/run.js', 'apps/api/src/cli/openapi.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect({ status: check.status, stderr: check.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('every route documents its error answers with a code enum', () => {
    for (const [route, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const status of ['400', '401', '403', '404', '409']) {
          expect({ route, method, status, documented: status in operation.responses }).toEqual({
            route,
            method,
            status,
            documented: true,
          });
        }
      }
    }
  });

  it("each feature's documented codes include every code its source throws", () => {
    const folders = readdirSync(path.join(ROOT, 'apps/api/src'), { withFileTypes: true })
      .filter(
        (d) => d.isDirectory() && tsFiles(`apps/api/src/${d.name}`).some((f) => f.endsWith('.controller.ts')),
      )
      .map((d) => d.name);
    expect(folders.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const folder of folders) {
      const documented = new Set(document.components.schemas[`${pascal(folder)}ErrorCode`]?.enum ?? []);
      const thrown = thrownCodes(`apps/api/src/${folder}`);
      if (folder === 'auth') for (const c of thrownCodes('libs/auth')) thrown.add(c);
      for (const code of thrown) if (!documented.has(code)) missing.push(`${folder}: ${code}`);
    }
    for (const code of thrownCodes('libs/http'))
      if (!(COMMON_ERROR_CODES as readonly string[]).includes(code)) missing.push(`libs/http: ${code}`);
    expect(missing).toEqual([]);
  });
});

describe('every error body carries a code (API.md "Errors carry a code")', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('on answers that no feature named', async () => {
    const station = await t.createStation();
    const officer = await t.createUser('officer', station.id);
    const cases = [
      await t.http().get('/api/v1/visits'),
      await t.http().get('/api/v1/no-such-route').set('Authorization', `Bearer ${officer.token}`),
      await t
        .http()
        .post('/api/v1/visits')
        .set('Authorization', `Bearer ${officer.token}`)
        .set('Content-Type', 'application/json')
        .send('{"broken'),
      await t.http().get('/api/v1/users').set('Authorization', `Bearer ${officer.token}`),
      await t
        .http()
        .post('/api/v1/visits')
        .set('Authorization', `Bearer ${officer.token}`)
        .send({ unknownField: 1 }),
    ];
    expect(cases.map((r) => [r.status, r.body.code])).toEqual([
      [401, 'auth.token_invalid'],
      [404, 'common.not_found'],
      [400, 'common.bad_request'],
      [403, 'forbidden'],
      [400, 'validation_failed'],
    ]);
    for (const r of cases) expect(typeof r.body.requestId).toBe('string');
  });
});
