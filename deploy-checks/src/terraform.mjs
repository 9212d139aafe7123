// Spotlight's Terraform configuration, evaluated by the real terraform binary, never by code of our own.
//
// terraform/ is a root module that submits jobs with the hashicorp/nomad provider (not downloadable here) and
// terraform/render/, a module without providers that validates the settings and renders every job. A check run
// assembles the root module without its provider part in a scratch directory (its variables.tf, render.tf and
// outputs.tf, the module source pointed at terraform/render, plus one output exposing the module's outputs), then
// runs `terraform init`, `apply` and `output -json` there: the settings travel the way they do in a deployment,
// TF_VAR_* -> root variables -> module variables, validations and templatefile() included.
//
// Without a terraform binary, SKIP says so and every check that needs Terraform is reported as skipped.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { parse as hcl2json } from '@cdktf/hcl2json';

import { ROOT, TERRAFORM_DIR, read } from './project.mjs';

export const RENDER_DIR = join(TERRAFORM_DIR, 'render');

// No CLI configuration, no color, no prompts, no checkpoint calls: the same answers on every machine.
function terraformEnv(extra = {}) {
    return {
        PATH: process.env.PATH,
        HOME: process.env.HOME ?? tmpdir(),
        TF_CLI_CONFIG_FILE: '/dev/null',
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
        ...extra,
    };
}

function probe() {
    const run = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: terraformEnv() });
    if (run.error || run.status !== 0) return { available: false, version: null };
    return { available: true, version: JSON.parse(run.stdout).terraform_version };
}

export const TERRAFORM = probe();

// The reason reported for every check that needs Terraform when there is none: a visible skip, never a pass.
export const SKIP = TERRAFORM.available ? false
    : 'NOT RUN: no terraform binary on PATH, so Terraform did not render or validate anything (install Terraform 1.9+ to run this check)';

