import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';

/** One line per diagnostic, `file:line: severity code: message (at pointer)`, paths relative to the cwd. */
export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const where = d.file ? `${path.relative(cwd, d.file) || d.file}${d.line ? `:${d.line}` : ''}: ` : '';
  const at = d.pointer ? ` (at ${d.pointer})` : '';
  return `${where}${d.severity} ${d.code}: ${d.message}${at}`;
}

export function formatDiagnostics(list: readonly Diagnostic[], cwd?: string): string {
  return list.map((d) => formatDiagnostic(d, cwd)).join('\n');
}
