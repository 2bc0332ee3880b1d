/**
 * Line layout with the semantics of Prettier's document printer (groups that print flat when they fit,
 * indentation, conditional groups, fill), so that emitted code comes out exactly as Prettier at our pinned
 * options would format it, without parsing it again (Prettier was most of the emit cost, issue 7).
 *
 * Data literals (plan values: objects, arrays, strings, numbers) are `value` nodes: instead of one document
 * node per bracket, comma and line, they are laid out directly from their flat widths, which are computed
 * once and shared. The layout rules for them are the ones Prettier applies to object and array literals and
 * to `key: value` properties (see `ts-print.ts`); tests compare both on generated packages.
 */
import { createRequire } from 'node:module';
import type * as PrettierDoc from 'prettier/doc';

const require = createRequire(import.meta.url);
/** Prettier's document printer, loaded the first time a text has characters only it can measure. */
let prettierDoc: typeof PrettierDoc | undefined;

export type Doc = string | readonly Doc[] | DocNode;

type DocNode =
  | {
      readonly kind: 'group';
      readonly contents: Doc;
      brk: boolean;
      readonly id: symbol | undefined;
      readonly states: readonly Doc[] | undefined;
      /** The pass of `propagateBreaks` that last visited it (a group shared by several places is walked once). */
      seen: number;
    }
  | { readonly kind: 'indent'; readonly contents: Doc }
  | { readonly kind: 'align'; readonly width: number; readonly contents: Doc }
  | { readonly kind: 'line'; readonly soft: boolean; readonly hard: boolean; readonly keepTrailing: boolean }
  | { readonly kind: 'if-break'; readonly breakContents: Doc; readonly flatContents: Doc; readonly groupId?: symbol }
  | { readonly kind: 'indent-if-break'; readonly contents: Doc; readonly groupId: symbol }
  | { readonly kind: 'fill'; readonly parts: readonly Doc[]; readonly start?: number }
  | { readonly kind: 'break-parent' }
  | { readonly kind: 'value'; value: unknown };

export const PRINT_WIDTH = 100;
const INDENT_WIDTH = 2;

// --- Builders (the subset of Prettier's `doc.builders` the emitters use) -----------------------------------

export const line: Doc = { kind: 'line', soft: false, hard: false, keepTrailing: false };
export const softline: Doc = { kind: 'line', soft: true, hard: false, keepTrailing: false };
const BREAK_PARENT: Doc = { kind: 'break-parent' };
export const breakParent: Doc = BREAK_PARENT;
export const hardline: Doc = [{ kind: 'line', soft: false, hard: true, keepTrailing: false }, BREAK_PARENT];
/** A line break that keeps the trailing spaces before it (a Markdown hard break inside a JSDoc comment). */
export const hardlineKeepingSpaces: Doc = [{ kind: 'line', soft: false, hard: true, keepTrailing: true }, BREAK_PARENT];

export function group(contents: Doc, options: { readonly shouldBreak?: boolean; readonly id?: symbol } = {}): Doc {
  // Every group has the same fields (one object shape for the printer's loops).
  return { kind: 'group', contents, brk: options.shouldBreak ?? false, id: options.id, states: undefined, seen: 0 };
}

/** Tries each state in turn (Prettier's `conditionalGroup`): the first that fits, else the last, broken. */
export function conditionalGroup(states: readonly Doc[]): Doc {
  return { kind: 'group', contents: states[0]!, brk: false, id: undefined, states, seen: 0 };
}

export function indent(contents: Doc): Doc {
  return { kind: 'indent', contents };
}

export function align(width: number, contents: Doc): Doc {
  return { kind: 'align', width, contents };
}

export function ifBreak(breakContents: Doc, flatContents: Doc = '', groupId?: symbol): Doc {
  return { kind: 'if-break', breakContents, flatContents, ...(groupId ? { groupId } : {}) };
}

export function indentIfBreak(contents: Doc, groupId: symbol): Doc {
  return { kind: 'indent-if-break', contents, groupId };
}

export function fill(parts: readonly Doc[]): Doc {
  return { kind: 'fill', parts };
}

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((doc, i) => {
    if (i > 0) out.push(separator);
    out.push(doc);
  });
  return out;
}

/**
 * A value too deeply nested to write as a literal (tsc and Prettier recurse per level): written as
 * `JSON.parse('…')` instead, which is the same value.
 */
export class JsonText {
  constructor(readonly json: string) {}
}

/** A data literal (JSON-like plan value), laid out as Prettier lays out object and array literals. */
export function value(data: unknown): Doc {
  return { kind: 'value', value: data };
}

