// Helpers of the integration checks: free loopback ports, waiting for a condition, running a command.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePorts(count) {
    const servers = [];
    for (let i = 0; i < count; i++) {
        const server = createServer();
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
        servers.push(server);
    }
    const ports = servers.map((s) => s.address().port);
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    return ports;
}

export async function waitFor(what, seconds, probe) {
    const deadline = Date.now() + seconds * 1000;
    let last;
    while (Date.now() < deadline) {
        try {
            if (await probe()) return;
        } catch (e) {
            last = e;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${what} within ${seconds} s${last ? `: ${last.message}` : ''}`);
}

export function run(command, args, options = {}) {
    const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
    if (result.error) throw result.error;
    return result;
}

export function requireEnv(name) {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: integration checks run inside ./spotlight test, which exports the stack's settings`);
    return value;
}
