// `npm start`: compiles the API (SWC, about a second) and builds the web UI when their sources are
// newer than the last build, then runs the compiled API, which serves the UI, with its embedded
// PostgreSQL unless DATABASE_URL is set.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

function run(script, args) {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', ...script), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const apiMarker = path.join(root, 'dist', '.built');
const apiSources = ['apps/api/src', 'libs', 'migrations', '.swcrc'].map((p) => path.join(root, p));
if (!fs.existsSync(apiMarker) || fs.statSync(apiMarker).mtimeMs < Math.max(...apiSources.map(newestMtime))) {
  console.log('Compiling the API…');
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  run(
    ['@swc', 'cli', 'bin', 'swc.js'],
    ['apps/api/src', 'libs', 'migrations', '-d', 'dist', '--copy-files', '-q', '--ignore', '**/*.spec.ts'],
  );
  fs.writeFileSync(apiMarker, new Date().toISOString());
}

const web = path.join(root, 'apps', 'web');
const webBuilt = path.join(web, 'dist', 'index.html');
if (fs.existsSync(path.join(web, 'index.html')) && newestMtime(webBuilt) < newestMtime(web)) {
  console.log('Building the web UI…');
  run(['vite', 'bin', 'vite.js'], ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn']);
}

require(path.join(root, 'dist', 'apps', 'api', 'src', 'main.js'));
