// Runs the checks in one directory (test/ or it/) with Node's test runner: progress on the console, and a
// JUnit report where Maven's Surefire or Failsafe would put theirs.   node run-checks.mjs <dir> <report.xml>
//
// The test files share one work directory for the run (SPOTLIGHT_DEPLOY_CHECKS_WORK), so that each deployment
// scenario is rendered by Terraform once per run; it is removed at the end.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { SKIP } from './src/terraform.mjs';

const [directory, report] = process.argv.slice(2);
if (!directory || !report) {
    console.error('usage: node run-checks.mjs <test directory> <JUnit report file>');
    process.exit(2);
}
mkdirSync(dirname(report), { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'spotlight-deploy-checks-'));
let status;
try {
    const result = spawnSync(process.execPath, [
        '--test',
        '--test-reporter=spec', '--test-reporter-destination=stdout',
        '--test-reporter=junit', `--test-reporter-destination=${report}`,
        directory,
    ], { stdio: 'inherit', env: { ...process.env, SPOTLIGHT_DEPLOY_CHECKS_WORK: work } });
    status = result.status ?? 1;
} finally {
    rmSync(work, { recursive: true, force: true });
}
if (SKIP) {
    // Said last, where nobody scrolling to the result can miss it: skipped is not passed.
    console.log(`\n[deploy-checks] WARNING: ${SKIP}.\n[deploy-checks] The checks of the rendered deployment are reported as SKIPPED above; nothing about them was verified.\n`);
}
process.exit(status);
