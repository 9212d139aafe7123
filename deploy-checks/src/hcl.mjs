// An evaluator for the subset of HCL 2 expressions and templates that Spotlight's Terraform configuration and
// nomad/ templates use, with the semantics of Terraform's templatefile() and of Terraform expressions.
//
// Syntax is checked elsewhere by HashiCorp's own HCL parser (compiled to WebAssembly, @cdktf/hcl2json); this
// module exists because no HCL *evaluator* is obtainable from npm and no terraform binary on the build machines.
// It is deliberately strict: anything outside the subset (an unknown function, a splat, non-integer arithmetic,
// heredocs inside expressions) is an error rather than a guess, and its answers are compared with answers
// recorded from a real Terraform (conformance/cases.json) in every test run.

export class HclError extends Error {}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/; // HCL identifiers may contain dashes: "i-1" is one identifier.

// ---------------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------------

class Parser {
    constructor(src, name) {
        this.src = src;
        this.name = name;
        this.pos = 0;
    }

    fail(message, at = this.pos) {
        const before = this.src.slice(0, at);
        const line = before.split('\n').length;
        const column = at - before.lastIndexOf('\n');
        throw new HclError(`${this.name}:${line},${column}: ${message}`);
    }

    // --- templates ---------------------------------------------------------------------------------------

    // Parses template source up to `terminator` (end of input for template files, '"' for quoted strings).
    // Backslash escapes are processed only in quoted strings, as in HCL.
    parseTemplate(quoted) {
        const tokens = [];
        let text = '';
        // HCL scans literal text line by line: each line, with its newline, is a token of its own, and a strip
        // marker trims only the token next to it ("A\n  %{~ if x }" keeps the newline after A).
        const flush = () => {
            for (const line of text.split(/(?<=\n)/)) tokens.push({ kind: 'literal', text: line });
            text = '';
        };
        for (;;) {
            if (this.pos >= this.src.length) {
                if (quoted) this.fail('unterminated string');
                break;
            }
            const c = this.src[this.pos];
            if (quoted && c === '"') {
                this.pos++;
                break;
            }
            if (quoted && c === '\n') this.fail('newline in a quoted string');
            if (this.src.startsWith('$${', this.pos) || this.src.startsWith('%%{', this.pos)) {
                text += c + '{';
                this.pos += 3;
            } else if (this.src.startsWith('${', this.pos)) {
                flush();
                tokens.push(this.parseInterpolation());
            } else if (this.src.startsWith('%{', this.pos)) {
                flush();
                tokens.push(this.parseDirective());
            } else if (quoted && c === '\\') {
                text += this.parseEscape();
            } else {
                text += c;
                this.pos++;
            }
        }
        flush();
        applyStripMarkers(tokens);
        return buildTemplate(tokens, this);
    }