// Runs terraform; resolves to {status, stdout, stderr} with colors stripped.
export function terraform(args, { cwd, env = {} } = {}) {
    return new Promise((resolve, reject) => {
        const child = spawn('terraform', [...args, '-no-color'], { cwd, env: terraformEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => { stdout += d; });
        child.stderr.on('data', (d) => { stderr += d; });
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
}

// A directory for this run's scratch modules and renders. run-checks.mjs gives every test file of one run the same
// one (and removes it afterwards), so a scenario is rendered once per run, not once per file.
function workDir() {
    const shared = process.env.SPOTLIGHT_DEPLOY_CHECKS_WORK;
    if (shared) {
        mkdirSync(shared, { recursive: true });
        return shared;
    }
    workDir.own ??= mkdtempSync(join(tmpdir(), 'spotlight-deploy-checks-'));
    return workDir.own;
}
process.on('exit', () => workDir.own && rmSync(workDir.own, { recursive: true, force: true }));

// The root module minus its provider part (main.tf, providers.tf, versions.tf), in a new directory.
export function scratchRoot() {
    const dir = mkdtempSync(join(workDir(), 'root-'));
    const render = read(join(TERRAFORM_DIR, 'render.tf'));
    const source = 'source = "./render"';
    if (!render.includes(source)) throw new Error(`terraform/render.tf no longer has ${source}`);
    // A local module source must be a relative path; an absolute one would be copied away from nomad/.
    writeFileSync(join(dir, 'render.tf'), render.replace(source, `source = "${relative(dir, RENDER_DIR)}"`));
    for (const file of ['variables.tf', 'outputs.tf']) writeFileSync(join(dir, file), read(join(TERRAFORM_DIR, file)));
    writeFileSync(join(dir, 'checks.tf'), 'output "render" {\n  value     = module.render\n  sensitive = true\n}\n');
    return dir;
}

const TF_VAR_ENV = (vars) => Object.fromEntries(Object.entries(vars).map(([k, v]) => [`TF_VAR_${k}`, v]));

// init + apply + output -json of a scratch root with the given TF_VAR_* values (lower-case names).
// Resolves to {status, stdout, stderr, errors, outputs}: errors is stderr with Terraform's line wrapping undone (every
// run of white space one space), outputs (root outputs, and `render`, the module's) on success.
export async function applyRoot(vars) {
    const dir = scratchRoot();
    try {
        const init = await terraform(['init', '-input=false'], { cwd: dir });
        if (init.status !== 0) throw new Error(`terraform init failed in ${dir}:\n${init.stderr}${init.stdout}`);
        const apply = await terraform(['apply', '-auto-approve', '-input=false'], { cwd: dir, env: TF_VAR_ENV(vars) });
        apply.errors = apply.stderr.replace(/\s+/g, ' ');
        if (apply.status !== 0) return { ...apply, outputs: null };
        const output = await terraform(['output', '-json'], { cwd: dir });
        if (output.status !== 0) throw new Error(`terraform output failed:\n${output.stderr}`);
        // `terraform output -json` leaves out outputs whose value is null.
        const outputs = Object.fromEntries(Object.entries(JSON.parse(output.stdout)).map(([k, v]) => [k, v.value]));
        return { ...apply, outputs };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

// The module's variables, as HashiCorp's HCL parser reads them (structure only; nothing is evaluated here).
export async function parseModule(dir) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
    const module = { dir, files, variables: {}, locals: {}, outputs: {}, resources: {}, providers: {}, modules: {}, terraform: [], text: {} };
    for (const file of files) {
        const text = read(join(dir, file));
        module.text[file] = text;
        const json = await hcl2json(file, text);
        for (const [name, [block]] of Object.entries(json.variable ?? {})) module.variables[name] = { ...block, file };
        for (const block of json.locals ?? []) Object.assign(module.locals, block);
        for (const [name, [block]] of Object.entries(json.output ?? {})) module.outputs[name] = block;
        for (const [type, byName] of Object.entries(json.resource ?? {})) {
            for (const [name, [block]] of Object.entries(byName)) module.resources[`${type}.${name}`] = block;
        }
        for (const [name, [block]] of Object.entries(json.provider ?? {})) module.providers[name] = block;
        for (const [name, [block]] of Object.entries(json.module ?? {})) module.modules[name] = block;
        module.terraform.push(...(json.terraform ?? []));
    }
    return module;
}

export function variableType(variable) {
    const match = /^\$\{(string|number|bool)\}$/.exec(variable.type ?? '');
    if (!match) throw new Error(`variable type ${variable.type} is not one of string, number, bool`);
    return match[1];
}

// TF_VAR_* strings as the variables' types read them, for comparing settings with what was rendered.
export async function typedSettings(strings) {
    const { variables } = await parseModule(RENDER_DIR);
    const typed = {};
    for (const [name, variable] of Object.entries(variables)) {
        const raw = strings[name];
        if (raw === undefined) continue;
        const type = variableType(variable);
        typed[name] = type === 'number' ? Number(raw) : type === 'bool' ? raw === 'true' : raw;
    }
    return typed;
}

// Renders cached on disk for the run, keyed by everything that goes in: the variables and every file Terraform reads.
const INPUTS = () => [join(TERRAFORM_DIR, 'variables.tf'), join(TERRAFORM_DIR, 'render.tf'), join(TERRAFORM_DIR, 'outputs.tf'),
    ...readdirSync(RENDER_DIR).filter((f) => f.endsWith('.tf')).map((f) => join(RENDER_DIR, f)),
    ...filesUnder(join(ROOT, 'nomad'))];

function filesUnder(dir) {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const renders = new Map();

// Applies the given TF_VAR_* values once per run; resolves to {status, stderr, outputs} as applyRoot does.
export function cachedApply(vars) {
    const hash = createHash('sha256').update(JSON.stringify(vars));
    for (const file of INPUTS().sort()) hash.update(file).update(readFileSync(file));
    const key = hash.digest('hex').slice(0, 24);
    if (!renders.has(key)) {
        renders.set(key, (async () => {
            const file = join(workDir(), `render-${key}.json`);
            if (existsSync(file)) return JSON.parse(read(file));
            const result = await applyRoot(vars);
            const kept = { status: result.status, stderr: result.stderr, errors: result.errors, outputs: result.outputs };
            writeFileSync(`${file}.${process.pid}`, JSON.stringify(kept));
            renameSync(`${file}.${process.pid}`, file);
            return kept;
        })());
    }
    return renders.get(key);
}
