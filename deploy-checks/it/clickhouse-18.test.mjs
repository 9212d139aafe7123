// The deployment's ClickHouse configuration on the only ClickHouse that runs here, Debian's 18.16: the parts
// 18.16 understands must work there as rendered (ports, users and passwords, read-only profile, macros, the
// sharded and replicated cluster, the Keeper connection), because they are the same elements in 24.x+.
//
// Adaptations for 18.16, and only these: the root element is <yandex> (modern servers accept both names); the
// cluster's <secret> is left out (added in 20.10: 18.16 refuses unknown elements in a cluster). storage.xml is loaded
// unchanged, but 18.16 predates storage policies (19.15) and S3 disks (20.x) and ignores the section, so the S3 disk
// and the policies are checked as XML (test/clickhouse-config.test.mjs) and take effect only on a modern server;
// interserver_listen_host (a modern setting) is ignored by 18.16 the same way.
//
// The member is rendered as a node whose address is 127.0.0.2 (NOMAD_IP_<port>), with CLICKHOUSE_NETWORKS 127.0.0.2/32:
// the server must listen on 127.0.0.1 and 127.0.0.2 and nowhere else (127.0.0.3 is refused), and its users must accept
// connections from loopback (127.0.0.1) and that network, and refuse one from 127.0.0.3. Every 127/8 address is the
// loopback interface on Linux, and a client can choose its source address among them.
//
// Cluster member names must resolve for 18.16 to accept the cluster, so the server runs in a private mount
// namespace whose /etc/hosts maps them to 127.0.0.1 (unshare; the machine's own /etc/hosts is untouched).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { clickhouseFiles } from '../src/clickhouse.mjs';
import { freePorts, run, waitFor } from '../src/processes.mjs';
import { SKIP } from '../src/terraform.mjs';

const SCENARIO = 'scaled';
const MEMBER = 'server-2-1';

const NODE_IP = '127.0.0.2';
const OUTSIDE = '127.0.0.3';

export function adaptFor18(text) {
    return text.replaceAll('<clickhouse>', '<yandex>').replaceAll('</clickhouse>', '</yandex>')
        .replace(/\n\s*<secret>[^<]*<\/secret>/, '');
}

// One statement over HTTP to host, from the source address `from`; resolves to {status, body}, or {error} when the
// connection itself is refused.
function queryFrom(host, port, from, sql, user, password) {
    return new Promise((resolve) => {
        const headers = user === undefined ? {} : { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
        const req = request({ host, port, localAddress: from, method: 'POST', path: '/', headers, timeout: 10_000 }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d) => { body += d; });
            res.on('end', () => resolve({ status: res.statusCode, body: body.trim() }));
        });
        req.on('error', (error) => resolve({ error: error.code ?? error.message }));
        req.end(sql);
    });
}

// The smallest main configuration clickhouse-server 18.16 starts with; everything else comes from config.d.
function mainConfig(dir) {
    return `<?xml version="1.0"?>
<yandex>
    <logger><level>information</level><log>${dir}/log/server.log</log><errorlog>${dir}/log/error.log</errorlog></logger>
    <path>${dir}/data/</path>
    <tmp_path>${dir}/data/tmp/</tmp_path>
    <user_files_path>${dir}/data/user_files/</user_files_path>
    <format_schema_path>${dir}/data/format_schemas/</format_schema_path>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mark_cache_size>5368709120</mark_cache_size>
    <timezone>UTC</timezone>
</yandex>
`;
}

const BASE_USERS = `<?xml version="1.0"?>
<yandex>
    <profiles><default></default></profiles>
    <users><default><password></password><networks><ip>::/0</ip></networks><profile>default</profile><quota>default</quota></default></users>
    <quotas><default></default></quotas>
</yandex>
`;

function namespaceCommand() {
    for (const flags of [['--mount'], ['--user', '--map-root-user', '--mount']]) {
        if (run('unshare', [...flags, 'true']).status === 0) return flags;
    }
    throw new Error('unshare cannot create a mount namespace here (needed to give the cluster members names)');
}

