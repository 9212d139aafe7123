// Placeholder and weak secrets are refused before anything is deployed, on both paths: by Terraform's validations
// (real Terraform, through the root module, so that a refused secret is named but never printed) and, for Docker
// Compose, by compose/check-secrets.sh, which every other service waits for. The two give the same verdicts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { EXAMPLE_ENV, ROOT, parseEnvLayout, read, tfVars } from '../src/project.mjs';
import { SAME_SECRETS } from '../src/invalid-settings.mjs';
import { GENERATED_SECRETS, SCENARIOS, SECRET_SETTINGS } from '../src/scenarios.mjs';
import { RENDER_DIR, SKIP, applyRoot, parseModule } from '../src/terraform.mjs';

const CHECK_SECRETS = join(ROOT, 'compose', 'check-secrets.sh');
const example = Object.fromEntries(parseEnvLayout(read(EXAMPLE_ENV)).map((e) => [e.name, e.value]));

// Every secret validation active: Superset on, a registry token set (Kafka and MinIO are deployed in the example).
const ALL_SECRETS_USED = { ...SCENARIOS.example, SUPERSET_ENABLED: 'true' };

// Weak values of each kind, refused for every secret.
const WEAK = {
    placeholder: 'change-me',
    short: 'a1b2c3d4e5f6g7',
    repetitive: 'abababababababababababababababab',
    'outside the allowed characters': 'abcdefgh01234567&xyz',
};

// Values and the verdict both paths must give (for a secret of 16 characters at least).
const SAMPLES = [
    ['0123456789abcdef0123456789abcdef01234567', true],
    ['Change-Me-0123456789abcdef', false],
    ['0123456789abcde', false],
    ['0123456789abcdef', true],
    ['aaaaaaaabbbbbbbbcccccccc', false],
    ['0123456701234567', true],
    ['012345601234560123', false],
    ['abcdefgh01234567&x', false],
    ['MyPassword0123456789', false],
    ['AKIAIOSFODNN7EXAMPLE', false],
    ['abcdefghijklmnop=', true],
    ['Zm9vYmFyYmF6cXV4/+abc', true],
];
// Secrets with the plain rule (16 characters, no rule of their own besides it).
const SLOTS = ['CLICKHOUSE_PASSWORD', 'CLICKHOUSE_READONLY_PASSWORD', 'KAFKA_PASSWORD', 'KAFKA_BROKER_PASSWORD',
    'KAFKA_CONTROLLER_PASSWORD', 'S3_SECRET_KEY', 'MINIO_ROOT_PASSWORD', 'NIFI_SENSITIVE_PROPS_KEY', 'NIFI_PASSWORD',
    'NIFI_REGISTRY_TOKEN', 'SUPERSET_ADMIN_PASSWORD'];

const refusedBySecretRule = (errors) => new Set([...errors.matchAll(/\b([A-Z0-9_]+) must be a real secret, not a placeholder/g)].map((m) => m[1]));

