// terraform/: parsed by HashiCorp's HCL parser, fed from example.env through terraform/spotlight-tf, every
// variable typed, validated, fed and used, secrets kept out of the job specifications.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';

import { HclError, freeReferences } from '../src/hcl.mjs';
import { EXAMPLE_ENV, NOMAD_DIR, ROOT, parseEnvLayout, read, tfVars } from '../src/project.mjs';
import { INVALID_SETTINGS } from '../src/invalid-settings.mjs';
import { SCENARIOS, renderScenario } from '../src/scenarios.mjs';
import {
    evaluateIn, evaluateModule, loadModule, templatefileCalls, toAst, variableDependencies, variableType,
} from '../src/terraform.mjs';

const module = await loadModule();
const envEntries = parseEnvLayout(read(EXAMPLE_ENV));
const SECRET_NAME = /PASSWORD|SECRET|_KEY$|TOKEN/;

// Every reference to var.<name> in the module outside the variable's own declaration.
function usedVariables() {
    const used = new Set();
    const collect = (value, where) => {
        for (const ref of freeReferences(toAst(value, where))) {
            if (ref.name === 'var' && ref.path.length > 1) used.add(ref.path[1]);
        }
    };
    for (const [name, value] of Object.entries(module.locals)) collect(value, `local.${name}`);
    for (const [name, value] of Object.entries(module.outputs)) collect(value, `output.${name}`);
    for (const [name, value] of Object.entries(module.resources)) collect(value, name);
    for (const [name, value] of Object.entries(module.providers)) collect(value, `provider.${name}`);
    return used;
}

