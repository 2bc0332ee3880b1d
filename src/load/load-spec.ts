/**
 * The load stage: reads the root spec file and every file its `$ref`s reach (checked against the ref policy
 * before anything is read), bundles them into one document with swagger-parser, and validates the result
 * against the OpenAPI schema. Every failure is a UserError with file, pointer and line.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { dirname, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareText, pointerEscape, UserError, type Diagnostic } from '../diagnostics.js';
import { fetchRemote, isRemoteId, refTarget, type RefPolicy } from './ref-target.js';
import { parseSource, type SourceFile } from './source-file.js';
import { compiledValidatorFile, interpretOutcome, validateDocument, type ValidationResult } from './validate.js';
import { THREAD_MIN_BYTES, validateOnThread } from './validate-thread.js';

export interface LoadedSpec {
  /** Absolute path of the root spec file. */
  readonly file: string;
  /** The folder `$ref`s must stay inside. */
  readonly root: string;
  /** Bundled: every external `$ref` internalized, internal `$ref`s kept. */
  readonly document: Record<string, unknown>;
  /** `2.0`, `3.0.x` or `3.1.x`. */
  readonly specVersion: string;
  /** JSON pointer into `document` -> the file and 1-based line it came from. */
  locate(pointer: string): { file: string; line: number } | undefined;
  /** Warnings found while loading. */
  readonly diagnostics: readonly Diagnostic[];
  /** sha256 over the root file and every file it referenced. */
  readonly hash: string;
  /** The root file, then every local file its refs reached (sorted): what a no-op regeneration check re-hashes. */
  readonly files: readonly string[];
  /**
   * With `LoadOptions.deferValidation`, the schema validation still running on another thread: settles when
   * it is done, rejecting with the located UserError of an invalid spec. Whoever uses the document must await
   * it before trusting anything built from it. Absent: the document was valid when `loadSpec` returned.
   */
  readonly validation?: Promise<void>;
}

export interface LoadOptions {
  readonly allowRemoteRefs?: boolean;
  readonly allowedHosts?: readonly string[];
  /**
   * Validate a large single-file JSON spec on another thread (validate-thread.ts) and return before it is
   * done, with `validation` to await. Other specs are validated before `loadSpec` returns, as without it.
   */
  readonly deferValidation?: boolean;
  /**
   * With `deferValidation`: the caller has more to do than the validation (it generates the whole API), so the
   * thread runs at a lower priority where the system allows (validate-thread.ts, VALIDATION_NICE).
   */
  readonly validationBehind?: boolean;
}

/** JSON nesting deeper than this is refused: no real spec comes close (GitHub's reaches 22). */
export const MAX_DEPTH = 1000;
const MAX_DIAGNOSTICS = 20;
const MAX_FILE_BYTES = 256 * 1024 * 1024;

// Versions swagger-parser knows; its bundler refuses others.
const SUPPORTED_VERSIONS = ['2.0', '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.0.4', '3.1.0', '3.1.1', '3.1.2'];

/** A node of the walk: the pointer is only built when a diagnostic or an origin needs it. */
interface Frame {
  readonly parent: Frame | undefined;
  readonly key: string;
  readonly depth: number;
}

interface Origin {
  readonly source: SourceFile;
  readonly frame: Frame;
}

