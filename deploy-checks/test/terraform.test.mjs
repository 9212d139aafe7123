// terraform/ run by the real Terraform: formatted, the render module initialised and validated on its own, the
// root module (without its provider part) applied for every scenario, every invalid setting refused with a message
// naming it; and, read with HashiCorp's HCL parser, the split between the root module and ./render kept honest.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { EXAMPLE_ENV, NOMAD_DIR, TERRAFORM_DIR, parseEnvLayout, read, tfVars } from '../src/project.mjs';
import { INVALID_SETTINGS } from '../src/invalid-settings.mjs';
import { SCENARIOS, SECRET_SETTING, renderScenario } from '../src/scenarios.mjs';
import { RENDER_DIR, SKIP, TERRAFORM, applyRoot, parseModule, terraform, variableType } from '../src/terraform.mjs';

const root = await parseModule(TERRAFORM_DIR);
const render = await parseModule(RENDER_DIR);
const envEntries = parseEnvLayout(read(EXAMPLE_ENV));

// var.<name> references in expressions, read from the parsed files (validations, in variables.tf, are not uses).
function references(module, files) {
    const used = new Set();
    for (const file of files) for (const m of module.text[file].matchAll(/\bvar\.([a-z0-9_]+)/g)) used.add(m[1]);
    return used;
}

