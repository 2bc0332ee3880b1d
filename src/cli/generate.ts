/**
 * The pipeline, end to end: load → IR → plan → emit → write. The CLI commands are thin wrappers around this.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { compareText, UserError, type Diagnostic } from '../diagnostics.js';
import type { LoadedSpec } from '../load/index.js';
import type { Plan } from '../plan/types.js';
import type { IrApi } from '../ir/types.js';
import { isUpToDate, readLock, type GenerationMeta, type WriteReport } from '../write/index.js';
import { StagedWriter } from '../write/staged-writer.js';
import { writeOutputWithHooks, type WriteHooks } from '../write/write-output.js';
import { generatorVersion } from './version.js';

export interface PipelineOptions {
  readonly config?: string;
  readonly allowRemoteRefs?: boolean;
  readonly allowedHosts?: readonly string[];
  readonly target?: 'typescript' | 'workato';
}

export interface Planned {
  readonly spec: LoadedSpec;
  readonly api: IrApi;
  readonly plan: Plan;
}

/** Load a spec and plan its connector. Throws UserError for a bad spec or config. */
export async function planSpec(specFile: string, options: PipelineOptions = {}): Promise<Planned> {
  compileForOneRun();
  // Loaded here, not at the top: the no-op check in `generate` runs without them.
  const [{ loadSpec }, { buildIr }, { buildPlan, loadOverrides }] = await Promise.all([
    import('../load/index.js'),
    import('../ir/build-ir.js'),
    import('../plan/index.js'),
  ]);
  const overrides = options.config ? await loadOverrides(path.resolve(options.config)) : undefined;
  const whole = overrides?.include === undefined && overrides?.exclude === undefined;
  const spec = await loadSpec(path.resolve(specFile), {
    allowRemoteRefs: options.allowRemoteRefs,
    allowedHosts: options.allowedHosts,
    deferValidation: true,
    // Building a connector of the whole API is more work than validating the document; a part of a large API
    // may be less.
    validationBehind: whole,
  });
  // A large spec may still be being validated on another thread: its verdict comes before anything built from
  // the document, and before any failure that building met (an invalid spec is refused as invalid).
  try {
    if (whole) refuseWholeHugeApi(specFile, spec.document, () => spec.locate('/paths'));
    const api = buildIr(spec);
    const plan = buildPlan(api, { overrides });
    await spec.validation;
    return { spec, api, plan };
  } catch (error) {
    await spec.validation;
    throw error;
  }
}

/**
 * Tunes V8's optimizing compiler for the rest of the process. The pipeline runs most of its code over one
 * large input, once, so compiling costs more than it does in a long-lived program:
 * - no TurboFan inlining: compiling inlined call trees cost more than they saved (GitHub, CPU: load to plan
 *   about 2.1 -> 1.7 s, emit 2.3 -> 1.6 s);
 * - a function is optimized after about three times as much work in the interpreter and baseline code as by
 *   default (interrupt budget 200,000 for 66 KB): GitHub, TurboFan compiles 230 functions in 0.84 s of CPU
 *   instead of 423 in 1.95 s, on the core the writer and validation threads use; 6 alternating runs, median
 *   2.53 vs 2.79 s. Halfway (130,000) or further (280,000, 400,000) was slower.
 * - no optimizing of a function over 8,000 bytes of bytecode: of GitHub's run, that leaves out only the largest
 *   function of the compiled spec validator (18,000 bytes; the validation thread's), whose compiling took 70 to
 *   110 ms on V8's threads, at normal priority, while the IR was being built (the validation thread itself runs
 *   behind, at nice 10). The stages' own functions are all under 2,000 bytes. 16 alternating runs: median wall
 *   -4.9% (faster in 13), process CPU -0.18 s; Stripe and a part of Graph beta unchanged.
 * Only later compilations are affected, which is every hot function of the stages.
 */
function compileForOneRun(): void {
  setFlagsFromString('--no-turbo-inlining');
  setFlagsFromString('--interrupt-budget=200000');
  setFlagsFromString('--max-optimized-bytecode-size=8000');
}

/**
 * Beyond this many operations a connector of every operation is not something a user finds their way around
 * (GitHub's 1,223 is about the most that still is), and Microsoft Graph beta's 22,000 take minutes and
 * gigabytes to plan and write. Such an API is generated a part at a time, chosen in the config file.
 */
