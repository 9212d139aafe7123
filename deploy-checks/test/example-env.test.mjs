// example.env, the single source of truth: every setting documented and grouped by service, placeholders only
// for secrets, the local stack's names kept, and every setting used by the deployment, Compose or the stack.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { composeReferences } from '../src/compose.mjs';
import { COMPOSE_FILE, EXAMPLE_ENV, LOCAL_ENV, ROOT, TERRAFORM_DIR, parseEnvLayout, read } from '../src/project.mjs';
import { SECRET_SETTING } from '../src/scenarios.mjs';
import { RENDER_DIR } from '../src/terraform.mjs';

const entries = parseEnvLayout(read(EXAMPLE_ENV));

describe('example.env', () => {
    test('every setting is documented by the comment above it (or shares it with the setting above)', () => {
        for (const entry of entries) assert.ok(entry.documentation.length >= 10, `${entry.name} (line ${entry.line}) has no comment`);
    });

    test('settings are grouped by service, each in the section of its name', () => {
        const sections = {
            'Deployment (Terraform + Nomad)': /^(NOMAD_|SPOTLIGHT_|SERVICE_DOMAIN$)/,
            ClickHouse: /^CLICKHOUSE_/,
            Kafka: /^KAFKA_/,
            'S3 / MinIO': /^(S3_|MINIO_)/,
            NiFi: /^NIFI_/,
            'Superset (optional dashboards on ClickHouse)': /^SUPERSET_/,
        };
        assert.deepEqual([...new Set(entries.map((e) => e.section))], Object.keys(sections));
        for (const entry of entries) assert.match(entry.name, sections[entry.section], `${entry.name} in section ${entry.section}`);
        assert.equal(new Set(entries.map((e) => e.name)).size, entries.length, 'a setting appears twice');
    });

    test('secrets are placeholders (change-me) or empty, never real values', () => {
        for (const entry of entries.filter((e) => SECRET_SETTING.test(e.name))) {
            assert.ok(entry.value === '' || entry.value.startsWith('change-me'), `${entry.name}=${entry.value}`);
        }
    });

    test('keeps every name the local stack uses (stack/local.env), so ./spotlight reads the same settings', () => {
        const names = new Set(entries.map((e) => e.name));
        // SPOTLIGHT_HOME and the local test cluster's sizes and ports (./spotlight cluster: several nodes of each service
        // on one machine) have no deployment counterpart: a deployment sizes its nodes with NIFI_NODES and the like.
        const localOnly = (n) => n === 'SPOTLIGHT_HOME' || n === 'SPOTLIGHT_CLUSTER_PORT_BASE' || n.startsWith('CLUSTER_');
        const local = parseEnvLayout(read(LOCAL_ENV)).map((e) => e.name).filter((n) => !localOnly(n));
        assert.deepEqual(local.filter((n) => !names.has(n)), []);
    });

    test('every setting is used: by Terraform (var.<name>), by compose.yaml or by the local stack', () => {
        // Uses in expressions: the rendering (render/locals.tf, render/outputs.tf) and the provider (main.tf, providers.tf).
        const sources = [join(RENDER_DIR, 'locals.tf'), join(RENDER_DIR, 'outputs.tf'), join(TERRAFORM_DIR, 'main.tf'), join(TERRAFORM_DIR, 'providers.tf')];
        const terraform = new Set(sources.flatMap((f) => [...read(f).matchAll(/\bvar\.([a-z0-9_]+)/g)].map((m) => m[1])));
        const compose = new Set(composeReferences(read(COMPOSE_FILE)));
        const stackSources = [read(LOCAL_ENV), read(join(ROOT, 'spotlight')), read(join(ROOT, 'stack', 'lib.sh')),
            ...readdirSync(join(ROOT, 'stack', 'services')).map((f) => read(join(ROOT, 'stack', 'services', f)))].join('\n');
        const unused = entries.map((e) => e.name).filter((name) => !terraform.has(name.toLowerCase())
            && !compose.has(name) && !new RegExp(`\\b${name}\\b`).test(stackSources));
        assert.deepEqual(unused, []);
    });
});
