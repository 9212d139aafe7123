// Renders the deployment's ClickHouse storage configuration (nomad/clickhouse/storage.xml.tftpl) for the local
// ClickHouse 26.x engine, through the same two stages a deployment goes through, so that nothing is copied by hand:
//   1. Terraform's templatefile(), run by the real `terraform` binary on a provider-free root module
//      (the same call terraform/render/locals.tf makes, with the local stack's S3 endpoint, region and bucket);
//   2. Nomad's template runner, emulated by deploy-checks/src/consul-template.mjs (the deploy checks' own
//      emulator): the member name from NOMAD_META_member, the S3 keys from the job's Nomad variable.
// One local adaptation, the only one: paths under /var/lib/clickhouse/ (the server's data directory in the container)
// become the engine's data directory.
//
// Usage: node render-storage.mjs <output file> <engine data directory>
// Reads S3_ENDPOINT, S3_REGION, S3_BUCKET_CLICKHOUSE, S3_ACCESS_KEY, S3_SECRET_KEY, CLICKHOUSE_MODERN_MEMBER and
// CLICKHOUSE_MODERN_S3_CACHE_SIZE from the environment (secrets never travel on a command line).

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { renderConsulTemplate } from '../../deploy-checks/src/consul-template.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TEMPLATE = join(ROOT, 'nomad', 'clickhouse', 'storage.xml.tftpl');
const SECRETS_PATH = 'nomad/jobs/spotlight-local/clickhouse';

function env(name) {
    const value = process.env[name];
    if (value === undefined || value === '') throw new Error(`${name} is not set`);
    return value;
}

function terraform(dir, args) {
    const run = spawnSync('terraform', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' } });
    if (run.error) throw new Error(`terraform could not run (${run.error.message}): it renders the deployment's templates`);
    if (run.status !== 0) throw new Error(`terraform ${args[0]} failed:\n${run.stderr}${run.stdout}`);
    return run.stdout;
}

// Stage 1: templatefile() in a root module of its own (no provider, so it initialises and applies offline).
function terraformTemplatefile(vars) {
    const dir = mkdtempSync(join(tmpdir(), 'spotlight-storage-'));
    try {
        const hclVars = Object.entries(vars).map(([k, v]) => `    ${k} = ${JSON.stringify(v)}`).join('\n');
        writeFileSync(join(dir, 'main.tf'), `output "storage_xml" {\n  value = templatefile(${JSON.stringify(TEMPLATE)}, {\n${hclVars}\n  })\n}\n`);
        terraform(dir, ['init', '-input=false', '-no-color']);
        terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color']);
        return terraform(dir, ['output', '-raw', 'storage_xml']);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

const [output, dataDir] = process.argv.slice(2);
if (!output || !dataDir) {
    console.error('usage: node render-storage.mjs <output file> <engine data directory>');
    process.exit(2);
}
try {
    const terraformRendered = terraformTemplatefile({
        s3_endpoint: env('S3_ENDPOINT').replace(/\/+$/, ''),
        s3_region: env('S3_REGION'),
        bucket: env('S3_BUCKET_CLICKHOUSE'),
        secrets_path: SECRETS_PATH,
        cache_size: env('CLICKHOUSE_MODERN_S3_CACHE_SIZE'),
    });
    const nodeRendered = renderConsulTemplate(terraformRendered, {
        variables: { [SECRETS_PATH]: { s3_access_key: env('S3_ACCESS_KEY'), s3_secret_key: env('S3_SECRET_KEY') } },
        env: { NOMAD_META_member: env('CLICKHOUSE_MODERN_MEMBER') },
    });
    const local = nodeRendered.replaceAll('/var/lib/clickhouse/', `${dataDir.replace(/\/+$/, '')}/`);
    writeFileSync(output, local, { mode: 0o600 });
    chmodSync(output, 0o600);
} catch (e) {
    console.error(`render-storage: ${e.message}`);
    process.exit(1);
}
