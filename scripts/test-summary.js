// Prints one closing line for the whole CI run from the suites' summaries in
// test-artifacts/summary/ (jest, vitest, browser): `all: N passed, M failed`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', 'test-artifacts', 'summary');
const read = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  } catch {
    return undefined;
  }
};
const counts = [read('jest.json'), read('browser.json')];
const vitest = read('vitest.json');
if (vitest) counts.push({ passed: vitest.numPassedTests, failed: vitest.numFailedTests });
const passed = counts.reduce((n, c) => n + (c?.passed ?? 0), 0);
const failed = counts.reduce((n, c) => n + (c?.failed ?? 0), 0);
console.log(`all: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
