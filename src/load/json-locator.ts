/**
 * Finds the line of a JSON pointer in JSON text without building a syntax tree. Big specs (GitHub's is 13 MB)
 * are parsed with `JSON.parse` for speed; lines are only needed for diagnostics, so each object or array on
 * the way to a pointer is indexed once, on first use, by skipping over its members' text.
 *
 * The text must be valid JSON (it is only used after `JSON.parse` accepted it).
 */
import { LineIndex } from './line-index.js';

interface ObjectIndex {
  readonly kind: 'object';
  /** Key -> [offset of the key's opening quote, offset of the value]. The last duplicate wins, as in JSON.parse. */
  readonly members: Map<string, readonly [number, number]>;
}
interface ArrayIndex {
  readonly kind: 'array';
  readonly items: readonly number[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export class JsonLocator {
  private readonly indexes = new Map<number, ObjectIndex | ArrayIndex>();
  private readonly lines: LineIndex;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  /**
   * The 1-based line of the deepest part of `tokens` that exists: the member's key when the last step is an
   * object member (so `responses: {}` reports the line that says `responses`), else the value's first line.
   */
  line(tokens: readonly string[]): number {
    let at = this.skipSpace(0);
    let keyAt = at;
    for (const token of tokens) {
      const index = this.indexAt(at);
      if (index === undefined) break;
      if (index.kind === 'object') {
        const member = index.members.get(token);
        if (member === undefined) break;
        [keyAt, at] = member;
      } else {
        const item = /^\d+$/.test(token) ? index.items[Number(token)] : undefined;
        if (item === undefined) break;
        keyAt = at = item;
      }
    }
    return this.lines.lineOf(keyAt);
  }

  private indexAt(at: number): ObjectIndex | ArrayIndex | undefined {
    const c = this.text.charCodeAt(at);
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return undefined;
    let index = this.indexes.get(at);
    if (index === undefined) {
      index = c === OPEN_BRACE ? this.indexObject(at) : this.indexArray(at);
      this.indexes.set(at, index);
    }
    return index;
  }

  private indexObject(start: number): ObjectIndex {
    const members = new Map<string, readonly [number, number]>();
    let i = this.skipSpace(start + 1);
    while (this.text.charCodeAt(i) === QUOTE) {
      const keyEnd = this.skipString(i);
      const raw = this.text.slice(i + 1, keyEnd - 1);
      const key = raw.includes('\\') ? (JSON.parse(this.text.slice(i, keyEnd)) as string) : raw;
      const valueAt = this.skipSpace(this.skipSpace(keyEnd) + 1); // past the colon
      members.set(key, [i, valueAt]);
      i = this.skipSpace(this.skipValue(valueAt));
      if (this.text.charCodeAt(i) === 0x2c) i = this.skipSpace(i + 1); // comma
    }
    return { kind: 'object', members };
  }

  private indexArray(start: number): ArrayIndex {
    const items: number[] = [];
    let i = this.skipSpace(start + 1);
    while (i < this.text.length && this.text.charCodeAt(i) !== CLOSE_BRACKET) {
      items.push(i);
      i = this.skipSpace(this.skipValue(i));
      if (this.text.charCodeAt(i) === 0x2c) i = this.skipSpace(i + 1);
    }
    return { kind: 'array', items };
  }

  /** Offset just past the value starting at `i`; iterative, so nesting depth does not matter. */
  private skipValue(i: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === QUOTE) return this.skipString(i);
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
      return i;
    }
    let depth = 0;
    while (i < text.length) {
      const ch = text.charCodeAt(i);
      if (ch === QUOTE) {
        i = this.skipString(i);
        continue;
      }
      if (ch === OPEN_BRACE || ch === OPEN_BRACKET) depth++;
      else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }

  private skipString(i: number): number {
    const text = this.text;
    let from = i + 1;
    for (;;) {
      const end = text.indexOf('"', from);
      if (end < 0) return text.length;
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
      if (slashes % 2 === 0) return end + 1;
      from = end + 1;
    }
  }

  private skipSpace(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) i++;
      else return i;
    }
  }
}
