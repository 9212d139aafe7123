// Runs the checks in one directory (test/ or it/) with Node's test runner: progress on the console, and a
// JUnit report where Maven's Surefire or Failsafe would put theirs.   node run-checks.mjs <dir> <report.xml>

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const [directory, report] = process.argv.slice(2);
if (!directory || !report) {
    console.error('usage: node run-checks.mjs <test directory> <JUnit report file>');
    process.exit(2);
}
mkdirSync(dirname(report), { recursive: true });
const result = spawnSync(process.execPath, [
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=junit', `--test-reporter-destination=${report}`,
    directory,
], { stdio: 'inherit' });
process.exit(result.status ?? 1);