    parseEscape() {
        const start = this.pos;
        const c = this.src[this.pos + 1];
        this.pos += 2;
        const simple = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (c in simple) return simple[c];
        if (c === 'u' || c === 'U') {
            const length = c === 'u' ? 4 : 8;
            const hex = this.src.slice(this.pos, this.pos + length);
            if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== length) this.fail('invalid unicode escape', start);
            this.pos += length;
            return String.fromCodePoint(parseInt(hex, 16));
        }
        this.fail(`invalid escape sequence \\${c}`, start);
    }

    openMarker() {
        const at = this.pos;
        this.pos += 2;
        const strip = this.src[this.pos] === '~';
        if (strip) this.pos++;
        return { at, strip };
    }

    closeMarker(what) {
        this.skipSpace();
        const strip = this.src[this.pos] === '~';
        if (strip) this.pos++;
        if (this.src[this.pos] !== '}') this.fail(`expected "}" to close ${what}`);
        this.pos++;
        return strip;
    }

    parseInterpolation() {
        const open = this.openMarker();
        const expr = this.parseExpression();
        const stripRight = this.closeMarker('the interpolation');
        return { kind: 'interp', expr, stripLeft: open.strip, stripRight, at: open.at };
    }

    parseDirective() {
        const open = this.openMarker();
        this.skipSpace();
        const keyword = this.readIdent();
        let token;
        if (keyword === 'if') {
            token = { kind: 'if', cond: this.parseExpression() };
        } else if (keyword === 'for') {
            this.skipSpace();
            let first = this.readIdent();
            let second = null;
            this.skipSpace();
            if (this.src[this.pos] === ',') {
                this.pos++;
                this.skipSpace();
                second = this.readIdent();
            }
            this.skipSpace();
            if (this.readIdent() !== 'in') this.fail('expected "in" in a for directive');
            const collection = this.parseExpression();
            token = second === null
                ? { kind: 'for', keyVar: null, valueVar: first, collection }
                : { kind: 'for', keyVar: first, valueVar: second, collection };
        } else if (keyword === 'else' || keyword === 'endif' || keyword === 'endfor') {
            token = { kind: keyword };
        } else {
            this.fail(`unknown template directive "${keyword}"`, open.at);
        }
        token.stripLeft = open.strip;
        token.stripRight = this.closeMarker(`the ${keyword} directive`);
        token.at = open.at;
        return token;
    }

    // --- expressions -------------------------------------------------------------------------------------

    skipSpace() {
        for (;;) {
            const c = this.src[this.pos];
            if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
                this.pos++;
            } else if (c === '#' || this.src.startsWith('//', this.pos)) {
                while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
            } else if (this.src.startsWith('/*', this.pos)) {
                const end = this.src.indexOf('*/', this.pos + 2);
                if (end < 0) this.fail('unterminated comment');
                this.pos = end + 2;
            } else {
                return;
            }
        }
    }

    readIdent() {
        const start = this.pos;
        if (!IDENT_START.test(this.src[this.pos] ?? '')) this.fail('expected an identifier');
        while (this.pos < this.src.length && IDENT_PART.test(this.src[this.pos])) this.pos++;
        return this.src.slice(start, this.pos);
    }

    peek(text) {
        this.skipSpace();
        return this.src.startsWith(text, this.pos);
    }

    accept(text) {
        if (this.peek(text)) {
            this.pos += text.length;
            return true;
        }
        return false;
    }

    expect(text) {
        if (!this.accept(text)) this.fail(`expected "${text}"`);
    }

    parseExpression() {
        const cond = this.parseBinary(0);
        if (this.accept('?')) {
            const then = this.parseExpression();
            this.expect(':');
            const otherwise = this.parseExpression();
            return { kind: 'conditional', cond, then, otherwise };
        }
        return cond;
    }

    parseBinary(level) {
        const levels = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];
        if (level === levels.length) return this.parseUnary();
        let left = this.parseBinary(level + 1);
        for (;;) {
            this.skipSpace();
            const op = levels[level].find((candidate) => this.src.startsWith(candidate, this.pos)
                && !(candidate === '<' && this.src.startsWith('<<', this.pos))
                && !(candidate === '*' && this.src.startsWith('*]', this.pos)));
            if (!op) return left;
            this.pos += op.length;
            left = { kind: 'binary', op, left, right: this.parseBinary(level + 1) };
        }
    }

    parseUnary() {
        if (this.accept('!')) return { kind: 'unary', op: '!', operand: this.parseUnary() };
        if (this.peek('-') && !/[0-9]/.test(this.src[this.pos + 1] ?? '')) {
            this.pos++;
            return { kind: 'unary', op: '-', operand: this.parseUnary() };
        }
        return this.parsePostfix(this.parsePrimary());
    }

    parsePostfix(expr) {
        for (;;) {
            if (this.peek('.*') || this.peek('[*]')) this.fail('splat expressions are not supported');
            if (this.peek('...')) return expr;
            if (this.accept('.')) {
                this.skipSpace();
                if (/[0-9]/.test(this.src[this.pos])) {
                    const start = this.pos;
                    while (/[0-9]/.test(this.src[this.pos] ?? '')) this.pos++;
                    expr = { kind: 'index', target: expr, key: { kind: 'literal', value: Number(this.src.slice(start, this.pos)) } };
                } else {
                    expr = { kind: 'attr', target: expr, name: this.readIdent() };
                }
            } else if (this.accept('[')) {
                const key = this.parseExpression();
                this.expect(']');
                expr = { kind: 'index', target: expr, key };
            } else {
                return expr;
            }
        }
    }

    parsePrimary() {
        this.skipSpace();
        const c = this.src[this.pos];
        const at = this.pos;
        if (c === undefined) this.fail('unexpected end of expression');
        if (/[0-9-]/.test(c)) {
            const match = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos));
            if (!match) this.fail('invalid number');
            this.pos += match[0].length;
            return { kind: 'literal', value: Number(match[0]) };
        }
        if (c === '"') {
            this.pos++;
            return this.parseTemplate(true);
        }
        if (this.src.startsWith('<<', this.pos)) this.fail('heredocs inside expressions are not supported');
        if (c === '(') {
            this.pos++;
            const inner = this.parseExpression();
            this.expect(')');
            return inner;
        }
        if (c === '[') {
            this.pos++;
            if (this.peekKeyword('for')) return this.parseFor(']', at);
            const items = [];
            while (!this.accept(']')) {
                items.push(this.parseExpression());
                if (!this.accept(',')) {
                    this.expect(']');
                    break;
                }
            }
            return { kind: 'tuple', items };
        }
        if (c === '{') {
            this.pos++;
            if (this.peekKeyword('for')) return this.parseFor('}', at);
            const items = [];
            while (!this.accept('}')) {
                const key = this.parseObjectKey();
                if (!this.accept('=')) this.expect(':');
                items.push({ key, value: this.parseExpression() });
                this.accept(',');
            }
            return { kind: 'object', items };
        }
        if (IDENT_START.test(c)) {
            const name = this.readIdent();
            if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
            if (name === 'null') return { kind: 'literal', value: null };
            if (this.peek('(')) {
                this.pos++;
                const args = [];
                while (!this.accept(')')) {
                    args.push(this.parseExpression());
                    if (this.accept('...')) this.fail('argument expansion is not supported');
                    if (!this.accept(',')) {
                        this.expect(')');
                        break;
                    }
                }
                return { kind: 'call', name, args, at };
            }
            return { kind: 'variable', name, at };
        }
        this.fail(`unexpected character "${c}"`);
    }

    peekKeyword(word) {
        this.skipSpace();
        return this.src.startsWith(word, this.pos) && !IDENT_PART.test(this.src[this.pos + word.length] ?? '');
    }

    // An object key is a bare identifier (taken literally, as in HCL) or any expression.
    parseObjectKey() {
        this.skipSpace();
        const start = this.pos;
        if (IDENT_START.test(this.src[this.pos])) {
            const name = this.readIdent();
            if (this.peek('=') && !this.peek('==') || this.peek(':')) return { kind: 'literal', value: name };
            this.pos = start;
        }
        return this.parseExpression();
    }

    parseFor(close, at) {
        this.pos += 3;
        this.skipSpace();
        let keyVar = null;
        let valueVar = this.readIdent();
        if (this.accept(',')) {
            this.skipSpace();
            keyVar = valueVar;
            valueVar = this.readIdent();
        }
        this.skipSpace();
        if (this.readIdent() !== 'in') this.fail('expected "in" in a for expression');
        const collection = this.parseExpression();
        this.expect(':');
        let keyExpr = null;
        let valueExpr = this.parseExpression();
        if (close === '}') {
            this.expect('=>');
            keyExpr = valueExpr;
            valueExpr = this.parseExpression();
            if (this.accept('...')) this.fail('grouping for expressions are not supported');
        }
        let cond = null;
        if (this.peekKeyword('if')) {
            this.pos += 2;
            cond = this.parseExpression();
        }
        this.expect(close);
        return { kind: 'for', object: close === '}', keyVar, valueVar, collection, keyExpr, valueExpr, cond, at };
    }
}