describe('ClickHouse 18.16 with the deployment\'s rendered configuration', { skip: SKIP }, () => {
    let dir;
    let server;
    let settings;
    let http;
    const query = async (sql, user, password) => {
        const headers = user === undefined ? {} : { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
        const response = await fetch(`http://127.0.0.1:${http}/`, { method: 'POST', body: sql, headers });
        return { status: response.status, body: (await response.text()).trim() };
    };

    before(async () => {
        assert.equal(run('sh', ['-c', 'command -v clickhouse-server']).status, 0, 'clickhouse-server is installed by ./spotlight up');
        const [httpPort, tcpPort, interserverPort] = await freePorts(3);
        http = httpPort;
        const rendered = await clickhouseFiles(SCENARIO, MEMBER, {
            CLICKHOUSE_HTTP_PORT: String(httpPort), CLICKHOUSE_TCP_PORT: String(tcpPort), CLICKHOUSE_INTERSERVER_PORT: String(interserverPort),
            CLICKHOUSE_NETWORKS: `${NODE_IP}/32`,
        }, NODE_IP);
        settings = rendered.settings;
        dir = mkdtempSync(join(tmpdir(), 'spotlight-ch18-'));
        for (const sub of ['config.d', 'users.d', 'log', 'data']) mkdirSync(join(dir, sub));
        writeFileSync(join(dir, 'config.xml'), mainConfig(dir));
        writeFileSync(join(dir, 'users.xml'), BASE_USERS);
        writeFileSync(join(dir, 'config.d', 'spotlight.xml'), adaptFor18(rendered.files['local/spotlight.xml']));
        writeFileSync(join(dir, 'config.d', 'storage.xml'), adaptFor18(rendered.files['local/storage.xml']));
        writeFileSync(join(dir, 'users.d', 'spotlight.xml'), adaptFor18(rendered.files['secrets/users.xml']));
        const members = [];
        for (let s = 1; s <= settings.clickhouse_shards; s++) for (let r = 1; r <= settings.clickhouse_replicas; r++) members.push(`clickhouse-${s}-${r}`);
        for (let k = 1; k <= settings.clickhouse_keeper_nodes; k++) members.push(`clickhouse-keeper-${k}`);
        writeFileSync(join(dir, 'hosts'), `127.0.0.1 localhost\n127.0.0.1 ${members.map((m) => `${m}.${settings.service_domain}`).join(' ')}\n`);
        server = spawn('unshare', [...namespaceCommand(), 'sh', '-c',
            `mount --bind ${dir}/hosts /etc/hosts && exec clickhouse-server --config-file=${dir}/config.xml`],
        { cwd: dir, stdio: 'ignore', detached: true });
        await waitFor('clickhouse-server 18.16 answers /ping', 60, async () => (await fetch(`http://127.0.0.1:${http}/ping`)).ok);
    });

    after(() => {
        // A throw-away server: no graceful shutdown needed, and none is waited for.
        if (server) {
            try {
                process.kill(-server.pid, 'SIGKILL');
            } catch {
                // already gone
            }
        }
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('the writer logs in with the password from the settings, a wrong password is refused', async () => {
        const ok = await query('SELECT 1', settings.clickhouse_user, settings.clickhouse_password);
        assert.deepEqual(ok, { status: 200, body: '1' });
        const wrong = await query('SELECT 1', settings.clickhouse_user, `${settings.clickhouse_password}x`);
        assert.notEqual(wrong.status, 200);
        assert.match(wrong.body, /Wrong password|Authentication failed/);
    });

    test('the writer can create tables, the read-only user can read but not write', async () => {
        const writer = [settings.clickhouse_user, settings.clickhouse_password];
        const reader = [settings.clickhouse_readonly_user, settings.clickhouse_readonly_password];
        assert.equal((await query('CREATE TABLE IF NOT EXISTS default.deploy_check (x UInt8) ENGINE = MergeTree ORDER BY x', ...writer)).status, 200);
        assert.equal((await query('INSERT INTO default.deploy_check VALUES (7)', ...writer)).status, 200);
        assert.deepEqual(await query('SELECT x FROM default.deploy_check', ...reader), { status: 200, body: '7' });
        const denied = await query('INSERT INTO default.deploy_check VALUES (8)', ...reader);
        assert.notEqual(denied.status, 200);
        assert.match(denied.body, /readonly/i);
    });

    test('the built-in default user answers on loopback only (the networks of users.d replace the image\'s)', async () => {
        assert.deepEqual(await query('SELECT 1'), { status: 200, body: '1' });
        const outside = await queryFrom(NODE_IP, http, NODE_IP, 'SELECT 1');
        assert.notEqual(outside.status, 200);
        assert.match(outside.body, /default.*is not allowed to connect from address 127\.0\.0\.2|Authentication failed/);
        const networks = readFileSync(join(dir, 'users.d', 'spotlight.xml'), 'utf8');
        assert.match(networks, /<networks replace="replace">\s*<ip>127\.0\.0\.1<\/ip>\s*<ip>::1<\/ip>/);
    });

    test('the server listens on loopback and the node\'s address only, not on every interface', async () => {
        assert.deepEqual(await queryFrom('127.0.0.1', http, '127.0.0.1', 'SELECT 1'), { status: 200, body: '1' });
        assert.deepEqual(await queryFrom(NODE_IP, http, '127.0.0.1', 'SELECT 1', settings.clickhouse_user, settings.clickhouse_password),
            { status: 200, body: '1' });
        assert.deepEqual(await queryFrom(OUTSIDE, http, OUTSIDE, 'SELECT 1'), { error: 'ECONNREFUSED' });
    });

    test('the users connect from loopback and CLICKHOUSE_NETWORKS, and are refused from anywhere else', async () => {
        for (const [user, password] of [[settings.clickhouse_user, settings.clickhouse_password],
            [settings.clickhouse_readonly_user, settings.clickhouse_readonly_password]]) {
            assert.deepEqual(await queryFrom(NODE_IP, http, '127.0.0.1', 'SELECT 1', user, password), { status: 200, body: '1' }, `${user} from loopback`);
            assert.deepEqual(await queryFrom(NODE_IP, http, NODE_IP, 'SELECT 1', user, password), { status: 200, body: '1' }, `${user} from ${NODE_IP}/32`);
            const refused = await queryFrom(NODE_IP, http, OUTSIDE, 'SELECT 1', user, password);
            assert.notEqual(refused.status, 200, `${user} from ${OUTSIDE}`);
            assert.match(refused.body, new RegExp(`${user} is not allowed to connect from address ${OUTSIDE.replaceAll('.', '\\.')}`));
        }
    });

    test('macros name the member: shard, replica and cluster', async () => {
        const macros = await query('SELECT macro, substitution FROM system.macros ORDER BY macro FORMAT TSV', settings.clickhouse_user, settings.clickhouse_password);
        assert.equal(macros.body, `cluster\t${settings.clickhouse_cluster}\nreplica\tclickhouse-2-1\nshard\t2`);
    });

    test('the cluster has every shard and replica, reached on the native port', async () => {
        const sql = `SELECT shard_num, replica_num, host_name, port FROM system.clusters WHERE cluster = '${settings.clickhouse_cluster}' ORDER BY shard_num, replica_num FORMAT TSV`;
        const rows = (await query(sql, settings.clickhouse_user, settings.clickhouse_password)).body.split('\n');
        const expected = [];
        for (let s = 1; s <= settings.clickhouse_shards; s++) {
            for (let r = 1; r <= settings.clickhouse_replicas; r++) expected.push(`${s}\t${r}\tclickhouse-${s}-${r}.${settings.service_domain}\t${settings.clickhouse_tcp_port}`);
        }
        assert.deepEqual(rows, expected);
    });

    test('the Keeper members are the server\'s ZooKeeper ensemble (18.16 reads <zookeeper> as modern servers do)', async () => {
        // Nothing listens there in this check: the server's answer names the ensemble it tried.
        const answer = await query("SELECT name FROM system.zookeeper WHERE path = '/'", settings.clickhouse_user, settings.clickhouse_password);
        assert.notEqual(answer.status, 200);
        const addresses = /Addresses: ([^\n]*)/.exec(answer.body);
        assert.ok(addresses, answer.body);
        const tried = [...addresses[1].matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
        assert.equal(tried.length, settings.clickhouse_keeper_nodes, answer.body);
        assert.ok(tried.every((port) => port === settings.clickhouse_keeper_port), answer.body);
    });

    test('18.16 cannot use the storage policies: it has no system.storage_policies (a modern server is needed)', async () => {
        const answer = await query('SELECT * FROM system.storage_policies', settings.clickhouse_user, settings.clickhouse_password);
        assert.notEqual(answer.status, 200);
        assert.match(answer.body, /doesn't exist|Unknown table/);
    });
});
