/**
 * A first generation written on a second thread while it is printed (staged-writer.ts): the same files as
 * the one-thread write, and nothing left behind when the run fails at any point.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generate } from '../cli/generate.js';
import { UserError } from '../diagnostics.js';
import { readTree } from './__fixtures__/helpers.js';
import { tempPathFor } from './fs-steps.js';
import { hashText } from './lock.js';
import { serializePristine } from './pristine-store.js';
import { StagedWriter } from './staged-writer.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const petstore = path.join(repoRoot, 'specs', 'petstore-openapi30.yaml');

describe('StagedWriter', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'connector-gen-staged-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a first generation byte for byte as the one-thread write does', async () => {
    const staged = path.join(dir, 'staged');
    const oneThread = path.join(dir, 'one-thread');
    const finish = vi.spyOn(StagedWriter.prototype, 'finish');
    const viaThread = await generate(petstore, staged);
    expect(finish).toHaveBeenCalledTimes(1);
    finish.mockRestore();
    // The tests' step hook turns the writer off: every change is then made on this thread.
    const steps: string[] = [];
    await generate(petstore, oneThread, {}, { beforeStep: (_n, action) => steps.push(action) });
    expect(steps).toContain('write-new');
    // Every file, the lock and the pristine store included.
    const [a, b] = [await readTree(staged, true), await readTree(oneThread, true)];
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const [file, content] of Object.entries(a)) expect(content, file).toBe(b[file]);
    expect(Object.keys(a).length).toBeGreaterThan(20);
    expect(viaThread.report!.files.map((f) => f.outcome)).toEqual(Object.keys(a).filter((f) => !f.startsWith('.connector-gen/')).map(() => 'added'));
    // No staging folder is left beside the output.
    expect((await readdir(dir)).sort()).toEqual(['one-thread', 'staged']);
    // And the lock it wrote makes the next run a no-op.
    expect((await generate(petstore, staged)).upToDate).toBe(true);
  });

  it('leaves nothing behind when the spec is refused after the writer was opened', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, 'openapi: 3.0.3\ninfo: { title: Bad, version: "1" }\npaths:\n  /x:\n    get:\n      responses: { 200: 7 }\n');
    const out = path.join(dir, 'bad-out');
    await expect(generate(bad, out)).rejects.toBeInstanceOf(UserError);
    expect((await readdir(dir)).filter((name) => name.includes('bad-out'))).toEqual([]);
  });

  it('reports a file it could not write, and abort removes the staging folder', async () => {
    const root = path.join(dir, 'failing');
    const writer = (await StagedWriter.open(root))!;
    writer.add('src/a.ts', 'export {};\n');
    // A file where the folder of the next one should be: the thread cannot create src/a.ts/b.ts.
    writer.add('src/a.ts/b.ts', 'export {};\n');
    await expect(writer.finish([], new Map())).rejects.toThrow(/a\.ts/);
    await writer.abort();
    expect((await readdir(dir)).filter((name) => name.includes('failing'))).toEqual([]);
  });

  it("hashes what it writes and puts the pristine store in the order it is given", async () => {
    const root = path.join(dir, 'reordered');
    const writer = (await StagedWriter.open(root))!;
    const [a, b, c] = ['export const a = 1;\n', 'export const b = 2;\n', 'export const a = 1;\n'];
    writer.add('b.ts', b);
    writer.add('a.ts', a);
    writer.add('c.ts', c);
    expect(await writer.hashes()).toEqual(new Map([['b.ts', hashText(b)], ['a.ts', hashText(a)], ['c.ts', hashText(c)]]));
    // a.ts came after b.ts, but the store puts it first; c.ts has a.ts's content, stored once.
    await writer.finish([hashText(a), hashText(b)], new Map([['.connector-gen/lock.json', '{}\n']]));
    const store = await readFile(path.join(writer.staging, '.connector-gen', 'pristine'), 'utf8');
    expect(store).toBe(serializePristine([[hashText(a), a], [hashText(b), b]]));
    expect(await readFile(path.join(writer.staging, '.connector-gen', 'lock.json'), 'utf8')).toBe('{}\n');
    await rm(writer.staging, { recursive: true });
  });

  it("hashes the spec's files for the lock, and a file it cannot read stops neither it nor the writes", async () => {
    const specA = path.join(dir, 'spec-a.json');
    const specB = path.join(dir, 'spec-b.json');
    await writeFile(specA, '{"openapi":"3.0.3"}');
    await writeFile(specB, 'components: {}\n');
    const root = path.join(dir, 'hashing');
    const writer = (await StagedWriter.open(root))!;
    const both = writer.filesHash([specA, specB]);
    writer.add('a.ts', 'export {};\n');
    const missing = writer.filesHash([specA, path.join(dir, 'no-such-spec.json')]);
    // Each file's bytes, then a NUL byte, in the order given.
    const expected = createHash('sha256').update('{"openapi":"3.0.3"}\0components: {}\n\0').digest('hex');
    expect(await both).toBe(expected);
    expect(await missing).toBeUndefined();
    writer.add('b.ts', 'export {};\n');
    await writer.finish([hashText('export {};\n')], new Map());
    expect(await readFile(path.join(writer.staging, 'b.ts'), 'utf8')).toBe('export {};\n');
    await rm(writer.staging, { recursive: true });
  });

  it('refuses a path outside the folder before it reaches the thread', async () => {
    const writer = (await StagedWriter.open(path.join(dir, 'escape')))!;
    expect(() => writer.add('../outside.ts', 'x')).toThrow(UserError);
    await writer.abort();
    expect((await readdir(dir)).filter((name) => name.includes('escape') || name === 'outside.ts')).toEqual([]);
  });

  it('is not opened over an existing folder or a staging place that holds something else', async () => {
    const existing = path.join(dir, 'existing');
    await mkdir(existing);
    expect(await StagedWriter.open(existing)).toBeUndefined();
    const occupied = path.join(dir, 'occupied');
    await mkdir(tempPathFor(occupied));
    await writeFile(path.join(tempPathFor(occupied), 'notes.txt'), 'mine');
    expect(await StagedWriter.open(occupied)).toBeUndefined();
    expect(await readFile(path.join(tempPathFor(occupied), 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('runs in a process started with --input-type=module (its workers take that flag)', async () => {
    // The built package, as a program run from \`node --input-type=module -e\` would use it.
    const main = pathToFileURL(path.join(repoRoot, 'dist', 'cli', 'main.js')).href;
    const out = path.join(dir, 'as-module');
    const script = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(['generate', ${JSON.stringify(petstore)}, '-o', ${JSON.stringify(out)}]);`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    expect(Object.keys(await readTree(out))).toContain('src/index.ts');
  });

  it('replaces the staging folder an interrupted first generation left', async () => {
    const root = path.join(dir, 'interrupted');
    await mkdir(path.join(tempPathFor(root), '.connector-gen'), { recursive: true });
    await writeFile(path.join(tempPathFor(root), 'half-written.ts'), 'export const');
    await generate(petstore, root);
    const files = Object.keys(await readTree(root));
    expect(files).not.toContain('half-written.ts');
    expect(files).toContain('src/index.ts');
    expect((await readdir(dir)).filter((name) => name.includes('interrupted'))).toEqual(['interrupted']);
  });
});