// HCL's strip markers: "~" after an opening "${" or "%{" trims all whitespace at the end of the literal token
// before it, "~" before the closing "}" trims all whitespace at the start of the literal token after it.
function applyStripMarkers(tokens) {
    for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i];
        if (token.kind !== 'literal') continue;
        if (i > 0 && tokens[i - 1].stripRight) token.text = token.text.replace(/^\s+/u, '');
        if (i + 1 < tokens.length && tokens[i + 1].stripLeft) token.text = token.text.replace(/\s+$/u, '');
    }
}

// Turns the flat token list into a tree of literals, interpolations, conditionals and loops.
function buildTemplate(tokens, parser) {
    const root = { kind: 'template', parts: [] };
    const stack = [{ node: root, parts: root.parts }];
    for (const token of tokens) {
        const top = stack[stack.length - 1];
        switch (token.kind) {
            case 'literal':
                if (token.text !== '') top.parts.push({ kind: 'literal', value: token.text });
                break;
            case 'interp':
                top.parts.push({ kind: 'interp', expr: token.expr });
                break;
            case 'if': {
                const node = { kind: 'if', cond: token.cond, then: [], otherwise: [] };
                top.parts.push(node);
                stack.push({ node, parts: node.then, opener: 'if' });
                break;
            }
            case 'else':
                if (top.opener !== 'if' || top.parts !== top.node.then) parser.fail('else without a matching if', token.at);
                top.parts = top.node.otherwise;
                break;
            case 'endif':
                if (top.opener !== 'if') parser.fail('endif without a matching if', token.at);
                stack.pop();
                break;
            case 'for': {
                const node = { kind: 'forDirective', keyVar: token.keyVar, valueVar: token.valueVar, collection: token.collection, body: [] };
                top.parts.push(node);
                stack.push({ node, parts: node.body, opener: 'for' });
                break;
            }
            case 'endfor':
                if (top.opener !== 'for') parser.fail('endfor without a matching for', token.at);
                stack.pop();
                break;
            default:
                throw new Error(`unexpected token ${token.kind}`);
        }
    }
    if (stack.length > 1) parser.fail(`missing end${stack[stack.length - 1].opener}`);
    return root;
}

