/**
 * What every hostile-input test checks about a refusal, and about a package made from a hostile spec.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { listFiles, runCli, type CliResult } from '../helpers.js';

export const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');

export interface Refusal {
  /** The code of the first diagnostic, e.g. `ref-outside-root`. */
  readonly code: string;
  /** The file named by the first diagnostic line (`file:line:`), as printed. */
  readonly file: string;
  readonly line?: number;
  /** The pointer printed as `(at /paths/...)`, when there is one. */
  readonly pointer?: string;
  readonly stderr: string;
}

const DIAGNOSTIC_LINE = /^(.+?)(?::(\d+))?: error ([a-z0-9-]+): .*?(?: \(at (\/.*|#.*)\))?$/m;

/**
 * Runs `generate` on a spec that must be refused: exit 1, a diagnostic line naming file (and line and pointer
 * where known), no stack trace, and nothing at all written where the package would have gone.
 */
export async function expectRefused(spec: string, outDir: string, ...args: string[]): Promise<Refusal> {
  const result: CliResult = await runCli('generate', spec, '-o', outDir, ...args);
  expect(result.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toMatch(/^error: /);
  expect(result.stdout).toBe('');
  expect(existsSync(outDir), 'nothing written to the output folder').toBe(false);
  const m = DIAGNOSTIC_LINE.exec(result.stderr);
  expect(m, `a located diagnostic in:\n${result.stderr}`).not.toBeNull();
  return { file: m![1]!, line: m![2] ? Number(m![2]) : undefined, code: m![3]!, pointer: m![4], stderr: result.stderr };
}

/** Every file of a generated package stays inside it, and no two differ only by case (case-insensitive file systems). */
export async function expectSafeFileNames(outDir: string): Promise<string[]> {
  const files = await listFiles(outDir);
  for (const f of files) {
    const resolved = path.resolve(outDir, f);
    expect(resolved.startsWith(path.resolve(outDir) + path.sep), f).toBe(true);
    expect(f.split('/').every((s) => s !== '' && s !== '.' && s !== '..'), f).toBe(true);
    // Portable names: no control characters, nothing Windows refuses in a file name.
    expect(f, f).not.toMatch(/[\u0000-\u001f<>:"\\|?*]/);
  }
  const lower = new Set(files.map((f) => f.toLowerCase()));
  expect(lower.size, 'file names unique case-insensitively').toBe(files.length);
  return files;
}
