/**
 * The runtime every generated package carries: this repository's `src/runtime/*.ts`, copied verbatim
 * (tests and fixtures left out). Found relative to this module, which sits in `src/emit/` under vitest
 * and in `dist/emit/` when installed; both are two levels below the package root.
 */
import { readdir, readFile } from 'node:fs/promises';
import { compareText } from '../diagnostics.js';

const RUNTIME_DIR = new URL('../../src/runtime/', import.meta.url);

async function list(dir: URL, prefix: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (entry.name === '__fixtures__' || entry.name === 'node_modules') continue;
      files.push(...(await list(new URL(`${encodeURIComponent(entry.name)}/`, dir), `${prefix}${entry.name}/`)));
    } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      files.push(`${prefix}${entry.name}`);
    }
  }
  return files;
}

/** Relative path inside the runtime folder → file content. */
export async function readRuntimeFiles(): Promise<Map<string, string>> {
  const names = (await list(RUNTIME_DIR, '')).sort(compareText);
  const texts = await Promise.all(
    names.map((name) => readFile(new URL(name.split('/').map(encodeURIComponent).join('/'), RUNTIME_DIR), 'utf8')),
  );
  return new Map(names.map((name, i) => [name, texts[i]!]));
}