export function parseTemplate(src, name = 'template') {
    return new Parser(src, name).parseTemplate(false);
}

export function parseExpression(src, name = 'expression') {
    const parser = new Parser(src, name);
    const expr = parser.parseExpression();
    parser.skipSpace();
    if (parser.pos !== src.length) parser.fail('unexpected text after the expression');
    return expr;
}

// ---------------------------------------------------------------------------------------------------------
// Static analysis
// ---------------------------------------------------------------------------------------------------------

// The root names an expression or template reads that are not bound by its own for loops, as
// [{name, path}] where path is the attribute chain when it is static (var.x -> ["var", "x"]).
export function freeReferences(node) {
    const found = [];
    const visit = (n, bound) => {
        if (n === null || n === undefined) return;
        if (Array.isArray(n)) {
            n.forEach((child) => visit(child, bound));
            return;
        }
        switch (n.kind) {
            case 'literal':
                return;
            case 'variable':
                if (!bound.has(n.name)) found.push({ name: n.name, path: [n.name] });
                return;
            case 'attr': {
                const path = staticPath(n);
                if (path && !bound.has(path[0])) {
                    found.push({ name: path[0], path });
                    return;
                }
                visit(n.target, bound);
                return;
            }
            case 'template':
                visit(n.parts, bound);
                return;
            case 'interp':
                visit(n.expr, bound);
                return;
            case 'if':
                visit(n.cond, bound);
                visit(n.then, bound);
                visit(n.otherwise, bound);
                return;
            case 'forDirective':
            case 'for': {
                visit(n.collection, bound);
                const inner = new Set(bound);
                if (n.keyVar) inner.add(n.keyVar);
                inner.add(n.valueVar);
                visit(n.body ?? [n.keyExpr, n.valueExpr, n.cond], inner);
                return;
            }
            case 'conditional':
                visit([n.cond, n.then, n.otherwise], bound);
                return;
            case 'binary':
                visit([n.left, n.right], bound);
                return;
            case 'unary':
                visit(n.operand, bound);
                return;
            case 'index':
                visit([n.target, n.key], bound);
                return;
            case 'tuple':
                visit(n.items, bound);
                return;
            case 'object':
                n.items.forEach((item) => visit([item.key, item.value], bound));
                return;
            case 'call':
                visit(n.args, bound);
                return;
            default:
                throw new Error(`unknown node ${n.kind}`);
        }
    };
    visit(node, new Set());
    return found;
}

