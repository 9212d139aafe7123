// Spotlight's Terraform configuration as data: parsed by HashiCorp's HCL parser (@cdktf/hcl2json), evaluated
// by hcl.mjs with the variable values an .env file yields, the way `terraform plan` evaluates the locals.

import { parse as hcl2json } from '@cdktf/hcl2json';
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createHash } from 'node:crypto';

import { HclError, evaluate, freeReferences, parseTemplate, renderTemplate, toBool, toNum } from './hcl.mjs';
import { ROOT, TERRAFORM_DIR, read } from './project.mjs';

const modules = new Map();

// Parses every .tf file of the module; each file separately, so an error names its file.
export function loadModule(dir = TERRAFORM_DIR) {
    if (!modules.has(dir)) modules.set(dir, parseModule(dir));
    return modules.get(dir);
}

async function parseModule(dir) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
    const module = { dir, files, variables: {}, locals: {}, outputs: {}, resources: {}, providers: {}, terraform: [] };
    for (const file of files) {
        const json = await hcl2json(file, read(join(dir, file)));
        for (const [name, [block]] of Object.entries(json.variable ?? {})) module.variables[name] = { ...block, file };
        for (const block of json.locals ?? []) Object.assign(module.locals, block);
        for (const [name, [block]] of Object.entries(json.output ?? {})) module.outputs[name] = block;
        for (const [type, byName] of Object.entries(json.resource ?? {})) {
            for (const [name, [block]] of Object.entries(byName)) module.resources[`${type}.${name}`] = block;
        }
        for (const [name, [block]] of Object.entries(json.provider ?? {})) module.providers[name] = block;
        module.terraform.push(...(json.terraform ?? []));
    }
    return module;
}

// hcl2json renders every expression as a template string ("${var.x}", "http://${local.host}"); objects and
// tuples it could read structurally stay JSON objects and arrays. This turns such a value back into an AST.
export function toAst(value, where) {
    if (typeof value === 'string') return parseTemplate(value, where);
    if (Array.isArray(value)) return { kind: 'tuple', items: value.map((v, i) => toAst(v, `${where}[${i}]`)) };
    if (value !== null && typeof value === 'object') {
        return {
            kind: 'object',
            items: Object.entries(value).map(([k, v]) => ({ key: toAst(k, `${where} key`), value: toAst(v, `${where}.${k}`) })),
        };
    }
    return { kind: 'literal', value };
}

export function variableType(variable) {
    const match = /^\$\{(string|number|bool)\}$/.exec(variable.type ?? '');
    if (!match) throw new Error(`variable type ${variable.type} is not one of string, number, bool`);
    return match[1];
}

// Terraform's conversion of a TF_VAR_* string to the variable's primitive type.
export function convertVariable(name, variable, raw) {
    switch (variableType(variable)) {
        case 'string': return raw;
        case 'number': return toNum(raw, `TF_VAR_${name}`);
        case 'bool': return toBool(raw, `TF_VAR_${name}`);
        default: throw new Error('unreachable');
    }
}

export const PURE_HOST_FUNCTIONS = {
    sha256: ([s]) => createHash('sha256').update(String(s), 'utf8').digest('hex'),
};

// Binds the module's variables to the given values (strings as TF_VAR_* gives them) and evaluates its locals
// on demand, recording every templatefile() call. Returns {vars, locals, templateCalls, scope, evaluateAll}.
export function evaluateModule(module, tfVarStrings) {
    const vars = {};
    for (const [name, variable] of Object.entries(module.variables)) {
        if (!(name in tfVarStrings)) throw new HclError(`no value for variable "${name}" (TF_VAR_${name} is not set)`);
        vars[name] = convertVariable(name, variable, tfVarStrings[name]);
    }
    const templateCalls = [];
    const locals = {};
    const evaluating = new Set();
    const localAsts = Object.fromEntries(Object.entries(module.locals).map(([k, v]) => [k, toAst(v, `local.${k}`)]));
    const localProxy = new Proxy({}, {
        getOwnPropertyDescriptor(_, name) {
            if (!(name in localAsts)) return undefined;
            return { value: localValue(name), enumerable: true, configurable: true, writable: false };
        },
        get(_, name) {
            return localValue(name);
        },
    });
    const scope = {
        vars: {},
        resolve(name) {
            if (name === 'var') return vars;
            if (name === 'local') return localProxy;
            if (name === 'path') return { module: module.dir, root: module.dir, cwd: module.dir };
            return undefined;
        },
        functions: {
            ...PURE_HOST_FUNCTIONS,
            file: ([path]) => read(resolve(module.dir, path)),
            templatefile: ([path, templateVars]) => {
                const file = resolve(module.dir, path);
                const name = relative(ROOT, file);
                const source = read(file);
                const rendered = renderTemplate(source, templateVars, name);
                templateCalls.push({ file, name, vars: templateVars, rendered });
                return rendered;
            },
        },
    };
    function localValue(name) {
        if (name in locals) return locals[name];
        if (!(name in localAsts)) throw new HclError(`unknown local value "${name}"`);
        if (evaluating.has(name)) throw new HclError(`local.${name} refers to itself`);
        evaluating.add(name);
        try {
            locals[name] = evaluate(localAsts[name], scope);
        } finally {
            evaluating.delete(name);
        }
        return locals[name];
    }
    // Lazy, as in Terraform: a local is evaluated when something refers to it (validations never do).
    const evaluateAll = () => Object.keys(localAsts).forEach(localValue);
    return { vars, locals: localProxy, templateCalls, scope, evaluateAll };
}

// Evaluates one expression (an hcl2json value) in the module's scope, such as a validation condition.
export function evaluateIn(result, value, where) {
    return evaluate(toAst(value, where), result.scope);
}

// The input variables an expression (AST) depends on, following local values transitively.
export function variableDependencies(module, ast, seen = new Set()) {
    const found = new Set();
    for (const ref of freeReferences(ast)) {
        if (ref.name === 'var' && ref.path.length > 1) found.add(ref.path[1]);
        if (ref.name === 'local' && ref.path.length > 1 && !seen.has(ref.path[1])) {
            seen.add(ref.path[1]);
            const local = toAst(module.locals[ref.path[1]], `local.${ref.path[1]}`);
            for (const dep of variableDependencies(module, local, seen)) found.add(dep);
        }
    }
    return found;
}

// Every templatefile("<path>", {vars}) call in the module's locals, as ASTs, with the local it is in.
export function templatefileCalls(module) {
    const calls = [];
    for (const [name, value] of Object.entries(module.locals)) {
        const visit = (node) => {
            if (node === null || typeof node !== 'object') return;
            if (Array.isArray(node)) {
                node.forEach(visit);
                return;
            }
            if (node.kind === 'call' && node.name === 'templatefile') calls.push({ local: name, path: node.args[0], vars: node.args[1] });
            Object.values(node).forEach(visit);
        };
        visit(toAst(value, `local.${name}`));
    }
    return calls;
}
