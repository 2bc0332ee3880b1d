/**
 * The corpus in CI: a fixed, varied sample of `npm run corpus` (test/corpus-sample/ids.txt: sizes, OpenAPI 3.0
 * and 3.1, every auth type, every body media type, webhooks, callbacks, no servers, no operations) plus the
 * Swagger 2.0 specs in test/corpus-sample/swagger2 (the directory ships only converted 3.x documents). Each
 * generates without an error and its package type-checks strictly; one tsc run checks them all. The corpus is
 * installed into .cache/corpus when missing (a fresh clone with registry access).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, repoRoot, runCli, tempDir } from './helpers.js';
import { typecheckAll } from './hostile/batch-typecheck.js';
// @ts-ignore: a plain .mjs script
import { ensureCorpus, folderFor, listCorpus } from '../scripts/corpus.mjs';

const sampleDir = path.join(repoRoot, 'test', 'corpus-sample');
const ids = readFileSync(path.join(sampleDir, 'ids.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const swagger2 = readdirSync(path.join(sampleDir, 'swagger2')).sort();
const names = [...ids, ...swagger2.map((f) => `swagger2/${f}`)];

interface Made {
  readonly code: number;
  readonly stderr: string;
  readonly out: string;
}
let work: string;
const made = new Map<string, Made>();
let typeErrors = new Map<string, string>();

beforeAll(async () => {
  (ensureCorpus as (o: { quiet: boolean }) => void)({ quiet: true });
  const corpus = new Map((listCorpus as () => { id: string; file: string }[])().map((s) => [s.id, s.file]));
  work = await tempDir('corpus-sample');
  for (const name of names) {
    const file = name.startsWith('swagger2/') ? path.join(sampleDir, name) : corpus.get(name);
    if (file === undefined) throw new Error(`${name} is not in the corpus (test/corpus-sample/ids.txt)`);
    const out = path.join(work, (folderFor as (id: string) => string)(name));
    const r = await runCli('generate', file, '-o', out);
    made.set(name, { code: r.code, stderr: r.stderr, out });
  }
  const outs = [...made.values()].filter((m) => m.code === 0).map((m) => m.out);
  typeErrors = await typecheckAll(outs, path.join(work, 'typecheck'));
}, 900_000);

afterAll(async () => {
  if (work) await removeDir(work);
});

describe.each(names)('corpus sample: %s', (name) => {
  it('generates without an error', () => {
    const m = made.get(name)!;
    expect(m.stderr).not.toMatch(/^\s+at /m);
    expect(m.stderr.match(/^(internal )?error.*$/m)?.[0] ?? '').toBe('');
    expect(m.code).toBe(0);
  });

  it('type-checks strictly', () => {
    const m = made.get(name)!;
    if (m.code !== 0) return;
    expect(typeErrors.get(m.out)).toBe('');
  });
});
