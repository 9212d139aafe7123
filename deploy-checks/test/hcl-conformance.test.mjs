// The HCL evaluator (src/hcl.mjs) against answers recorded from a real Terraform (conformance/record.mjs):
// the renders the other checks rely on are only as good as this agreement.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { HclError, SUPPORTED_FUNCTIONS, evaluate, parseExpression, renderTemplate } from '../src/hcl.mjs';
import { PURE_HOST_FUNCTIONS } from '../src/terraform.mjs';

const doc = JSON.parse(readFileSync(new URL('../conformance/cases.json', import.meta.url), 'utf8'));
const scope = { vars: {}, functions: PURE_HOST_FUNCTIONS };

function run(c) {
    if ('template' in c) return renderTemplate(c.template, c.vars, 'case', PURE_HOST_FUNCTIONS);
    return evaluate(parseExpression(c.expr), scope);
}

describe('HCL evaluator agrees with Terraform', () => {
    test(`answers were recorded with a real Terraform (${doc.terraform})`, () => {
        assert.match(doc.terraform ?? '', /^1\.\d+\.\d+/);
        const missing = doc.cases.filter((c) => !c.expected);
        assert.deepEqual(missing, [], 'run node conformance/record.mjs after adding cases');
    });

    for (const c of doc.cases) {
        const title = 'template' in c ? `templatefile ${JSON.stringify(c.template)} with ${JSON.stringify(c.vars)}` : c.expr;
        test(title, () => {
            if (c.evaluator?.startsWith('refuses')) {
                assert.throws(() => run(c), HclError, 'the evaluator must refuse what it cannot compute exactly');
            } else if ('error' in c.expected) {
                assert.throws(() => run(c), HclError, `Terraform answered: ${c.expected.error}`);
            } else {
                assert.deepEqual(run(c), c.expected.value);
            }
        });
    }

    test('every function the evaluator offers has a recorded case', () => {
        const used = new Set(doc.cases.flatMap((c) => [...(c.expr ?? c.template).matchAll(/([a-z0-9]+)\(/g)].map((m) => m[1])));
        const untested = [...SUPPORTED_FUNCTIONS, ...Object.keys(PURE_HOST_FUNCTIONS)].filter((f) => !used.has(f));
        assert.deepEqual(untested, []);
    });
});