describe('Terraform configuration', () => {
    test('every .tf file parses with HashiCorp\'s HCL parser', () => {
        assert.deepEqual(module.files, ['locals.tf', 'main.tf', 'outputs.tf', 'providers.tf', 'variables.tf', 'versions.tf']);
    });

    test('uses the hashicorp/nomad provider and needs a Terraform that validates across variables', () => {
        const block = module.terraform[0];
        assert.equal(block.required_providers[0].nomad.source, 'hashicorp/nomad');
        assert.match(block.required_version, />= 1\.9/);
        assert.deepEqual(Object.keys(module.providers), ['nomad']);
        const jobs = Object.keys(module.resources).filter((r) => r.startsWith('nomad_job.'));
        assert.deepEqual(jobs.sort(), ['nomad_job.clickhouse', 'nomad_job.kafka', 'nomad_job.minio', 'nomad_job.nifi', 'nomad_job.superset']);
        for (const job of jobs) {
            assert.equal(module.resources[job].detach, false, `${job} waits for its deployment (the next job depends on it)`);
            assert.equal(module.resources[job].jobspec, `\${local.jobspecs.${job.split('.')[1]}}`);
        }
    });

    test('every variable is a setting of example.env (same name in lower case) and has no default', () => {
        const envNames = new Set(envEntries.map((e) => e.name.toLowerCase()));
        const notInEnv = Object.keys(module.variables).filter((v) => !envNames.has(v));
        assert.deepEqual(notInEnv, [], 'variables without a setting in example.env');
        const withDefault = Object.entries(module.variables).filter(([, v]) => 'default' in v).map(([n]) => n);
        assert.deepEqual(withDefault, [], '.env is the single source of truth: no defaults in variables.tf');
    });

    test('every variable is typed, described and used', () => {
        const used = usedVariables();
        for (const [name, variable] of Object.entries(module.variables)) {
            assert.doesNotThrow(() => variableType(variable), `${name}: type`);
            assert.ok(variable.description, `${name}: description`);
            assert.ok(used.has(name), `${name} is declared but never used`);
        }
    });

    test('secrets are sensitive variables, and only secrets are', () => {
        for (const [name, variable] of Object.entries(module.variables)) {
            assert.equal(variable.sensitive === true, SECRET_NAME.test(name.toUpperCase()), `${name}: sensitive = ${variable.sensitive}`);
        }
    });

    test('no secret reaches a job specification: templatefile() is never given a sensitive variable', () => {
        const sensitive = Object.keys(module.variables).filter((n) => module.variables[n].sensitive);
        const calls = templatefileCalls(module);
        assert.equal(calls.length, 9);
        for (const call of calls) {
            const leaked = [...variableDependencies(module, call.vars)].filter((v) => sensitive.includes(v));
            assert.deepEqual(leaked, [], `templatefile() in local.${call.local} depends on sensitive variables`);
        }
    });

    test('terraform/spotlight-tf turns every setting of example.env into TF_VAR_<name>, values unchanged', () => {
        const vars = tfVars();
        assert.deepEqual(Object.keys(vars).sort(), envEntries.map((e) => e.name.toLowerCase()).sort());
        for (const entry of envEntries) {
            assert.equal(vars[entry.name.toLowerCase()], entry.value.replace(/^"(.*)"$/, '$1'), entry.name);
        }
    });

    test('a setting in the environment overrides the .env file, as for ./spotlight', () => {
        assert.equal(tfVars(EXAMPLE_ENV, { KAFKA_BROKERS: '5' }).kafka_brokers, '5');
    });

    for (const scenario of Object.keys(SCENARIOS)) {
        test(`every validation holds for the ${scenario} settings`, async () => {
            const result = await renderScenario(scenario);
            for (const [name, variable] of Object.entries(module.variables)) {
                for (const validation of variable.validation ?? []) {
                    assert.equal(evaluateIn(result, validation.condition, `${name} validation`), true,
                        `${name}: ${validation.error_message}`);
                }
            }
        });
    }

    // Each of these must be rejected by a validation, with the message naming the setting.
    for (const [setting, value] of Object.entries(INVALID_SETTINGS)) {
        test(`${setting}=${value} is rejected with a message naming ${setting}`, async () => {
            const result = evaluateModule(module, tfVars(EXAMPLE_ENV, { [setting]: value }));
            const failed = [];
            for (const [name, variable] of Object.entries(module.variables)) {
                for (const validation of variable.validation ?? []) {
                    let ok;
                    try {
                        ok = evaluateIn(result, validation.condition, name) === true;
                    } catch (e) {
                        if (!(e instanceof HclError)) throw e;
                        ok = false; // Terraform reports a condition that cannot be evaluated as a failure too.
                    }
                    if (!ok) failed.push(validation.error_message);
                }
            }
            assert.ok(failed.some((m) => m.includes(setting)), `no validation failed naming ${setting}; failed: ${failed}`);
        });
    }

    test('templatefile() renders only nomad/ templates, and every nomad/ template is rendered', async () => {
        const result = await renderScenario('example');
        const rendered = new Set(result.templateCalls.map((c) => relative(ROOT, c.file)));
        for (const file of rendered) assert.ok(file.startsWith('nomad/') && existsSync(join(ROOT, file)), file);
        const templates = ['minio', 'clickhouse', 'kafka', 'nifi', 'superset'].map((j) => `nomad/${j}.nomad.hcl.tftpl`)
            .concat(['server', 'storage', 'users', 'keeper'].map((x) => `nomad/clickhouse/${x}.xml.tftpl`));
        assert.deepEqual([...rendered].sort(), templates.sort());
        assert.ok(existsSync(NOMAD_DIR));
    });

    test('outputs name every endpoint', async () => {
        assert.deepEqual(Object.keys(module.outputs).sort(), [
            'clickhouse_cluster', 'clickhouse_storage_policies', 'clickhouse_url', 'kafka_bootstrap_servers',
            'minio_console_url', 'nifi_url', 'nomad_jobs', 's3_buckets', 's3_endpoint', 'superset_url',
        ]);
        const result = await renderScenario('example');
        const outputs = Object.fromEntries(Object.entries(module.outputs).map(([n, o]) => [n, evaluateIn(result, o.value, n)]));
        assert.equal(outputs.clickhouse_url, 'http://clickhouse.service.consul:8123');
        assert.equal(outputs.kafka_bootstrap_servers, 'kafka-1.service.consul:9092');
        assert.equal(outputs.s3_endpoint, 'http://minio.service.consul:9000');
        assert.equal(outputs.nifi_url, 'https://nifi.service.consul:8443/nifi');
        assert.equal(outputs.superset_url, null);
        // Terraform iterates objects in key order.
        assert.deepEqual(outputs.nomad_jobs, ['spotlight-clickhouse', 'spotlight-kafka', 'spotlight-minio', 'spotlight-nifi']);
        const external = await renderScenario('external');
        assert.deepEqual(evaluateIn(external, module.outputs.nomad_jobs.value, 'nomad_jobs'), ['spotlight-nifi', 'spotlight-superset']);
        assert.equal(evaluateIn(external, module.outputs.s3_endpoint.value, 's3_endpoint'), 'https://s3.example.org');
    });
});
