// nomad/nifi/configure-registry-client.py against a stand-in for NiFi's REST API. NiFi's Git registry client
// NARs (nifi-github-nar, nifi-gitlab-nar) are not obtainable on the build machines, so the local NiFi 2.3.0
// cannot create such a client (it/nifi-registry-client.test.mjs checks the script against it as far as it can);
// this stand-in answers the calls the script makes the way NiFi 2.3.0's ControllerResource and AccessResource
// do (revisions, unique names, masked sensitive values, bearer tokens) so that creating, keeping and updating
// the client can be checked.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { NOMAD_DIR } from '../src/project.mjs';

const GITHUB = 'org.apache.nifi.github.GitHubFlowRegistryClient';
const SENSITIVE = new Set(['Personal Access Token', 'Access Token']);

function standInNiFi() {
    const clients = new Map();
    let nextId = 1;
    const view = (c) => ({
        id: c.id,
        revision: { version: c.version },
        component: {
            id: c.id, name: c.name, type: c.type,
            properties: Object.fromEntries(Object.entries(c.properties).map(([k, v]) => [k, SENSITIVE.has(k) && v !== null ? '********' : v])),
        },
    });
    const server = createServer(async (req, res) => {
        let body = '';
        for await (const chunk of req) body += chunk;
        const send = (status, payload, type = 'application/json') => {
            res.writeHead(status, { 'Content-Type': type });
            res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
        };
        const url = new URL(req.url, 'http://localhost');
        if (req.method === 'POST' && url.pathname === '/nifi-api/access/token') {
            const form = new URLSearchParams(body);
            if (form.get('username') === 'admin' && form.get('password') === 'correct-horse-battery') return send(201, 'token-1', 'text/plain');
            return send(400, 'The supplied username and password are not valid.', 'text/plain');
        }
        if (req.headers.authorization !== 'Bearer token-1') return send(401, 'Authentication credentials were not provided', 'text/plain');
        if (req.method === 'GET' && url.pathname === '/nifi-api/flow/about') return send(200, { about: { version: '2.3.0' } });
        if (req.method === 'GET' && url.pathname === '/nifi-api/controller/registry-types') {
            return send(200, { flowRegistryClientTypes: [{ type: GITHUB, bundle: { group: 'org.apache.nifi', artifact: 'nifi-github-nar', version: '2.3.0' } }] });
        }
        if (req.method === 'GET' && url.pathname === '/nifi-api/controller/registry-clients') {
            return send(200, { registries: [...clients.values()].map(view) });
        }
        if (req.method === 'POST' && url.pathname === '/nifi-api/controller/registry-clients') {
            const entity = JSON.parse(body);
            if (entity.revision?.version !== 0) return send(400, 'A revision of 0 must be specified when creating a new Flow Registry.', 'text/plain');
            if (entity.component.id) return send(400, 'Flow Registry ID cannot be specified.', 'text/plain');
            if ([...clients.values()].some((c) => c.name === entity.component.name)) return send(400, `A Flow Registry already exists with the name ${entity.component.name}`, 'text/plain');
            if (entity.component.type !== GITHUB) return send(409, `${entity.component.type} is not known to this NiFi instance.`, 'text/plain');
            const client = { id: `id-${nextId++}`, version: 1, name: entity.component.name, type: entity.component.type, bundle: entity.component.bundle, properties: entity.component.properties };
            clients.set(client.id, client);
            return send(201, view(client));
        }
        const match = /^\/nifi-api\/controller\/registry-clients\/([^/]+)$/.exec(url.pathname);
        if (req.method === 'PUT' && match) {
            const client = clients.get(match[1]);
            const entity = JSON.parse(body);
            if (!client) return send(404, 'not found', 'text/plain');
            if (entity.revision.version !== client.version) return send(400, 'is not the most up-to-date revision', 'text/plain');
            Object.assign(client.properties, entity.component.properties);
            client.version += 1;
            return send(200, view(client));
        }
        return send(404, `no ${req.method} ${url.pathname}`, 'text/plain');
    });
    return { server, clients };
}