function staticPath(n) {
    if (n.kind === 'variable') return [n.name];
    if (n.kind === 'attr') {
        const parent = staticPath(n.target);
        return parent ? [...parent, n.name] : null;
    }
    return null;
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------------------

function typeName(v) {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'tuple';
    if (typeof v === 'object') return 'object';
    return typeof v;
}

// Terraform renders numbers in full decimal notation (1e21 -> "1000000000000000000000").
function numberToString(n) {
    if (Number.isInteger(n)) return BigInt(n).toString();
    return String(n);
}

export function toStr(v, what = 'value') {
    switch (typeof v) {
        case 'string': return v;
        case 'number': return numberToString(v);
        case 'boolean': return v ? 'true' : 'false';
        default:
            throw new HclError(`${what}: cannot use a ${typeName(v)} value as a string`);
    }
}

export function toNum(v, what = 'value') {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(v.trim())) return Number(v.trim());
    throw new HclError(`${what}: a number is required, got ${typeName(v)} ${JSON.stringify(v)}`);
}

export function toBool(v, what = 'value') {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    throw new HclError(`${what}: a bool is required, got ${typeName(v)} ${JSON.stringify(v)}`);
}

function requireInteger(n, op) {
    if (!Number.isInteger(n)) {
        throw new HclError(`"${op}" on the non-integer ${n}: Terraform computes in arbitrary precision, this evaluator does not`);
    }
    return n;
}

function deepEqual(a, b) {
    if (typeName(a) !== typeName(b)) return false;
    if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    if (a !== null && typeof a === 'object') {
        const keys = Object.keys(a);
        return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
    }
    return a === b;
}

function arithmetic(op, l, r) {
    const a = toNum(l, `left operand of ${op}`);
    const b = toNum(r, `right operand of ${op}`);
    switch (op) {
        case '+': return requireInteger(a + b, op);
        case '-': return requireInteger(a - b, op);
        case '*': return requireInteger(a * b, op);
        case '/':
            if (b === 0) throw new HclError('division by zero');
            return a / b;
        case '%':
            if (b === 0) throw new HclError('modulo by zero');
            return requireInteger(a, op) % requireInteger(b, op);
        default: throw new Error(op);
    }
}

function evalBinary(node, scope) {
    const { op } = node;
    if (op === '&&' || op === '||') {
        // Terraform evaluates both operands (no short-circuit), so an error on either side is an error.
        const l = toBool(evaluate(node.left, scope), `left operand of ${op}`);
        const r = toBool(evaluate(node.right, scope), `right operand of ${op}`);
        return op === '&&' ? l && r : l || r;
    }
    const l = evaluate(node.left, scope);
    const r = evaluate(node.right, scope);
    switch (op) {
        case '==': return deepEqual(l, r);
        case '!=': return !deepEqual(l, r);
        case '<': return toNum(l) < toNum(r);
        case '>': return toNum(l) > toNum(r);
        case '<=': return toNum(l) <= toNum(r);
        case '>=': return toNum(l) >= toNum(r);
        default: return arithmetic(op, l, r);
    }
}

