/**
 * TypeScript as layout documents, built the way Prettier's printer builds them for the same code (at the
 * options pinned in format.ts), so that `printTs` gives what Prettier would give. Only the constructs the
 * emitters write are covered; `emit-package.test.ts` checks every emitted file against Prettier.
 *
 * Values from the spec reach the output only through `quote`, `numberText`, `objectKey`, `typeKey`,
 * `memberAccess`, `value` and `jsDoc`, never spliced into code (issue 6).
 */
import {
  breakParent,
  conditionalGroup,
  type Doc,
  group,
  hardline,
  hardlineKeepingSpaces,
  ifBreak,
  indent,
  indentIfBreak,
  join,
  LayoutPrinter,
  line,
  softline,
  textWidth,
  value,
  valueBreaks,
  type ValueSyntax,
} from './layout.js';
import { docText, stringLiteral } from './literal.js';

export type { Doc };
export { hardline };

const ASCII_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const NOT_ASCII = /[^\x00-\x7f]/;
/** Printable ASCII other than `"`, `'`, `\` and `<`: JSON and Prettier's single-quoted form both keep it as is. */
const PLAIN_STRING = /^[\x20\x21\x23-\x26\x28-\x3b\x3d-\x5b\x5d-\x7e]*$/;

/** A string literal with Prettier's quotes: single, unless the text holds more single quotes than double. */
export function quote(text: string): string {
  // Most strings (names, labels, types, hints) are printable ASCII without quotes, backslashes or `<`:
  // `stringLiteral` would give them back unchanged between double quotes.
  if (PLAIN_STRING.test(text)) return `'${text}'`;
  const json = stringLiteral(text);
  let singles = 0;
  let doubles = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 39) singles++;
    else if (c === 34) doubles++;
  }
  if (singles > doubles) return json;
  if (singles === 0 && doubles === 0) return `'${json.slice(1, -1)}'`;
  const inner = json.slice(1, -1).replace(/\\(.)|'/gs, (match: string, escaped: string | undefined) => {
    if (escaped === undefined) return "\\'";
    return escaped === '"' ? '"' : match;
  });
  return `'${inner}'`;
}

/** A number as Prettier prints it (`1e21`, not `1e+21`); non-finite numbers are `null` as in JSON. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return 'null';
  if (Object.is(n, -0) || n === 0) return '0';
  return String(n).replace('e+', 'e');
}

/** ES5 identifier names (ECMA-262 5.1 §7.6): Unicode letters, then also marks, digits and connectors. */
const ES5_IDENTIFIER = /^[\p{L}\p{Nl}$_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}$_\u200c\u200d]*$/u;

/** A key bare where Prettier leaves it bare (an ES5 identifier name, `café` too), else quoted. */
function keyOrQuoted(name: string): string {
  if (ASCII_IDENTIFIER.test(name)) return name;
  return NOT_ASCII.test(name) && ES5_IDENTIFIER.test(name) ? name : quote(name);
}

/** A key in an object literal. `__proto__` stays computed: quoted it would still set the prototype (ECMA-262 §B.3.1). */
export function objectKey(name: string): string {
  return name === '__proto__' ? `[${quote(name)}]` : keyOrQuoted(name);
}

/** A property name in an object type or interface. */
export function typeKey(name: string): string {
  return keyOrQuoted(name);
}

