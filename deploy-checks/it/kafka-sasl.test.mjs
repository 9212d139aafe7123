// The deployment's Kafka, started the way its Nomad job starts it, on the real Kafka (the local stack's 4.3.1 jars):
// each node of a rendered job runs nomad/kafka/start-kafka.sh with the task's environment (the job's env block, the
// secrets its template takes from the Nomad variable, NOMAD_ADDR_<port> as Nomad fills it in), which writes the
// configuration, formats the storage with the SCRAM users and starts the broker. Kafka's own client library then
// shows (it/KafkaProbe.java) that every listener requires SASL: an anonymous client and a wrong password are refused,
// the application user creates, writes and reads a topic replicated across the brokers (so the brokers authenticated to
// each other), and the controller listener takes the controller's PLAIN credentials only.
//
// Each node gets an address of its own on the loopback interface (127.0.0.21, .22, .23: every 127/8 address is
// loopback on Linux), as a Nomad node would, and a hosts file (the JDK's jdk.net.hosts.file) resolves the names the
// job uses (kafka-<n>.service.consul) to them. The one stand-in is the image's bin/kafka-server-start.sh, which here
// runs kafka.Kafka on the same classpath, with a small heap and the local stack's log configuration.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { renderConsulTemplate } from '../src/consul-template.mjs';
import { freePorts, requireEnv, waitFor } from '../src/processes.mjs';
import { NOMAD_DIR, ROOT, read } from '../src/project.mjs';
import { parseJobspec, renderScenario, task } from '../src/scenarios.mjs';
import { SKIP } from '../src/terraform.mjs';

const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read(join(ROOT, 'pom.xml')))[1];
const javaBin = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin') : '';
const nodeIp = (n) => `127.0.0.${20 + n}`;

function refused(host, port) {
    return new Promise((resolve) => {
        const socket = connect({ host, port });
        socket.on('connect', () => { socket.destroy(); resolve(false); });
        socket.on('error', (e) => resolve(e.code === 'ECONNREFUSED'));
    });
}