export async function loadSpec(file: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const given = resolvePath(file);
  let rootFile: string;
  try {
    rootFile = await realpath(given);
    if (!(await stat(rootFile)).isFile()) throw new Error('not a file');
  } catch {
    const d: Diagnostic = { code: 'file-not-found', severity: 'error', message: `no spec file at ${given}`, pointer: '', file: given };
    throw new UserError(d.message, [d]);
  }
  const policy: RefPolicy = {
    root: dirname(rootFile),
    allowRemoteRefs: options.allowRemoteRefs ?? false,
    allowedHosts: options.allowedHosts ?? [],
  };
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  // ref-parser names files by the path it computed (not following symlinks); both names lead to one source.
  const aliases = new Map<string, string>();
  const origins = new WeakMap<object, Origin>();

  const rootBytes = await readRoot(rootFile);
  const root = parseOrThrow(rootFile, rootBytes.toString('utf8'), warnings);
  sources.set(rootFile, root);
  const specVersion = checkVersion(root);
  // Started now, used only if the spec turns out to be this one JSON file (no external refs to bundle). The
  // file's bytes go to the thread, not its text: they move there without a copy, and the thread decodes them.
  const threaded =
    options.deferValidation && root.format === 'json' && root.text.length >= THREAD_MIN_BYTES
      ? validateOnThread(rootBytes, compiledValidatorFile(root.value), { behind: options.validationBehind === true })
      : undefined;
  // If it is not used or fails, the document is validated here; a rejection is never left unhandled.
  threaded?.outcome.catch(() => undefined);

  // Walk every file once: check each $ref against the policy, load what it reaches, measure depth.
  const queue: SourceFile[] = [root];
  let external = false;
  while (queue.length > 0 && errors.length < MAX_DIAGNOSTICS) {
    const source = queue.shift()!;
    const refs = walk(source, source === root ? undefined : origins, errors);
    // A spec refers to the same few hundred schemas thousands of times (GitHub: 10,000 refs).
    const found = new Map<string, boolean>();
    for (const { ref, frame } of refs) {
      if (errors.length >= MAX_DIAGNOSTICS) break;
      if (ref === '#' || ref.startsWith('#/')) {
        let exists = found.get(ref);
        if (exists === undefined) {
          exists = hasPointer(source.value, ref.slice(1));
          found.set(ref, exists);
        }
        if (!exists) errors.push(refError(source, frame, 'unresolved-ref', `$ref '${ref}' points to nothing`));
        continue;
      }
      if (ref.startsWith('#')) continue; // a plain-name fragment (an anchor), which the bundler leaves alone too
      external = true;
      const target = await refTarget(ref, source.id, policy);
      if (target.kind === 'refused') {
        errors.push(refError(source, frame, target.code, target.message));
        continue;
      }
      if (target.kind === 'local') aliases.set(target.lexical, target.id);
      let loaded = sources.get(target.id);
      if (loaded === undefined) {
        try {
          const text = target.kind === 'local' ? await readLocal(target.id) : await fetchRemote(target.id);
          loaded = parseOrThrow(target.id, text, warnings);
        } catch (error) {
          if (error instanceof UserError) errors.push(...error.diagnostics);
          else errors.push(refError(source, frame, target.kind === 'remote' ? 'remote-ref' : 'unresolved-ref', `$ref '${ref}': ${error instanceof Error ? error.message : String(error)}`));
          continue;
        }
        sources.set(target.id, loaded);
        queue.push(loaded);
      }
      if (target.fragment !== '' && !hasPointer(loaded.value, target.fragment)) {
        errors.push(refError(source, frame, 'unresolved-ref', `$ref '${ref}' points to nothing in ${displayName(policy.root, loaded.id)}`));
      }
    }
  }
  if (errors.length > 0) {
    threaded?.cancel();
    throw userError(errors);
  }

  let document = root.value as Record<string, unknown>;
  if (external) document = await bundle(rootFile, document, sources, aliases);

  const locate = (pointer: string) => locateIn(document, pointer, root, origins);
  const refuseInvalid = (result: ValidationResult): void => {
    if (result.ok) return;
    const located = result.problems.map((p): Diagnostic => {
      const where = locate(p.pointer);
      return { code: p.code, severity: 'error', message: `${p.pointer || '/'}: ${p.message}`, pointer: p.pointer, ...(where ?? {}) };
    });
    // Document order reads best; the validator reports in the order of its own schema.
    located.sort((a, b) => compareText(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
    throw userError(located, located.length);
  };
  let validation: Promise<void> | undefined;
  if (threaded !== undefined && !external) {
    const verdict = threaded.outcome.then((outcome) => interpretOutcome(outcome, document), () => validateDocument(document));
    validation = verdict.then(refuseInvalid);
    // Awaited by the caller; until then a rejection is not "unhandled".
    validation.catch(() => undefined);
  } else {
    threaded?.cancel();
    refuseInvalid(validateDocument(document));
  }

  return {
    file: rootFile,
    root: policy.root,
    document,
    specVersion,
    locate,
    diagnostics: warnings,
    // On first use (tests and tools ask; the CLI hashes the files themselves for the lock): about 30 ms for GitHub.
    get hash() {
      const value = hashSources(policy.root, root, sources);
      Object.defineProperty(this, 'hash', { value });
      return value;
    },
    files: [rootFile, ...[...new Set([...sources.values()].filter((s) => s !== root && !isRemoteId(s.id)).map((s) => s.id))].sort(compareText)],
    ...(validation === undefined ? {} : { validation }),
  };
}

/** The root file's bytes; a file that cannot be read (permissions, a folder) is the user's to fix. */
async function readRoot(path: string): Promise<Buffer> {
  try {
    return await readBytes(path);
  } catch (error) {
    if (error instanceof UserError || typeof (error as { code?: unknown }).code !== 'string') throw error;
    const message = `cannot read the spec: ${(error as Error).message}`;
    throw new UserError(`${path}: ${message}`, [{ code: 'file-unreadable', severity: 'error', message, pointer: '', file: path }]);
  }
}

async function readLocal(path: string): Promise<string> {
  return (await readBytes(path)).toString('utf8');
}

/**
 * A spec file's bytes, read synchronously: nothing else is waiting for this thread, and `fs/promises`' readFile
 * reads in 512 KB pieces, each a round trip to the thread pool (GitHub's 13 MB spec, in a fresh process: 9-20 ms
 * that way, 7-17 ms at once).
 */
async function readBytes(path: string): Promise<Buffer> {
  const info = await stat(path);
  if (info.size > MAX_FILE_BYTES) throw new UserError(`${path} is larger than ${MAX_FILE_BYTES} bytes`, [
    { code: 'file-too-large', severity: 'error', message: `file is larger than ${MAX_FILE_BYTES} bytes`, pointer: '', file: path },
  ]);
  return readFileSync(path);
}

function parseOrThrow(id: string, text: string, warnings: Diagnostic[]): SourceFile {
  const { source, warnings: found } = parseSource(id, text);
  warnings.push(...found);
  return source;
}

function checkVersion(root: SourceFile): string {
  const value = root.value;
  const fail = (message: string, key = ''): never => {
    const d: Diagnostic = { code: 'not-openapi', severity: 'error', message, pointer: key, file: root.id, line: root.lineOf(key ? [key.slice(1)] : []) };
    throw new UserError(`${root.id}:${d.line}: ${message}`, [d]);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('not an OpenAPI document: expected an object at the top');
  const doc = value as Record<string, unknown>;
  const version = doc.swagger !== undefined ? doc.swagger : doc.openapi;
  const key = doc.swagger !== undefined ? '/swagger' : '/openapi';
  if (version === undefined) return fail("not an OpenAPI document: it has neither 'openapi' nor 'swagger'");
  if (typeof version !== 'string') return fail(`the version must be a string (write '${String(version)}' in quotes)`, key);
  if (!SUPPORTED_VERSIONS.includes(version) || (key === '/swagger') !== (version === '2.0')) {
    return fail(`unsupported version ${key.slice(1)}: ${version} (supported: ${SUPPORTED_VERSIONS.join(', ')})`, key);
  }
  return version;
}

/**
 * Iterative walk over one file's value (depth cannot overflow the stack): collects `$ref`s the way the
 * bundler recognises them (any object with a non-empty string `$ref`, wherever it sits, so nothing can slip
 * past the policy), records where each object of a referenced file came from, and refuses absurd depth.
 * Depth first, in document order, keeping only the path to the object at hand: a frame (for a pointer) is
 * made only for an object that needs one, a `$ref` or an origin, and the objects above it.
 */
function walk(source: SourceFile, origins: WeakMap<object, Origin> | undefined, errors: Diagnostic[]): { ref: string; frame: Frame }[] {
  const refs: { ref: string; frame: Frame }[] = [];
  if (source.value === null || typeof source.value !== 'object') return refs;
  // YAML aliases can put one object in several places; JSON cannot, so it skips the bookkeeping.
  const seen = source.format === 'yaml' ? new Set<object>() : undefined;
  // For each level of the path: the object, its keys (none for an array), the next child to visit, its name in
  // its parent, and its frame once one was needed.
  const path: object[] = [];
  const keys: (string[] | undefined)[] = [];
  const next: number[] = [];
  const names: (string | number)[] = [];
  const frames: (Frame | undefined)[] = [];
  const frameOf = (level: number): Frame => {
    let from = level;
    while (from > 0 && frames[from - 1] === undefined) from--;
    for (let l = from; l <= level; l++) {
      frames[l] ??= l === 0 ? { parent: undefined, key: '', depth: 0 } : { parent: frames[l - 1], key: String(names[l]), depth: l };
    }
    return frames[level]!;
  };
  /** Enters an object; false when the walk must stop (too deep). */
  const enter = (value: object, name: string | number): boolean => {
    if (seen !== undefined) {
      if (seen.has(value)) return true;
      seen.add(value);
    }
    const level = path.length;
    path.push(value);
    names[level] = name;
    frames[level] = undefined;
    next[level] = 0;
    if (level > MAX_DEPTH) {
      errors.push(refError(source, frameOf(level), 'too-deep', `nested more than ${MAX_DEPTH} levels deep`));
      return false;
    }
    if (origins !== undefined) origins.set(value, { source, frame: frameOf(level) });
    if (Array.isArray(value)) {
      keys[level] = undefined;
      return true;
    }
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.length > 0) refs.push({ ref, frame: frameOf(level) });
    keys[level] = Object.keys(value);
    return true;
  };
  if (!enter(source.value, '')) return refs;
  while (path.length > 0) {
    const level = path.length - 1;
    const value = path[level]!;
    const own = keys[level];
    const i = next[level]++;
    let child: unknown;
    let name: string | number;
    if (own === undefined) {
      if (i >= (value as unknown[]).length) {
        path.pop();
        continue;
      }
      child = (value as unknown[])[i];
      name = i;
    } else {
      if (i >= own.length) {
        path.pop();
        continue;
      }
      name = own[i]!;
      child = (value as Record<string, unknown>)[name];
    }
    if (child !== null && typeof child === 'object' && !enter(child, name)) return refs;
  }
  return refs;
}

function pointerOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) keys.push(f.key);
  return keys.reverse().map((k) => '/' + pointerEscape(k)).join('');
}

