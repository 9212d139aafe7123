// The start and set-up scripts the Nomad jobs and compose.yaml share, run here with the environment each gives them.
// Stand-ins take the place of the programs the images hold (java and kafka-server-start.sh of apache/kafka, mc of
// minio/mc): they record their arguments and standard input and do nothing else. That is what these checks are about:
// what the scripts hand over, and how. A real Kafka runs the same script in it/kafka-sasl.test.mjs; MinIO's admin API
// exists nowhere here (S3Proxy has none), so what mc does with the policy is only shown by a real MinIO.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { parse as parseYaml } from 'yaml';

import { interpolate } from '../src/compose.mjs';
import { renderConsulTemplate } from '../src/consul-template.mjs';
import { COMPOSE_FILE, EXAMPLE_ENV, NOMAD_DIR, parseEnvLayout, read } from '../src/project.mjs';
import { GENERATED_SECRETS, SCENARIOS, parseJobspec, renderScenario, task } from '../src/scenarios.mjs';
import { SKIP } from '../src/terraform.mjs';

const dirs = [];
const scratch = (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
};

// A program that appends one JSON line {args, stdin} to $STAND_IN_LOG, and runs `then` (shell) afterwards.
function standIn(dir, name, then = '') {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh
stdin=""
[ -t 0 ] || stdin=$(cat)
python3 -c 'import json, sys; print(json.dumps({"program": sys.argv[1], "args": sys.argv[3:], "stdin": sys.argv[2]}))' "${name}" "$stdin" "$@" >> "$STAND_IN_LOG"
${then}
`);
    chmodSync(path, 0o755);
    return path;
}

const calls = (log) => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

const exampleEnv = Object.fromEntries(parseEnvLayout(read(EXAMPLE_ENV)).map((e) => [e.name, e.value]));
const filledIn = { ...exampleEnv, ...SCENARIOS.example };
const compose = parseYaml(read(COMPOSE_FILE));
const composeEnv = (service) => Object.fromEntries(Object.entries(compose.services[service].environment)
    .map(([k, v]) => [k, interpolate(String(v), filledIn)]));

// Runs nomad/kafka/start-kafka.sh with stand-ins for java and kafka-server-start.sh; returns what they saw.
function startKafka(env) {
    const dir = scratch('spotlight-start-kafka-');
    const bin = join(dir, 'bin');
    const home = join(dir, 'kafka');
    mkdirSync(bin);
    mkdirSync(join(home, 'bin'), { recursive: true });
    const log = join(dir, 'calls.log');
    const copies = join(dir, 'copies');
    mkdirSync(copies);
    // java: keeps a copy of the @argfile it was given (the script deletes the original).
    standIn(bin, 'java', `for a in "$@"; do case $a in @*) cp "$(printf '%s' "$a" | cut -c2-)" "${copies}/format.args";; esac; done`);
    standIn(join(home, 'bin'), 'kafka-server-start.sh', `cp "$1" "${copies}/server.properties"; stat -c %a "$1" > "${copies}/mode"`);
    const config = join(dir, 'config');
    const run = spawnSync('sh', [join(NOMAD_DIR, 'kafka', 'start-kafka.sh')], {
        encoding: 'utf8',
        env: { ...env, KAFKA_HOME: home, KAFKA_CONFIG_DIR: config, PATH: `${bin}:${process.env.PATH}`, STAND_IN_LOG: log },
    });
    const read = (name) => (existsSync(join(copies, name)) ? readFileSync(join(copies, name), 'utf8') : null);
    const properties = read('server.properties');
    return {
        run, calls: calls(log), home, config, argfile: read('format.args'), mode: read('mode')?.trim(),
        properties: properties && Object.fromEntries(properties.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2))),
    };
}

function assertSaslEverywhere(started, env) {
    const { run, properties, argfile } = started;
    assert.equal(run.status, 0, run.stderr);
    const map = Object.fromEntries(properties['listener.security.protocol.map'].split(',').map((e) => e.split(':')));
    const names = env.KAFKA_LISTENERS.split(',').map((l) => l.split('://')[0]);
    assert.deepEqual(Object.keys(map), names);
    for (const [name, protocol] of Object.entries(map)) assert.equal(protocol, 'SASL_PLAINTEXT', `${name} must require SASL`);
    assert.equal(properties.listeners, env.KAFKA_LISTENERS);
    assert.equal(properties['controller.listener.names'], 'CONTROLLER');
    assert.equal(properties['sasl.enabled.mechanisms'], 'SCRAM-SHA-512');
    assert.equal(properties['sasl.mechanism.inter.broker.protocol'], 'SCRAM-SHA-512');
    assert.equal(properties['sasl.mechanism.controller.protocol'], 'PLAIN');
    assert.equal(properties['listener.name.controller.sasl.enabled.mechanisms'], 'PLAIN');
    assert.equal(properties['listener.name.controller.plain.sasl.jaas.config'],
        `org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="${env.KAFKA_CONTROLLER_PASSWORD}" user_controller="${env.KAFKA_CONTROLLER_PASSWORD}";`);
    for (const name of names.filter((n) => n !== 'CONTROLLER')) {
        const prefix = `listener.name.${name.toLowerCase()}`;
        assert.equal(properties[`${prefix}.sasl.enabled.mechanisms`], 'SCRAM-SHA-512', name);
        assert.equal(properties[`${prefix}.scram-sha-512.sasl.jaas.config`],
            `org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="${env.KAFKA_BROKER_PASSWORD}";`);
    }
    assert.equal(started.mode, '600', 'server.properties holds passwords: mode 600');
    // The SCRAM users go in with the format, from the argument file, which is gone once the storage is formatted.
    assert.match(argfile, new RegExp(`^kafka\\.tools\\.StorageTool format --ignore-formatted --cluster-id ${env.KAFKA_CLUSTER_ID} `));
    assert.ok(argfile.includes(`--add-scram SCRAM-SHA-512=[name=broker,password=${env.KAFKA_BROKER_PASSWORD}]`));
    assert.ok(argfile.includes(`--add-scram SCRAM-SHA-512=[name=${env.KAFKA_USER},password=${env.KAFKA_PASSWORD}]`));
    assert.ok(!existsSync(join(started.config, 'format.args')), 'the argument file must not outlive the format');
    // No secret on any command line: java gets "@file", kafka-server-start.sh the properties file.
    const [java, start] = started.calls;
    assert.deepEqual([java.program, start.program], ['java', 'kafka-server-start.sh']);
    assert.deepEqual(java.args, ['-cp', join(started.home, 'libs', '*'), `@${join(started.config, 'format.args')}`]);
    assert.deepEqual(start.args, [join(started.config, 'server.properties')]);
    for (const call of started.calls) {
        for (const secret of [env.KAFKA_PASSWORD, env.KAFKA_BROKER_PASSWORD, env.KAFKA_CONTROLLER_PASSWORD]) {
            assert.ok(!call.args.join(' ').includes(secret), `${call.program}'s command line holds a password`);
        }
    }
}