/** Deeper than this, a value is written as `JSON.parse('…')` data: tsc and Prettier recurse per level of a literal. */
export const MAX_LITERAL_DEPTH = 200;

/** The value with every part nested deeper than the limit replaced by its JSON text. */
function cutDeep(v: unknown, depth: number): unknown {
  if (typeof v !== 'object' || v === null || v instanceof JsonText) return v;
  // Same value: JSON.stringify also leaves out undefined and writes non-finite numbers as null.
  if (depth >= MAX_LITERAL_DEPTH) return new JsonText(JSON.stringify(v));
  if (Array.isArray(v)) return v.map((item) => cutDeep(item, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, cutDeep(item, depth + 1)]));
}

// --- Text width --------------------------------------------------------------------------------------------

const NOT_ASCII = /[^\x20-\x7f]/;
const ASCII = /^[\x00-\x7f]*$/;
/** Code points whose width Prettier takes as 1: Latin, Greek, Cyrillic letters and common punctuation, no emoji. */
const NARROW = /^[\x20-\x7e\u00a0-\u00a8\u00aa-\u00ad\u00af-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u203b\u203d-\u2048\u204a-\u205e]*$/;
const widthCache = new Map<string, number>();

/**
 * The width Prettier gives a text (East Asian wide characters and emoji count 2, marks 0). ASCII and other
 * plainly narrow text is counted here; anything else is measured by Prettier's own printer, once per text.
 */
export function textWidth(text: string): number {
  if (!NOT_ASCII.test(text)) return text.length;
  if (NARROW.test(text)) return [...text].length;
  const known = widthCache.get(text);
  if (known !== undefined) return known;
  const measured = measureWithPrettier(text);
  widthCache.set(text, measured);
  return measured;
}

/** Smallest print width at which `text` and one more character still fit on a line, less that character. */
function measureWithPrettier(text: string): number {
  const { builders, printer } = (prettierDoc ??= require('prettier/doc') as typeof PrettierDoc);
  const probe = builders.group([text, builders.line, 'x']);
  const fitsIn = (width: number): boolean => !printer.printDocToString(probe, { printWidth: width, tabWidth: 2, useTabs: false }).formatted.includes('\n');
  let low = 2;
  let high = 2 * [...text].length + 2;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (fitsIn(mid)) high = mid;
    else low = mid + 1;
  }
  return low - 2;
}

// --- Data values ---------------------------------------------------------------------------------------------

/**
 * How data values are spelled and measured; `ts-print.ts` supplies Prettier's rules for TypeScript (quotes,
 * numbers, keys, property layouts).
 */
export interface ValueSyntax {
  /** A string, number, boolean, null or undefined as source text. */
  scalar(value: unknown): string;
  /** An object key as source text. */
  key(name: string): string;
  /** How `key: value` breaks when it does not fit (Prettier's assignment layouts). */
  propertyLayout(keyText: string, value: unknown): 'break-after-operator' | 'never-break-after-operator' | 'fluid';
}

/** Longer strings are quoted again when needed rather than kept. */
const MAX_CACHED_TEXT = 80;

/** How many output pieces are joined at a time. */
const JOIN_PIECES = 4096;

/** A line break and the indentation after it, for the usual depths. */
const NEWLINES = Array.from({ length: 64 }, (_, i) => '\n' + ' '.repeat(i));
const TRAILING_SPACE = /[ \t]+$/;

/** An object key as source text, with the texts that lead to it in a one-line object (fewer pieces to join). */
interface KeyInfo {
  readonly text: string;
  readonly width: number;
  /** `{ key: ` */
  readonly first: string;
  /** `, key: ` */
  readonly next: string;
}

const MODE_BREAK = 0;
const MODE_FLAT = 1;
type Mode = typeof MODE_BREAK | typeof MODE_FLAT;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonText);
}

const JSON_CALL_OPEN = 'JSON.parse('.length;

/**
 * For a value that can break (a non-empty object or array, or a `JSON.parse` call), the width before its first
 * possible line break: `{`, `[` or `JSON.parse(`. Undefined for text that never breaks.
 */
function openingWidth(v: unknown): number | undefined {
  if (v instanceof JsonText) return JSON_CALL_OPEN;
  if (Array.isArray(v)) return v.length > 0 ? 1 : undefined;
  if (typeof v !== 'object' || v === null) return undefined;
  for (const key in v) if ((v as Record<string, unknown>)[key] !== undefined) return 1;
  return undefined;
}