/** `object.name`, or `object['name']` when the name is not an identifier. */
export function memberAccess(object: string, name: string): string {
  return ASCII_IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${quote(name)}]`;
}

function scalarText(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return numberText(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return quote(v.toString());
    default:
      // Functions and symbols never come from a plan; refuse rather than print something executable.
      throw new Error(`cannot emit a ${typeof v} as a literal`);
  }
}

/** Prettier's assignment layouts for `key: value` (its `chooseLayout`), for the value kinds data holds. */
export type RhsKind = 'string' | 'number' | 'boolean' | 'member-chain' | 'binary' | 'other';

function layoutFor(keyText: string, kind: RhsKind): 'break-after-operator' | 'never-break-after-operator' | 'fluid' {
  // Wrapping after a very short key gains nothing: `id: value` never breaks after the colon.
  const shortKey = textWidth(keyText) < 5;
  if (kind === 'binary') return 'break-after-operator';
  if (shortKey) return 'never-break-after-operator';
  if (kind === 'string' || kind === 'member-chain') return 'break-after-operator';
  if (kind === 'number' || kind === 'boolean') return 'never-break-after-operator';
  return 'fluid';
}

export function kindOf(v: unknown): RhsKind {
  if (typeof v === 'string' || typeof v === 'bigint') return 'string';
  // A negative number is a unary expression: laid out like any other value.
  if (typeof v === 'number') return Number.isFinite(v) && !(v < 0) ? 'number' : 'other';
  if (typeof v === 'boolean') return 'boolean';
  return 'other';
}

const TS_SYNTAX: ValueSyntax = {
  scalar: scalarText,
  key: objectKey,
  propertyLayout: (keyText, v) => layoutFor(keyText, kindOf(v)),
};

/** A printer for TypeScript; one per emitted package, so measures of shared values are kept across files. */
export function tsPrinter(): LayoutPrinter {
  return new LayoutPrinter(TS_SYNTAX);
}

/** Prints a document as TypeScript at the pinned width. */
export function printTs(doc: Doc, printer: LayoutPrinter = tsPrinter()): string {
  return printer.print(doc);
}

// --- Expressions ---------------------------------------------------------------------------------------------

/** The right-hand side of `key: value` or `name = value`, with what Prettier looks at to choose a layout. */
export interface Rhs {
  readonly doc: Doc;
  readonly kind: RhsKind;
  /** An object or array literal with at least one entry (may be hugged as a last call argument). */
  readonly expandable?: boolean;
}

/** A data literal as a right-hand side or argument. */
export function data(v: unknown): Rhs {
  // (A part nested too deep is written as JSON.parse data by the layout printer.)
  const expandable = (Array.isArray(v) && v.length > 0) || (isRecord(v) && Object.values(v).some((x) => x !== undefined));
  return { doc: value(v), kind: kindOf(v), expandable };
}

/** Source text that never breaks (an identifier, `input.since`, `undefined`). */
export function code(text: string, kind: RhsKind = 'other'): Rhs {
  return { doc: text, kind };
}

/** Any other expression document (a call, an object literal with methods). */
export function expr(doc: Doc, kind: RhsKind = 'other'): Rhs {
  return { doc, kind };
}

/** `left ?? right`, as Prettier groups a logical expression on the right of an assignment or property. */
export function nullish(left: string, right: string): Rhs {
  return { doc: group([left, ' ', group(['??', line, right])]), kind: 'binary' };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `key: value` in an object literal (Prettier's printProperty through printAssignment). */
export function property(key: string, rhs: Rhs): Doc {
  return assignment(objectKey(key), ':', rhs, true);
}

/** A shorthand property or a spread (`input`, `...input`). */
export function bare(text: string): Doc {
  return text;
}

/** Prettier's printAssignment for a left side that cannot break. */
function assignment(left: string, operator: string, rhs: Rhs, isProperty: boolean): Doc {
  const shortKey = isProperty && textWidth(left) < 5;
  const layout =
    rhs.kind === 'binary'
      ? 'break-after-operator'
      : shortKey
        ? 'never-break-after-operator'
        : rhs.kind === 'string' || rhs.kind === 'member-chain'
          ? 'break-after-operator'
          : rhs.kind === 'number' || rhs.kind === 'boolean'
            ? 'never-break-after-operator'
            : 'fluid';
  switch (layout) {
    case 'break-after-operator':
      return group([left, operator, group(indent([line, rhs.doc]))]);
    case 'never-break-after-operator':
      return group([left, operator, ' ', rhs.doc]);
    case 'fluid': {
      const id = Symbol('assignment');
      return group([left, operator, group(indent(line), { id }), indentIfBreak(rhs.doc, id)]);
    }
  }
}

/**
 * An object literal. `broken` when the emitter wrote it over several lines (Prettier keeps an object broken
 * when its first key is on a new line); members are `property`, `bare` or `method` docs.
 */
export function objectLiteral(members: readonly Doc[], broken: boolean): Doc {
  if (members.length === 0) return '{}';
  return group(['{', indent([line, join([',', line], members.map((m) => group(m)))]), ifBreak(','), line, '}'], { shouldBreak: broken });
}

/** A method in an object literal: `async name(a, b) {` statements `}`. */
export function method(head: string, params: readonly string[], body: readonly Statement[]): Doc {
  return [head, parameters(params), ' ', block(body)];
}

/** Function parameters (identifiers, or `name: Type` with short types). */
export function parameters(params: readonly string[]): Doc {
  if (params.length === 0) return '()';
  return group(['(', indent([softline, join([',', line], params)]), ifBreak(','), softline, ')']);
}

/** A statement with whether a blank line follows it in the emitted source (Prettier keeps one). */
export interface Statement {
  readonly doc: Doc;
  readonly blankAfter?: boolean;
}

export function statement(doc: Doc, blankAfter = false): Statement {
  return { doc, blankAfter };
}

export function block(statements: readonly Statement[]): Doc {
  if (statements.length === 0) return '{}';
  return ['{', indent([hardline, statementList(statements)]), hardline, '}'];
}

function statementList(statements: readonly Statement[]): Doc {
  const parts: Doc[] = [];
  statements.forEach((s, i) => {
    parts.push(s.doc);
    if (i < statements.length - 1) parts.push(s.blankAfter ? [hardline, hardline] : hardline);
  });
  return parts;
}

/** A call argument and what Prettier's last-argument expansion looks at. */
export interface Arg {
  readonly doc: Doc;
  /** An object or array literal with entries. */
  readonly expandable?: boolean;
  /** Its kind for "the last two arguments have the same type" (no expansion then). */
  readonly type: 'object' | 'array' | 'other';
  /** Contains a forced break (a method body, a pre-broken object). */
  readonly breaks?: boolean;
  /** An array of numbers (Prettier fills lines with them and never hugs it after other arguments). */
  readonly concise?: boolean;
}

export function arg(text: string): Arg {
  return { doc: text, type: 'other' };
}

export function dataArg(v: unknown): Arg {
  const r = data(v);
  const concise = Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');
  return { doc: r.doc, expandable: r.expandable, type: Array.isArray(v) ? 'array' : isRecord(v) ? 'object' : 'other', breaks: valueBreaks(v), concise };
}

export function objectArg(members: readonly Doc[], broken: boolean, breaks = broken): Arg {
  return { doc: objectLiteral(members, broken), expandable: members.length > 0, type: 'object', breaks };
}

/** Prettier's printCallArguments for our argument shapes (no functions as arguments, no comments). */
export function callArguments(args: readonly Arg[]): Doc {
  if (args.length === 0) return '()';
  const printed = args.map((a, i) => (i === args.length - 1 ? a.doc : [a.doc, ',', line]));
  const allBroken = (): Doc => group(['(', indent([line, ...printed]), ',', line, ')'], { shouldBreak: true });
  const last = args[args.length - 1]!;
  const penultimate = args[args.length - 2];
  const expandLast =
    last.expandable === true && (!penultimate || penultimate.type !== last.type) && !(args.length > 1 && last.concise === true);
  if (expandLast) {
    const head = printed.slice(0, -1);
    if (args.slice(0, -1).some((a) => a.breaks)) return allBroken();
    if (last.breaks) {
      return [breakParent, conditionalGroup([['(', ...head, group(last.doc, { shouldBreak: true }), ')'], allBroken()])];
    }
    return conditionalGroup([['(', ...head, last.doc, ')'], ['(', ...head, group(last.doc, { shouldBreak: true }), ')'], allBroken()]);
  }
  return group(['(', indent([softline, ...printed]), ifBreak(','), softline, ')'], { shouldBreak: args.some((a) => a.breaks) });
}

/** Type arguments of a call: inline when there is one simple type, else a group that may break. */
export function typeArguments(types: readonly string[], simple: boolean): Doc {
  if (types.length === 0) return '';
  if (types.length === 1 && simple) return ['<', types[0]!, '>'];
  return group(['<', indent([softline, join([',', line], types)]), softline, '>']);
}

/** `callee<T>(args)` with an identifier callee. */
export function call(callee: string, typeArgs: Doc, args: readonly Arg[]): Doc {
  return [callee, typeArgs, callArguments(args)];
}

/** `object.method<T>(args)`: a short member chain, kept on one line as a group (Prettier's member-chain). */
export function memberCall(object: string, methodName: string, typeArgs: Doc, args: readonly Arg[]): Doc {
  return group([object, '.' + methodName, typeArgs, callArguments(args)]);
}

/** `const name: Type = value;` (without the `export`), with Prettier's assignment layouts. */
export function constDeclaration(keyword: 'const' | 'let', left: Doc, rhs: Rhs, leftCanBreak = false): Doc {
  const layout =
    rhs.kind === 'binary' || rhs.kind === 'string' || rhs.kind === 'member-chain'
      ? 'break-after-operator'
      : !leftCanBreak && (rhs.kind === 'number' || rhs.kind === 'boolean')
        ? 'never-break-after-operator'
        : 'fluid';
  let declarator: Doc;
  if (layout === 'break-after-operator') declarator = group([group(left), ' =', group(indent([line, rhs.doc]))]);
  else if (layout === 'never-break-after-operator') declarator = group([group(left), ' = ', rhs.doc]);
  else {
    const id = Symbol('assignment');
    declarator = group([group(left), ' =', group(indent(line), { id }), indentIfBreak(rhs.doc, id)]);
  }
  return [keyword, ' ', declarator, ';'];
}

// --- Comments ------------------------------------------------------------------------------------------------

/**
 * A JSDoc comment as Prettier prints the one the emitters used to write: one line as `/** text *\/`, else
 * one ` * ` line per line of text (and per tag). Prettier re-indents the lines and drops trailing blanks,
 * except a Markdown hard break (two spaces), which it keeps.
 */
