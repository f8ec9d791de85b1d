import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { inlineScriptSources } from '../../apps/api/src/web-static';
import { TestApp } from '../helpers/test-app';

/** The script-src directive of an answer's Content-Security-Policy. */
const scriptSrc = (csp: unknown) =>
  String(csp)
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('script-src '));

/**
 * Issue 18, the phone's warm load: index.html carries the login form as plain HTML with small
 * inline scripts (which view to show, a submit kept for the app, the entry started after the first
 * paint). The CSP allows exactly those scripts, by their sha256, on the page's answers only.
 */
describe('web delivery: index.html inline scripts allowed by hash (e2e)', () => {
  let t: TestApp;
  let web: string;
  const boot = "document.documentElement.setAttribute('data-boot', 'login');";
  const start =
    "(function () { var s = document.createElement('script'); s.src = '/assets/index-AbC.js'; })();";
  const page =
    `<!doctype html><html lang="ja"><head><script>${boot}</script>` +
    `<link rel="modulepreload" crossorigin href="/assets/index-AbC.js"></head>` +
    `<body><div id="root"></div><script type="module" src="/assets/other.js"></script>` +
    `<script>${start}</script>${' '.repeat(2000)}</body></html>`;
  const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

  beforeAll(async () => {
    web = await mkdtemp(join(tmpdir(), 'outreach-web-'));
    await mkdir(join(web, 'assets'));
    await writeFile(join(web, 'index.html'), page);
    await writeFile(join(web, 'index.html.br'), brotliCompressSync(page));
    await writeFile(join(web, 'assets', 'index-AbC.js'), 'export {};');
    t = await TestApp.create({ WEB_DIST_DIR: web });
  });
  afterAll(async () => {
    await t.close();
    await rm(web, { recursive: true, force: true });
  });

  it('hashes the inline scripts only (not the ones with a src, not empty ones)', () => {
    expect(inlineScriptSources(page)).toEqual([sha(boot), sha(start)]);
    expect(inlineScriptSources('<script src="/a.js"></script><script> </script>')).toEqual([]);
  });

  it('adds their hashes to script-src on the page, precompressed or not, for any client route', async () => {
    for (const [path, encoding] of [
      ['/login', 'br'],
      ['/login', 'identity'],
      ['/', 'br'],
      ['/visits/new', 'identity'],
      ['/index.html', 'identity'],
    ]) {
      const res = await t.http().get(path).set('Accept-Encoding', encoding).expect(200);
      const src = scriptSrc(res.headers['content-security-policy']);
      expect(src).toBeDefined();
      expect(src).toContain("'self'");
      expect(src).toContain(sha(boot));
      expect(src).toContain(sha(start));
      expect(src).not.toContain('unsafe-inline');
    }
  });

  it('leaves the CSP of scripts, other files and API answers as it was', async () => {
    const asset = await t.http().get('/assets/index-AbC.js').expect(200);
    expect(scriptSrc(asset.headers['content-security-policy'])).toBe("script-src 'self'");
    const api = await t.http().get('/api/v1/auth/me').expect(401);
    expect(scriptSrc(api.headers['content-security-policy'])).toBe("script-src 'self'");
  });
});
