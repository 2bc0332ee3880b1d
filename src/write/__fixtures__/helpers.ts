/** Shared by the write stage's tests: real temp folders, read back whole. */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashOptions, type GenerationMeta } from '../lock.js';

export async function tempFolder(prefix = 'connector-gen-write-'): Promise<{ path: string; dispose(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, dispose: () => rm(path, { recursive: true, force: true }) };
}

/** Every file under `dir` (dot files included) → content, sorted by path; `.connector-gen/` left out unless asked. */
export async function readTree(dir: string, withMeta = false): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/'))
    .filter((p) => withMeta || !p.startsWith('.connector-gen/'))
    .sort();
  for (const file of files) out[file] = await readFile(join(dir, file), 'utf8');
  return out;
}

export async function mtimes(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const file of Object.keys(await readTree(dir, true))) out[file] = (await stat(join(dir, file))).mtimeMs;
  return out;
}

export function meta(specHash = 'spec-1', options: Record<string, unknown> = {}): GenerationMeta {
  return {
    generatorVersion: '0.1.0',
    spec: { path: '../specs/pets.yaml', hash: specHash },
    optionsHash: hashOptions(options),
    options,
  };
}

export const files = (record: Record<string, string>): Map<string, string> => new Map(Object.entries(record));

export const lines = (...l: string[]): string => l.map((x) => x + '\n').join('');