export const MAX_OPERATIONS = 2500;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Refuses, right after loading, a spec with more than MAX_OPERATIONS operations and no include/exclude filter. */
function refuseWholeHugeApi(specFile: string, document: Readonly<Record<string, unknown>>, locate: () => { file: string; line: number } | undefined): void {
  const paths = document['paths'];
  if (typeof paths !== 'object' || paths === null) return;
  let count = 0;
  const tags = new Map<string, number>();
  const prefixes = new Map<string, number>();
  const add = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);
  for (const [p, item] of Object.entries(paths as Record<string, unknown>)) {
    if (typeof item !== 'object' || item === null) continue;
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, unknown>)[method];
      if (typeof op !== 'object' || op === null) continue;
      count++;
      const opTags = (op as { tags?: unknown }).tags;
      for (const tag of Array.isArray(opTags) ? opTags : []) if (typeof tag === 'string') add(tags, tag);
      add(prefixes, `/${p.split('/')[1] ?? ''}/**`);
    }
  }
  if (count <= MAX_OPERATIONS) return;
  const largest = (map: Map<string, number>): string =>
    [...map]
      .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
      .slice(0, 8)
      .map(([name, n]) => `${name} (${n})`)
      .join(', ');
  const example = [...tags].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]?.[0];
  const message =
    `${specFile} has ${count.toLocaleString('en')} operations; connector-gen makes a connector of at most ${MAX_OPERATIONS.toLocaleString('en')} at once. ` +
    'Choose the part you need in a config file and pass it with --config, by tag or by path glob, for example:\n' +
    `  { "include": { "tags": [${JSON.stringify(example ?? 'users')}] } }\n` +
    '  { "include": { "paths": ["/users/**", "/groups/**"] } }\n' +
    (tags.size > 0 ? `Largest tags: ${largest(tags)}.\n` : '') +
    `Largest path prefixes: ${largest(prefixes)}.`;
  throw new UserError(message, [{ code: 'too-many-operations', severity: 'error', message: `${count} operations without an include or exclude filter`, pointer: '/paths', ...locate() }]);
}

export interface GenerateOptions extends PipelineOptions {
  readonly dryRun?: boolean;
  readonly force?: boolean;
}

export interface GenerateResult {
  readonly upToDate: boolean;
  readonly report?: WriteReport;
  readonly diagnostics: readonly Diagnostic[];
  /** How many actions and triggers the package has (the plan itself is let go before the write). */
  readonly summary?: { readonly actions: number; readonly triggers: number };
}

/** What the lock records about how a package was made, so `update` can rerun it and no-op runs are cheap. */
interface Recorded {
  readonly config?: string;
  readonly target?: 'typescript' | 'workato';
  readonly allowRemoteRefs?: boolean;
  readonly allowedHosts?: string[];
  readonly specFiles?: string[];
  /** Operation (`GET /pets/{id}`) → the file generated for it, so a renamed operationId moves with its edits. */
  readonly operations?: Record<string, string>;
}

async function describeGeneration(
  specFile: string,
  outDir: string,
  options: PipelineOptions,
  specFiles: readonly string[],
  operations?: Record<string, string>,
  filesHash?: Promise<string | undefined>,
): Promise<GenerationMeta> {
  const recorded: Recorded = {
    config: options.config ? toPosix(path.relative(outDir, path.resolve(options.config))) : undefined,
    target: options.target ?? 'typescript',
    allowRemoteRefs: options.allowRemoteRefs || undefined,
    allowedHosts: options.allowedHosts?.length ? [...options.allowedHosts] : undefined,
    specFiles: specFiles.map((f) => toPosix(path.relative(outDir, f))),
    operations,
  };
  const configText = options.config ? await readFile(path.resolve(options.config), 'utf8') : '';
  const optionsHash = sha256(JSON.stringify({ ...recorded, specFiles: undefined, operations: undefined }) + '\0' + configText);
  return {
    generatorVersion,
    spec: { path: toPosix(path.relative(outDir, path.resolve(specFile))), hash: (await filesHash) ?? hashFiles(specFiles) },
    optionsHash,
    options: JSON.parse(JSON.stringify(recorded)) as Record<string, unknown>,
  };
}

/** `hooks` is the write stage's internal test hook (interrupting a run at a given step); never set by the CLI. */
export async function generate(
  specFile: string,
  outDir: string,
  options: GenerateOptions = {},
  hooks: WriteHooks = {},
): Promise<GenerateResult> {
  const out = path.resolve(outDir);
  // A no-op regeneration must be cheap: when the lock says spec, options and generator are unchanged, stop here.
  const lock = await readLock(out).catch(() => undefined);
  const lockedFiles = (lock?.options as Recorded | undefined)?.specFiles;
  if (lock && lockedFiles && !options.force) {
    const files = lockedFiles.map((f) => path.resolve(out, f));
    const meta = await describeGeneration(specFile, out, options, files).catch(() => undefined);
    if (meta && (await isUpToDate(out, meta))) return { upToDate: true, diagnostics: [] };
  }

  compileForOneRun();
  // A first generation (no folder yet) writes files on a second thread while the rest are printed. Not with
  // the tests' step hooks, which count every file-system change on this thread.
  // If it cannot be opened, the write stage writes as without it (and reports what stops it).
  const staged = options.dryRun || hooks.beforeStep !== undefined ? undefined : await StagedWriter.open(out).catch(() => undefined);
  try {
    const built = await buildFiles(specFile, options, staged);
    const meta = await describeGeneration(specFile, out, options, built.specFiles, built.operations, built.specHash);
    const renames = lock ? findRenames((lock.options as Recorded).operations ?? {}, built.operations) : undefined;
    const report = await writeOutputWithHooks(out, built.files, meta, { dryRun: options.dryRun, force: options.force }, renames ?? new Map(), { ...hooks, staged });
    return { upToDate: false, report, diagnostics: built.diagnostics, summary: built.summary };
  } catch (error) {
    await staged?.abort();
    throw error;
  }
}

