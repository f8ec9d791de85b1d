import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TestApp } from '../helpers/test-app';
import { AREA, inArea, NTA, readRecords, SAMPLE } from './register-files';

const ROOT = join(__dirname, '../..');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

describe('import-register CLI (e2e)', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await TestApp.create();
    dir = await mkdtemp(join(tmpdir(), 'register-cli-'));
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  function start(args: string[]): { child: ChildProcess; done: Promise<Run> } {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/run.js'), 'apps/api/src/cli/main', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        // As the server runs: the restricted runtime role, migrations as the owner.
        DATABASE_URL: t.runtimeUrl,
        DATABASE_OWNER_URL: t.ownerUrl,
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
    const done = new Promise<Run>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, ...out })),
    );
    return { child, done };
  }

  const count = async (stationId: string): Promise<number> => {
    const [{ n }]: { n: number }[] = await t.ds.query(
      `SELECT count(*)::int AS n FROM organizations WHERE station_id = $1`,
      [stationId],
    );
    return n;
  };

  it('imports a file for a station code, reports on stdout and shows progress on stderr', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const expected = readRecords().filter((r) => inArea(r)).length;
    const dry = await start(['import-register', SAMPLE, '--station', station.code, '--dry-run']).done;
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ inserted: expected, dryRun: true });
    expect(await count(station.id)).toBe(0);

    const run = await start(['import-register', join(NTA, 'yamaguchi-sample.zip'), '--station', station.code])
      .done;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ inserted: expected, rows: 500, dryRun: false });
    expect(run.stderr).toContain('done');
    expect(await count(station.id)).toBe(expected);
    const audits = (await t.auditEvents({ action: 'organization.import' })).filter(
      (e: { station_id: string }) => e.station_id === station.id,
    );
    expect(audits.map((a: { changes: { fileName: string } }) => a.changes.fileName)).toEqual([
      'yamaguchi-sample.csv',
      'yamaguchi-sample.zip',
    ]);
  }, 60_000);

  it('exits 1 for an unknown station, a missing file or a non-register file', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const unknown = await start(['import-register', SAMPLE, '--station', 'no-such-station']).done;
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no-such-station');
    const missing = await start(['import-register', join(dir, 'nope.csv'), '--station', station.code]).done;
    expect(missing.code).toBe(1);
    const notCsv = await start(['import-register', join(NTA, 'no-csv.zip'), '--station', station.code]).done;
    expect(notCsv.code).toBe(1);
    expect(notCsv.stderr).toContain('CSV');
  }, 60_000);

  it('leaves the registry as it was when the import is killed mid-way', async () => {
    const station = await t.createStation({ municipalityCodes: AREA });
    const file = join(dir, 'big.csv');
    const gen = spawn(process.execPath, [join(NTA, 'gen-nta-csv.mjs'), '--rows', '300000', '--seed', '7'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await pipeline(gen.stdout, createWriteStream(file));
    const { child, done } = start(['import-register', file, '--station', station.code]);
    // Kill it as soon as it reports progress (rows read and being copied, nothing committed).
    await new Promise<void>((resolve) => {
      const onData = (d: Buffer) => {
        if (d.toString().includes('reading')) {
          child.stderr!.off('data', onData);
          resolve();
        }
      };
      child.stderr!.on('data', onData);
    });
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    expect(await count(station.id)).toBe(0);
    // The station is not left locked: the next import runs to the end.
    const again = await start(['import-register', SAMPLE, '--station', station.code]).done;
    expect(again.code).toBe(0);
    expect(await count(station.id)).toBe(readRecords().filter((r) => inArea(r)).length);
  }, 120_000);
});
