/**
 * A large JSON spec is validated on a second thread while the pipeline goes on (validate-thread.ts): the
 * verdict must be the one validating in place gives, errors and their locations included.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { getPriority as osPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSpec } from '../cli/generate.js';
import { UserError } from '../diagnostics.js';
import { loadSpec } from './load-spec.js';
import { compiledValidatorFile } from './validate.js';
import { THREAD_MIN_BYTES, VALIDATION_NICE, validateOnThread } from './validate-thread.js';

/** A spec over the thread's threshold: many valid operations, and `broken` ones that the schema refuses. */
function largeSpec(broken: number): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0, size = 0; size < THREAD_MIN_BYTES; i++) {
    const item = {
      get: {
        operationId: `get${i}`,
        description: 'A resource among many, described at some length so that the document is large.'.repeat(4),
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'integer' } } } } } } },
      },
    };
    paths[`/r${i}`] = item;
    size += JSON.stringify(item).length;
  }
  for (let i = 0; i < broken; i++) paths[`/broken${i}`] = { get: { responses: { 200: 7 } } };
  return JSON.stringify({ openapi: '3.0.3', info: { title: 'Large', version: '1' }, paths }, null, 1);
}

describe('validation on a second thread', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'connector-gen-validate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts a valid large spec, with the same document as validating in place', async () => {
    const file = path.join(dir, 'valid.json');
    await writeFile(file, largeSpec(0));
    const deferred = await loadSpec(file, { deferValidation: true });
    expect(deferred.validation).toBeInstanceOf(Promise);
    await expect(deferred.validation).resolves.toBeUndefined();
    const inPlace = await loadSpec(file);
    expect(inPlace.validation).toBeUndefined();
    expect(deferred.document).toEqual(inPlace.document);
  });

  it('refuses an invalid large spec with the errors and lines validating in place gives', async () => {
    const file = path.join(dir, 'invalid.json');
    await writeFile(file, largeSpec(3));
    const inPlace = await loadSpec(file).catch((e: unknown) => e);
    expect(inPlace).toBeInstanceOf(UserError);
    const deferred = await loadSpec(file, { deferValidation: true });
    const threaded = await deferred.validation!.catch((e: unknown) => e);
    expect(threaded).toBeInstanceOf(UserError);
    expect((threaded as UserError).message).toBe((inPlace as UserError).message);
    expect((threaded as UserError).diagnostics).toEqual((inPlace as UserError).diagnostics);
    const lines = (threaded as UserError).diagnostics.map((d) => d.line);
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => typeof line === 'number' && line > 1)).toBe(true);
  });

  it('comes before the plan: generate refuses an invalid large spec as invalid', async () => {
    const file = path.join(dir, 'invalid-plan.json');
    await writeFile(file, largeSpec(1));
    const error = await planSpec(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).diagnostics.map((d) => d.pointer)).toEqual(['/paths/~1broken0/get/responses/200']);
  });

  it('runs in a process started with --input-type=module (its workers take that flag)', async () => {
    const file = path.join(dir, 'invalid-module.json');
    await writeFile(file, largeSpec(1));
    // The thread itself, from the built package: a failed thread would be hidden by the fallback in loadSpec.
    const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'load');
    const url = (name: string): string => JSON.stringify(pathToFileURL(path.join(dist, name)).href);
    const script = `const { validateOnThread } = await import(${url('validate-thread.js')});
const { compiledValidatorFile } = await import(${url('validate.js')});
const bytes = (await import('node:fs')).readFileSync(${JSON.stringify(file)});
const outcome = await validateOnThread(bytes, compiledValidatorFile(JSON.parse(bytes.toString('utf8')))).outcome.catch((e) => ({ failed: e.message }));
console.log(JSON.stringify(outcome.failed ?? outcome.details.map((d) => d.instancePath)));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toContain('/paths/~1broken0/get/responses/200');
  });

  it('on Linux, runs behind the caller when asked: at a lower priority, and only then', async () => {
    const text = largeSpec(0);
    const linux = existsSync('/proc/thread-self');
    const behind = validateOnThread(Buffer.from(text), compiledValidatorFile(JSON.parse(text)), { behind: true });
    await expect(behind.outcome).resolves.toEqual({ ok: true });
    expect(await behind.priority).toBe(linux ? Math.max(VALIDATION_NICE, osPriority()) : undefined);
    const level = validateOnThread(Buffer.from(text), compiledValidatorFile(JSON.parse(text)));
    await expect(level.outcome).resolves.toEqual({ ok: true });
    expect(await level.priority).toBe(linux ? osPriority() : undefined);
  });

  it('validates small specs in place', async () => {
    const small = path.join(dir, 'small.json');
    await writeFile(small, JSON.stringify({ openapi: '3.0.3', info: { title: 'Small', version: '1' }, paths: {} }));
    expect((await loadSpec(small, { deferValidation: true })).validation).toBeUndefined();
  });
});
