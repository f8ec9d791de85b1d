// `npm start`. In development: builds the API (`nest build api`, SWC, a few seconds) and the web UI
// (vite) when their sources are newer than the last build, then runs the compiled API, which serves
// the UI, with its embedded PostgreSQL unless DATABASE_URL is set.
// With NODE_ENV=production it never compiles or writes anything: it runs what `npm run build` left in
// dist/ (the image's command runs `node dist/apps/api/src/main.js` itself) and stops with a message
// when there is no build.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const apiMain = path.join(root, 'dist', 'apps', 'api', 'src', 'main.js');

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

if (process.env.NODE_ENV === 'production') {
  if (!fs.existsSync(apiMain)) {
    console.error('No build in dist/: run `npm run build` first (a production start never compiles).');
    process.exit(1);
  }
} else {
  // Every file of a build is written anew, so the compiled main.js is as old as the build.
  const apiSources = ['apps/api/src', 'libs', 'migrations', '.swcrc', 'nest-cli.json'].map((p) =>
    path.join(root, p),
  );
  const builtAt = fs.existsSync(apiMain) ? fs.statSync(apiMain).mtimeMs : 0;
  if (builtAt < Math.max(...apiSources.map(newestMtime))) {
    console.log('Compiling the API…');
    run(['@nestjs', 'cli', 'bin', 'nest.js'], ['build', 'api']);
  }
  const web = path.join(root, 'apps', 'web');
  const webBuilt = path.join(web, 'dist', 'index.html');
  if (fs.existsSync(path.join(web, 'index.html')) && newestMtime(webBuilt) < newestMtime(web)) {
    console.log('Building the web UI…');
    run(['vite', 'bin', 'vite.js'], ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn']);
  }
}

require(apiMain);
