// The brokers' rendered server.properties, formatted by the real Kafka (4.3.1, the local stack's jars) exactly
// as each Nomad task formats its storage at start: a KRaft configuration Kafka rejects (roles, listeners,
// quorum voters, node id) fails here. Run twice, as on a restart, to prove --ignore-formatted keeps the data.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { ROOT, read } from '../src/project.mjs';
import { requireEnv } from '../src/processes.mjs';
import { parseJobspec, renderScenario, task } from '../src/scenarios.mjs';
import { SKIP } from '../src/terraform.mjs';

const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read(join(ROOT, 'pom.xml')))[1];
const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
const dirs = [];

// Resolves to {status, output}; a short-lived JVM, so the JIT is kept at its first tier.
function storageTool(args) {
    const classpath = join(requireEnv('SPOTLIGHT_DIST'), `kafka-${version}`, 'libs', '*');
    return new Promise((resolve) => {
        execFile(java, ['-XX:TieredStopAtLevel=1', '-cp', classpath, 'kafka.tools.StorageTool', ...args], (error, stdout, stderr) => {
            resolve({ status: error ? error.code ?? 1 : 0, output: stdout + stderr });
        });
    });
}

describe(`Kafka ${version} formats every broker's rendered storage configuration`, { skip: SKIP }, () => {
    after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    for (const scenario of ['example', 'scaled']) {
        test(`${scenario}: each broker formats with the job's own command line, again on restart`, async () => {
            const result = await renderScenario(scenario);
            const job = await parseJobspec('kafka', result.render.jobspecs.kafka);
            await Promise.all(Object.entries(job.groups).map(async ([groupName, group]) => {
                const kafka = task(group, 'kafka');
                const dir = mkdtempSync(join(tmpdir(), `spotlight-kafka-${groupName}-`));
                dirs.push(dir);
                // The task's properties with the data directory moved into the temporary directory.
                const properties = kafka.template[0].data.replace(/^log\.dirs=.*$/m, `log.dirs=${dir}/data`);
                writeFileSync(join(dir, 'server.properties'), properties);
                // "kafka-storage.sh format --ignore-formatted --cluster-id X --config /local/server.properties && ..."
                const format = /kafka-storage\.sh (format .*?) &&/.exec(kafka.config[0].args[0])[1]
                    .replace('/local/server.properties', join(dir, 'server.properties')).split(' ');
                for (const attempt of ['first start', 'restart']) {
                    const formatted = await storageTool(format);
                    assert.equal(formatted.status, 0, `${groupName} ${attempt}: ${formatted.output}`);
                }
                const meta = readFileSync(join(dir, 'data', 'meta.properties'), 'utf8');
                assert.match(meta, new RegExp(`^node\\.id=${groupName.split('-')[1]}$`, 'm'));
                assert.match(meta, new RegExp(`^cluster\\.id=${result.settings.kafka_cluster_id}$`, 'm'));
            }));
        });
    }
});