describe('nomad/kafka/start-kafka.sh', () => {
    after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    test('with compose.yaml\'s environment: every listener requires SASL, no password on a command line', () => {
        const env = composeEnv('kafka');
        assertSaslEverywhere(startKafka(env), env);
    });

    test('with the Nomad job\'s environment (a node at 10.0.1.5): the same, bound to the node\'s address', { skip: SKIP }, async () => {
        const result = await renderScenario('scaled');
        const job = await parseJobspec('kafka', result.render.jobspecs.kafka);
        const kafka = task(job.groups['broker-2'], 'kafka');
        const nomad = { NOMAD_ADDR_broker: `10.0.1.5:${result.settings.kafka_port}`, NOMAD_ADDR_controller: `10.0.1.5:${result.settings.kafka_controller_port}` };
        const env = Object.fromEntries(Object.entries(kafka.env[0]).map(([k, v]) => [k, v.replace(/\$\{(NOMAD_[A-Za-z_]+)\}/g, (_, n) => nomad[n])]));
        const secrets = kafka.template.find((t) => t.destination === 'secrets/kafka.env');
        const rendered = renderConsulTemplate(secrets.data, { variables: { [`nomad/jobs/${job.jobName}`]: result.render.secrets.kafka } });
        for (const line of rendered.split('\n').map((l) => l.trim()).filter(Boolean)) {
            const [key, value] = line.split(/=(.*)/s);
            env[key] = value;
        }
        const started = startKafka(env);
        assertSaslEverywhere(started, env);
        assert.equal(started.properties.listeners, `BROKER://10.0.1.5:9092,CONTROLLER://10.0.1.5:9093`);
        assert.equal(started.properties['node.id'], '2');
        assert.equal(env.KAFKA_PASSWORD, GENERATED_SECRETS.KAFKA_PASSWORD);
    });

    test('says which settings are missing, and starts nothing', () => {
        const started = startKafka({ KAFKA_NODE_ID: '1' });
        assert.equal(started.run.status, 2);
        assert.match(started.run.stderr, /start-kafka\.sh: not set: KAFKA_CLUSTER_ID KAFKA_CONTROLLER_QUORUM_VOTERS .* KAFKA_CONTROLLER_PASSWORD$/m);
        assert.deepEqual(started.calls, []);
    });
});

