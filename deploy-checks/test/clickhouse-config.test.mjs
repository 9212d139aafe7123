// The ClickHouse configuration the deployment writes on each server, read the way the server reads it:
// rendered by Terraform, then by Nomad's template runner (member meta and secrets), then parsed as XML.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import { clickhouseFiles } from '../src/clickhouse.mjs';
import { SKIP } from '../src/terraform.mjs';
import { parseXml } from '../src/xml.mjs';

const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');

const SERVER_ARRAYS = ['clickhouse.remote_servers.spotlight.shard', 'clickhouse.remote_servers.spotlight.shard.replica', 'clickhouse.zookeeper.node'];

describe('ClickHouse configuration (config.d, users.d) as the servers read it', { skip: SKIP }, () => {
    for (const scenario of ['example', 'scaled']) {
        test(`${scenario}: every file is well-formed XML with nothing left to fill in`, async () => {
            const groups = scenario === 'example' ? ['server-1-1'] : ['server-1-1', 'server-2-2', 'keeper-3'];
            for (const group of groups) {
                const { files } = await clickhouseFiles(scenario, group);
                for (const [destination, text] of Object.entries(files)) {
                    parseXml(text, `${group} ${destination}`);
                    assert.doesNotMatch(text, /\{\{|\}\}|\$\{|%\{/, `${group} ${destination}`);
                }
            }
        });

        test(`${scenario}: the S3 disk is on the MinIO bucket, under the server's own prefix, with the S3 keys`, async () => {
            const { files, settings, result } = await clickhouseFiles(scenario, 'server-1-1');
            const storage = parseXml(files['local/storage.xml'], 'storage.xml').clickhouse.storage_configuration;
            const s3 = storage.disks.s3;
            assert.equal(s3.type, 's3');
            assert.equal(s3.endpoint, `${result.render.s3_endpoint}/${settings.s3_bucket_clickhouse}/clickhouse-1-1/`);
            assert.equal(result.render.s3_endpoint, 'http://minio.service.consul:9000', 'the deployment\'s own MinIO');
            assert.equal(s3.access_key_id, settings.s3_access_key);
            assert.equal(s3.secret_access_key, settings.s3_secret_key);
            assert.equal(s3.region, settings.s3_region);
            assert.deepEqual(storage.disks.s3_cache, {
                type: 'cache', disk: 's3', path: 's3_cache', max_size: settings.clickhouse_s3_cache_size,
            });
        });

        test(`${scenario}: the storage policies s3_main and hot_to_s3 exist and use only defined disks`, async () => {
            const { files } = await clickhouseFiles(scenario, 'server-1-1');
            const storage = parseXml(files['local/storage.xml'], 'storage.xml').clickhouse.storage_configuration;
            assert.deepEqual(Object.keys(storage.policies), ['s3_main', 'hot_to_s3']);
            assert.deepEqual(storage.policies.s3_main.volumes, { main: { disk: 's3_cache' } });
            assert.deepEqual(storage.policies.hot_to_s3.volumes, { hot: { disk: 'default' }, cold: { disk: 's3_cache' } });
            const disks = new Set([...Object.keys(storage.disks), 'default']);
            for (const policy of Object.values(storage.policies)) {
                for (const volume of Object.values(policy.volumes)) assert.ok(disks.has(volume.disk), volume.disk);
            }
        });

        test(`${scenario}: users: the writer and the read-only user with SHA-256 passwords, default user on loopback`, async () => {
            const { files, settings } = await clickhouseFiles(scenario, 'server-1-1');
            const users = parseXml(files['secrets/users.xml'], 'users.xml').clickhouse;
            const writer = users.users[settings.clickhouse_user];
            const reader = users.users[settings.clickhouse_readonly_user];
            assert.equal(writer.password_sha256_hex, sha256(settings.clickhouse_password));
            assert.equal(reader.password_sha256_hex, sha256(settings.clickhouse_readonly_password));
            assert.equal(users.profiles[reader.profile].readonly, '2');
            assert.equal(users.users.default.networks['@replace'], 'replace');
            assert.deepEqual(users.users.default.networks.ip, ['127.0.0.1', '::1']);
        });

        test(`${scenario}: users connect from loopback and CLICKHOUSE_NETWORKS only, never from anywhere`, async () => {
            const { files, settings } = await clickhouseFiles(scenario, 'server-1-1');
            const users = parseXml(files['secrets/users.xml'], 'users.xml', ['clickhouse.users.spotlight.networks.ip',
                'clickhouse.users.spotlight_reader.networks.ip']).clickhouse.users;
            // address/dotted mask: the form every ClickHouse reads alike (18.16 mis-reads a prefix length on IPv4).
            assert.equal(settings.clickhouse_networks, '10.0.1.0/24,10.0.2.0/24');
            const allowed = ['127.0.0.1', '::1', '10.0.1.0/255.255.255.0', '10.0.2.0/255.255.255.0'];
            for (const user of [settings.clickhouse_user, settings.clickhouse_readonly_user]) {
                assert.deepEqual(users[user].networks.ip, allowed, user);
                for (const key of Object.keys(users[user].networks)) assert.equal(key, 'ip', `${user}: networks by ${key}`);
            }
            assert.doesNotMatch(files['secrets/users.xml'], /::\/0|0\.0\.0\.0/);
        });

        test(`${scenario}: the server listens on loopback and the node's address, the interserver port on the node's only`, async () => {
            const { files } = await clickhouseFiles(scenario, 'server-1-1', {}, '10.0.1.7');
            const server = parseXml(files['local/spotlight.xml'], 'spotlight.xml', ['clickhouse.listen_host']).clickhouse;
            assert.deepEqual(server.listen_host, ['127.0.0.1', '10.0.1.7']);
            assert.equal(server.interserver_listen_host, '10.0.1.7');
        });

        test(`${scenario}: ports, macros and (when clustered) the cluster, Keeper and replica defaults`, async () => {
            const { files, settings } = await clickhouseFiles(scenario, 'server-1-1');
            const server = parseXml(files['local/spotlight.xml'], 'spotlight.xml', SERVER_ARRAYS).clickhouse;
            assert.equal(server.http_port, String(settings.clickhouse_http_port));
            assert.equal(server.tcp_port, String(settings.clickhouse_tcp_port));
            assert.equal(server.interserver_http_port, String(settings.clickhouse_interserver_port));
            assert.deepEqual(server.macros, { cluster: settings.clickhouse_cluster, shard: '1', replica: 'clickhouse-1-1' });
            const clustered = settings.clickhouse_shards * settings.clickhouse_replicas > 1;
            assert.equal('remote_servers' in server, clustered);
            if (!clustered) return;
            const cluster = server.remote_servers[settings.clickhouse_cluster];
            assert.equal(cluster.shard.length, settings.clickhouse_shards);
            cluster.shard.forEach((shard, s) => {
                assert.equal(shard.internal_replication, 'true');
                assert.deepEqual(shard.replica.map((r) => r.host), Array.from({ length: settings.clickhouse_replicas },
                    (_, r) => `clickhouse-${s + 1}-${r + 1}.${settings.service_domain}`));
            });
            assert.equal(server.zookeeper.node.length, settings.clickhouse_keeper_nodes);
            assert.equal(server.default_replica_path, '/clickhouse/tables/{shard}/{database}/{table}');
            assert.equal(cluster.secret, server.interserver_http_credentials.password);
            assert.match(cluster.secret, /^[0-9a-f]{64}$/);
        });
    }

    test('scaled: each server gets its own macros and S3 prefix; each Keeper member its id', async () => {
        const { files } = await clickhouseFiles('scaled', 'server-2-1');
        const server = parseXml(files['local/spotlight.xml'], 'spotlight.xml').clickhouse;
        assert.deepEqual(server.macros, { cluster: 'spotlight', shard: '2', replica: 'clickhouse-2-1' });
        assert.match(parseXml(files['local/storage.xml'], 'storage.xml').clickhouse.storage_configuration.disks.s3.endpoint, /\/clickhouse-2-1\/$/);
        const keeperXml = parseXml((await clickhouseFiles('scaled', 'keeper-2', {}, '10.0.1.9')).files['local/keeper.xml'], 'keeper.xml').clickhouse;
        assert.equal(keeperXml.listen_host, '10.0.1.9', 'Keeper answers on the node\'s address only');
        assert.equal(keeperXml.interserver_listen_host, '10.0.1.9', 'Raft between members on the node\'s address only');
        const keeper = keeperXml.keeper_server;
        assert.equal(keeper.server_id, '2');
        assert.deepEqual(keeper.raft_configuration.server.map((s) => s.hostname),
            ['clickhouse-keeper-1.service.consul', 'clickhouse-keeper-2.service.consul', 'clickhouse-keeper-3.service.consul']);
    });

    test('external: with CLICKHOUSE_URL set there is no ClickHouse job to deploy, and S3_ENDPOINT is used as given', async () => {
        const { result } = await clickhouseFiles('external', 'server-1-1');
        assert.equal(result.render.deploy.clickhouse, false);
        assert.equal(result.render.s3_endpoint, 'https://s3.example.org');
    });
});
