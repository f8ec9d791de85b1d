// `npm start`: builds the web UI when its sources are newer than the last build, then runs the
// API (which serves the UI) with its embedded PostgreSQL unless DATABASE_URL is set.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const web = path.join(root, 'apps', 'web');
const built = path.join(web, 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

if (fs.existsSync(path.join(web, 'index.html'))) {
  const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < newestMtime(web);
  if (stale) {
    console.log('Building the web UI…');
    const result = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'apps/web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
require('@swc-node/register');
require(path.join(root, 'apps', 'api', 'src', 'main.ts'));
