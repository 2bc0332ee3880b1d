/**
 * The runtime every generated package carries: this repository's `src/runtime/*.ts`, copied verbatim
 * (tests and fixtures left out). Found relative to this module, which sits in `src/emit/` under vitest
 * and in `dist/emit/` when installed; both are two levels below the package root. Read synchronously: the emit
 * has nothing else to do meanwhile, and each asynchronous read is a round trip to the thread pool that leaves
 * this thread idle (see readSpecBytes in load-spec.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { compareText } from '../diagnostics.js';

const RUNTIME_DIR = new URL('../../src/runtime/', import.meta.url);

function list(dir: URL, prefix: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (entry.name === '__fixtures__' || entry.name === 'node_modules') continue;
      files.push(...(list(new URL(`${encodeURIComponent(entry.name)}/`, dir), `${prefix}${entry.name}/`)));
    } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      files.push(`${prefix}${entry.name}`);
    }
  }
  return files;
}

/** Relative path inside the runtime folder → file content. */
export function readRuntimeFiles(): Map<string, string> {
  const names = list(RUNTIME_DIR, '').sort(compareText);
  return new Map(names.map((name) => [name, readFileSync(new URL(name.split('/').map(encodeURIComponent).join('/'), RUNTIME_DIR), 'utf8')]));
}
