import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module';
import { configureHttp } from '../../apps/api/src/http-setup';
import { loadConfig } from '../../libs/config/app-config';
import { bearer, TEST_PASSWORD, TestApp } from '../helpers/test-app';
import { createMeeting, createSeminar, createVisit } from './records';
import { jpegFile, pdfFile, sjisTextFile, xlsxFile } from './sample-files';

const ROOT = join(__dirname, '../..');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/run.js'), 'apps/api/src/cli/main', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, ...out })));
}

const inDb = (base: string, db: string) => {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
};

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** supertest: a binary answer as a Buffer. */
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * The files are in PostgreSQL (attachment_blobs), so `npm run cli -- backup` carries them with the
 * rows and `restore` brings them back byte for byte; an app over the restored database serves them.
 */
describe('attachments in the backup (issue 13)', () => {
  let t: TestApp;
  let dir: string;
  const created: string[] = [];
  const adminUrl = () => process.env.OUTREACH_TEST_ADMIN_URL ?? '';

  beforeAll(async () => {
    t = await TestApp.create();
    dir = await mkdtemp(join(tmpdir(), 'attachments-backup-'));
  });
  afterAll(async () => {
    await t.close();
    for (const name of created) await query(adminUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  });

  it('backup → restore into an empty database keeps every file, its name and its SHA-256', async () => {
    const { station, officer } = await t.createStationTeam();
    const visit = await createVisit(t, { stationId: station.id, createdBy: officer.id, status: 'submitted' });
    const seminar = await createSeminar(t, station.id, officer.id);
    const meeting = await createMeeting(t, station.id);
    const files: Array<[string, string, Buffer]> = [
      [`visits/${visit.id}`, '配付資料.pdf', await pdfFile('backup')],
      [`visits/${visit.id}`, '現場写真.jpg', jpegFile()],
      [`seminars/${seminar.id}`, '参加者.xlsx', await xlsxFile()],
      [`meetings/${meeting.id}`, '会議録.txt', sjisTextFile()],
    ];
    const uploaded: Array<{ id: string; fileName: string; sha256: string; data: Buffer }> = [];
    for (const [path, name, data] of files) {
      const res = await t
        .http()
        .post(`/api/v1/${path}/attachments`)
        .set(bearer(officer))
        .attach('file', data, name)
        .expect(201);
      uploaded.push({ id: res.body.id, fileName: res.body.fileName, sha256: res.body.sha256, data });
    }
    // a large one of random bytes (every byte value; several 8 MiB COPY chunks once hex-escaped)
    const big = Buffer.concat([await pdfFile('big'), randomBytes(6 * 1024 * 1024)]);
    const bigRes = await t
      .http()
      .post(`/api/v1/visits/${visit.id}/attachments`)
      .set(bearer(officer))
      .attach('file', big, '大きな資料.pdf')
      .expect(201);
    uploaded.push({ id: bigRes.body.id, fileName: '大きな資料.pdf', sha256: sha(big), data: big });

    const archive = join(dir, 'with-attachments.tar.gz');
    const backup = await cli(['backup', archive], {
      DATABASE_URL: t.runtimeUrl,
      DATABASE_OWNER_URL: t.ownerUrl,
    });
    expect(backup.stderr).not.toMatch(/error/i);
    expect(backup.code).toBe(0);

    const name = `r_${randomBytes(6).toString('hex')}`;
    await query(adminUrl(), `CREATE DATABASE ${name}`);
    created.push(name);
    const target = {
      ownerUrl: inDb(adminUrl(), name),
      runtimeUrl: inDb(process.env.OUTREACH_TEST_RUNTIME_URL ?? '', name),
    };
    const restore = await cli(['restore', archive], {
      DATABASE_URL: target.runtimeUrl,
      DATABASE_OWNER_URL: target.ownerUrl,
    });
    expect(restore.stderr).not.toMatch(/error/i);
    expect(restore.code).toBe(0);

    const rows = await query<{ id: string; file_name: string; sha256: string; digest: string; size: string }>(
      target.ownerUrl,
      `SELECT a.id, a.file_name, a.sha256, encode(sha256(b.data), 'hex') AS digest, a.size
         FROM attachments a JOIN attachment_blobs b ON b.attachment_id = a.id ORDER BY a.created_at`,
    );
    expect(rows.map((r) => [r.id, r.file_name, r.sha256, r.digest, Number(r.size)])).toEqual(
      uploaded.map((u) => [u.id, u.fileName, u.sha256, u.sha256, u.data.length]),
    );

    // an app over the restored database (a restart on the restored data) serves the same bytes
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot(config, target.runtimeUrl),
      {
        logger: false,
        bodyParser: false,
      },
    );
    configureHttp(app, config);
    await app.init();
    try {
      const login = await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ username: officer.username, password: TEST_PASSWORD })
        .expect(200);
      const user = { token: login.body.accessToken as string };
      const list = await request(app.getHttpServer())
        .get(`/api/v1/visits/${visit.id}/attachments`)
        .set(bearer(user))
        .expect(200);
      expect(list.body.items.map((i: { fileName: string }) => i.fileName)).toEqual([
        '配付資料.pdf',
        '現場写真.jpg',
        '大きな資料.pdf',
      ]);
      for (const u of uploaded) {
        const down = await request(app.getHttpServer())
          .get(`/api/v1/attachments/${u.id}`)
          .set(bearer(user))
          .buffer(true)
          .parse(binary as never)
          .expect(200);
        expect(sha(down.body as Buffer)).toBe(u.sha256);
      }
    } finally {
      await app.close();
    }
  });
});
