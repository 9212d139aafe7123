// configure-registry-client.py against the real local NiFi 2.3.0 (plain HTTP, anonymous): it finds the REST
// API, lists the registry clients and the registry types NiFi offers, and passes NiFi's refusal through. The
// Git registry client NARs are not obtainable here, so this NiFi offers no registry type and creating the
// client must fail cleanly without leaving anything behind; creating and updating a client are checked
// against a stand-in in test/registry-client.test.mjs.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { NOMAD_DIR } from '../src/project.mjs';
import { requireEnv, run } from '../src/processes.mjs';

const api = `${requireEnv('NIFI_URL')}/nifi-api`;
const script = join(NOMAD_DIR, 'nifi', 'configure-registry-client.py');
const name = `Spotlight flows check ${process.pid}`;

function configure(env) {
    return run('python3', [script], {
        env: {
            PATH: process.env.PATH,
            NIFI_API_URL: api,
            NIFI_WAIT_SECONDS: '30',
            NIFI_REGISTRY_CLIENT_NAME: name,
            NIFI_REGISTRY_REPOSITORY_OWNER: 'spotlight-org',
            NIFI_REGISTRY_REPOSITORY_NAME: 'spotlight',
            NIFI_REGISTRY_PATH: 'flows',
            ...env,
        },
    });
}

async function registryClients() {
    const response = await fetch(`${api}/controller/registry-clients`);
    assert.equal(response.status, 200);
    return (await response.json()).registries.map((r) => r.component.name);
}

describe('configure-registry-client.py against the local NiFi 2.3.0', () => {
    test('the API the script uses exists: registry types and registry clients', async () => {
        const types = await (await fetch(`${api}/controller/registry-types`)).json();
        assert.ok(Array.isArray(types.flowRegistryClientTypes));
        assert.ok(!types.flowRegistryClientTypes.some((t) => /GitHub|GitLab/.test(t.type)),
            'this NiFi now offers a Git registry client: turn this check into a real create-and-update check');
        assert.ok(Array.isArray(await registryClients()));
    });

    for (const kind of ['github', 'gitlab']) {
        test(`${kind}: NiFi's refusal of a type it lacks is reported, and nothing is created`, async () => {
            const result = configure({ NIFI_REGISTRY_CLIENT: kind, NIFI_REGISTRY_TOKEN: 'not-a-real-token' });
            assert.notEqual(result.status, 0);
            assert.match(result.stderr, new RegExp(`HTTP 409: org\\.apache\\.nifi\\.${kind}\\.Git(Hub|Lab)FlowRegistryClient is not known to this NiFi instance`));
            assert.ok(!(await registryClients()).includes(name));
        });
    }

    test('"none" leaves NiFi alone', () => {
        const result = configure({ NIFI_REGISTRY_CLIENT: 'none' });
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /nothing to do/);
    });
});