function configure(port, env) {
    return new Promise((resolve) => {
        const child = spawn('python3', [join(NOMAD_DIR, 'nifi', 'configure-registry-client.py')], {
            env: {
                PATH: process.env.PATH,
                NIFI_API_URL: `http://127.0.0.1:${port}/nifi-api`,
                NIFI_USERNAME: 'admin',
                NIFI_PASSWORD: 'correct-horse-battery',
                NIFI_WAIT_SECONDS: '5',
                NIFI_REGISTRY_CLIENT: 'github',
                NIFI_REGISTRY_REPOSITORY_OWNER: 'spotlight-org',
                NIFI_REGISTRY_REPOSITORY_NAME: 'spotlight',
                NIFI_REGISTRY_BRANCH: 'main',
                NIFI_REGISTRY_PATH: 'flows',
                ...env,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (d) => { output += d; });
        child.stderr.on('data', (d) => { output += d; });
        child.on('close', (status) => resolve({ status, output }));
    });
}

describe('configure-registry-client.py (against a stand-in for NiFi\'s REST API)', () => {
    const { server, clients } = standInNiFi();
    let port;
    before(async () => {
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
        port = server.address().port;
    });
    after(() => server.close());

    test('creates the GitHub client with the bundle NiFi offers and the configured properties', async () => {
        const run = await configure(port, {});
        assert.equal(run.status, 0, run.output);
        assert.match(run.output, /created registry client 'Spotlight flows'/);
        const [client] = clients.values();
        assert.equal(client.bundle.artifact, 'nifi-github-nar');
        assert.deepEqual(client.properties, {
            'GitHub API URL': 'https://api.github.com/',
            'Repository Owner': 'spotlight-org',
            'Repository Name': 'spotlight',
            'Authentication Type': 'NONE',
            'Default Branch': 'main',
            'Repository Path': 'flows',
        });
    });

    test('running again changes nothing', async () => {
        const run = await configure(port, {});
        assert.equal(run.status, 0, run.output);
        assert.match(run.output, /unchanged registry client/);
        assert.equal(clients.size, 1);
        assert.equal([...clients.values()][0].version, 1);
    });

    test('a changed setting updates the same client in place (at its current revision)', async () => {
        const run = await configure(port, { NIFI_REGISTRY_BRANCH: 'release', NIFI_REGISTRY_TOKEN: 'ghp_example' });
        assert.equal(run.status, 0, run.output);
        assert.match(run.output, /updated registry client/);
        const [client] = clients.values();
        assert.equal(clients.size, 1);
        assert.equal(client.version, 2);
        assert.equal(client.properties['Default Branch'], 'release');
        assert.equal(client.properties['Authentication Type'], 'PERSONAL_ACCESS_TOKEN');
        assert.equal(client.properties['Personal Access Token'], 'ghp_example');
    });

    test('a token is always sent again, since NiFi only ever shows it masked', async () => {
        const run = await configure(port, { NIFI_REGISTRY_BRANCH: 'release', NIFI_REGISTRY_TOKEN: 'ghp_example' });
        assert.match(run.output, /updated registry client/);
        assert.equal([...clients.values()][0].version, 3);
    });

    test('a type NiFi does not know is reported with NiFi\'s own message', async () => {
        const run = await configure(port, { NIFI_REGISTRY_CLIENT: 'gitlab', NIFI_REGISTRY_TOKEN: 'glpat-example', NIFI_REGISTRY_CLIENT_NAME: 'Other flows' });
        assert.notEqual(run.status, 0);
        assert.match(run.output, /HTTP 409: org\.apache\.nifi\.gitlab\.GitLabFlowRegistryClient is not known to this NiFi instance/);
    });

    test('an existing client of another type is not silently replaced', async () => {
        const run = await configure(port, { NIFI_REGISTRY_CLIENT: 'gitlab', NIFI_REGISTRY_TOKEN: 'glpat-example' });
        assert.notEqual(run.status, 0);
        assert.match(run.output, /is a org\.apache\.nifi\.github\.GitHubFlowRegistryClient, not a org\.apache\.nifi\.gitlab\.GitLabFlowRegistryClient/);
    });

    test('GitLab without a token, a wrong password, and "none" are handled before anything changes', async () => {
        const gitlab = await configure(port, { NIFI_REGISTRY_CLIENT: 'gitlab' });
        assert.notEqual(gitlab.status, 0);
        assert.match(gitlab.output, /NIFI_REGISTRY_TOKEN is required for GitLab/);
        const login = await configure(port, { NIFI_PASSWORD: 'wrong-password-here' });
        assert.notEqual(login.status, 0);
        assert.match(login.output, /refused the login or request: HTTP 400/);
        const none = await configure(port, { NIFI_REGISTRY_CLIENT: 'none' });
        assert.equal(none.status, 0);
        assert.match(none.output, /nothing to do/);
        assert.equal(clients.size, 1);
    });
});
