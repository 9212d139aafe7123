// The local stack keeps its secrets off process command lines, which every user of the machine can read (ps,
// /proc/<pid>/cmdline): the services read them from files of mode 600, curl and clickhouse-client get them on standard
// input or in such a file. Checked on the running stack ./spotlight test starts, with its own generated secrets.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { requireEnv } from '../src/processes.mjs';
import { ROOT } from '../src/project.mjs';

const SECRETS = ['CLICKHOUSE_PASSWORD', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'NIFI_SENSITIVE_PROPS_KEY'];
const home = requireEnv('SPOTLIGHT_HOME');
const secrets = Object.fromEntries(SECRETS.map((name) => [name, requireEnv(name)]));

// Runs a function of stack/lib.sh and stack/services/*.sh in bash, with the stack's settings in the environment.
function stackShell(script, env = {}) {
    const sources = ['stack/lib.sh', ...readdirSync(join(ROOT, 'stack', 'services')).map((f) => `stack/services/${f}`)]
        .map((f) => `source "${join(ROOT, f)}"`).join('; ');
    return spawnSync('bash', ['-c', `${sources}; ${script}`], { encoding: 'utf8', env: { ...process.env, SPOTLIGHT_ROOT: ROOT, ...env } });
}

const dirs = [];

describe('the local stack keeps its secrets off command lines', () => {
    after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

    test('no process of the stack has a secret on its command line', () => {
        const run = join(home, 'run');
        const services = readdirSync(run).filter((f) => f.endsWith('.pid')).map((f) => [f.replace(/\.pid$/, ''), readFileSync(join(run, f), 'utf8').trim()]);
        assert.ok(services.length >= 4, `expected the stack's services to run: ${services.map(([s]) => s)}`);
        for (const [service, leader] of services) {
            // start_detached puts each service in a session of its own: every process of that group.
            const pids = spawnSync('pgrep', ['-s', leader], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
            assert.ok(pids.length >= 1, `${service}: no process`);
            for (const pid of pids) {
                const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
                for (const [name, value] of Object.entries(secrets)) assert.ok(!commandLine.includes(value), `${service} (pid ${pid}) has ${name} on its command line`);
            }
        }
    });

    test('the files that hold secrets are readable by their owner only', () => {
        const files = ['secrets.env', 'clickhouse/conf/users.xml', 's3proxy/s3proxy.properties', 'nifi/conf/nifi.properties'].map((f) => join(home, f));
        for (const file of files.filter(existsSync)) assert.equal((statSync(file).mode & 0o777).toString(8), '600', file);
        assert.ok(files.filter(existsSync).length >= 3);
    });

    test('clickhouse_sql (./spotlight sql) gives curl the password on standard input, and the real server accepts it', () => {
        const dir = mkdtempSync(join(tmpdir(), 'spotlight-curl-'));
        dirs.push(dir);
        // A stand-in curl that records its arguments and its standard input, then runs the real curl with both.
        const realCurl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
        writeFileSync(join(dir, 'curl'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\ntee "${dir}/stdin" | exec "${realCurl}" "$@"\n`);
        chmodSync(join(dir, 'curl'), 0o755);
        const run = stackShell('clickhouse_sql "SELECT 40 + 2"', { PATH: `${dir}:${process.env.PATH}` });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stdout.trim(), '42');
        const args = readFileSync(join(dir, 'args'), 'utf8');
        assert.ok(!args.includes(secrets.CLICKHOUSE_PASSWORD), 'the password is on curl\'s command line');
        assert.match(args, /^--config\n-$/m);
        assert.equal(readFileSync(join(dir, 'stdin'), 'utf8'), `user = "${requireEnv('CLICKHOUSE_USER')}:${secrets.CLICKHOUSE_PASSWORD}"\n`);
    });

    test('curl_credentials and clickhouse_client_config quote what they are given: the real programs read it back', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'spotlight-quote-'));
        dirs.push(dir);
        const awkward = 'p"a\\s&<w>\'d';
        // What curl sends, as a server sees it.
        let authorization;
        const server = createServer((req, res) => {
            authorization = req.headers.authorization;
            res.end('ok');
        });
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
            const script = `curl_credentials 'u"ser' "$AWKWARD" | curl -sS --config - http://127.0.0.1:${server.address().port}/`;
            const sources = ['stack/lib.sh'].map((f) => `source "${join(ROOT, f)}"`).join('; ');
            const curl = spawn('bash', ['-c', `${sources}; ${script}`], { env: { ...process.env, AWKWARD: awkward } });
            const status = await new Promise((resolve) => curl.on('exit', resolve));
            assert.equal(status, 0);
        } finally {
            server.close();
        }
        assert.equal(Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString(), `u"ser:${awkward}`);
        const file = join(dir, 'client.xml');
        const config = stackShell(`clickhouse_client_config "${file}"`, { CLICKHOUSE_USER: 'u&ser', CLICKHOUSE_PASSWORD: awkward });
        assert.equal(config.status, 0, config.stderr);
        assert.equal((statSync(file).mode & 0o777).toString(8), '600');
        const parsed = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as ET; r = ET.parse(sys.argv[1]).getroot(); print(r.find("user").text); print(r.find("password").text)', file], { encoding: 'utf8' });
        assert.equal(parsed.stdout, `u&ser\n${awkward}\n`);
    });

    test('clickhouse-client 18.16 logs in with the configuration file clickhouse_client_config writes', () => {
        const dir = mkdtempSync(join(tmpdir(), 'spotlight-client-'));
        dirs.push(dir);
        const file = join(dir, 'client.xml');
        assert.equal(stackShell(`clickhouse_client_config "${file}"`).status, 0);
        const run = spawnSync('clickhouse-client', ['--config-file', file, '--host', '127.0.0.1', '--port', requireEnv('CLICKHOUSE_TCP_PORT'),
            '--query', 'SELECT 6 * 7'], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stdout.trim(), '42');
    });
});
