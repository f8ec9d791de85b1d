// Jest reporter: writes the run's counts to test-artifacts/summary/jest.json and prints the plain
// closing line `jest: N passed, M failed` (what CI reads; jest's own summary has another shape).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
    const dir = path.join(__dirname, '..', '..', 'test-artifacts', 'summary');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'jest.json'), JSON.stringify({ passed, failed }));
    process.stdout.write(`jest: ${passed} passed, ${failed} failed\n`);
  }
}

module.exports = SummaryReporter;