describe('nomad/minio/create-buckets.sh', () => {
    after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    function createBuckets(env) {
        const dir = scratch('spotlight-create-buckets-');
        const bin = join(dir, 'bin');
        mkdirSync(bin);
        const log = join(dir, 'calls.log');
        // mc: keeps the policy file it is given, and a listing of its configuration directory.
        standIn(bin, 'mc', `case "$1 $2" in "admin policy") [ "$3" != create ] || cp "$6" "${dir}/policy.json";; esac
            ls -ld "$MC_CONFIG_DIR" > "${dir}/config-dir" 2>/dev/null || true`);
        const run = spawnSync('sh', [join(NOMAD_DIR, 'minio', 'create-buckets.sh')], {
            encoding: 'utf8', env: { ...env, HOME: dir, PATH: `${bin}:${process.env.PATH}`, STAND_IN_LOG: log },
        });
        return { run, dir, calls: calls(log), policy: existsSync(join(dir, 'policy.json')) ? JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8')) : null };
    }

    test('with compose.yaml\'s environment: buckets, then Spotlight\'s user with a policy on those buckets only', () => {
        const env = composeEnv('create-buckets');
        const { run, dir, calls: made, policy } = createBuckets(env);
        assert.equal(run.status, 0, run.stderr);
        const commands = made.map((c) => c.args.slice(0, 3).join(' '));
        assert.deepEqual(commands, ['alias set spotlight', 'ready spotlight', 'mb --ignore-existing --region', 'mb --ignore-existing --region',
            'mb --ignore-existing --region', 'admin policy create', 'admin user add', 'admin policy attach']);
        // The root credentials reach mc on standard input only, and go nowhere else.
        assert.deepEqual(made[0].args, ['alias', 'set', 'spotlight', env.S3_ENDPOINT]);
        assert.equal(made[0].stdin, `${env.MINIO_ROOT_USER}\n${env.MINIO_ROOT_PASSWORD}`);
        // The application's user: both keys on standard input; the access key then names the user for the policy.
        assert.deepEqual(made[6].args, ['admin', 'user', 'add', 'spotlight']);
        assert.equal(made[6].stdin, `${env.S3_ACCESS_KEY}\n${env.S3_SECRET_KEY}`);
        assert.deepEqual(made[7].args, ['admin', 'policy', 'attach', 'spotlight', 'spotlight-app', '--user', env.S3_ACCESS_KEY]);
        for (const call of made) {
            for (const secret of [env.MINIO_ROOT_USER, env.MINIO_ROOT_PASSWORD, env.S3_SECRET_KEY]) {
                assert.ok(!call.args.join(' ').includes(secret), `mc ${call.args.slice(0, 3).join(' ')}: a credential on the command line`);
            }
        }
        // The policy: the three buckets and their objects, the object and listing actions, nothing else.
        const buckets = [env.S3_BUCKET_RAW, env.S3_BUCKET_CLICKHOUSE, env.S3_BUCKET_FAILURES];
        assert.deepEqual(policy.Statement.map((s) => s.Effect), ['Allow', 'Allow']);
        assert.deepEqual(policy.Statement[0].Resource, buckets.map((b) => `arn:aws:s3:::${b}`));
        assert.deepEqual(policy.Statement[1].Resource, buckets.map((b) => `arn:aws:s3:::${b}/*`));
        for (const action of policy.Statement.flatMap((s) => s.Action)) {
            assert.match(action, /^s3:(GetBucketLocation|ListBucket|ListBucketMultipartUploads|GetObject|PutObject|DeleteObject|AbortMultipartUpload|ListMultipartUploadParts)$/);
        }
        assert.doesNotMatch(JSON.stringify(policy), /"\*"|admin:|s3:\*/);
        // The configuration directory mc kept the root alias in is private, and removed at the end.
        assert.match(readFileSync(join(dir, 'config-dir'), 'utf8'), /^drwx------/);
        assert.ok(!existsSync(join(dir, '.spotlight-mc')));
    });

    test('the Nomad job gives the task the same environment names compose.yaml does', { skip: SKIP }, async () => {
        const result = await renderScenario('example');
        const job = await parseJobspec('minio', result.render.jobspecs.minio);
        const creator = task(job.groups['minio-1'], 'create-buckets');
        const secretNames = [...creator.template.find((t) => t.destination === 'secrets/mc.env').data.matchAll(/^\s*([A-Z0-9_]+)=/gm)].map((m) => m[1]);
        assert.deepEqual([...Object.keys(creator.env[0]), ...secretNames].sort(), Object.keys(compose.services['create-buckets'].environment).sort());
    });
});
