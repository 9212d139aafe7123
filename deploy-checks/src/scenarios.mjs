// The deployments the checks render: example.env filled in the way an operator fills it in (every secret generated,
// the networks set), and with settings overridden in the environment (the way an operator overrides them), so that
// every branch of every template is exercised. example.env unchanged is refused: test/secrets.test.mjs.

import { createHash } from 'node:crypto';

import { parse as hcl2json } from '@cdktf/hcl2json';

import { EXAMPLE_ENV, parseEnvLayout, read, tfVars } from './project.mjs';
import { cachedApply, typedSettings } from './terraform.mjs';

// The settings that are secrets: the deployment treats each as one (sensitive variable, secret rule, Nomad variable).
export const SECRET_SETTING = /PASSWORD|SECRET|_KEY$|TOKEN|^MINIO_ROOT_USER$/;
export const SECRET_SETTINGS = parseEnvLayout(read(EXAMPLE_ENV)).map((e) => e.name).filter((n) => SECRET_SETTING.test(n));

// A secret of its own for each setting, as `openssl rand -hex 20` would give (fixed, so that renders are reproducible):
// every value is distinct, so finding one in a job specification names the secret that leaked.
export const GENERATED_SECRETS = Object.fromEntries(SECRET_SETTINGS.map((name) =>
    [name, createHash('sha256').update(`spotlight deploy-checks ${name}`).digest('hex').slice(0, 40)]));

// What an operator adds to example.env besides the secrets.
const FILLED_IN = { ...GENERATED_SECRETS, CLICKHOUSE_NETWORKS: '10.0.1.0/24,10.0.2.0/24' };

export const SCENARIOS = {
    // example.env filled in: one server of everything, Superset off.
    example: FILLED_IN,
    // Scaled out: a sharded, replicated ClickHouse with Keeper, distributed MinIO, a KRaft quorum, a NiFi
    // cluster with certificates from Vault and NARs from a repository, Superset on.
    scaled: {
        ...FILLED_IN,
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
        NIFI_NAR_SHA256: createHash('sha256').update('nifi-spotlight-nar').digest('hex'),
        NIFI_SERVICES_API_NAR_SHA256: createHash('sha256').update('nifi-spotlight-services-api-nar').digest('hex'),
        NIFI_PROXY_HOSTS: 'nifi.example.org:443,nifi.example.org',
        NIFI_REGISTRY_CLIENT: 'gitlab',
        NIFI_REGISTRY_API_URL: 'https://gitlab.example.org/',
        NIFI_REGISTRY_TOKEN: createHash('sha256').update('registry token').digest('base64url').slice(0, 32),
        NOMAD_DATACENTERS: 'dc1, dc2',
        SUPERSET_ENABLED: 'true',
    },
    // Existing S3, ClickHouse and Kafka given as endpoints: only NiFi (and Superset) are deployed.
    external: {
        ...FILLED_IN,
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
