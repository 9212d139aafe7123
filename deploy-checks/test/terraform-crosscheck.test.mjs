// Where a terraform binary is installed (never on the build machines, sometimes on a developer's), the real
// Terraform evaluates terraform/locals.tf and its validations for every scenario and must agree with the
// evaluator the other checks use: every local value (the rendered job specifications and ClickHouse XML
// included) identical, and every invalid setting rejected by both. Without terraform this file is skipped
// and the recorded answers in conformance/cases.json are what ties the evaluator to Terraform.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { EXAMPLE_ENV, NOMAD_DIR, TERRAFORM_DIR, tfVars } from '../src/project.mjs';
import { SCENARIOS, renderScenario } from '../src/scenarios.mjs';
import { INVALID_SETTINGS } from '../src/invalid-settings.mjs';

const terraform = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
const available = terraform.status === 0;
const skip = available ? false : 'no terraform binary here; conformance/cases.json holds Terraform\'s recorded answers instead';

// A module holding only the variables and locals (no provider: `terraform console` needs no init then),
// beside a link to nomad/ so that the templates' relative paths resolve as in the real module.
let dir;
function scratchModule() {
    if (!dir) {
        dir = mkdtempSync(join(tmpdir(), 'spotlight-tf-'));
        mkdirSync(join(dir, 'terraform'));
        for (const file of ['variables.tf', 'locals.tf']) copyFileSync(join(TERRAFORM_DIR, file), join(dir, 'terraform', file));
        symlinkSync(NOMAD_DIR, join(dir, 'nomad'));
    }
    return join(dir, 'terraform');
}

function console(expression, overrides) {
    const vars = Object.fromEntries(Object.entries(tfVars(EXAMPLE_ENV, overrides)).map(([k, v]) => [`TF_VAR_${k}`, v]));
    const run = spawnSync('terraform', ['console'], {
        cwd: scratchModule(),
        input: `${expression}\n`,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', TF_CLI_CONFIG_FILE: '/dev/null', ...vars },
    });
    const plain = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');
    return { status: run.status, stdout: plain(run.stdout), stderr: plain(run.stderr) };
}

describe('real Terraform agrees with the evaluator', { skip }, () => {
    after(() => dir && rmSync(dir, { recursive: true, force: true }));

    test(`terraform ${available ? JSON.parse(terraform.stdout).terraform_version : ''} is the one answering`, () => {
        assert.match(JSON.parse(terraform.stdout).terraform_version, /^1\.(9|[1-9][0-9])\./, 'the configuration needs Terraform 1.9 or later');
    });

    for (const scenario of Object.keys(SCENARIOS)) {
        test(`${scenario}: every local value, rendered jobs and XML included, is identical`, async () => {
            const ours = await renderScenario(scenario);
            const names = Object.keys(ours.module.locals).filter((n) => n !== 'secrets');
            const expression = `jsonencode({ ${names.map((n) => `${n} = local.${n}`).join(', ')}, `
                + 'secrets = { for job, items in local.secrets : job => { for k, v in nonsensitive(items) : k => nonsensitive(v) } } })';
            const answer = console(expression, SCENARIOS[scenario]);
            // terraform console exits 0 even when a variable is invalid: the errors are on stderr.
            assert.equal(answer.status, 0, answer.stderr);
            assert.doesNotMatch(answer.stderr, /Error:/, answer.stderr);
            const theirs = JSON.parse(JSON.parse(answer.stdout.trim()));
            for (const name of [...names, 'secrets']) assert.deepEqual(ours.locals[name], theirs[name], `local.${name}`);
        });
    }

    for (const [setting, value] of Object.entries(INVALID_SETTINGS)) {
        test(`${setting}=${value} is rejected by Terraform too, with the message naming ${setting}`, () => {
            const answer = console('local.datacenters', { [setting]: value });
            assert.match(answer.stderr, /Error: Invalid value for variable/);
            assert.match(answer.stderr, new RegExp(`${setting} `));
        });
    }
});
