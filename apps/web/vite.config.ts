import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const apiTarget = 'http://localhost:3000';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside every text file of the
 * build past 1 KB, kept only when smaller; the API sends them to browsers that accept them
 * (apps/api/src/web-static.ts), so no file is compressed per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'outreach-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files: string[] = [];
      const walk = async (dir: string) => {
        for (const e of await readdir(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) await walk(p);
          else if (/\.(js|mjs|css|html|svg|json|txt|map)$/.test(e.name) && (await stat(p)).size > 1024)
            files.push(p);
        }
      };
      await walk(outDir);
      await Promise.all(
        files.map(async (file) => {
          const raw = await readFile(file);
          const [br, gzipped] = await Promise.all([
            brotli(raw, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: 11,
                [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
                [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
              },
            }),
            gz(raw, { level: 9 }),
          ]);
          if (br.length < raw.length) await writeFile(`${file}.br`, br);
          if (gzipped.length < raw.length) await writeFile(`${file}.gz`, gzipped);
        }),
      );
    },
  };
}

/**
 * index.html's words (its loading shell and plain login form) from the Japanese strings: each
 * `{{t:key.path}}` becomes that string of src/i18n/ja.json, HTML-escaped; an unknown key fails.
 */
function htmlStrings(): Plugin {
  return {
    name: 'outreach-html-strings',
    transformIndexHtml: {
      order: 'pre',
      async handler(html) {
        const ja = JSON.parse(await readFile(path.join(webRoot, 'src/i18n/ja.json'), 'utf8')) as Record<
          string,
          unknown
        >;
        return html.replace(/\{\{t:([\w.]+)\}\}/g, (_, key: string) => {
          const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], ja);
          if (typeof value !== 'string') throw new Error(`index.html: no string ${key} in ja.json`);
          return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
        });
      },
    },
  };
}

/**
 * The entry script and its stylesheet after the first paint. Vite's `<script type="module" src>`
 * in the head runs as soon as it is in (from the cache on a second visit: before anything is
 * painted), and its `<link rel="stylesheet">` holds every paint until the CSS is in and parsed,
 * so the plain login form (styled by index.html alone) would show only after the whole bundle had
 * run. Both become preloads (fetched as early as before) and a small script at the end of the
 * body adds the stylesheet, then the module once the stylesheet is in and a frame has been painted
 * (or 100 ms have passed, for a tab in the background, which paints no frames): the app never
 * renders unstyled.
 */
function entryAfterFirstPaint(): Plugin {
  return {
    name: 'outreach-entry-after-first-paint',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const script = /<script type="module" crossorigin src="([^"]+)"><\/script>\s*/.exec(html);
        if (!script) throw new Error('index.html: no entry script to defer');
        const styles = [...html.matchAll(/<link rel="stylesheet" crossorigin href="([^"]+)">\s*/g)];
        const start =
          `<script>(function () {` +
          `var styled = ${styles.length}, painted = false, done = false;` +
          `function go() { if (done || styled > 0 || !painted) return; done = true;` +
          ` var s = document.createElement('script'); s.type = 'module'; s.crossOrigin = ''; s.src = ${JSON.stringify(script[1])};` +
          ` document.body.appendChild(s); }` +
          `${JSON.stringify(styles.map((m) => m[1]))}.forEach(function (href) {` +
          ` var l = document.createElement('link'); l.rel = 'stylesheet'; l.crossOrigin = ''; l.href = href;` +
          ` l.onload = l.onerror = function () { styled -= 1; go(); }; document.head.appendChild(l); });` +
          `function paint() { painted = true; go(); }` +
          `requestAnimationFrame(function () { setTimeout(paint, 0); });` +
          `setTimeout(paint, 100);` +
          `})();</script>`;
        let out = html.replace(script[0], `<link rel="modulepreload" crossorigin href="${script[1]}">\n    `);
        for (const m of styles)
          out = out.replace(m[0], `<link rel="preload" as="style" crossorigin href="${m[1]}">\n    `);
        return out.replace('</body>', `  ${start}\n  </body>`);
      },
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), htmlStrings(), entryAfterFirstPaint(), precompress()],
  css: { postcss: webRoot },
  build: {
    outDir: path.resolve(webRoot, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // Mantine's components would otherwise be dozens of 1–5 KB shared chunks: on a phone's
    // HTTP/1.1 link (6 connections, 150 ms apart) each costs a round trip. Chunks below this are
    // merged where no page would load more code for it.
    rollupOptions: { output: { experimentalMinChunkSize: 20_000 } },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/health': { target: apiTarget, changeOrigin: true },
    },
  },
  test: {
    root: webRoot,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    testTimeout: 20_000,
  },
});