function iterate(collection, what) {
    if (Array.isArray(collection)) return collection.map((value, index) => [index, value]);
    if (collection !== null && typeof collection === 'object') {
        return Object.keys(collection).sort().map((key) => [key, collection[key]]);
    }
    throw new HclError(`${what}: cannot iterate over a ${typeName(collection)}`);
}

// A scope is {vars, parent?, resolve?, functions?}: resolve(name) supplies names computed on demand
// (Terraform's var, local and path objects), functions adds host functions such as templatefile().
function lookup(scope, name) {
    for (let s = scope; s; s = s.parent) {
        if (s.vars && Object.prototype.hasOwnProperty.call(s.vars, name)) return s.vars[name];
        const value = s.resolve?.(name);
        if (value !== undefined) return value;
    }
    throw new HclError(`unknown variable "${name}"`);
}

export function evaluate(node, scope) {
    switch (node.kind) {
        case 'literal':
            return node.value;
        case 'template':
            return evalTemplate(node, scope);
        case 'variable':
            return lookup(scope, node.name);
        case 'attr': {
            const target = evaluate(node.target, scope);
            if (target === null || typeof target !== 'object' || Array.isArray(target)) {
                throw new HclError(`cannot read attribute "${node.name}" of a ${typeName(target)}`);
            }
            if (!Object.prototype.hasOwnProperty.call(target, node.name)) {
                throw new HclError(`unsupported attribute "${node.name}"`);
            }
            return target[node.name];
        }
        case 'index': {
            const target = evaluate(node.target, scope);
            const key = evaluate(node.key, scope);
            if (Array.isArray(target)) {
                const i = toNum(key, 'index');
                if (!Number.isInteger(i) || i < 0 || i >= target.length) throw new HclError(`index ${i} out of range`);
                return target[i];
            }
            if (target !== null && typeof target === 'object') {
                const k = toStr(key, 'key');
                if (!Object.prototype.hasOwnProperty.call(target, k)) throw new HclError(`key "${k}" not found`);
                return target[k];
            }
            throw new HclError(`cannot index a ${typeName(target)}`);
        }
        case 'conditional': {
            const cond = toBool(evaluate(node.cond, scope), 'condition');
            return evaluate(cond ? node.then : node.otherwise, scope);
        }
        case 'binary':
            return evalBinary(node, scope);
        case 'unary': {
            const v = evaluate(node.operand, scope);
            return node.op === '!' ? !toBool(v, 'operand of !') : -toNum(v, 'operand of -');
        }
        case 'tuple':
            return node.items.map((item) => evaluate(item, scope));
        case 'object': {
            const result = {};
            for (const item of node.items) result[toStr(evaluate(item.key, scope), 'object key')] = evaluate(item.value, scope);
            return result;
        }
        case 'for':
            return evalFor(node, scope);
        case 'call':
            return callFunction(node, scope);
        default:
            throw new Error(`cannot evaluate ${node.kind}`);
    }
}

function evalFor(node, scope) {
    const entries = iterate(evaluate(node.collection, scope), 'for expression');
    const out = node.object ? {} : [];
    for (const [key, value] of entries) {
        const vars = { [node.valueVar]: value };
        if (node.keyVar) vars[node.keyVar] = key;
        const inner = { vars, parent: scope };
        if (node.cond && !toBool(evaluate(node.cond, inner), 'for condition')) continue;
        if (node.object) {
            const k = toStr(evaluate(node.keyExpr, inner), 'for key');
            if (Object.prototype.hasOwnProperty.call(out, k)) throw new HclError(`duplicate key "${k}" in a for expression`);
            out[k] = evaluate(node.valueExpr, inner);
        } else {
            out.push(evaluate(node.valueExpr, inner));
        }
    }
    return out;
}

// A template that is exactly one interpolation yields the value itself, not its string form (HCL's rule).
function evalTemplate(node, scope) {
    if (node.parts.length === 1 && node.parts[0].kind === 'interp') return evaluate(node.parts[0].expr, scope);
    return renderParts(node.parts, scope);
}

