// Runs a TypeScript entry point of this repo without a build step (SWC compiles on load, with
// decorator metadata): `node scripts/run.js path/to/file [args...]`.
'use strict';
const path = require('node:path');
require('@swc-node/register');
const [, , entry, ...rest] = process.argv;
if (!entry) {
  console.error('usage: node scripts/run.js <entry.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
require(path.resolve(__dirname, '..', entry));