interface Built {
  readonly files: Map<string, string>;
  readonly specFiles: readonly string[];
  /** The spec files' hash for the lock, when the writer thread computes it (StagedWriter.filesHash). */
  readonly specHash?: Promise<string | undefined>;
  readonly operations: Record<string, string>;
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: { readonly actions: number; readonly triggers: number };
}

/**
 * Plan and emit, keeping only what the write needs: the parsed spec, the IR and the plan are let go before the
 * write stage holds the files and their pristine copies (GitHub: peak 450 MB -> 380 MB).
 */
async function buildFiles(specFile: string, options: PipelineOptions, staged?: StagedWriter): Promise<Built> {
  const { plan, specFiles, specDiagnostics } = await planOnly(specFile, options);
  const errors = plan.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UserError(`${specFile}: the connector cannot be generated`, errors);
  // The document and the IR are garbage from here on. They are left to V8's own collections: a full collection
  // forced here and another before the write (as earlier versions did) cost GitHub's run about 40 ms of
  // main-thread pauses, and the optimized code they threw away with its dead object shapes had to be compiled
  // again, for a peak about 13 MB lower (243 vs 256 MB; Stripe 157 vs 175 MB).
  const specHash = staged?.filesHash(specFiles);
  const files = await emitFor(plan, options, path.basename(specFile), staged);
  return {
    files,
    specFiles,
    specHash,
    operations: operationFiles(plan),
    diagnostics: [...specDiagnostics, ...plan.diagnostics],
    summary: { actions: plan.actions.length, triggers: plan.triggers.length },
  };
}

/**
 * The plan, and of the loaded spec only what the write needs: the parsed document and the IR are garbage
 * before the emit starts, which is when the heap grows most (GitHub: about 50 MB of the heap goes then).
 */
async function planOnly(specFile: string, options: PipelineOptions): Promise<{ plan: Plan; specFiles: readonly string[]; specDiagnostics: readonly Diagnostic[] }> {
  const { spec, plan } = await planSpec(specFile, options);
  return { plan, specFiles: spec.files, specDiagnostics: spec.diagnostics };
}

async function emitFor(plan: Plan, options: PipelineOptions, specName: string, staged?: StagedWriter): Promise<Map<string, string>> {
  if ((options.target ?? 'typescript') === 'workato') {
    const { emitWorkato } = await import('../emit/workato/index.js');
    return emitWorkato(plan, { generatorVersion, specFile: specName });
  }
  // emit-package, not the folder's index: that also loads Prettier, which only the tests use.
  const { emitPackage } = await import('../emit/emit-package.js');
  return emitPackage(plan, { generatorVersion, specFile: specName, onFile: staged && ((file, text) => staged.add(file, text)) });
}

/** Rerun the generation recorded in a package's lock. */
export async function update(outDir: string, options: { dryRun?: boolean; force?: boolean } = {}): Promise<GenerateResult> {
  const out = path.resolve(outDir);
  const lock = await readLock(out);
  if (!lock) throw new UserError(`${outDir}: not a connector-gen output (no .connector-gen/lock.json); use \`connector-gen generate <spec> -o ${outDir}\``);
  const recorded = lock.options as Recorded;
  return generate(path.resolve(out, lock.spec.path), out, {
    config: recorded.config ? path.resolve(out, recorded.config) : undefined,
    target: recorded.target,
    allowRemoteRefs: recorded.allowRemoteRefs,
    allowedHosts: recorded.allowedHosts,
    ...options,
  });
}

/** The file each operation's action or trigger lives in (TypeScript target). */
function operationFiles(plan: Plan): Record<string, string> {
  const files: Record<string, string> = {};
  for (const a of plan.actions) files[`${a.operation.method.toUpperCase()} ${a.operation.path}`] = `src/actions/${a.fileName}.ts`;
  return files;
}

/** Same operation (method and path), new file name (its operationId changed): the user's edits move along. */
function findRenames(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): Map<string, string> {
  const renames = new Map<string, string>();
  for (const [operation, file] of Object.entries(after)) {
    const old = before[operation];
    if (old && old !== file) renames.set(old, file);
  }
  return renames;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of the spec's files by content, in the order given (the root first). */
function hashFiles(files: readonly string[]): string {
  // A file at a time, after the emit, when the parsed spec is gone: one file's bytes are held at once (GitHub's
  // 13 MB hash in about 10 ms). Read synchronously, as the spec is (readBytes in load-spec.ts).
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
