import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { bearer, TestApp } from '../helpers/test-app';

/** The answer's bytes (supertest has inflated a br or gzip body already; the header says which it was). */
const bytes = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Issue 18, the phone's first load: the web build's precompressed files (brotli, gzip) by the
 * request's Accept-Encoding, hashed assets cached as immutable, index.html revalidated, API
 * JSON and CSV compressed at run time, files that are compressed already left alone.
 */
describe('web delivery: compression and caching (e2e)', () => {
  let t: TestApp;
  let web: string;
  const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `言葉${i}`))};\n`;
  const page = `<!doctype html><html lang="ja"><title>web</title><body><div id="root"></div>${' '.repeat(2000)}</body></html>`;

  beforeAll(async () => {
    web = await mkdtemp(join(tmpdir(), 'outreach-web-'));
    await mkdir(join(web, 'assets'));
    await writeFile(join(web, 'index.html'), page);
    await writeFile(join(web, 'index.html.br'), brotliCompressSync(page));
    await writeFile(join(web, 'index.html.gz'), gzipSync(page));
    await writeFile(join(web, 'assets', 'index-AbC123.js'), script);
    await writeFile(join(web, 'assets', 'index-AbC123.js.br'), brotliCompressSync(script));
    await writeFile(join(web, 'assets', 'index-AbC123.js.gz'), gzipSync(script));
    await writeFile(join(web, 'assets', 'small-XyZ.css'), 'a{color:red}');
    t = await TestApp.create({ WEB_DIST_DIR: web });
  });
  afterAll(async () => {
    await t.close();
    await rm(web, { recursive: true, force: true });
  });

  const get = (path: string, acceptEncoding: string) =>
    t.http().get(path).set('Accept-Encoding', acceptEncoding).buffer(true).parse(bytes);

  describe('the web build', () => {
    it('sends the brotli file to a browser that accepts br, with the type of the original', async () => {
      const res = await get('/assets/index-AbC123.js', 'gzip, deflate, br, zstd').expect(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((res.body as Buffer).toString()).toBe(script);
    });

    it('sends the gzip file when br is not accepted, and the file itself when nothing is', async () => {
      const gz = await get('/assets/index-AbC123.js', 'gzip').expect(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect((gz.body as Buffer).toString()).toBe(script);
      const plain = await get('/assets/index-AbC123.js', 'identity').expect(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((plain.body as Buffer).toString()).toBe(script);
      const refused = await get('/assets/index-AbC123.js', 'br;q=0, gzip;q=0').expect(200);
      expect(refused.headers['content-encoding']).toBeUndefined();
    });

    it('revalidates index.html (no-cache), also as the page of client routes, and answers 304 when unchanged', async () => {
      for (const path of ['/', '/login', '/visits/new']) {
        const res = await get(path, 'br').expect(200);
        expect(res.headers['content-encoding']).toBe('br');
        expect(res.headers['cache-control']).toBe('no-cache');
        expect((res.body as Buffer).toString()).toBe(page);
      }
      const first = await get('/login', 'br').expect(200);
      const again = await t
        .http()
        .get('/login')
        .set('Accept-Encoding', 'br')
        .set('If-None-Match', String(first.headers.etag))
        .expect(304);
      expect(again.headers['cache-control']).toBe('no-cache');
    });

    it('serves a file without a compressed twin as it is, and a missing hashed asset is a 404, not the page', async () => {
      const css = await get('/assets/small-XyZ.css', 'br, gzip').expect(200);
      expect(css.headers['content-encoding']).toBeUndefined();
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      await get('/assets/index-OLD999.js', 'br').expect(404);
    });
  });

  describe('API answers', () => {
    it('compresses JSON past 1 KB (br preferred, gzip otherwise) and keeps no-store; small answers go as they are', async () => {
      const br = await get('/api/docs-json', 'gzip, deflate, br').expect(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['cache-control']).toBe('no-store');
      expect(JSON.parse((br.body as Buffer).toString()).openapi).toBeDefined();
      const gz = await get('/api/docs-json', 'gzip').expect(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      const health = await get('/health', 'br, gzip').expect(200);
      expect(health.headers['content-encoding']).toBeUndefined();
    });

    it('compresses a CSV export as it streams and leaves XLSX alone', async () => {
      const { officer } = await t.createStationTeam();
      const csv = await get('/api/v1/exports/organizations.csv', 'gzip').set(bearer(officer)).expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.headers['content-encoding']).toBe('gzip');
      expect(csv.headers['cache-control']).toBe('no-store');
      expect((csv.body as Buffer).length).toBeGreaterThan(0);
      const xlsx = await get('/api/v1/exports/organizations.xlsx', 'gzip, br')
        .set(bearer(officer))
        .expect(200);
      expect(xlsx.headers['content-encoding']).toBeUndefined();
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    });
  });
});
