// The few consul-template actions Spotlight's Nomad templates use, evaluated the way Nomad's template runner
// evaluates them on a node, so that tests can read the files a task would get. Anything else is an error:
//   {{ with nomadVar "<path>" }} ... {{ end }}   items of a Nomad variable (dot is the items map)
//   {{ with .key }} ... {{ end }}                 skipped when the item is missing or empty
//   {{ .key }}  {{ . }}  {{ .key | sha256Hex }}   an item, the current value, its SHA-256 in hex
//   {{ env "NAME" }}                              the task's environment (NOMAD_META_* and the like)

import { createHash } from 'node:crypto';

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/gs;

export function renderConsulTemplate(text, { variables = {}, env = {} }) {
    const tokens = [];
    let last = 0;
    for (const match of text.matchAll(ACTION)) {
        tokens.push({ literal: text.slice(last, match.index) });
        tokens.push({ action: match[1], at: match.index });
        last = match.index + match[0].length;
    }
    tokens.push({ literal: text.slice(last) });
    let pos = 0;

    const value = (expr, dot) => {
        const [head, ...pipes] = expr.split('|').map((s) => s.trim());
        let v;
        let m;
        if (head === '.') v = dot;
        else if ((m = /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(head))) {
            if (dot === null || typeof dot !== 'object') throw new Error(`{{ ${expr} }}: no map in scope`);
            v = dot[m[1]] ?? '';
        } else if ((m = /^env\s+"([^"]+)"$/.exec(head))) {
            if (!(m[1] in env)) throw new Error(`{{ ${expr} }}: the task environment has no ${m[1]}`);
            v = env[m[1]];
        } else if ((m = /^nomadVar\s+"([^"]+)"$/.exec(head))) {
            if (!(m[1] in variables)) throw new Error(`{{ ${expr} }}: no Nomad variable at ${m[1]}`);
            v = variables[m[1]];
        } else {
            throw new Error(`{{ ${expr} }} is not an action this emulator knows`);
        }
        for (const pipe of pipes) {
            if (pipe !== 'sha256Hex') throw new Error(`{{ ${expr} }}: unknown function ${pipe}`);
            v = createHash('sha256').update(String(v), 'utf8').digest('hex');
        }
        return v;
    };

    const block = (dot, untilEnd) => {
        let out = '';
        while (pos < tokens.length) {
            const token = tokens[pos++];
            if ('literal' in token) {
                out += token.literal;
                continue;
            }
            if (token.action === 'end') {
                if (!untilEnd) throw new Error('{{ end }} without {{ with }}');
                return out;
            }
            const withMatch = /^with\s+(.+)$/.exec(token.action);
            if (withMatch) {
                const v = value(withMatch[1], dot);
                const inner = block(v, true);
                if (v !== '' && v !== null && v !== undefined) out += inner;
                continue;
            }
            const v = value(token.action, dot);
            if (typeof v === 'object') throw new Error(`{{ ${token.action} }} renders a map`);
            out += String(v);
        }
        if (untilEnd) throw new Error('{{ with }} without {{ end }}');
        return out;
    };
    return block(null, false);
}
