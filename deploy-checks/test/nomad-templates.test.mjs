// nomad/*: each template parses as an HCL template before rendering (what templatefile() parses) and each job
// specification Terraform renders parses as HCL (what Nomad parses), for every scenario; the rendered jobs have the
// shape the settings ask for, templates use every variable they are given, and no job holds a secret.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';

import { parse as hcl2json } from '@cdktf/hcl2json';

import { NOMAD_DIR, ROOT, read } from '../src/project.mjs';
import { GENERATED_SECRETS, SCENARIOS, SECRET_SETTINGS, parseJobspec, renderScenario, task } from '../src/scenarios.mjs';
import { RENDER_DIR, SKIP, parseModule } from '../src/terraform.mjs';

const templateFiles = [
    ...readdirSync(NOMAD_DIR).filter((f) => f.endsWith('.tftpl')).map((f) => join(NOMAD_DIR, f)),
    ...readdirSync(join(NOMAD_DIR, 'clickhouse')).filter((f) => f.endsWith('.tftpl')).map((f) => join(NOMAD_DIR, 'clickhouse', f)),
];
const rendered = {};
if (!SKIP) {
    for (const scenario of Object.keys(SCENARIOS)) {
        const result = await renderScenario(scenario);
        const jobs = {};
        for (const [name, text] of Object.entries(result.render.jobspecs)) jobs[name] = { text, ...(await parseJobspec(name, text)) };
        rendered[scenario] = { result, jobs, settings: result.settings };
    }
}
const { locals } = await parseModule(RENDER_DIR);
// The variables render/locals.tf gives each template (the keys of its structured variable map).
const templateVars = {
    ...Object.fromEntries(Object.entries(locals.job_vars).map(([n, v]) => [join(NOMAD_DIR, `${n}.nomad.hcl.tftpl`), Object.keys(v)])),
    ...Object.fromEntries(Object.entries(locals.clickhouse_xml_vars).map(([n, v]) => [join(NOMAD_DIR, 'clickhouse', `${n}.xml.tftpl`), Object.keys(v)])),
};

// Every name that appears in a template's ${...} and %{...} sequences ($${ and %%{ are literal text): a superset of
// the variables it reads (loop variables and function names come along), enough to find a variable given but unused.
// A variable used but not given needs no check of ours: templatefile() fails on it.
function namesInSequences(source) {
    const names = new Set();
    for (const m of source.matchAll(/(?<![$%])[$%]\{([^}]*)\}/g)) for (const id of m[1].matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) names.add(id[0]);
    return names;
}

// Nomad interpolates these itself at run time (node attributes, meta, NOMAD_* environment); anything else
// left as ${...} in a rendered job would be an unrendered or mistyped template variable.
const RUNTIME_INTERPOLATION = /^(NOMAD_[A-Za-z0-9_]+|attr\..+|node\..+|meta\..+)$/;

function* strings(value) {
    if (typeof value === 'string') yield value;
    else if (Array.isArray(value)) for (const v of value) yield* strings(v);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) {
        yield k;
        yield* strings(v);
    }
}

const groupNames = (job) => Object.keys(job.groups);

describe('Nomad job templates', () => {
    for (const file of templateFiles) {
        const name = relative(ROOT, file);
        test(`${name} parses as an HCL template (HashiCorp's parser) before rendering`, async () => {
            const source = read(file);
            const delimiter = 'SPOTLIGHT_TEMPLATE_END';
            assert.ok(!source.includes(delimiter));
            await hcl2json(name, `template = <<${delimiter}\n${source}${source.endsWith('\n') ? '' : '\n'}${delimiter}\n`);
        });

        test(`${name} uses every variable render/locals.tf gives it`, () => {
            const given = templateVars[file];
            assert.ok(given, `${name} is never rendered`);
            const names = namesInSequences(read(file));
            assert.deepEqual(given.filter((k) => !names.has(k)), [], 'given but unused');
        });
    }
});