// Starts every node of the scenario's rendered Kafka job; resolves to {nodes, settings, secrets, dir, stop}.
async function startCluster(scenario) {
    const [brokerPort, controllerPort] = await freePorts(2);
    const result = await renderScenario(scenario, { KAFKA_PORT: String(brokerPort), KAFKA_CONTROLLER_PORT: String(controllerPort) });
    const job = await parseJobspec('kafka', result.render.jobspecs.kafka);
    const dir = mkdtempSync(join(tmpdir(), `spotlight-kafka-${scenario}-`));
    const home = join(dir, 'kafka');
    mkdirSync(join(home, 'bin'), { recursive: true });
    symlinkSync(join(requireEnv('SPOTLIGHT_DIST'), `kafka-${version}`, 'libs'), join(home, 'libs'));
    // Stand-in for the image's launcher: the broker JVM on the same classpath, logging to the node's directory.
    const launcher = join(home, 'bin', 'kafka-server-start.sh');
    writeFileSync(launcher, `#!/bin/sh
exec java $KAFKA_HEAP_OPTS -XX:TieredStopAtLevel=1 -Dkafka.logs.dir="$KAFKA_LOGS" \\
    -Dlog4j2.configurationFile="${join(ROOT, 'stack', 'conf', 'kafka-log4j2.properties')}" $KAFKA_OPTS \\
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$1"
`);
    chmodSync(launcher, 0o755);
    const hosts = join(dir, 'hosts');
    const names = Object.keys(job.groups).map((g) => Number(g.split('-')[1]));
    writeFileSync(hosts, names.map((n) => `${nodeIp(n)} kafka-${n}.${result.settings.service_domain}\n`).join(''));

    const secrets = result.render.secrets.kafka;
    const nodes = names.map((n) => {
        const kafka = task(job.groups[`broker-${n}`], 'kafka');
        const nomad = { NOMAD_ADDR_broker: `${nodeIp(n)}:${brokerPort}`, NOMAD_ADDR_controller: `${nodeIp(n)}:${controllerPort}` };
        const env = Object.fromEntries(Object.entries(kafka.env[0]).map(([k, v]) => [k, v.replace(/\$\{(NOMAD_[A-Za-z_]+)\}/g, (_, x) => nomad[x])]));
        const secretsEnv = renderConsulTemplate(kafka.template.find((t) => t.destination === 'secrets/kafka.env').data,
            { variables: { [`nomad/jobs/${job.jobName}`]: secrets } });
        for (const line of secretsEnv.split('\n').map((l) => l.trim()).filter(Boolean)) {
            const [key, value] = line.split(/=(.*)/s);
            env[key] = value;
        }
        const nodeDir = join(dir, `node-${n}`);
        mkdirSync(join(nodeDir, 'logs'), { recursive: true });
        Object.assign(env, {
            // Where the task's volume and secrets directory would be; the heap small for a check.
            KAFKA_LOG_DIRS: join(nodeDir, 'data'), KAFKA_CONFIG_DIR: join(nodeDir, 'secrets'), KAFKA_HEAP_OPTS: '-Xms128m -Xmx256m',
            KAFKA_HOME: home, KAFKA_LOGS: join(nodeDir, 'logs'), KAFKA_OPTS: `-Djdk.net.hosts.file=${hosts}`,
            PATH: `${javaBin ? `${javaBin}:` : ''}${process.env.PATH}`,
        });
        return { n, env, dir: nodeDir, process: null };
    });
    const start = (node) => {
        node.process = spawn('sh', [join(NOMAD_DIR, 'kafka', 'start-kafka.sh')], { env: node.env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
        node.stderr = '';
        node.process.stderr.on('data', (d) => { node.stderr += d; });
    };
    const stop = async (node) => {
        if (!node.process || node.process.exitCode !== null) return;
        const exited = new Promise((resolve) => node.process.once('exit', resolve));
        try {
            process.kill(-node.process.pid, 'SIGTERM');
        } catch {
            return;
        }
        const timer = setTimeout(() => { try { process.kill(-node.process.pid, 'SIGKILL'); } catch { /* gone */ } }, 30_000);
        await exited;
        clearTimeout(timer);
    };
    const started = (node) => existsSync(join(node.dir, 'logs', 'server.log'))
        && readFileSync(join(node.dir, 'logs', 'server.log'), 'utf8').includes('Kafka Server started');
    const waitStarted = (node, seconds = 180) => waitFor(`node ${node.n} started (stderr: ${node.stderr})`, seconds, () => {
        if (node.process.exitCode !== null) throw new Error(`start-kafka.sh exited with ${node.process.exitCode}: ${node.stderr}`);
        return started(node);
    });
    nodes.forEach(start);
    await Promise.all(nodes.map((node) => waitStarted(node)));
    return {
        nodes, settings: result.settings, secrets, dir, brokerPort, controllerPort, hosts, start, stop, waitStarted,
        stopAll: () => Promise.all(nodes.map(stop)),
    };
}

function probe(cluster, only = []) {
    const run = spawnSync(join(javaBin, 'java'), [`-Djdk.net.hosts.file=${cluster.hosts}`, '-XX:TieredStopAtLevel=1',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=off', '-cp', `${join(cluster.dir, 'kafka', 'libs')}/*`, join(ROOT, 'deploy-checks', 'it', 'KafkaProbe.java')], {
        encoding: 'utf8',
        timeout: 300_000,
        env: {
            PATH: process.env.PATH,
            PROBE_BOOTSTRAP: cluster.nodes.map((n) => `${nodeIp(n.n)}:${cluster.brokerPort}`).join(','),
            PROBE_CONTROLLERS: cluster.nodes.map((n) => `${nodeIp(n.n)}:${cluster.controllerPort}`).join(','),
            PROBE_USER: cluster.settings.kafka_user,
            PROBE_PASSWORD: cluster.secrets.kafka_password,
            PROBE_CONTROLLER_PASSWORD: cluster.secrets.kafka_controller_password,
            PROBE_REPLICATION_FACTOR: String(Math.min(3, cluster.nodes.length)),
            PROBE_CHECKS: only.join(','),
        },
    });
    const checks = Object.fromEntries(run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).map((c) => [c.check, c]));
    assert.equal(Object.keys(checks).length, only.length || 6, `the probe did not run every check:\n${run.stdout}\n${run.stderr}`);
    return checks;
}

function assertClosed(checks, nodes) {
    assert.equal(checks['anonymous client'].ok, false, 'a client without SASL got in');
    assert.equal(checks['wrong password'].ok, false, 'a wrong password got in');
    assert.match(checks['wrong password'].detail, /SaslAuthenticationException/);
    assert.equal(checks['application user round trip'].ok, true, checks['application user round trip'].detail);
    assert.match(checks['application user round trip'].detail, new RegExp(`^replication ${Math.min(3, nodes)}, read back`));
    assert.equal(checks['anonymous on the controller listener'].ok, false, 'the controller listener let a client in without SASL');
    assert.equal(checks['application user on the controller listener'].ok, false, 'the application user got onto the controller listener');
    assert.equal(checks['controller credentials on the controller listener'].ok, true, checks['controller credentials on the controller listener'].detail);
    assert.equal(checks['controller credentials on the controller listener'].detail, `voters ${nodes}`);
}

describe(`Kafka ${version} started as the Nomad job starts it: every listener requires SASL`, { skip: SKIP }, () => {
    const clusters = [];
    after(async () => {
        for (const cluster of clusters) {
            await cluster.stopAll();
            rmSync(cluster.dir, { recursive: true, force: true });
        }
    });

    describe('example: one node', () => {
        let cluster;
        before(async () => {
            cluster = await startCluster('example');
            clusters.push(cluster);
        });

        test('SCRAM for the application user, refused without SASL or with a wrong password; PLAIN on the controller listener', () => {
            assertClosed(probe(cluster), 1);
        });

        test('listens on the node\'s address only, never on every interface', async () => {
            for (const port of [cluster.brokerPort, cluster.controllerPort]) {
                assert.equal(await refused('127.0.0.1', port), true, `something answers on 127.0.0.1:${port}`);
                assert.equal(await refused(nodeIp(1), port), false);
            }
        });

        test('the passwords were never on a command line, and the format\'s argument file is gone', () => {
            const node = cluster.nodes[0];
            assert.ok(!existsSync(join(node.env.KAFKA_CONFIG_DIR, 'format.args')));
            const pids = spawnSync('pgrep', ['-g', String(node.process.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
            assert.ok(pids.length >= 1, 'the broker process group is gone');
            for (const pid of pids) {
                const commandLine = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
                for (const secret of Object.values(cluster.secrets)) assert.ok(!commandLine.includes(secret), `process ${pid} has a password on its command line`);
            }
        });

        test('a restart keeps the formatted storage (--ignore-formatted) and the SCRAM users', async () => {
            const node = cluster.nodes[0];
            await cluster.stop(node);
            writeFileSync(join(node.dir, 'logs', 'server.log'), '');
            cluster.start(node);
            await cluster.waitStarted(node);
            const meta = readFileSync(join(node.env.KAFKA_LOG_DIRS, 'meta.properties'), 'utf8');
            assert.match(meta, new RegExp(`^cluster\\.id=${cluster.settings.kafka_cluster_id}$`, 'm'));
            assert.match(meta, /^node\.id=1$/m);
            const { ok, detail } = probe(cluster, ['application user round trip'])['application user round trip'];
            assert.equal(ok, true, detail);
        });
    });

    describe('scaled: a quorum of three nodes', () => {
        let cluster;
        before(async () => {
            cluster = await startCluster('scaled');
            clusters.push(cluster);
        });

        test('the voters authenticate to each other (PLAIN), the brokers replicate (SCRAM), clients need SASL', () => {
            assertClosed(probe(cluster), 3);
        });
    });
});