function checkSecrets(env) {
    return spawnSync('sh', [CHECK_SECRETS], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
}

describe('secrets: the settings', () => {
    test('every secret of example.env is a sensitive variable of the render module, and the other way round', async () => {
        const { variables } = await parseModule(RENDER_DIR);
        const sensitive = Object.keys(variables).filter((n) => variables[n].sensitive).map((n) => n.toUpperCase()).sort();
        assert.deepEqual(sensitive, [...SECRET_SETTINGS].sort());
    });

    test('every secret validation in render/variables.tf applies the one rule and says how to generate a secret', async () => {
        const { variables } = await parseModule(RENDER_DIR);
        for (const [name, variable] of Object.entries(variables).filter(([, v]) => v.sensitive)) {
            const rule = variable.validation.find((v) => /must be a real secret/.test(v.error_message));
            assert.ok(rule, `${name} has no secret rule`);
            assert.match(rule.error_message, /openssl rand -hex \d+/, name);
            const minimum = name === 'superset_secret_key' ? 32 : 16;
            for (const part of [`length(var.${name}) >= ${minimum}`, `length(distinct(regexall(".", var.${name}))) >= 8`,
                `can(regex("^[A-Za-z0-9._~+/=-]+$", var.${name}))`,
                `!can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.${name}))`]) {
                assert.ok(rule.condition.includes(part), `${name}: the rule lacks ${part}`);
            }
        }
    });

    test('example.env holds placeholders only, each of which compose/check-secrets.sh refuses', () => {
        const names = SECRET_SETTINGS.filter((n) => example[n] !== '');
        const run = checkSecrets({ ...example, SPOTLIGHT_SECRETS: names.join(' ') });
        assert.equal(run.status, 1);
        for (const name of names) assert.match(run.stderr, new RegExp(`^${name} is refused: it is a placeholder`, 'm'));
        assert.match(run.stderr, /openssl rand -hex 32/);
    });
});

describe('secrets refused by Terraform before anything is deployed', { skip: SKIP }, () => {
    let unchanged;
    let weak;
    let same;
    let samples;
    before(() => {
        unchanged = applyRoot(tfVars(EXAMPLE_ENV));
        weak = Object.fromEntries(Object.entries(WEAK).map(([kind, value]) => [kind,
            applyRoot(tfVars(EXAMPLE_ENV, { ...ALL_SECRETS_USED, ...Object.fromEntries(SECRET_SETTINGS.map((n) => [n, value])) }))]));
        same = SAME_SECRETS.map(([first, second]) => applyRoot(tfVars(EXAMPLE_ENV, { ...SCENARIOS.example, [first]: GENERATED_SECRETS[second] })));
        const batches = [];
        for (let i = 0; i < SAMPLES.length; i += SLOTS.length) batches.push(SAMPLES.slice(i, i + SLOTS.length));
        samples = batches.map((batch) => {
            const assignment = Object.fromEntries(batch.map(([value], i) => [SLOTS[i], value]));
            return applyRoot(tfVars(EXAMPLE_ENV, { ...ALL_SECRETS_USED, ...assignment })).then((result) => ({ batch, result }));
        });
    });

    test('example.env as it is: every placeholder secret and the missing networks are refused, no value printed', async () => {
        const result = await unchanged;
        assert.notEqual(result.status, 0);
        const refused = refusedBySecretRule(result.errors);
        // Superset is off and no registry token is set in example.env: their rules do not apply.
        const expected = SECRET_SETTINGS.filter((n) => !/^SUPERSET_|^NIFI_REGISTRY_TOKEN$/.test(n));
        assert.deepEqual([...refused].sort(), expected.sort());
        assert.match(result.errors, /CLICKHOUSE_NETWORKS must list the networks/);
        assert.doesNotMatch(result.stderr, /change-me/, 'a refused secret is named, never printed');
    });

    for (const [kind, value] of Object.entries(WEAK)) {
        test(`every secret is refused when ${kind} (${value}), with how to generate one, and never printed`, async () => {
            const result = await weak[kind];
            assert.notEqual(result.status, 0);
            assert.deepEqual([...refusedBySecretRule(result.errors)].sort(), [...SECRET_SETTINGS].sort());
            assert.ok(result.errors.match(/Generate one with: openssl rand -hex \d+/g).length >= SECRET_SETTINGS.length);
            assert.ok(!result.stderr.includes(value), 'the refused value appears in Terraform\'s output');
        });
    }

    for (const [index, [first, second]] of SAME_SECRETS.entries()) {
        test(`${first} equal to ${second} is refused`, async () => {
            const result = await same[index];
            assert.notEqual(result.status, 0);
            assert.match(result.errors, new RegExp(`${first} must differ from [A-Za-z_ ,]*${second}`));
        });
    }

    test('Terraform and compose/check-secrets.sh give the same verdict on every sample secret', async () => {
        for (const { batch, result } of await Promise.all(samples)) {
            const refused = refusedBySecretRule(result.errors);
            batch.forEach(([value, accepted], i) => {
                const name = SLOTS[i];
                assert.equal(!refused.has(name), accepted, `Terraform on ${name}=${value}`);
                const script = checkSecrets({ [name]: value, SPOTLIGHT_SECRETS: name });
                assert.equal(script.status === 0, accepted, `check-secrets.sh on ${name}=${value}: ${script.stderr}`);
                assert.ok(!script.stderr.includes(value) || accepted, 'check-secrets.sh printed the value it refused');
            });
        }
    });
});

describe('secrets refused by compose/check-secrets.sh (Docker Compose)', () => {
    test('accepts the generated secrets, including a 32-character SUPERSET_SECRET_KEY', () => {
        const run = checkSecrets({ ...GENERATED_SECRETS, SPOTLIGHT_SECRETS: SECRET_SETTINGS.filter((n) => n !== 'SUPERSET_SECRET_KEY').join(' '),
            SPOTLIGHT_LONG_SECRETS: 'SUPERSET_SECRET_KEY' });
        assert.equal(run.status, 0, run.stderr);
    });

    for (const [kind, value] of Object.entries(WEAK)) {
        test(`refuses every secret when ${kind}, naming it, without printing the value`, () => {
            const run = checkSecrets({ ...Object.fromEntries(SECRET_SETTINGS.map((n) => [n, value])), SPOTLIGHT_SECRETS: SECRET_SETTINGS.join(' ') });
            assert.equal(run.status, 1);
            for (const name of SECRET_SETTINGS) assert.match(run.stderr, new RegExp(`^${name} is refused: `, 'm'));
            assert.ok(!run.stderr.includes(value));
        });
    }

    test('an empty secret is refused, an empty optional one is not; a long secret needs 32 characters', () => {
        assert.match(checkSecrets({ KAFKA_PASSWORD: '', SPOTLIGHT_SECRETS: 'KAFKA_PASSWORD' }).stderr, /KAFKA_PASSWORD is refused: it is empty/);
        assert.equal(checkSecrets({ NIFI_REGISTRY_TOKEN: '', SPOTLIGHT_OPTIONAL_SECRETS: 'NIFI_REGISTRY_TOKEN' }).status, 0);
        const short = checkSecrets({ SUPERSET_SECRET_KEY: '0123456789abcdef0123456789abcde', SPOTLIGHT_LONG_SECRETS: 'SUPERSET_SECRET_KEY' });
        assert.match(short.stderr, /SUPERSET_SECRET_KEY is refused: it has fewer than 32 characters/);
    });

    for (const [first, second] of SAME_SECRETS) {
        test(`refuses ${first} equal to ${second}`, () => {
            const run = checkSecrets({ ...GENERATED_SECRETS, [first]: GENERATED_SECRETS[second], SPOTLIGHT_SECRETS: `${first} ${second}` });
            assert.equal(run.status, 1);
            assert.match(run.stderr, new RegExp(`${first} is refused: it equals ${second}`));
        });
    }

    test('an access key holding = is refused (MinIO reserves it)', () => {
        const run = checkSecrets({ S3_ACCESS_KEY: 'abcdefgh01234567=', SPOTLIGHT_SECRETS: 'S3_ACCESS_KEY' });
        assert.match(run.stderr, /S3_ACCESS_KEY is refused: MinIO reserves = in access keys/);
    });
});