function hasSeveralEntries(object: Record<string, unknown>): boolean {
  let count = 0;
  for (const key in object) if (object[key] !== undefined && ++count > 1) return true;
  return false;
}

/** Prettier prints an array of numbers concisely (filling lines) and always breaks an array of several objects or arrays. */
function arrayStyle(items: readonly unknown[]): 'concise' | 'always-break' | 'normal' {
  const n = items.length;
  if (n === 0) return 'normal';
  const first = items[0];
  if (typeof first === 'number') {
    let i = 1;
    while (i < n && typeof items[i] === 'number') i++;
    if (i === n) return 'concise';
  }
  if (n < 2) return 'normal';
  // Every item an array of more than one item, or every item an object of more than one entry.
  if (Array.isArray(first)) {
    for (let i = 0; i < n; i++) {
      const item = items[i];
      if (!Array.isArray(item) || item.length < 2) return 'normal';
    }
    return 'always-break';
  }
  if (isRecord(first)) {
    for (let i = 0; i < n; i++) {
      const item = items[i];
      if (!isRecord(item) || !hasSeveralEntries(item)) return 'normal';
    }
    return 'always-break';
  }
  return 'normal';
}

const HARD = 1;
const TOO_DEEP = 2;

/**
 * One walk over a data value: HARD when it always prints over several lines (it holds an array that Prettier
 * always breaks), TOO_DEEP when it has an object or array `levels` deep (the walk stops there).
 */
function inspectValue(v: unknown, levels: number): number {
  if (typeof v !== 'object' || v === null || v instanceof JsonText) return 0;
  if (levels === 0) return TOO_DEEP;
  let flags = 0;
  if (Array.isArray(v)) {
    if (arrayStyle(v) === 'always-break') flags = HARD;
    for (const item of v) {
      flags |= inspectValue(item, levels - 1);
      if (flags & TOO_DEEP) return flags;
    }
    return flags;
  }
  // Plan data are plain objects: for-in gives their own keys.
  const object = v as Record<string, unknown>;
  for (const key in object) {
    flags |= inspectValue(object[key], levels - 1);
    if (flags & TOO_DEEP) return flags;
  }
  return flags;
}