describe('Terraform configuration: files and structure', () => {
    test('the root module submits, ./render renders: each file where it belongs', () => {
        assert.deepEqual(root.files, ['main.tf', 'outputs.tf', 'providers.tf', 'render.tf', 'variables.tf', 'versions.tf']);
        assert.deepEqual(render.files, ['locals.tf', 'outputs.tf', 'variables.tf', 'versions.tf']);
    });

    test('only the root module has a provider (hashicorp/nomad); ./render has none and needs Terraform 1.9+', () => {
        assert.equal(root.terraform[0].required_providers[0].nomad.source, 'hashicorp/nomad');
        assert.deepEqual(Object.keys(root.providers), ['nomad']);
        assert.deepEqual(render.providers, {});
        assert.deepEqual(render.resources, {}, 'a resource would need a provider');
        assert.equal(render.terraform.length, 1);
        assert.equal(render.terraform[0].required_providers, undefined);
        for (const module of [root, render]) assert.match(module.terraform[0].required_version, />= 1\.9/);
    });

    test('the root module renders nothing itself: no locals, no templatefile(), every job from module.render', () => {
        assert.deepEqual(root.locals, {});
        for (const file of root.files) assert.doesNotMatch(root.text[file], /templatefile\(/, file);
        const jobs = Object.keys(root.resources).filter((r) => r.startsWith('nomad_job.'));
        assert.deepEqual(jobs.sort(), ['nomad_job.clickhouse', 'nomad_job.kafka', 'nomad_job.minio', 'nomad_job.nifi', 'nomad_job.superset']);
        for (const job of jobs) {
            assert.equal(root.resources[job].detach, false, `${job} waits for its deployment (the next job depends on it)`);
            assert.equal(root.resources[job].jobspec, `\${module.render.jobspecs.${job.split('.')[1]}}`);
        }
        assert.equal(root.resources['nomad_variable.secrets'].items, '${module.render.secrets[each.key]}');
    });

    test('the root module declares exactly the render module\'s variables, unvalidated, and passes each on as it is', () => {
        assert.deepEqual(Object.keys(root.variables), Object.keys(render.variables));
        for (const [name, variable] of Object.entries(render.variables)) {
            const mine = root.variables[name];
            for (const key of ['type', 'description', 'sensitive']) assert.equal(mine[key], variable[key], `${name}.${key}`);
            assert.equal(mine.validation, undefined, `${name}: validations belong in render/variables.tf`);
            assert.ok(variable.validation || variableType(variable) === 'bool', `${name} is not validated`);
        }
        const call = root.modules.render;
        assert.equal(call.source, './render');
        const passed = Object.entries(call).filter(([k]) => k !== 'source');
        assert.deepEqual(passed, Object.keys(render.variables).map((n) => [n, `\${var.${n}}`]));
    });

    test('root outputs are the render module\'s outputs of the same name', () => {
        for (const [name, output] of Object.entries(root.outputs)) {
            assert.equal(output.value, `\${module.render.${name}}`, name);
            assert.equal(output.description, render.outputs[name].description, name);
        }
        assert.equal(render.outputs.jobspecs.sensitive, undefined, 'jobspecs must stay non-sensitive: Terraform then refuses a secret in a job');
        assert.equal(render.outputs.secrets.sensitive, true);
    });

    test('every variable is a setting of example.env (same name in lower case), typed, described, without default', () => {
        const envNames = new Set(envEntries.map((e) => e.name.toLowerCase()));
        assert.deepEqual(Object.keys(render.variables).filter((v) => !envNames.has(v)), [], 'variables without a setting in example.env');
        for (const [name, variable] of Object.entries(render.variables)) {
            assert.doesNotThrow(() => variableType(variable), `${name}: type`);
            assert.ok(variable.description, `${name}: description`);
            assert.ok(!('default' in variable), `${name}: .env is the single source of truth, no defaults`);
        }
    });

    test('every variable is used by the rendering or by the provider', () => {
        const used = new Set([...references(render, ['locals.tf', 'outputs.tf']), ...references(root, ['main.tf', 'providers.tf'])]);
        assert.deepEqual(Object.keys(render.variables).filter((n) => !used.has(n)), []);
    });

    test('secrets are sensitive variables, and only secrets are', () => {
        for (const [name, variable] of Object.entries(render.variables)) {
            assert.equal(variable.sensitive === true, SECRET_SETTING.test(name.toUpperCase()), `${name}: sensitive = ${variable.sensitive}`);
        }
    });

    test('templatefile() renders every nomad/ template and nothing else, each with a structured variable map', () => {
        const calls = [...render.text['locals.tf'].matchAll(/templatefile\("\$\{path\.module\}\/\.\.\/\.\.\/(nomad\/[^"]+)"/g)].map((m) => m[1]);
        assert.deepEqual(calls, ['nomad/clickhouse/${name}.xml.tftpl', 'nomad/${name}.nomad.hcl.tftpl']);
        assert.deepEqual(Object.keys(render.locals.clickhouse_xml_vars).map((n) => `${n}.xml.tftpl`).sort(),
            readdirSync(join(NOMAD_DIR, 'clickhouse')).filter((f) => f.endsWith('.tftpl')).sort());
        assert.deepEqual(Object.keys(render.locals.job_vars).map((n) => `${n}.nomad.hcl.tftpl`).sort(),
            readdirSync(NOMAD_DIR).filter((f) => f.endsWith('.tftpl')).sort());
    });

    test('terraform/spotlight-tf turns every setting of example.env into TF_VAR_<name>, values unchanged', () => {
        const vars = tfVars();
        assert.deepEqual(Object.keys(vars).sort(), envEntries.map((e) => e.name.toLowerCase()).sort());
        for (const entry of envEntries) assert.equal(vars[entry.name.toLowerCase()], entry.value.replace(/^"(.*)"$/, '$1'), entry.name);
    });

    test('a setting in the environment overrides the .env file, as for ./spotlight', () => {
        assert.equal(tfVars(EXAMPLE_ENV, { KAFKA_BROKERS: '5' }).kafka_brokers, '5');
    });
});

describe(`real Terraform ${TERRAFORM.version ?? '(none installed)'}`, { skip: SKIP }, () => {
    test('is 1.9 or later (validations compare settings with each other)', () => {
        assert.match(TERRAFORM.version, /^1\.(9|[1-9][0-9])\./);
    });

    test('terraform fmt -check: every .tf file is formatted', async () => {
        const fmt = await terraform(['fmt', '-check', '-recursive', '-diff'], { cwd: TERRAFORM_DIR });
        assert.equal(fmt.status, 0, `not formatted (terraform fmt -recursive terraform/):\n${fmt.stdout}${fmt.stderr}`);
    });

    test('terraform init and validate the render module on its own, offline', async () => {
        const env = { TF_DATA_DIR: join(process.env.SPOTLIGHT_DEPLOY_CHECKS_WORK ?? '/tmp', `render-data-${process.pid}`) };
        const init = await terraform(['init', '-input=false', '-backend=false'], { cwd: RENDER_DIR, env });
        assert.equal(init.status, 0, init.stderr);
        const validate = await terraform(['validate', '-json'], { cwd: RENDER_DIR, env });
        const answer = JSON.parse(validate.stdout);
        assert.equal(answer.valid, true, JSON.stringify(answer.diagnostics, null, 2));
        assert.equal(answer.warning_count, 0, JSON.stringify(answer.diagnostics, null, 2));
    });

    for (const scenario of Object.keys(SCENARIOS)) {
        test(`${scenario}: init and apply through the root module render all five jobs`, async () => {
            const { render: rendered, outputs } = await renderScenario(scenario);
            assert.deepEqual(Object.keys(rendered.jobspecs).sort(), ['clickhouse', 'kafka', 'minio', 'nifi', 'superset']);
            for (const [name, value] of Object.entries(outputs)) if (name !== 'render') assert.deepEqual(value, rendered[name], name);
        });
    }

    // Each of these must be refused by a validation, with the message naming the setting. All are applied at once,
    // each on top of the example scenario's settings (example.env filled in).
    let refusals;
    before(() => {
        refusals = Object.fromEntries(Object.entries(INVALID_SETTINGS).map(([setting, entry]) => {
            const { value, with: context = {} } = typeof entry === 'string' ? { value: entry } : entry;
            return [setting, applyRoot(tfVars(EXAMPLE_ENV, { ...SCENARIOS.example, ...context, [setting]: value }))];
        }));
    });
    for (const [setting, entry] of Object.entries(INVALID_SETTINGS)) {
        const value = typeof entry === 'string' ? entry : entry.value;
        test(`${setting}=${value} is refused, with a message naming ${setting}`, async () => {
            const result = await refusals[setting];
            assert.notEqual(result.status, 0, `${setting}=${value} was accepted`);
            assert.match(result.stderr, /Error: Invalid value for variable/);
            assert.match(result.stderr, new RegExp(`\\b${setting}\\b`));
        });
    }

    test('outputs name every endpoint', async () => {
        assert.deepEqual(Object.keys(root.outputs).sort(), [
            'clickhouse_cluster', 'clickhouse_storage_policies', 'clickhouse_url', 'kafka_bootstrap_servers',
            'minio_console_url', 'nifi_url', 'nomad_jobs', 's3_buckets', 's3_endpoint', 'superset_url',
        ]);
        const { outputs } = await renderScenario('example');
        assert.equal(outputs.clickhouse_url, 'http://clickhouse.service.consul:8123');
        assert.equal(outputs.kafka_bootstrap_servers, 'kafka-1.service.consul:9092');
        assert.equal(outputs.s3_endpoint, 'http://minio.service.consul:9000');
        assert.equal(outputs.nifi_url, 'https://nifi.service.consul:8443/nifi');
        assert.equal(outputs.superset_url, undefined, 'null: Superset is off');
        // Terraform iterates objects in key order.
        assert.deepEqual(outputs.nomad_jobs, ['spotlight-clickhouse', 'spotlight-kafka', 'spotlight-minio', 'spotlight-nifi']);
        const external = (await renderScenario('external')).outputs;
        assert.deepEqual(external.nomad_jobs, ['spotlight-nifi', 'spotlight-superset']);
        assert.equal(external.s3_endpoint, 'https://s3.example.org');
        assert.deepEqual(external.render.nomad_variables, { nifi: 'nomad/jobs/spotlight-nifi', superset: 'nomad/jobs/spotlight-superset' });
    });
});
