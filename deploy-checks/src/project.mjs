// Where things are in the Spotlight repository, and how the settings files are read.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TERRAFORM_DIR = join(ROOT, 'terraform');
export const NOMAD_DIR = join(ROOT, 'nomad');
export const EXAMPLE_ENV = join(ROOT, 'example.env');
export const LOCAL_ENV = join(ROOT, 'stack', 'local.env');
export const COMPOSE_FILE = join(ROOT, 'compose.yaml');

export function read(path) {
    return readFileSync(path, 'utf8');
}

// The structure of an env file: each setting with the comment block it sits under and its section.
// Values are not taken from here (see tfVars below): only the layout and the documentation are checked.
export function parseEnvLayout(text) {
    const entries = [];
    let comment = [];
    let section = null;
    let previous = null;
    text.split('\n').forEach((raw, index) => {
        const line = raw.replace(/\r$/, '');
        const header = /^#\s*---\s*(.+?)\s*-*$/.exec(line);
        if (header) {
            section = header[1];
            comment = [];
            previous = null;
        } else if (/^\s*#/.test(line)) {
            comment.push(line.replace(/^\s*#\s?/, ''));
            previous = null;
        } else if (line.trim() === '') {
            comment = [];
            previous = null;
        } else {
            const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
            if (!match) throw new Error(`line ${index + 1}: not NAME=value: ${line}`);
            // A setting directly under another one shares that one's comment (such as a pair of ports).
            const documentation = comment.length > 0 ? comment.join(' ') : previous?.documentation ?? '';
            const entry = { name: match[1], value: match[2], line: index + 1, section, documentation };
            entries.push(entry);
            comment = [];
            previous = entry;
        }
    });
    return entries;
}

// The TF_VAR_* variables terraform/spotlight-tf derives from an env file, read the way operators use them:
// its --print output is eval'ed by bash and the resulting environment read back. Only the given overrides
// and PATH are in the environment, so the file (and nothing from the caller's shell) supplies the values.
export function tfVars(envFile = EXAMPLE_ENV, overrides = {}) {
    const script = 'eval "$("$1" --print)" && env -0';
    const out = execFileSync('bash', ['-c', script, 'tfvars', join(TERRAFORM_DIR, 'spotlight-tf')], {
        env: { PATH: process.env.PATH, ENV_FILE: envFile, ...overrides },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const vars = {};
    for (const pair of out.split('\0')) {
        const match = /^TF_VAR_([a-z0-9_]+)=([\s\S]*)$/.exec(pair);
        if (match) vars[match[1]] = match[2];
    }
    return vars;
}
