/**
 * The validators `npm run build` compiles ahead of time (scripts/build-validators.mjs) must judge exactly as
 * swagger-parser's own validator, which compiles the same schemas at run time: same verdict, same errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const spec = (file: string): Record<string, unknown> => parse(readFileSync(path.join(repoRoot, 'specs', file), 'utf8')) as Record<string, unknown>;

// Inside the repository, so that the compiled code finds ajv's runtime helpers in node_modules as it does in dist/.
mkdirSync(path.join(repoRoot, '.cache'), { recursive: true });
const outDir = mkdtempSync(path.join(repoRoot, '.cache', 'validators-'));

type Validator = ((doc: unknown) => boolean) & { errors?: unknown[] | null };

/** swagger-parser's validator: throws with `details` (ajv's errors) when the document is invalid. */
function runtimeErrors(doc: unknown): unknown[] {
  const validate = require('@apidevtools/swagger-parser/lib/validators/schema.js') as (api: unknown) => void;
  try {
    validate(structuredClone(doc));
    return [];
  } catch (e) {
    return (e as { details: unknown[] }).details;
  }
}

function compiledErrors(doc: unknown): unknown[] {
  const d = doc as { swagger?: string; openapi?: string };
  const file = d.swagger !== undefined ? 'swagger-2.0' : d.openapi!.startsWith('3.1') ? 'openapi-3.1' : 'openapi-3.0';
  const validate = require(path.join(outDir, `${file}.cjs`)) as Validator;
  return validate(structuredClone(doc)) ? [] : [...(validate.errors ?? [])];
}

/** A copy of `doc` with `change` applied. */
function edit<T extends Record<string, unknown>>(doc: T, change: (d: any) => void): T {
  const copy = structuredClone(doc);
  change(copy);
  return copy;
}

describe('compiled validators', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-validators.mjs'), '--out', outDir]);
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const v2 = spec('petstore-swagger2.json');
  const v30 = spec('petstore-openapi30.yaml');
  const v31 = spec('petstore-openapi31.yaml');
  const cases: [string, { given: Record<string, unknown>; valid: boolean }][] = [
    ['Swagger 2.0, valid', { given: v2, valid: true }],
    ['OpenAPI 3.0, valid', { given: v30, valid: true }],
    ['OpenAPI 3.1, valid', { given: v31, valid: true }],
    ['Asana (3.0, 167 operations), valid', { given: spec('asana.json'), valid: true }],
    ['Discourse (3.1), valid', { given: spec('discourse.json'), valid: true }],
    ['Swagger 2.0, a parameter in an unknown place', { given: edit(v2, (d) => (Object.values<any>(d.paths)[0].get.parameters = [{ name: 'x', in: 'nowhere', type: 'string' }])), valid: false }],
    ['Swagger 2.0, no info', { given: edit(v2, (d) => delete d.info), valid: false }],
    ['OpenAPI 3.0, a stray top-level key', { given: edit(v30, (d) => (d.source = {})), valid: false }],
    ['OpenAPI 3.0, a pattern that is not a string', { given: edit(v30, (d) => (d.components = { schemas: { A: { type: 'string', pattern: 5 } } })), valid: false }],
    ['OpenAPI 3.0, an operation without responses', { given: edit(v30, (d) => delete Object.values<any>(d.paths)[0].get.responses), valid: false }],
    ['OpenAPI 3.1, no info', { given: edit(v31, (d) => delete d.info), valid: false }],
    ['OpenAPI 3.1, responses that are not an object', { given: edit(v31, (d) => (Object.values<any>(d.paths)[0].get.responses = 5)), valid: false }],
    ['OpenAPI 3.1, a server without a url', { given: edit(v31, (d) => (d.servers = [{ description: 'x' }])), valid: false }],
  ];
  it.each(cases)('%s', (_name, { given, valid }) => {
    const want = runtimeErrors(given);
    expect(want.length === 0).toBe(valid);
    expect(compiledErrors(given)).toEqual(want);
  });
});
