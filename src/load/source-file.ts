/**
 * One parsed spec file (the root or a file it refers to): its text, its value, and lines for pointers.
 * JSON goes through `JSON.parse` (fast, iterative); YAML through the `yaml` package, keeping the node tree
 * for locating pointers.
 */
import { extname } from 'node:path';
import type { Document, LineCounter, Node } from 'yaml';
import { UserError, type Diagnostic } from '../diagnostics.js';
import { JsonLocator } from './json-locator.js';
import { LineIndex } from './line-index.js';
import { yaml } from './yaml.js';

export interface SourceFile {
  /** Absolute real path of a local file, or the URL of a remote one. */
  readonly id: string;
  readonly text: string;
  readonly value: unknown;
  readonly format: 'json' | 'yaml';
  /** 1-based line of the deepest existing part of a pointer (given as unescaped tokens). */
  lineOf(tokens: readonly string[]): number;
}

/**
 * Flow collections (`{`/`[`) nested deeper than this are refused before the YAML parser sees them: its
 * recursive descent can exhaust the stack, and at some depths even abort the process.
 */
export const MAX_YAML_FLOW_DEPTH = 400;

/** Parses a file's text; a syntax error is a UserError located to its line. */
export function parseSource(id: string, text: string): { source: SourceFile; warnings: Diagnostic[] } {
  const looksLikeJson = /^[\s\ufeff]*[{[]/.test(text);
  if (looksLikeJson) {
    try {
      const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      const locator = new JsonLocator(text);
      return { source: { id, text, value, format: 'json', lineOf: (tokens) => locator.line(tokens) }, warnings: [] };
    } catch (error) {
      // A `.yaml` file may still be YAML flow style; a `.json` file must be JSON.
      if (extname(id.split(/[?#]/)[0]!).toLowerCase() === '.json' || !(error instanceof SyntaxError)) {
        throw jsonSyntaxError(id, text, error);
      }
    }
  }
  return parseYaml(id, text);
}

function jsonSyntaxError(id: string, text: string, error: unknown): UserError {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw);
  const message = raw.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  const line = position ? new LineIndex(text).lineOf(Number(position[1])) : undefined;
  return syntaxError(id, `invalid JSON: ${message}`, line);
}

function syntaxError(file: string, message: string, line: number | undefined): UserError {
  const diagnostic: Diagnostic = { code: 'syntax-error', severity: 'error', message, pointer: '', file, ...(line !== undefined ? { line } : {}) };
  return new UserError(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`, [diagnostic]);
}

function parseYaml(id: string, text: string): { source: SourceFile; warnings: Diagnostic[] } {
  const tooDeep = flowDepthExceeded(text, MAX_YAML_FLOW_DEPTH);
  if (tooDeep !== undefined) {
    const line = new LineIndex(text).lineOf(tooDeep);
    const diagnostic: Diagnostic = {
      code: 'too-deep',
      severity: 'error',
      message: `nested more than ${MAX_YAML_FLOW_DEPTH} levels deep`,
      pointer: '',
      file: id,
      line,
    };
    throw new UserError(`${id}:${line}: ${diagnostic.message}`, [diagnostic]);
  }
  const lineCounter = new (yaml().LineCounter)();
  // YAML 1.2 core schema (no `yes`/`no` booleans, dates stay strings); `<<` merge keys are common in
  // hand-written specs, so they are honoured.
  const doc = yaml().parseDocument(text, { lineCounter, merge: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const diagnostics = doc.errors.slice(0, 5).map((e): Diagnostic => {
      const stack = /call stack/i.test(e.message);
      return {
        code: stack ? 'too-deep' : 'syntax-error',
        severity: 'error',
        message: stack ? 'nested too deeply to parse' : `invalid YAML: ${firstLine(e.message)}`,
        pointer: '',
        file: id,
        ...(e.linePos ? { line: e.linePos[0].line } : {}),
      };
    });
    const first = diagnostics[0]!;
    throw new UserError(`${id}${first.line !== undefined ? `:${first.line}` : ''}: ${first.message}`, diagnostics);
  }
  let value: unknown;
  try {
    // The default alias limit stops "billion laughs" documents that expand aliases exponentially.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof RangeError ? 'nested too deeply to read' : `invalid YAML: ${error instanceof Error ? firstLine(error.message) : String(error)}`;
    throw syntaxError(id, message, undefined);
  }
  const warnings = doc.warnings.map(
    (w): Diagnostic => ({
      code: 'yaml-warning',
      severity: 'warning',
      message: firstLine(w.message),
      pointer: '',
      file: id,
      ...(w.linePos ? { line: w.linePos[0].line } : {}),
    }),
  );
  return { source: { id, text, value, format: 'yaml', lineOf: (tokens) => yamlLine(doc, lineCounter, tokens) }, warnings };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlLine(doc: Document, lineCounter: LineCounter, tokens: readonly string[]): number {
  const { isAlias, isMap, isSeq } = yaml();
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const token of tokens) {
    // Alias chains are short; a guard keeps a self-referencing alias from spinning.
    for (let hops = 0; isAlias(node) && hops < 100; hops++) node = node.resolve(doc);
    let next: unknown;
    let at: number | undefined;
    if (isMap(node)) {
      const pair = findPair(doc, node.items, token);
      if (pair !== undefined) {
        next = pair.value;
        at = (pair.key as Node | null)?.range?.[0] ?? (pair.value as Node | null)?.range?.[0];
      }
    } else if (isSeq(node) && /^\d+$/.test(token)) {
      next = node.items[Number(token)];
      at = (next as Node | null)?.range?.[0];
    }
    if (at === undefined) break;
    node = next;
    offset = at;
  }
  return lineCounter.linePos(offset).line;
}

type Pair = { key: unknown; value: unknown };

function findPair(doc: Document, items: readonly Pair[], token: string): Pair | undefined {
  const { isAlias, isMap, isScalar } = yaml();
  for (const pair of items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (key !== null && typeof key !== 'object' && String(key) === token) return pair;
  }
  // `<<: *base` merges: the key may live in the merged map.
  for (const pair of items) {
    if (isScalar(pair.key) && pair.key.value === '<<') {
      let merged: unknown = pair.value;
      if (isAlias(merged)) merged = merged.resolve(doc);
      if (isMap(merged)) {
        const found = findPair(doc, merged.items as Pair[], token);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/**
 * Offset of the first `{`/`[` nested deeper than `limit`, or undefined. Uses the YAML lexer (iterative and
 * exact about quoting) but only when the text holds enough brackets for the depth to be possible at all.
 */
export function flowDepthExceeded(text: string, limit: number): number | undefined {
  let brackets = 0;
  for (let i = text.indexOf('{'); i >= 0 && brackets <= limit; i = text.indexOf('{', i + 1)) brackets++;
  for (let i = text.indexOf('['); i >= 0 && brackets <= limit; i = text.indexOf('[', i + 1)) brackets++;
  if (brackets <= limit) return undefined;
  let depth = 0;
  let offset = 0;
  for (const token of new (yaml().Lexer)().lex(text)) {
    if (token === '{' || token === '[') {
      if (++depth > limit) return offset;
    } else if (token === '}' || token === ']') {
      depth--;
    }
    // The lexer injects one-character control tokens that are not part of the source.
    if (!(token.length === 1 && token.charCodeAt(0) < 0x20)) offset += token.length;
  }
  return undefined;
}