export function jsDoc(description: string | undefined, tags: readonly string[] = []): Doc | undefined {
  const text = description === undefined ? '' : docText(description);
  if (text === '' && tags.length === 0) return undefined;
  const lines = [...(text === '' ? [] : text.split('\n')), ...tags.map((t) => `@${t}`)];
  if (lines.length === 1) return `/** ${lines[0]} */`;
  const parts: Doc[] = ['/**'];
  let kept = false;
  for (const l of lines) {
    // The source line was ` * ${l}` (or ` *`); Prettier trims its start and, but for a hard break, its end.
    const source = l === '' ? '*' : `* ${l}`;
    const trimmed = source.trimEnd();
    parts.push(kept ? hardlineKeepingSpaces : hardline);
    kept = trimmed !== '*' && source.endsWith('  ');
    parts.push(' ' + trimmed + (kept ? '  ' : ''));
  }
  parts.push(kept ? hardlineKeepingSpaces : hardline, ' */');
  return parts;
}

/**
 * Code that is always the same but for a name, written already as Prettier formats it (a top-level statement,
 * so at indentation 0); the emit tests check it against Prettier.
 */
export function fixedLines(lines: readonly string[]): Doc {
  return join(hardline, lines);
}

/** A statement preceded by its JSDoc comment, if any. */
export function documented(comment: Doc | undefined, doc: Doc): Doc {
  return comment === undefined ? doc : [comment, hardline, doc];
}