function tokensOf(frame: Frame): string[] {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) keys.push(f.key);
  return keys.reverse();
}

function refError(source: SourceFile, frame: Frame, code: string, message: string): Diagnostic {
  const tokens = tokensOf(frame);
  const refKey = code === 'too-deep' ? tokens : [...tokens, '$ref'];
  return { code, severity: 'error', message, pointer: pointerOf(frame), file: source.id, line: source.lineOf(refKey) };
}

/** Tokens of a URI fragment holding a JSON pointer (`/a~1b/c%20d`). */
export function fragmentTokens(fragment: string): string[] | undefined {
  let decoded = fragment;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    // a bare `%` is kept as written
  }
  if (decoded === '') return [];
  if (!decoded.startsWith('/')) return undefined;
  return decoded
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function hasPointer(value: unknown, fragment: string): boolean {
  const tokens = fragmentTokens(fragment);
  if (tokens === undefined) return false;
  let node = value;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, token)) return false;
    node = (node as Record<string, unknown>)[token];
  }
  return true;
}

/**
 * swagger-parser's bundler, fed from the files already read, parsed and checked: its resolver and parser
 * only hand out those, so it can neither read anything the policy did not allow nor parse a file twice.
 */
async function bundle(rootFile: string, document: Record<string, unknown>, sources: Map<string, SourceFile>, aliases: Map<string, string>): Promise<Record<string, unknown>> {
  const lookup = (url: string): SourceFile => {
    const id = sourceKey(url);
    const source = sources.get(id) ?? sources.get(aliases.get(id) ?? '');
    if (source === undefined) throw new Error(`${url} was not loaded`);
    return source;
  };
  // Loaded only here: most specs are one file and need no bundling.
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  try {
    const bundled = await new SwaggerParser().bundle(rootFile, document as never, {
      resolve: {
        file: false,
        http: false,
        external: true,
        loaded: { order: 1, canRead: true, read: (f: { url: string }) => lookup(f.url).text },
      },
      parse: {
        json: false,
        yaml: false,
        text: false,
        binary: false,
        loaded: { order: 1, canParse: true, allowEmpty: true, parse: (f: { url: string }) => lookup(f.url).value },
      },
    } as never);
    return bundled as unknown as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RangeError) throw userError([{ code: 'too-deep', severity: 'error', message: 'references nest too deeply to bundle', pointer: '', file: rootFile }]);
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    throw userError([{ code: 'unresolved-ref', severity: 'error', message: `cannot bundle the references: ${message}`, pointer: '', file: rootFile }]);
  }
}

