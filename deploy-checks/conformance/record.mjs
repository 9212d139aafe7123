// Records a real Terraform's answer for every case in cases.json:  node conformance/record.mjs
// Needs a terraform binary on PATH (none is needed to run the tests, which only read the recorded answers).
// An expression case is evaluated as jsonencode(<expr>) in `terraform console`; a template case as
// jsonencode(templatefile(<file holding the template>, jsondecode(<vars as JSON>))).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const file = new URL('./cases.json', import.meta.url);
const doc = JSON.parse(readFileSync(file, 'utf8'));
const quiet = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' };
const version = JSON.parse(execFileSync('terraform', ['version', '-json'], { encoding: 'utf8', env: quiet })).terraform_version;

// An HCL string literal holding `text`: JSON's escapes are HCL's, only template sequences need doubling.
const hclString = (text) => JSON.stringify(text).replaceAll('${', '$${').replaceAll('%{', '%%{');

const dir = mkdtempSync(join(tmpdir(), 'tf-conformance-'));
try {
    for (const c of doc.cases) {
        let input;
        if ('template' in c) {
            writeFileSync(join(dir, 't.tftpl'), c.template);
            input = `jsonencode(templatefile("t.tftpl", jsondecode(${hclString(JSON.stringify(c.vars))})))`;
        } else {
            input = `jsonencode(${c.expr})`;
        }
        const run = spawnSync('terraform', ['console'], { cwd: dir, input: `${input}\n`, encoding: 'utf8', env: quiet });
        const plain = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');
        const lines = plain(run.stdout).split('\n').filter((l) => l.trim() !== '');
        if (run.status === 0 && lines.length === 1 && lines[0].startsWith('"')) {
            c.expected = { value: JSON.parse(JSON.parse(lines[0])) };
        } else {
            const summary = /Error: (.*)/.exec(plain(run.stderr + run.stdout));
            c.expected = { error: summary ? summary[1].trim() : `exit ${run.status}` };
        }
        if (c.evaluator === undefined) delete c.evaluator;
        process.stdout.write(`${JSON.stringify(c.expr ?? c.template)} -> ${JSON.stringify(c.expected)}\n`);
    }
} finally {
    rmSync(dir, { recursive: true, force: true });
}
doc.terraform = version;
writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
