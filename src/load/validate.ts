/**
 * Validates a bundled document against the official OpenAPI / Swagger JSON Schema, using swagger-parser's
 * validator, and turns the ajv errors into a short list of located, human diagnostics.
 *
 * The validator is called on the bundled document directly (internal `$ref`s kept): the official schemas
 * accept Reference Objects wherever the spec allows them, and `SwaggerParser.validate` would first
 * dereference the whole document (a deep copy of GitHub's spec costs more than the validation itself).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { pointerEscape } from '../diagnostics.js';

export interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

const require = createRequire(import.meta.url);
// Not in the package's typings, but a stable file of the pinned version (~13.0): the same function
// swagger-parser's own `validate` runs. Loaded only when no compiled validator is there (from the sources).
const validateSchema = (api: unknown): void => (require('@apidevtools/swagger-parser/lib/validators/schema.js') as (api: unknown) => void)(api);

export type ValidationResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly problems: readonly { readonly pointer: string; readonly message: string; readonly code: string }[] };

/** A validator compiled ahead of time: true, or false with its `errors`. */
type CompiledValidator = ((document: unknown) => boolean) & { errors?: AjvError[] | null };

/**
 * The file of the validator `npm run build` compiled for a document of this version (scripts/build-validators.mjs),
 * in dist/load/validators/; named from the folder above, so that the same path holds from the bundle in
 * dist/bundle/ (scripts/bundle.mjs).
 */
export function compiledValidatorFile(document: unknown): string {
  const doc = (document ?? {}) as { swagger?: unknown; openapi?: unknown };
  const file = doc.swagger !== undefined ? 'swagger-2.0' : typeof doc.openapi === 'string' && doc.openapi.startsWith('3.1') ? 'openapi-3.1' : 'openapi-3.0';
  return fileURLToPath(new URL(`../load/validators/${file}.cjs`, import.meta.url));
}

/**
 * The compiled validator for this document's version, or undefined when running from the TypeScript sources,
 * which compile the schema on each call instead.
 */
function compiledFor(document: unknown): CompiledValidator | undefined {
  const compiled = compiledValidatorFile(document);
  if (!existsSync(compiled)) return undefined;
  const loaded = require(compiled) as CompiledValidator | { default: CompiledValidator };
  return 'default' in loaded ? loaded.default : loaded;
}

/**
 * What running the validator gave: no errors, ajv's errors, or a failure of its own (a document nested too
 * deeply for it, or something else it threw). Plain data: validate-thread.ts brings it from another thread.
 */
export type ValidatorOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly details: readonly AjvError[] }
  | { readonly ok: false; readonly tooDeep?: true; readonly message: string };

export function validateDocument(document: unknown): ValidationResult {
  return interpretOutcome(runValidator(document), document);
}