function renderParts(parts, scope) {
    let out = '';
    for (const part of parts) {
        switch (part.kind) {
            case 'literal':
                out += part.value;
                break;
            case 'interp': {
                const value = evaluate(part.expr, scope);
                if (value === null) throw new HclError('template interpolation of a null value');
                out += toStr(value, 'template interpolation');
                break;
            }
            case 'if':
                out += renderParts(toBool(evaluate(part.cond, scope), 'if directive') ? part.then : part.otherwise, scope);
                break;
            case 'forDirective':
                for (const [key, value] of iterate(evaluate(part.collection, scope), 'for directive')) {
                    const vars = { [part.valueVar]: value };
                    if (part.keyVar) vars[part.keyVar] = key;
                    out += renderParts(part.body, { vars, parent: scope });
                }
                break;
            default:
                throw new Error(`cannot render ${part.kind}`);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// Functions: each behaves as Terraform's function of the same name for the argument types Spotlight uses;
// conformance/cases.json holds Terraform's own answers for them.
// ---------------------------------------------------------------------------------------------------------

function args(node, scope) {
    return node.args.map((a) => evaluate(a, scope));
}

function arity(name, values, min, max = min) {
    if (values.length < min || values.length > max) throw new HclError(`${name}() takes ${min === max ? min : `${min} to ${max}`} arguments`);
}

function list(v, what) {
    if (!Array.isArray(v)) throw new HclError(`${what}: a list is required, got ${typeName(v)}`);
    return v;
}

function toRegExp(pattern) {
    // Only the RE2 syntax that JavaScript reads the same way is accepted.
    if (/\(\?[^:]|\\[pPzAQE]|\[\[:/.test(pattern)) throw new HclError(`regex pattern ${pattern} uses syntax this evaluator does not support`);
    return new RegExp(pattern, 'u');
}

const FUNCTIONS = {
    range(v) {
        arity('range', v, 1, 3);
        const [start, limit, step] = v.length === 1 ? [0, toNum(v[0]), 1]
            : [toNum(v[0]), toNum(v[1]), v.length === 3 ? toNum(v[2]) : (toNum(v[0]) <= toNum(v[1]) ? 1 : -1)];
        if (step === 0) throw new HclError('range() step must not be zero');
        const out = [];
        for (let i = start; step > 0 ? i < limit : i > limit; i += step) {
            out.push(i);
            if (out.length > 1024) throw new HclError('range() of more than 1024 elements');
        }
        return out;
    },
    length(v) {
        arity('length', v, 1);
        const [x] = v;
        if (typeof x === 'string') return [...new Intl.Segmenter().segment(x)].length;
        if (Array.isArray(x)) return x.length;
        if (x !== null && typeof x === 'object') return Object.keys(x).length;
        throw new HclError(`length() of a ${typeName(x)}`);
    },
    contains(v) {
        arity('contains', v, 2);
        return list(v[0], 'contains()').some((item) => deepEqual(item, v[1]));
    },
    join(v) {
        arity('join', v, 2);
        return list(v[1], 'join()').map((item) => toStr(item, 'join() element')).join(toStr(v[0]));
    },
    split(v) {
        arity('split', v, 2);
        return toStr(v[1]).split(toStr(v[0]));
    },
    compact(v) {
        arity('compact', v, 1);
        return list(v[0], 'compact()').filter((item) => item !== null && item !== '').map((item) => toStr(item));
    },
    concat(v) {
        return v.flatMap((item) => list(item, 'concat()'));
    },
    merge(v) {
        return Object.assign({}, ...v.map((m) => {
            if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new HclError('merge() takes maps or objects');
            return m;
        }));
    },
    lower(v) {
        arity('lower', v, 1);
        return toStr(v[0]).toLowerCase();
    },
    upper(v) {
        arity('upper', v, 1);
        return toStr(v[0]).toUpperCase();
    },
    trimspace(v) {
        arity('trimspace', v, 1);
        return toStr(v[0]).replace(/^\s+|\s+$/gu, '');
    },
    trimsuffix(v) {
        arity('trimsuffix', v, 2);
        const [s, suffix] = [toStr(v[0]), toStr(v[1])];
        return suffix !== '' && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
    },
    trimprefix(v) {
        arity('trimprefix', v, 2);
        const [s, prefix] = [toStr(v[0]), toStr(v[1])];
        return s.startsWith(prefix) ? s.slice(prefix.length) : s;
    },
    startswith(v) {
        arity('startswith', v, 2);
        return toStr(v[0]).startsWith(toStr(v[1]));
    },
    endswith(v) {
        arity('endswith', v, 2);
        return toStr(v[0]).endsWith(toStr(v[1]));
    },
    replace(v) {
        arity('replace', v, 3);
        const [s, search, replacement] = v.map((x) => toStr(x));
        if (search.startsWith('/') && search.endsWith('/') && search.length > 1) throw new HclError('replace() with a regular expression is not supported');
        return s.split(search).join(replacement);
    },
    min(v) {
        if (v.length === 0) throw new HclError('min() needs at least one argument');
        return Math.min(...v.map((x) => toNum(x)));
    },
    max(v) {
        if (v.length === 0) throw new HclError('max() needs at least one argument');
        return Math.max(...v.map((x) => toNum(x)));
    },
    floor(v) {
        arity('floor', v, 1);
        return Math.floor(toNum(v[0]));
    },
    coalesce(v) {
        const found = v.find((x) => x !== null && x !== '');
        if (found === undefined) throw new HclError('coalesce(): no non-null, non-empty argument');
        return found;
    },
    tostring(v) {
        arity('tostring', v, 1);
        return v[0] === null ? null : toStr(v[0]);
    },
    tonumber(v) {
        arity('tonumber', v, 1);
        return v[0] === null ? null : toNum(v[0]);
    },
    tobool(v) {
        arity('tobool', v, 1);
        return v[0] === null ? null : toBool(v[0]);
    },
    regex(v) {
        arity('regex', v, 2);
        const match = toRegExp(toStr(v[0])).exec(toStr(v[1]));
        if (!match) throw new HclError(`regex(): no match for ${JSON.stringify(v[0])}`);
        if (match.groups) return { ...match.groups };
        return match.length > 1 ? match.slice(1).map((g) => g ?? null) : match[0];
    },
};

function callFunction(node, scope) {
    if (node.name === 'can') {
        arity('can', node.args, 1);
        try {
            evaluate(node.args[0], scope);
            return true;
        } catch (e) {
            if (e instanceof HclError) return false;
            throw e;
        }
    }
    const fn = findHostFunction(scope, node.name) ?? FUNCTIONS[node.name];
    if (!fn) throw new HclError(`function ${node.name}() is not implemented by this evaluator`);
    return fn(args(node, scope));
}

function findHostFunction(scope, name) {
    for (let s = scope; s; s = s.parent) {
        if (s.functions && Object.prototype.hasOwnProperty.call(s.functions, name)) return s.functions[name];
    }
    return undefined;
}

export const SUPPORTED_FUNCTIONS = new Set(['can', ...Object.keys(FUNCTIONS)]);

// ---------------------------------------------------------------------------------------------------------
// templatefile()
// ---------------------------------------------------------------------------------------------------------

// Renders a template file's source the way Terraform's templatefile(path, vars) does: every variable the template
// references must be a key of vars (checked up front, before any branch is taken, as Terraform does), the result
// is always a string.
export function renderTemplate(src, vars, name = 'template', functions = {}) {
    const tree = parseTemplate(src, name);
    const missing = [...new Set(freeReferences(tree).map((r) => r.name))].filter((n) => !(n in vars));
    if (missing.length > 0) {
        throw new HclError(`${name}: vars map does not contain key(s) ${missing.map((m) => `"${m}"`).join(', ')}, referenced by the template`);
    }
    // As in Terraform, a template that is one interpolation and nothing else yields that value, of any type.
    return evalTemplate(tree, { vars, functions });
}
