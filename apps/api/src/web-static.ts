import compression from 'compression';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Hashed build output (`/assets/<name>-<hash>.<ext>`): never changes under its name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashes: always asked again (a 304 when unchanged). */
const REVALIDATE = 'no-cache';
/** Other files of the build (icons): an hour. */
const SHORT = 'public, max-age=3600';

/** Types of answers that are compressed already (or gain nothing): sent as they are. */
const PRECOMPRESSED_TYPES =
  /^(application\/(pdf|zip|gzip|x-gzip|x-brotli|octet-stream|vnd\.openxmlformats-officedocument\.[\w.]+)|image\/(png|jpe?g|gif|webp|avif)|font\/woff2?)\b/i;

/**
 * Compression of the answers made at run time (API JSON, CSV exports, OpenAPI, small files), as
 * brotli or gzip by the request's Accept-Encoding, past 1 KB. Already-compressed types (XLSX, PDF,
 * zip, images) and answers with a Content-Encoding (the web build's precompressed files) are
 * left alone. Streamed answers (CSV exports) stay streamed: zlib passes on each block it fills.
 */
export function responseCompression(): RequestHandler {
  return compression({
    threshold: 1024,
    filter: (req, res) => {
      const type = String(res.getHeader('Content-Type') ?? '');
      if (PRECOMPRESSED_TYPES.test(type)) return false;
      return compression.filter(req, res);
    },
  });
}

/** The build's files that have a `.br` / `.gz` sibling, by URL path (`/assets/index-abc.js`). */
function precompressedFiles(dir: string): Map<string, Set<'br' | 'gzip'>> {
  const found = new Map<string, Set<'br' | 'gzip'>>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else {
        const m = /^(.*)\.(br|gz)$/.exec(rel);
        if (!m) continue;
        const key = `/${m[1]}`;
        const set = found.get(key) ?? new Set();
        set.add(m[2] === 'br' ? 'br' : 'gzip');
        found.set(key, set);
      }
    }
  };
  walk('');
  return found;
}

/**
 * The CSP sources (`'sha256-…'`) of index.html's inline scripts: the plain login form's (it has to
 * run before the app's files arrive, so it cannot be one of them). Only these exact scripts are
 * allowed beside `'self'`.
 */
export function inlineScriptSources(html: string): string[] {
  const sources: string[] = [];
  for (const m of html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (!m[1].trim()) continue;
    sources.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  }
  return sources;
}

/** Adds `sources` to the script-src of the answer's Content-Security-Policy (set by helmet). */
function allowScripts(res: Response, sources: string[]): void {
  const csp = res.getHeader('Content-Security-Policy');
  if (!sources.length || typeof csp !== 'string') return;
  const extra = sources.join(' ');
  const next = /(^|;)\s*script-src\s/i.test(csp)
    ? csp.replace(
        /((?:^|;)\s*script-src\s+)([^;]*)/i,
        (_, head: string, list: string) => `${head}${list} ${extra}`,
      )
    : `${csp};script-src 'self' ${extra}`;
  res.setHeader('Content-Security-Policy', next);
}

/**
 * The built web UI (apps/web/dist), same origin as the API: hashed `/assets/*` cached for a year
 * as `immutable`, index.html `no-cache`, each file sent as its precompressed `.br` or `.gz`
 * (written by the web build) when the request accepts that encoding (`Vary: Accept-Encoding`).
 * Unknown non-API paths answer index.html (client routing); a missing `/assets/*` file is a 404,
 * not the page. `isApiPath` paths are passed on.
 */
export function webStatic(dir: string, isApiPath: (p: string) => boolean): RequestHandler[] {
  const variants = precompressedFiles(dir);
  let indexScripts: string[] = [];
  try {
    indexScripts = inlineScriptSources(readFileSync(path.join(dir, 'index.html'), 'utf8'));
  } catch {
    /* no index.html: nothing to allow */
  }
  const cacheControl = (urlPath: string) =>
    urlPath.startsWith('/assets/') ? IMMUTABLE : urlPath.endsWith('.html') ? REVALIDATE : SHORT;

  const precompressed = (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    const urlPath = req.path === '/' || !path.extname(req.path) ? '/index.html' : req.path;
    const has = variants.get(urlPath);
    if (!has) return next();
    res.vary('Accept-Encoding');
    // brotli first when accepted at all (smaller), whatever order the request lists them in
    const encoding = (['br', 'gzip'] as const).find((e) => has.has(e) && req.acceptsEncodings(e) === e);
    if (!encoding) return next();
    res.type(path.extname(urlPath));
    if (urlPath === '/index.html') allowScripts(res, indexScripts);
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Cache-Control', cacheControl(urlPath));
    res.sendFile(`${urlPath.slice(1)}.${encoding === 'br' ? 'br' : 'gz'}`, {
      root: dir,
      cacheControl: false,
      dotfiles: 'deny',
    });
  };

  const files = express.static(dir, {
    index: false,
    cacheControl: false,
    setHeaders: (res, file) => {
      const rel = `/${path.relative(dir, file).split(path.sep).join('/')}`;
      res.setHeader('Cache-Control', cacheControl(rel));
      res.setHeader('Vary', 'Accept-Encoding');
      if (rel === '/index.html') allowScripts(res, indexScripts);
    },
  });

  const fallback = (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    if (req.path.startsWith('/assets/')) return next(); // a stale hash: 404, not the page
    res.setHeader('Cache-Control', REVALIDATE);
    allowScripts(res, indexScripts);
    res.sendFile('index.html', { root: dir, cacheControl: false });
  };

  return [precompressed, files, fallback];
}