/** Whether a data value always prints over several lines (it holds an array that Prettier always breaks). */
export function valueBreaks(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) {
    if (arrayStyle(v) === 'always-break') return true;
    for (const item of v) if (valueBreaks(item)) return true;
    return false;
  }
  if (v instanceof JsonText) return false;
  for (const key in v) if (valueBreaks((v as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * Prints documents. The algorithm is
 * Prettier's: a group prints flat when its flat form, plus whatever follows it up to the next possible line
 * break, fits in the remaining width.
 */
export class LayoutPrinter {
  /** Whether each value placed in a document always breaks (known before printing, for `propagateBreaks`). */
  private readonly hardValues = new Map<unknown, boolean>();
  private readonly scalars = new Map<unknown, { readonly text: string; readonly width: number }>();
  private trueInfo: { readonly text: string; readonly width: number } | undefined;
  private falseInfo: { readonly text: string; readonly width: number } | undefined;
  private readonly keys = new Map<string, KeyInfo>();
  /** The output's pieces (most are texts of the documents, shared, not copied), joined into `done` as they grow. */
  private out: string[] = [];
  /**
   * The output so far, a few thousand pieces joined at a time. Pieces kept to the end of a large file (GitHub's
   * object definitions are over 800,000) outlive every young-generation collection on the way, each copied
   * there and promoted; joined early they are garbage at once, and only the joined text survives.
   */
  private done: string[] = [];
  /** Whether the output ends in a space or tab, so that a line break without one does not look back. */
  private spaceAtEnd = false;
  private pos = 0;
  private groupModes = new Map<symbol, Mode>();
  /**
   * The printer loop's pending commands as two parallel stacks (an object per command kept the garbage
   * collector busy): indentation times two plus the mode, and the document.
   */
  private readonly cmdStates: number[] = [];
  private readonly cmdDocs: Doc[] = [];
  /** The value measured last with the text it has on one line, and that text's width. */
  private measured: unknown;
  private measuredText = '';
  private measuredWidth = 0;
  /** The width of the text `flatText` returned last. */
  private textWidthOut = 0;
  /** How many commands are pending (the stacks are not shortened: no call per push and pop). */
  private cmdTop = 0;
  /** The stack of `fits`, reused from call to call; `fits` never runs inside itself. */
  private readonly fitModes: Mode[] = [];
  private readonly fitDocs: Doc[] = [];

  /** One printer can print many files; the texts and widths of strings and keys are kept across them. */
  constructor(private readonly syntax: ValueSyntax, private readonly width = PRINT_WIDTH) {}

  print(doc: Doc): string {
    this.hardValues.clear();
    propagateBreaks(doc, (node) => this.prepareValue(node));
    this.out = [];
    this.spaceAtEnd = false;
    this.pos = 0;
    this.groupModes = new Map();
    this.cmdTop = 0;
    this.push(0, MODE_BREAK, doc);
    this.run();
    this.fitDocs.length = 0;
    this.cmdDocs.length = 0;
    this.cmdStates.length = 0;
    this.done.push(this.out.join(''));
    const text = this.done.length === 1 ? this.done[0]! : this.done.join('');
    this.out = [];
    this.done = [];
    this.measured = undefined;
    return text;
  }

  // --- measuring values ---

  private scalar(v: unknown): { readonly text: string; readonly width: number } {
    // Every field has `optional`: one scalar in seven is a boolean (GitHub: 94,136 of 646,280), answered without
    // a lookup.
    if (typeof v === 'boolean') return (v ? (this.trueInfo ??= this.scalarInfo(true)) : (this.falseInfo ??= this.scalarInfo(false)));
    // Names, types and labels repeat; long descriptions hardly do, and kept they would double their memory. Not
    // looked up either: the lookup would hash the whole text for nothing.
    if (typeof v === 'string' && v.length > MAX_CACHED_TEXT) return this.scalarInfo(v);
    let info = this.scalars.get(v);
    if (info === undefined) {
      info = this.scalarInfo(v);
      this.scalars.set(v, info);
    }
    return info;
  }

  private scalarInfo(v: unknown): { readonly text: string; readonly width: number } {
    const text = this.syntax.scalar(v);
    return { text, width: textWidth(text) };
  }

  private scalarText(v: unknown): string {
    return this.scalar(v).text;
  }

  private key(name: string): KeyInfo {
    let info = this.keys.get(name);
    if (info === undefined) {
      const text = this.syntax.key(name);
      info = { text, width: textWidth(text), first: `{ ${text}: `, next: `, ${text}: ` };
      this.keys.set(name, info);
    }
    return info;
  }

  /**
   * A value node met before printing: a part nested too deep is cut into `JSON.parse` data (in the node), and
   * whether the value always breaks is noted. One walk for both.
   */
  private prepareValue(node: Extract<DocNode, { kind: 'value' }>): boolean {
    const flags = inspectValue(node.value, MAX_LITERAL_DEPTH);
    if (flags & TOO_DEEP) node.value = cutDeep(node.value, 0);
    const hard = flags & TOO_DEEP ? valueBreaks(node.value) : (flags & HARD) !== 0;
    if (typeof node.value === 'object' && node.value !== null) this.hardValues.set(node.value, hard);
    return hard;
  }

  /** A value placed in a document: does it hold an array that always breaks (so its groups all break)? */
  private isHard(v: unknown): boolean {
    if (typeof v !== 'object' || v === null) return false;
    let hard = this.hardValues.get(v);
    if (hard === undefined) {
      hard = valueBreaks(v);
      this.hardValues.set(v, hard);
    }
    return hard;
  }

  /**
   * The width of `v` printed on one line, or -1 when that is more than `budget` or impossible (it holds an
   * array that always breaks). Stops as soon as the budget is spent, so asking costs at most a line's worth.
   * The text is kept for the write that usually follows (`takeFlat`).
   */
  private flatWidth(v: unknown, budget: number): number {
    const text = this.flatText(v, budget);
    if (text === undefined) return -1;
    this.measured = v;
    this.measuredText = text;
    this.measuredWidth = this.textWidthOut;
    return this.textWidthOut;
  }

  /**
   * `v` on one line, as one text, if it is at most `budget` wide (its width is left in `textWidthOut`); else
   * undefined. Built while measuring, so that a value is walked, and its keys and scalars looked up, once.
   */
  private flatText(v: unknown, budget: number): string | undefined {
    if (budget < 0) return undefined;
    // An ASCII string is at least its length and two quotes wide: a long one is over budget without quoting it.
    if (typeof v === 'string' && v.length + 2 > budget && ASCII.test(v)) return undefined;
    if (typeof v !== 'object' || v === null) {
      const info = this.scalar(v);
      if (info.width > budget) return undefined;
      this.textWidthOut = info.width;
      return info.text;
    }
    if (v instanceof JsonText) {
      const info = this.scalar(v.json);
      const width = JSON_CALL_OPEN + info.width + 1;
      if (width > budget) return undefined;
      this.textWidthOut = width;
      return `JSON.parse(${info.text})`;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        if (2 > budget) return undefined;
        this.textWidthOut = 2;
        return '[]';
      }
      if (arrayStyle(v) === 'always-break') return undefined;
      let width = 2 + 2 * (v.length - 1);
      let text = '[';
      for (let i = 0; i < v.length; i++) {
        if (width > budget) return undefined;
        const item = this.flatText(v[i], budget - width);
        if (item === undefined) return undefined;
        width += this.textWidthOut;
        text += i === 0 ? item : ', ' + item;
      }
      if (width > budget) return undefined;
      this.textWidthOut = width;
      return text + ']';
    }
    const object = v as Record<string, unknown>;
    let width = 2;
    let text = '';
    for (const key in object) {
      const item = object[key];
      if (item === undefined) continue;
      const k = this.key(key);
      width += 2 + k.width + 2;
      if (width > budget) return undefined;
      const itemText = this.flatText(item, budget - width);
      if (itemText === undefined) return undefined;
      width += this.textWidthOut;
      text += (text === '' ? k.first : k.next) + itemText;
    }
    if (text === '') {
      if (2 > budget) return undefined;
      this.textWidthOut = 2;
      return '{}';
    }
    if (width > budget) return undefined;
    this.textWidthOut = width;
    return text + ' }';
  }

  /** `v` on one line, `width` wide. */
  private writeFlatValue(v: unknown, width: number): void {
    this.writeFlat(v);
    this.pos += width;
    this.spaceAtEnd = false;
  }

  /** `v` on one line, however wide: the text measured last if it was this value's. Gives its width. */
  private writeFlat(v: unknown): number {
    if (this.measured === v) {
      this.out.push(this.measuredText);
      this.measured = undefined;
      return this.measuredWidth;
    }
    this.out.push(this.flatText(v, Infinity)!);
    return this.textWidthOut;
  }

  // --- output ---

  /** Text that does not end in a space or tab: a value, a key, a bracket, a comma. */
  private write(text: string, width = textWidth(text)): void {
    this.out.push(text);
    this.pos += width;
    this.spaceAtEnd = false;
  }

  /** A text of the document, which may end in spaces. */
  private writeDocText(text: string): void {
    const last = text.charCodeAt(text.length - 1);
    this.out.push(text);
    this.pos += textWidth(text);
    this.spaceAtEnd = last === 32 || last === 9;
  }

  private writeSpace(): void {
    this.out.push(' ');
    this.pos += 1;
    this.spaceAtEnd = true;
  }

  private newline(indent: number, keepTrailing = false): void {
    if (!keepTrailing && this.spaceAtEnd) this.trim();
    // Trimming never reaches back past a line break, so the pieces before this one are final.
    if (this.out.length >= JOIN_PIECES) {
      this.done.push(this.out.join(''));
      this.out = [];
    }
    this.out.push(NEWLINES[indent] ?? '\n' + ' '.repeat(indent));
    this.pos = indent;
    this.spaceAtEnd = indent > 0;
  }

  /** Drops trailing spaces before a line break, as Prettier does. */
  private trim(): void {
    for (let i = this.out.length - 1; i >= 0; i--) {
      const piece = this.out[i]!;
      const trimmed = piece.replace(TRAILING_SPACE, '');
      if (trimmed === piece) return;
      this.out[i] = trimmed;
      if (trimmed !== '') return;
    }
  }

  // --- the printer loop (Prettier's printDocToString) ---

  private run(): void {
    const states = this.cmdStates;
    const docs = this.cmdDocs;
    let shouldRemeasure = false;
    while (this.cmdTop > 0) {
      const top = --this.cmdTop;
      const state = states[top]!;
      const doc = docs[top]!;
      if (typeof doc === 'string') {
        if (doc !== '') this.writeDocText(doc);
        continue;
      }
      if (Array.isArray(doc)) {
        for (let i = doc.length - 1; i >= 0; i--) {
          states[this.cmdTop] = state;
          docs[this.cmdTop++] = doc[i] as Doc;
        }
        continue;
      }
      const ind = state >> 1;
      const mode = (state & 1) as Mode;
      const node = doc as DocNode;
      switch (node.kind) {
        case 'indent':
          states[this.cmdTop] = state + 2 * INDENT_WIDTH;
          docs[this.cmdTop++] = node.contents;
          break;
        case 'align':
          states[this.cmdTop] = state + 2 * node.width;
          docs[this.cmdTop++] = node.contents;
          break;
        case 'group': {
          let nextMode: Mode = MODE_BREAK;
          let nextDoc = node.contents;
          if (mode === MODE_FLAT && !shouldRemeasure) {
            nextMode = node.brk ? MODE_BREAK : MODE_FLAT;
          } else {
            shouldRemeasure = false;
            const remaining = this.width - this.pos;
            if (!node.brk && this.fits(node.contents, this.cmdTop, remaining, false)) nextMode = MODE_FLAT;
            else if (node.states) {
              nextDoc = node.states[node.states.length - 1]!;
              if (!node.brk) {
                for (let i = 1; i < node.states.length - 1; i++) {
                  if (this.fits(node.states[i]!, this.cmdTop, remaining, false)) {
                    nextMode = MODE_FLAT;
                    nextDoc = node.states[i]!;
                    break;
                  }
                }
              }
            }
          }
          states[this.cmdTop] = ind * 2 + nextMode;
          docs[this.cmdTop++] = nextDoc;
          if (node.id) this.groupModes.set(node.id, nextMode);
          break;
        }
        case 'fill':
          this.runFill(node.parts, node.start ?? 0, ind, mode);
          break;
        case 'if-break':
        case 'indent-if-break': {
          const groupMode = node.groupId ? this.groupModes.get(node.groupId) : mode;
          if (node.kind === 'if-break') {
            const contents = groupMode === MODE_BREAK ? node.breakContents : groupMode === MODE_FLAT ? node.flatContents : '';
            if (contents !== '') {
              states[this.cmdTop] = state;
              docs[this.cmdTop++] = contents;
            }
          } else if (groupMode === MODE_BREAK) {
            states[this.cmdTop] = state + 2 * INDENT_WIDTH;
            docs[this.cmdTop++] = node.contents;
          } else if (groupMode === MODE_FLAT) {
            states[this.cmdTop] = state;
            docs[this.cmdTop++] = node.contents;
          }
          break;
        }
        case 'line':
          if (mode === MODE_FLAT && !node.hard) {
            if (!node.soft) this.writeSpace();
            break;
          }
          if (mode === MODE_FLAT) shouldRemeasure = true;
          this.newline(ind, node.keepTrailing);
          break;
        case 'break-parent':
          break;
        case 'value': {
          // An object or array literal is a group (which re-measures after a hard line); a scalar is text.
          const v = node.value;
          const isGroup = openingWidth(v) !== undefined;
          const flat = mode === MODE_FLAT && !(isGroup && shouldRemeasure);
          if (isGroup && !flat) shouldRemeasure = false;
          this.printValue(node, ind, flat ? MODE_FLAT : MODE_BREAK);
          break;
        }
      }
    }
  }

  private push(ind: number, mode: Mode, doc: Doc): void {
    this.cmdStates[this.cmdTop] = ind * 2 + mode;
    this.cmdDocs[this.cmdTop++] = doc;
  }

  /**
   * Prettier's `fill`: as many parts on a line as fit, breaking the separator before a part that does not.
   * The parts still to print start at `start` (Prettier slices them off, which is quadratic in long texts).
   */
  private runFill(parts: readonly Doc[], start: number, ind: number, mode: Mode): void {
    const count = parts.length - start;
    if (count <= 0) return;
    const remaining = this.width - this.pos;
    const content = parts[start]!;
    const contentFits = this.fits(content, 0, remaining, true);
    if (count === 1) {
      this.push(ind, contentFits ? MODE_FLAT : MODE_BREAK, content);
      return;
    }
    const whitespace = parts[start + 1]!;
    if (count === 2) {
      const m = contentFits ? MODE_FLAT : MODE_BREAK;
      this.push(ind, m, whitespace);
      this.push(ind, m, content);
      return;
    }
    const pair = this.fits([content, whitespace, parts[start + 2]!], 0, remaining, true);
    this.push(ind, mode, { kind: 'fill', parts, start: start + 2 });
    this.push(ind, pair ? MODE_FLAT : MODE_BREAK, whitespace);
    this.push(ind, pair || contentFits ? MODE_FLAT : MODE_BREAK, content);
  }

  /**
   * Prettier's `fits`: does `next` in flat mode, then the first `restCount` pending commands, reach a line
   * break (or the end) before the width runs out? Groups in the rest keep the mode of the command they are in.
   */
  private fits(next: Doc, restCount: number, width: number, mustBeFlat: boolean): boolean {
    const modes = this.fitModes;
    const docs = this.fitDocs;
    modes[0] = MODE_FLAT;
    docs[0] = next;
    let top = 1;
    let restIndex = restCount;
    let pendingSpace = false;
    while (width >= 0) {
      let mode: Mode;
      let doc: Doc;
      if (top === 0) {
        if (restIndex === 0) return true;
        restIndex--;
        mode = (this.cmdStates[restIndex]! & 1) as Mode;
        doc = this.cmdDocs[restIndex]!;
      } else {
        top--;
        mode = modes[top]!;
        doc = docs[top]!;
      }
      if (typeof doc === 'string') {
        if (doc !== '') {
          if (pendingSpace) {
            width -= 1;
            pendingSpace = false;
          }
          width -= textWidth(doc);
        }
        continue;
      }
      if (Array.isArray(doc)) {
        for (let i = doc.length - 1; i >= 0; i--) {
          modes[top] = mode;
          docs[top++] = doc[i] as Doc;
        }
        continue;
      }
      const node = doc as DocNode;
      switch (node.kind) {
        case 'indent':
        case 'align':
        case 'indent-if-break':
          modes[top] = mode;
          docs[top++] = node.contents;
          break;
        case 'group': {
          if (mustBeFlat && node.brk) return false;
          const groupMode = node.brk ? MODE_BREAK : mode;
          modes[top] = groupMode;
          docs[top++] = node.states && groupMode === MODE_BREAK ? node.states[node.states.length - 1]! : node.contents;
          break;
        }
        case 'fill':
          for (let i = node.parts.length - 1; i >= (node.start ?? 0); i--) {
            modes[top] = mode;
            docs[top++] = node.parts[i]!;
          }
          break;
        case 'if-break': {
          const groupMode = node.groupId ? (this.groupModes.get(node.groupId) ?? MODE_FLAT) : mode;
          const contents = groupMode === MODE_BREAK ? node.breakContents : node.flatContents;
          if (contents !== '') {
            modes[top] = mode;
            docs[top++] = contents;
          }
          break;
        }
        case 'line':
          if (mode === MODE_BREAK || node.hard) return true;
          if (!node.soft) pendingSpace = true;
          break;
        case 'break-parent':
          break;
        case 'value': {
          const v = node.value;
          const opens = openingWidth(v);
          const hard = opens !== undefined && this.isHard(v);
          if (pendingSpace) {
            width -= 1;
            pendingSpace = false;
          }
          if (opens !== undefined && (hard || mode === MODE_BREAK)) {
            // The value's group breaks: only its opening bracket comes before the line break.
            if (mustBeFlat && hard) return false;
            width -= opens;
            return width >= 0;
          }
          const w = this.flatWidth(v, width);
          if (w < 0) return false;
          width -= w;
          break;
        }
      }
    }
    return false;
  }

  // --- data values ---

  /**
   * A value reached by the printer loop. The pending commands count: what follows the value on its line
   * decides whether it fits.
   */
  private printValue(node: Doc, ind: number, mode: Mode): void {
    const v = (node as Extract<DocNode, { kind: 'value' }>).value;
    if (openingWidth(v) === undefined || (mode === MODE_FLAT && !this.isHard(v))) {
      this.pos += this.writeFlat(v);
      this.spaceAtEnd = false;
      return;
    }
    if (!this.isHard(v) && this.fits(node, this.cmdTop, this.width - this.pos, false)) {
      this.pos += this.writeFlat(v);
      this.spaceAtEnd = false;
      return;
    }
    this.printBroken(v, ind);
  }

  /** A value inside a broken object or array: a comma (or the closing line) follows it. */
  private printInList(v: unknown, ind: number): void {
    if (openingWidth(v) === undefined) {
      const { text, width } = this.scalarOrEmpty(v);
      this.write(text, width);
      return;
    }
    const w = this.flatWidth(v, this.width - this.pos - 1);
    if (w >= 0) this.writeFlatValue(v, w);
    else this.printBroken(v, ind);
  }

  /** Text and width of a value that never breaks (a scalar, `{}` or `[]`). */
  private scalarOrEmpty(v: unknown): { readonly text: string; readonly width: number } {
    if (typeof v !== 'object' || v === null) return this.scalar(v);
    return Array.isArray(v) ? { text: '[]', width: 2 } : { text: '{}', width: 2 };
  }

  private printBroken(v: unknown, ind: number): void {
    const inner = ind + INDENT_WIDTH;
    if (v instanceof JsonText) {
      // A call with one argument that does not fit: the argument on its own line, with a trailing comma.
      this.write('JSON.parse(');
      this.newline(inner);
      this.write(this.scalarText(v.json) + ',');
      this.newline(ind);
      this.write(')');
      return;
    }
    if (Array.isArray(v)) {
      this.write('[', 1);
      if (arrayStyle(v) === 'concise') {
        this.newline(inner);
        this.printConcise(v, inner);
      } else {
        for (const item of v) {
          this.newline(inner);
          this.printInList(item, inner);
          this.write(',', 1);
        }
      }
      this.newline(ind);
      this.write(']', 1);
      return;
    }
    this.write('{', 1);
    const object = v as Record<string, unknown>;
    for (const key in object) {
      const item = object[key];
      if (item === undefined) continue;
      this.newline(inner);
      this.printProperty(this.key(key), item, inner);
      this.write(',', 1);
    }
    this.newline(ind);
    this.write('}', 1);
  }

  /** Numbers, as many to a line as fit (Prettier's fill), each followed by its comma. */
  private printConcise(items: readonly unknown[], ind: number): void {
    const texts = items.map((item) => this.scalarText(item) + ',');
    for (let i = 0; i < texts.length; i++) {
      this.write(texts[i]!);
      const next = texts[i + 1];
      if (next === undefined) break;
      // The pair [this, space, next] is measured from where this one started.
      const start = this.pos - textWidth(texts[i]!);
      if (start + textWidth(texts[i]!) + 1 + textWidth(next) <= this.width) this.writeSpace();
      else this.newline(ind);
    }
  }

  /** `key: value` inside a broken object (a comma follows), with Prettier's assignment layouts. */
  private printProperty(key: KeyInfo, v: unknown, ind: number): void {
    const keyText = key.text;
    const keyWidth = key.width;
    const flat = this.flatWidth(v, this.width - this.pos - keyWidth - 3);
    if (flat >= 0) {
      this.out.push(keyText, ': ');
      this.writeFlatValue(v, keyWidth + 2 + flat);
      return;
    }
    this.write(keyText + ':', keyWidth + 1);
    const layout = this.syntax.propertyLayout(keyText, v);
    const opens = openingWidth(v);
    if (layout === 'break-after-operator') {
      // group(indent([line, value])): the value moves to the next line unless it fits after the colon.
      const after = this.flatWidth(v, this.width - this.pos - 2);
      if (after >= 0) {
        this.out.push(' ');
        this.writeFlatValue(v, 1 + after);
      }
      else {
        this.newline(ind + INDENT_WIDTH);
        this.printInList(v, ind + INDENT_WIDTH);
      }
      return;
    }
    if (layout === 'never-break-after-operator') {
      this.writeSpace();
      this.printInList(v, ind);
      return;
    }
    // fluid: the line after the colon breaks only if not even the start of the value fits.
    const start = opens ?? this.scalarOrEmpty(v).width + 1;
    if (this.pos + 1 + start <= this.width) {
      this.writeSpace();
      this.printInList(v, ind);
    } else {
      this.newline(ind + INDENT_WIDTH);
      this.printInList(v, ind + INDENT_WIDTH);
    }
  }
}

/** Prettier's `propagateBreaks`: a hard line or a broken group breaks every group around it. */
let propagationPass = 0;

function propagateBreaks(doc: Doc, valueIsHard: (node: Extract<DocNode, { kind: 'value' }>) => boolean): void {
  const pass = ++propagationPass;
  const groups: Extract<DocNode, { kind: 'group' }>[] = [];
  const breakParent = (): void => {
    const parent = groups[groups.length - 1];
    if (parent && !parent.states && !parent.brk) parent.brk = true;
  };
  const walk = (d: Doc): void => {
    if (typeof d === 'string') return;
    if (Array.isArray(d)) {
      for (let i = 0; i < d.length; i++) walk(d[i] as Doc);
      return;
    }
    const node = d as DocNode;
    switch (node.kind) {
      case 'break-parent':
        breakParent();
        return;
      case 'group': {
        groups.push(node);
        if (node.seen !== pass) {
          node.seen = pass;
          if (node.states) for (let i = 0; i < node.states.length; i++) walk(node.states[i]!);
          else walk(node.contents);
        }
        groups.pop();
        if (node.brk) breakParent();
        return;
      }
      case 'indent':
      case 'align':
      case 'indent-if-break':
        walk(node.contents);
        return;
      case 'if-break':
        walk(node.breakContents);
        walk(node.flatContents);
        return;
      case 'fill':
        for (let i = 0; i < node.parts.length; i++) walk(node.parts[i]!);
        return;
      case 'value':
        if (valueIsHard(node)) breakParent();
        return;
      case 'line':
        return;
    }
  };
  walk(doc);
}