function runValidator(document: unknown): ValidatorOutcome {
  try {
    const compiled = compiledFor(document);
    if (compiled === undefined) validateSchema(document);
    else if (!compiled(document)) return { ok: false, details: compiled.errors ?? [] };
    return { ok: true };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, tooDeep: true, message: error.message };
    const details = (error as { details?: AjvError[] }).details;
    if (Array.isArray(details)) return { ok: false, details };
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The verdict on `document` from its validator's outcome: located, de-duplicated problems. */
export function interpretOutcome(outcome: ValidatorOutcome, document: unknown): ValidationResult {
  if (outcome.ok) return { ok: true };
  if ('details' in outcome) return { ok: false, problems: summarize(outcome.details, document) };
  if (outcome.tooDeep) return { ok: false, problems: [{ pointer: '', code: 'too-deep', message: 'the document is nested too deeply to validate' }] };
  return { ok: false, problems: [{ pointer: '', code: 'invalid-spec', message: outcome.message }] };
}

/** Parameter locations of any version: an `in` holding one of these was right for some `oneOf` branch. */
const KNOWN_LOCATIONS = new Set(['query', 'header', 'path', 'cookie', 'body', 'formData']);
const STRUCTURAL = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else', 'not', '$ref', 'false schema', 'dependencies', 'dependentSchemas']);

/**
 * ajv reports every failed branch of every `oneOf` (a parameter is checked as a path, query, header and
 * cookie parameter, and as a Reference Object). The draft-04 validator does not say which branch an error
 * came from, so the noise is removed using the document's values instead:
 * 1. `enum`/`const` errors at one place are merged; if the value there is allowed by one of them (or is a
 *    known parameter location), they only mark wrong branches and are dropped.
 * 2. Structural errors (`oneOf` failed…) and "must have `$ref`" go when a specific error explains them.
 * 3. Where a `oneOf` failed on an object, errors on the object itself go when an error below it remains:
 *    the deeper one is the real problem, the others came from branches that did not apply.
 */
export function summarize(errors: readonly AjvError[], document: unknown): { pointer: string; message: string; code: string }[] {
  const oneOfAt = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const kept: AjvError[] = [];
  const enums = new Map<string, AjvError[]>();
  for (const e of errors) {
    if (e.keyword === 'enum' || e.keyword === 'const') {
      const list = enums.get(e.instancePath) ?? [];
      if (list.length === 0) enums.set(e.instancePath, list);
      list.push(e);
    } else {
      kept.push(e);
    }
  }
  for (const [path, list] of enums) {
    const allowed: unknown[] = [];
    for (const e of list) {
      for (const v of e.keyword === 'const' ? [e.params.allowedValue] : ((e.params.allowedValues as unknown[] | undefined) ?? [])) {
        if (!allowed.some((a) => JSON.stringify(a) === JSON.stringify(v))) allowed.push(v);
      }
    }
    const value = valueAt(document, path);
    const isNoise =
      list.length > 1 &&
      (allowed.some((a) => JSON.stringify(a) === JSON.stringify(value)) || (path.endsWith('/in') && typeof value === 'string' && KNOWN_LOCATIONS.has(value)));
    if (!isNoise) kept.push({ ...list[0]!, keyword: 'enum', params: { allowedValues: allowed } });
  }

  const isRefBranch = (e: AjvError) => e.keyword === 'required' && e.params.missingProperty === '$ref';
  const specific = kept.filter((e) => !STRUCTURAL.has(e.keyword) && !isRefBranch(e));
  const below = (path: string, strictly: boolean) => specific.some((o) => (!strictly && o.instancePath === path) || o.instancePath.startsWith(path + '/'));
  const final = kept.filter((e) => {
    if (STRUCTURAL.has(e.keyword) || isRefBranch(e)) return !below(e.instancePath, false);
    if (oneOfAt.has(e.instancePath) && below(e.instancePath, true)) return false;
    return true;
  });

  const out: { pointer: string; message: string; code: string }[] = [];
  const seen = new Set<string>();
  for (const e of final) {
    const { pointer, message } = describe(e);
    const key = pointer + '\0' + message;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message, code: 'invalid-spec' });
  }
  return out;
}

function valueAt(document: unknown, pointer: string): unknown {
  let node = document;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function describe(e: AjvError): { pointer: string; message: string } {
  const path = e.instancePath;
  const last = path.slice(path.lastIndexOf('/') + 1);
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(e.params.additionalProperty);
      if (path === '/paths') return { pointer: path + '/' + pointerEscape(name), message: `path '${name}' must start with '/'` };
      return { pointer: path + '/' + pointerEscape(name), message: `property '${name}' is not allowed here` };
    }
    case 'required':
      return { pointer: path, message: `must have property '${String(e.params.missingProperty)}'` };
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[] | undefined) ?? [];
      const list = allowed.slice(0, 8).map((v) => JSON.stringify(v)).join(', ') + (allowed.length > 8 ? ', …' : '');
      return { pointer: path, message: `must be one of ${list}` };
    }
    case 'const':
      return { pointer: path, message: `must be ${JSON.stringify(e.params.allowedValue)}` };
    case 'type':
      return { pointer: path, message: `must be ${article(String(e.params.type))}` };
    case 'minProperties':
      if (e.params.limit === 1) return { pointer: path, message: last === 'responses' ? 'must have at least one response' : 'must not be empty' };
      break;
    case 'minItems':
      if (e.params.limit === 1) return { pointer: path, message: 'must not be empty' };
      break;
    case 'pattern':
      return { pointer: path, message: `must match the pattern ${String(e.params.pattern)}` };
    case 'format':
      return { pointer: path, message: `must be a valid ${String(e.params.format)}` };
    case 'oneOf':
    case 'anyOf':
      return { pointer: path, message: 'is not a valid value here' };
    default:
      break;
  }
  return { pointer: path, message: (e.message ?? 'is invalid').replace(/^must NOT/, 'must not') };
}

function article(type: string): string {
  return type.includes(',') ? `one of ${type}` : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
