/**
 * Validation on a second thread (issue 7) gives the verdict of validation in the load stage's own thread:
 * the same located errors for an invalid spec, the same document for a valid one. The worker runs
 * JavaScript, so the load stage is transpiled first (into the repo's git-ignored .cache, where it resolves
 * the repo's packages).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../diagnostics.js';
import { loadSpec } from './load-spec.js';
import type { ValidateThread as ValidateThreadType } from './validate-thread.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

let dir: string;
let built: { readonly loadSpec: typeof loadSpec; readonly ValidateThread: typeof ValidateThreadType };

beforeAll(async () => {
  const base = path.join(repoRoot, '.cache', 'validate-thread-test');
  await mkdir(base, { recursive: true });
  dir = await mkdtemp(path.join(base, 'build-'));
  await mkdir(path.join(dir, 'load'), { recursive: true });
  const sources = (await readdir(here)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => `load/${f}`);
  for (const file of [...sources, 'diagnostics.ts']) {
    const text = await readFile(path.join(repoRoot, 'src', file), 'utf8');
    const { outputText } = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, fileName: file });
    await writeFile(path.join(dir, file.replace(/\.ts$/, '.js')), outputText);
  }
  const load = (file: string) => import(pathToFileURL(path.join(dir, 'load', file)).href);
  const [{ loadSpec: builtLoad }, { ValidateThread }] = await Promise.all([load('load-spec.js'), load('validate-thread.js')]);
  built = { loadSpec: builtLoad, ValidateThread };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const head = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n';
const cases: [string, { name: string; text: string }][] = [
  ['a valid spec', { name: 'ok.yaml', text: head + "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n" }],
  ['no responses', { name: 'bad.yaml', text: head + 'paths:\n  /a:\n    get:\n      responses: {}\n' }],
  ['wrong types in several places', { name: 'bad.yaml', text: head + 'paths:\n  /a:\n    get:\n      parameters: [{name: 5, in: nowhere}]\n      requestBody: 7\n      responses: {}\n' }],
  ['an invalid JSON spec', { name: 'bad.json', text: JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a': { get: { responses: { '200': { description: 1 } } } } } }, null, 2) }],
];

/** What a load gives, as comparable data: the error's message and diagnostics, or the document. */
async function outcome(load: Promise<{ document: unknown; validation?: Promise<void> }>): Promise<unknown> {
  try {
    const spec = await load;
    await spec.validation;
    return { document: spec.document };
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'UserError') throw error;
    return { error: error.message, diagnostics: (error as UserError).diagnostics };
  }
}

describe.skipIf(availableParallelism() < 2)('validation on a second thread', () => {
  it.each(cases)('%s: the same verdict as in one thread', async (_name, { name, text }) => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    const threaded = built.ValidateThread.start();
    expect(threaded).toBeDefined();
    try {
      const spec = await built.loadSpec(file, { validator: threaded });
      expect(spec.validation).toBeInstanceOf(Promise);
      const two = await outcome(Promise.resolve(spec));
      expect(two).toEqual(await outcome(loadSpec(file)));
      expect(name.startsWith('bad') ? 'error' in (two as object) : 'document' in (two as object)).toBe(true);
    } finally {
      await threaded!.close();
    }
  });

  it('validates in this thread when the worker is gone', async () => {
    const [, { name, text }] = cases[1]!;
    const file = path.join(dir, `gone-${name}`);
    await writeFile(file, text);
    const threaded = built.ValidateThread.start()!;
    await threaded.close();
    expect(await outcome(built.loadSpec(file, { validator: threaded }))).toEqual(await outcome(loadSpec(file)));
  });
});
