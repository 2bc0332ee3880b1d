import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batches, makeFolders } from './fs-steps.js';

describe('batches', () => {
  it('joins pieces into batches of at least the size, the rest last', () => {
    expect([...batches(['ab', 'cd', 'e'], 3)]).toEqual(['abcd', 'e']);
    expect([...batches(['abc', 'def'], 3)]).toEqual(['abc', 'def']);
  });

  it('gives one empty batch for no pieces, so that an empty file is still written', () => {
    expect([...batches([], 3)]).toEqual(['']);
  });
});

describe('makeFolders', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'connector-gen-folders-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes every missing level, and accepts folders that exist', async () => {
    await makeFolders(join(dir, 'a', 'b', 'c'));
    await makeFolders(join(dir, 'a', 'b'));
    expect((await stat(join(dir, 'a', 'b', 'c'))).isDirectory()).toBe(true);
  });

  it('throws what the system says when a file is on the way', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(makeFolders(join(dir, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