describe('Nomad jobs as Terraform renders them', { skip: SKIP }, () => {
    for (const [scenario, { jobs, settings, result }] of Object.entries(rendered)) {
        test(`${scenario}: every rendered job parses as HCL (HashiCorp's parser), one job each, named and placed from .env`, () => {
            assert.deepEqual(Object.keys(jobs).sort(), ['clickhouse', 'kafka', 'minio', 'nifi', 'superset']);
            for (const [name, job] of Object.entries(jobs)) {
                assert.equal(job.jobName, `${settings.spotlight_job_prefix}-${name}`);
                assert.equal(job.job.region, settings.nomad_region);
                assert.equal(job.job.namespace, settings.nomad_namespace);
                assert.deepEqual(job.job.datacenters, settings.nomad_datacenters.split(',').map((d) => d.trim()));
                assert.equal(job.job.type, 'service');
            }
        });

        test(`${scenario}: nothing but Nomad's own runtime interpolations is left in the rendered jobs`, () => {
            for (const [name, job] of Object.entries(jobs)) {
                for (const s of strings(job.json)) {
                    for (const match of s.matchAll(/\$\{([^}]*)\}/g)) {
                        assert.match(match[1], RUNTIME_INTERPOLATION, `${name}: \${${match[1]}}`);
                    }
                    assert.ok(!s.includes('%{'), `${name}: a template directive survived rendering`);
                }
            }
        });

        test(`${scenario}: no secret value is written into a job specification`, () => {
            // Every secret of the scenarios has a value of its own (src/scenarios.mjs), so that a value shared with a
            // plain setting cannot hide a leak.
            const secrets = SECRET_SETTINGS.map((name) => [name, result.strings[name.toLowerCase()]]).filter(([, value]) => value !== '');
            assert.ok(secrets.length >= 13);
            assert.equal(new Set(secrets.map(([, value]) => value)).size, secrets.length, 'every secret a value of its own');
            for (const [name, text] of Object.entries(result.render.jobspecs)) {
                for (const [setting, secret] of secrets) assert.ok(!text.includes(secret), `${name} contains ${setting}`);
            }
            assert.equal(result.render.secrets.nifi.nifi_password, GENERATED_SECRETS.NIFI_PASSWORD, 'the secrets go to the Nomad variables');
        });

        test(`${scenario}: jobs read only their own Nomad variable, and only items Terraform puts there`, () => {
            const secretItems = Object.fromEntries(Object.entries(result.render.secrets).map(([job, items]) => [job, Object.keys(items)]));
            for (const [name, job] of Object.entries(jobs)) {
                const paths = new Set([...job.text.matchAll(/nomadVar "([^"]+)"/g)].map((m) => m[1]));
                assert.deepEqual([...paths], [`nomad/jobs/${job.jobName}`]);
                // {{ .item }} and {{ .item | sha256Hex }} need the item; {{ with .item }} is for optional ones.
                for (const item of job.text.matchAll(/\{\{\s*(with\s+)?\.([a-z0-9_]+)\s*(\|[^}]*)?\}\}/g)) {
                    if (item[1]) continue;
                    assert.ok(secretItems[name].includes(item[2]), `${name} reads .${item[2]}, which is not in its Nomad variable`);
                }
            }
        });

        test(`${scenario}: MinIO has one group per server with its own drives, and creates the three buckets`, () => {
            const { minio } = jobs;
            const servers = settings.minio_servers;
            const drives = settings.minio_drives_per_server;
            assert.deepEqual(groupNames(minio), Array.from({ length: servers }, (_, i) => `minio-${i + 1}`));
            for (const [groupName, group] of Object.entries(minio.groups)) {
                const n = groupName.split('-')[1];
                assert.deepEqual(Object.values(group.volume).map(([v]) => v.source),
                    Array.from({ length: drives }, (_, d) => `minio-${n}-disk${d + 1}`));
                assert.equal(group.network[0].port.api[0].static, settings.s3_port);
                assert.ok(group.service.some((s) => s.name === 'minio' && s.check[0].path === '/minio/health/live'));
                const args = task(group, 'minio').config[0].args;
                const endpoints = args[args.length - 1];
                if (servers === 1) assert.equal(endpoints, drives === 1 ? '/data1' : `/data{1...${drives}}`);
                else assert.equal(endpoints, `http://minio-{1...${servers}}.${settings.service_domain}:${settings.s3_port}/data{1...${drives}}`);
            }
            const creator = task(minio.groups['minio-1'], 'create-buckets');
            assert.equal(creator.lifecycle[0].hook, 'poststart');
            // MinIO runs with the root credentials; the bucket task gets both, the application only its own keys.
            const rootEnv = task(minio.groups['minio-1'], 'minio').template.find((t) => t.destination === 'secrets/minio.env').data;
            assert.match(rootEnv, /MINIO_ROOT_USER=\{\{ \.minio_root_user \}\}\s+MINIO_ROOT_PASSWORD=\{\{ \.minio_root_password \}\}/);
            assert.doesNotMatch(rootEnv, /s3_access_key|s3_secret_key/);
            const creatorEnv = creator.template.find((t) => t.destination === 'secrets/mc.env').data;
            for (const item of ['minio_root_user', 'minio_root_password', 's3_access_key', 's3_secret_key']) assert.match(creatorEnv, new RegExp(`\\.${item} `));
            assert.equal(creator.env[0].S3_ENDPOINT, 'http://${NOMAD_ADDR_api}');
            assert.deepEqual([creator.env[0].S3_BUCKET_RAW, creator.env[0].S3_BUCKET_CLICKHOUSE, creator.env[0].S3_BUCKET_FAILURES],
                [settings.s3_bucket_raw, settings.s3_bucket_clickhouse, settings.s3_bucket_failures]);
            const script = creator.template.find((t) => t.destination === 'local/create-buckets.sh');
            assert.equal(script.data, `${read(join(NOMAD_DIR, 'minio', 'create-buckets.sh'))}\n`, 'the script is embedded verbatim');
        });

        test(`${scenario}: ClickHouse has shards x replicas servers, and Keeper only when clustered`, () => {
            const { clickhouse } = jobs;
            const servers = [];
            for (let s = 1; s <= settings.clickhouse_shards; s++) for (let r = 1; r <= settings.clickhouse_replicas; r++) servers.push(`server-${s}-${r}`);
            const clustered = servers.length > 1;
            const keepers = clustered ? Array.from({ length: settings.clickhouse_keeper_nodes }, (_, k) => `keeper-${k + 1}`) : [];
            assert.deepEqual(groupNames(clickhouse), [...keepers, ...servers]);
            for (const name of servers) {
                const group = clickhouse.groups[name];
                const [, shard, replica] = name.split('-');
                assert.deepEqual(group.meta[0], { shard, member: `clickhouse-${shard}-${replica}` });
                assert.equal(group.volume.data[0].source, `clickhouse-${shard}-${replica}`);
                assert.equal(group.network[0].port.http[0].static, settings.clickhouse_http_port);
                assert.equal(group.network[0].port.tcp[0].static, settings.clickhouse_tcp_port);
                assert.ok(group.service.some((s) => s.name === 'clickhouse' && s.check[0].path === '/ping'));
                const server = task(group, 'clickhouse');
                assert.equal(server.config[0].image, settings.clickhouse_image);
                assert.deepEqual(server.resources[0], { cpu: settings.clickhouse_cpu, memory: settings.clickhouse_memory });
                assert.deepEqual(server.template.map((t) => t.destination), ['local/spotlight.xml', 'local/storage.xml', 'secrets/users.xml']);
                const create = task(group, 'create-database');
                assert.match(create.template[1].data, new RegExp(`CREATE DATABASE IF NOT EXISTS \`${settings.clickhouse_database}\``));
            }
        });

        test(`${scenario}: Kafka has one KRaft node per broker, all voters, replication fitted, started by start-kafka.sh`, () => {
            const { kafka } = jobs;
            const brokers = settings.kafka_brokers;
            assert.deepEqual(groupNames(kafka), Array.from({ length: brokers }, (_, i) => `broker-${i + 1}`));
            const voters = Array.from({ length: brokers }, (_, i) => `${i + 1}@kafka-${i + 1}.${settings.service_domain}:${settings.kafka_controller_port}`).join(',');
            for (const [groupName, group] of Object.entries(kafka.groups)) {
                const node = groupName.split('-')[1];
                const main = task(group, 'kafka');
                const env = main.env[0];
                assert.equal(env.KAFKA_NODE_ID, node);
                assert.equal(env.KAFKA_CLUSTER_ID, settings.kafka_cluster_id);
                assert.equal(env.KAFKA_CONTROLLER_QUORUM_VOTERS, voters);
                assert.equal(env.KAFKA_LISTENERS, 'BROKER://${NOMAD_ADDR_broker},CONTROLLER://${NOMAD_ADDR_controller}');
                assert.equal(env.KAFKA_ADVERTISED_LISTENERS, `BROKER://kafka-${node}.${settings.service_domain}:${settings.kafka_port}`);
                assert.equal(env.KAFKA_REPLICATION_FACTOR, String(Math.min(3, brokers)));
                assert.equal(env.KAFKA_MIN_INSYNC_REPLICAS, String(Math.max(1, Math.min(3, brokers) - 1)));
                assert.equal(env.KAFKA_HEAP_OPTS, `-Xms${settings.kafka_heap} -Xmx${settings.kafka_heap}`);
                assert.equal(env.KAFKA_USER, settings.kafka_user);
                assert.equal(env.KAFKA_CONFIG_DIR, '/secrets', 'the configuration holds passwords: the secrets directory');
                assert.deepEqual(main.config[0].entrypoint, ['/bin/sh', '/local/start-kafka.sh']);
                const script = main.template.find((t) => t.destination === 'local/start-kafka.sh');
                assert.equal(script.data, `${read(join(NOMAD_DIR, 'kafka', 'start-kafka.sh'))}\n`, 'the script is embedded verbatim');
                const secretsEnv = main.template.find((t) => t.destination === 'secrets/kafka.env');
                assert.equal(secretsEnv.env, true);
                for (const item of ['kafka_password', 'kafka_broker_password', 'kafka_controller_password']) {
                    assert.match(secretsEnv.data, new RegExp(`^\\s*${item.toUpperCase()}=\\{\\{ \\.${item} \\}\\}$`, 'm'));
                }
            }
        });

        test(`${scenario}: NiFi has its nodes, NARs, sensitive key, and registry client as configured`, () => {
            const { nifi } = jobs;
            const nodes = settings.nifi_nodes;
            assert.deepEqual(groupNames(nifi), Array.from({ length: nodes }, (_, i) => `nifi-${i + 1}`));
            for (const [groupName, group] of Object.entries(nifi.groups)) {
                const main = task(group, 'nifi');
                assert.equal(main.config[0].image, settings.nifi_image);
                const env = main.env[0];
                assert.equal(env.NIFI_CLUSTER_IS_NODE, nodes > 1 ? 'true' : undefined);
                if (nodes > 1) assert.equal(env.NIFI_ZK_CONNECT_STRING, settings.nifi_zookeeper_connect);
                const secretsEnv = main.template.find((t) => t.destination === 'secrets/nifi.env').data;
                assert.match(secretsEnv, /NIFI_SENSITIVE_PROPS_KEY=\{\{ \.nifi_sensitive_props_key \}\}/);
                assert.equal(/SINGLE_USER_CREDENTIALS/.test(secretsEnv), nodes === 1, 'single-user login only on a single node');
                const artifacts = (main.artifact ?? []).map((a) => a.source);
                if (settings.nifi_nar_repository) {
                    assert.deepEqual(artifacts, ['nifi-spotlight-services-api-nar', 'nifi-spotlight-nar'].map((a) =>
                        `${settings.nifi_nar_repository}/org/spotlight/${a}/${settings.spotlight_version}/${a}-${settings.spotlight_version}.nar`));
                    // HTTPS only, and each NAR checked against the SHA-256 of .env before NiFi sees it.
                    for (const artifact of main.artifact) assert.match(artifact.source, /^https:\/\//);
                    assert.deepEqual(main.artifact.map((a) => a.options[0].checksum),
                        [`sha256:${settings.nifi_services_api_nar_sha256}`, `sha256:${settings.nifi_nar_sha256}`]);
                } else {
                    assert.deepEqual(artifacts, []);
                    assert.equal(group.volume.nars[0].source, 'nifi-nars');
                }
                const tls = main.template.find((t) => t.destination === 'secrets/tls.pem');
                assert.equal(Boolean(tls), settings.nifi_tls_vault_pki !== '');
                if (tls) assert.match(tls.data, new RegExp(`pkiCert "${settings.nifi_tls_vault_pki}" "common_name=${groupName}\\.`));
                const registry = group.task['configure-registry-client'];
                const wantRegistry = groupName === 'nifi-1' && nodes === 1 && settings.nifi_registry_client !== 'none';
                assert.equal(Boolean(registry), wantRegistry);
                if (registry) {
                    assert.equal(registry[0].env[0].NIFI_REGISTRY_CLIENT, settings.nifi_registry_client);
                    const script = registry[0].template.find((t) => t.destination === 'local/configure-registry-client.py');
                    assert.equal(script.data, `${read(join(NOMAD_DIR, 'nifi', 'configure-registry-client.py'))}\n`);
                }
            }
        });

        test(`${scenario}: nothing listens on every interface: each service binds the node's own address`, () => {
            // Nomad fills in NOMAD_IP_<port> / NOMAD_ADDR_<port>: the host address the port was allocated on.
            for (const [name, job] of Object.entries(jobs)) {
                assert.doesNotMatch(job.text, /0\.0\.0\.0|::\/0|"\[::\]|"::"/, `${name} names every interface or every address`);
            }
            for (const group of Object.values(jobs.minio.groups)) {
                const args = task(group, 'minio').config[0].args;
                assert.deepEqual(args.slice(0, 5), ['server', '--address', '${NOMAD_ADDR_api}', '--console-address', '${NOMAD_ADDR_console}']);
            }
            for (const group of Object.values(jobs.kafka.groups)) {
                assert.equal(task(group, 'kafka').env[0].KAFKA_LISTENERS, 'BROKER://${NOMAD_ADDR_broker},CONTROLLER://${NOMAD_ADDR_controller}');
            }
            for (const [groupName, group] of Object.entries(jobs.clickhouse.groups)) {
                const xml = task(group, groupName.startsWith('keeper') ? 'keeper' : 'clickhouse').template[0].data;
                const hosts = [...xml.matchAll(/<(listen_host|interserver_listen_host)>([^<]*)</g)].map((m) => `${m[1]}=${m[2]}`);
                assert.deepEqual(hosts, groupName.startsWith('keeper')
                    ? ['listen_host={{ env "NOMAD_IP_keeper" }}', 'interserver_listen_host={{ env "NOMAD_IP_raft" }}']
                    : ['listen_host=127.0.0.1', 'listen_host={{ env "NOMAD_IP_http" }}', 'interserver_listen_host={{ env "NOMAD_IP_interserver" }}']);
            }
            for (const [groupName, group] of Object.entries(jobs.nifi.groups)) {
                const main = task(group, 'nifi');
                assert.equal(main.env[0].NIFI_WEB_HTTPS_HOST, settings.nifi_nodes > 1 ? `${groupName}.${settings.service_domain}` : '${NOMAD_IP_https}');
                // The image's start.sh opens the raw site-to-site port on every interface: it runs without that line.
                const start = main.template.find((t) => t.destination === 'local/spotlight-start.sh').data;
                assert.match(start, /sed '\/nifi\.remote\.input\.socket\.port\/d' \/opt\/nifi\/scripts\/start\.sh > \/local\/nifi-start\.sh/);
                assert.match(start, /prop_replace nifi\.remote\.input\.socket\.port ''\s+exec \/bin\/sh -e \/local\/nifi-start\.sh\s*$/);
                const registry = group.task['configure-registry-client'];
                if (registry) assert.equal(registry[0].env[0].NIFI_API_URL, 'https://${NOMAD_ADDR_https}/nifi-api');
            }
            assert.equal(task(jobs.superset.groups.superset, 'superset').env[0].SUPERSET_BIND_ADDRESS, '${NOMAD_IP_http}');
        });

        test(`${scenario}: Superset reads ClickHouse as the read-only user`, () => {
            const superset = task(jobs.superset.groups.superset, 'superset');
            const env = superset.env[0];
            assert.equal(env.SPOTLIGHT_READONLY_USER, settings.clickhouse_readonly_user);
            assert.equal(env.SPOTLIGHT_CLICKHOUSE_URL, result.render.clickhouse_url);
            assert.equal(env.SUPERSET_CLICKHOUSE_DRIVER, settings.superset_clickhouse_driver);
            const script = superset.template.find((t) => t.destination === 'local/start-superset.sh');
            assert.equal(script.data, `${read(join(NOMAD_DIR, 'superset', 'start-superset.sh'))}\n`);
        });
    }

});

describe('files embedded in Nomad jobs', () => {
    test('hold nothing Nomad or its template runner would interpret', () => {
        for (const file of ['minio/create-buckets.sh', 'nifi/configure-registry-client.py', 'superset/start-superset.sh']) {
            const text = read(join(NOMAD_DIR, file));
            for (const sequence of ['${', '%{', '[[[', ']]]']) assert.ok(!text.includes(sequence), `${file} contains ${sequence}`);
        }
    });
});