function sourceKey(url: string): string {
  const address = url.split('#')[0]!;
  if (isRemoteId(address)) return address;
  if (/^file:/i.test(address)) return fileURLToPath(address);
  try {
    return decodeURI(address.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    return address;
  }
}

/**
 * Follows a pointer through the bundled document. Objects that came from another file carry their origin
 * (bundling moves them, it does not copy them), so the walk switches file when it enters one.
 */
function locateIn(document: unknown, pointer: string, root: SourceFile, origins: WeakMap<object, Origin>): { file: string; line: number } | undefined {
  const tokens = pointer === '' || pointer === '#' ? [] : fragmentTokensOfPointer(pointer);
  let source = root;
  let path: string[] = [];
  let node = document;
  for (const token of tokens) {
    const child = node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, token) ? (node as Record<string, unknown>)[token] : undefined;
    const origin = child !== null && typeof child === 'object' ? origins.get(child) : undefined;
    if (origin !== undefined) {
      source = origin.source;
      path = tokensOf(origin.frame);
    } else {
      path.push(token);
    }
    node = child;
  }
  return { file: source.id, line: source.lineOf(path) };
}

/** A plain JSON pointer (not a URI fragment): no percent-decoding, so keys holding `%` survive. */
function fragmentTokensOfPointer(pointer: string): string[] {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  return body
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function hashSources(rootDir: string, root: SourceFile, sources: Map<string, SourceFile>): string {
  const hash = createHash('sha256').update(root.text);
  const others = [...sources.values()].filter((s) => s !== root).map((s) => [displayName(rootDir, s.id), s.text] as const);
  others.sort((a, b) => compareText(a[0], b[0]));
  for (const [name, text] of others) hash.update('\0' + name + '\0' + text);
  return hash.digest('hex');
}

function displayName(rootDir: string, id: string): string {
  return isRemoteId(id) ? id : relative(rootDir, id).split('\\').join('/');
}

function userError(diagnostics: Diagnostic[], total = diagnostics.length): UserError {
  const first = diagnostics[0]!;
  const where = first.file !== undefined ? `${first.file}${first.line !== undefined ? `:${first.line}` : ''}: ` : '';
  const more = total > 1 ? ` (and ${total - 1} more)` : '';
  return new UserError(`${where}${first.message}${more}`, diagnostics.slice(0, MAX_DIAGNOSTICS));
}