// --- Files ---------------------------------------------------------------------------------------------------

export interface ImportLine {
  readonly from: string;
  readonly names: readonly { readonly name: string; readonly alias?: string; readonly typeOnly?: boolean }[];
}

/** `import { a, type B } from '…';` — one specifier never breaks; several break one per line when too long. */
export function importDeclaration(spec: ImportLine): Doc {
  const allTypes = spec.names.every((n) => n.typeOnly);
  const specifiers = spec.names.map((n) => {
    const name = n.alias !== undefined && n.alias !== n.name ? `${n.name} as ${n.alias}` : n.name;
    return n.typeOnly && !allTypes ? `type ${name}` : name;
  });
  const head = allTypes ? 'import type ' : 'import ';
  const from = ` from ${quote(spec.from)};`;
  if (specifiers.length === 1) return [head, '{ ', specifiers[0]!, ' }', from];
  return [head, group(['{', indent([line, join([',', line], specifiers)]), ifBreak(','), line, '}']), from];
}

/** A whole file: a header comment, imports, then statements separated by blank lines. */
export function sourceFile(header: string, imports: readonly ImportLine[], statements: readonly Doc[], printer?: LayoutPrinter): string {
  const used = imports.filter((i) => i.names.length > 0);
  const parts: Doc[] = [header.trimEnd(), hardline];
  for (const i of used) parts.push(importDeclaration(i), hardline);
  // Prettier keeps the blank line the emitters put after the imports (or the header) and between statements.
  for (const s of statements) parts.push(hardline, s, hardline);
  return printTs(parts, printer);
}
