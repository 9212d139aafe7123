// The deployments the checks render: example.env as it is, and example.env with settings overridden in the
// environment (the way an operator overrides them), so that every branch of every template is exercised.

import { parse as hcl2json } from '@cdktf/hcl2json';

import { EXAMPLE_ENV, tfVars } from './project.mjs';
import { cachedApply, typedSettings } from './terraform.mjs';

export const SCENARIOS = {
    // example.env unchanged: one server of everything, Superset off.
    example: {},
    // Scaled out: a sharded, replicated ClickHouse with Keeper, distributed MinIO, a KRaft quorum, a NiFi
    // cluster with certificates from Vault and NARs from a repository, Superset on.
    scaled: {
        CLICKHOUSE_SHARDS: '2',
        CLICKHOUSE_REPLICAS: '2',
        CLICKHOUSE_KEEPER_NODES: '3',
        MINIO_SERVERS: '4',
        MINIO_DRIVES_PER_SERVER: '2',
        KAFKA_BROKERS: '3',
        NIFI_NODES: '3',
        NIFI_ZOOKEEPER_CONNECT: 'zk-1.example.org:2181,zk-2.example.org:2181,zk-3.example.org:2181',
        NIFI_TLS_VAULT_PKI: 'pki_int/issue/nifi',
        NIFI_ADMIN_IDENTITY: 'CN=admin',
        NIFI_NAR_REPOSITORY: 'https://repo.example.org/maven2',
        NIFI_PROXY_HOSTS: 'nifi.example.org:443,nifi.example.org',
        NIFI_REGISTRY_CLIENT: 'gitlab',
        NIFI_REGISTRY_API_URL: 'https://gitlab.example.org/',
        NIFI_REGISTRY_TOKEN: 'test-token-not-a-secret',
        NOMAD_DATACENTERS: 'dc1, dc2',
        SUPERSET_ENABLED: 'true',
    },
    // Existing S3, ClickHouse and Kafka given as endpoints: only NiFi (and Superset) are deployed.
    external: {
        S3_ENDPOINT: 'https://s3.example.org/',
        CLICKHOUSE_URL: 'https://clickhouse.example.org:8443',
        KAFKA_BOOTSTRAP_SERVERS: 'kafka-a.example.org:9092,kafka-b.example.org:9092',
        NIFI_REGISTRY_CLIENT: 'none',
        SUPERSET_ENABLED: 'true',
    },
};

// Renders a scenario with the real Terraform (src/terraform.mjs): TF_VAR_* from terraform/spotlight-tf, applied
// through the root module. Resolves to {name, strings (TF_VAR_* values), settings (typed), outputs (the root
// module's), render (the render module's outputs: jobspecs, secrets, ...)}; rejects with Terraform's errors.
export async function renderScenario(name, extra = {}) {
    const overrides = SCENARIOS[name];
    if (!overrides) throw new Error(`unknown scenario ${name}`);
    const strings = tfVars(EXAMPLE_ENV, { ...overrides, ...extra });
    const result = await cachedApply(strings);
    if (result.status !== 0) throw new Error(`terraform apply refused the ${name} settings:\n${result.stderr}`);
    return { name, strings, settings: await typedSettings(strings), outputs: result.outputs, render: result.outputs.render };
}

// A rendered job specification as HCL's JSON form, and its template blocks with where they sit.
export async function parseJobspec(name, text) {
    const json = await hcl2json(`${name}.nomad.hcl`, text);
    const [jobName] = Object.keys(json.job ?? {});
    if (!jobName || Object.keys(json.job).length !== 1) throw new Error(`${name}: expected exactly one job block`);
    const job = json.job[jobName][0];
    const groups = {};
    for (const [groupName, [group]] of Object.entries(job.group ?? {})) groups[groupName] = group;
    const templates = [];
    for (const [groupName, group] of Object.entries(groups)) {
        for (const [taskName, [task]] of Object.entries(group.task ?? {})) {
            for (const template of task.template ?? []) templates.push({ group: groupName, task: taskName, ...template });
        }
    }
    return { json, jobName, job, groups, templates };
}

export function task(group, name) {
    const tasks = group.task?.[name];
    if (!tasks) throw new Error(`no task ${name}`);
    return tasks[0];
}
