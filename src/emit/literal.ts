/**
 * The one door through which values from the spec enter generated TypeScript. Titles, descriptions,
 * examples, defaults, enum values, patterns and names all pass through `writeLiteral` (code) or
 * `docText` (JSDoc), so spec text is always data and never code (issue 6: hostile input stays inert).
 */
import type { CodeBlockWriter, WriterFunction } from 'ts-morph';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** JSON string literal, hardened for embedding: line/paragraph separators and `</script` escaped. */
export function stringLiteral(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/<(\/script)/gi, '\\u003c$1');
}

/** An object key: bare when it is an identifier, quoted otherwise. `__proto__` is the caller's concern. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) && name !== '__proto__' ? name : stringLiteral(name);
}

/**
 * A key in an object literal (a value, not a type). `{ "__proto__": x }` would set the prototype even
 * when quoted; only the computed form `["__proto__"]: x` makes an own data property (ECMA-262 §B.3.1).
 */
export function objectLiteralKey(name: string): string {
  return name === '__proto__' ? `[${stringLiteral(name)}]` : propertyKey(name);
}

export function isIdentifierName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** `object.name`, or `object["name"]` when the name is not an identifier. */
export function propertyAccess(object: string, name: string): string {
  return IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${stringLiteral(name)}]`;
}

/** Deeper than this, a value is written as `JSON.parse("…")` data: tsc and Prettier recurse per level of a literal. */
const MAX_LITERAL_DEPTH = 200;

/** Writes a JSON-like value as a TypeScript expression. `undefined` properties are left out. */
export function writeLiteral(writer: CodeBlockWriter, value: unknown, depth = 0): void {
  if (depth > MAX_LITERAL_DEPTH && value !== null && typeof value === 'object') {
    // Same value (JSON.stringify also leaves out undefined and writes non-finite numbers as null).
    writer.write(`JSON.parse(${stringLiteral(JSON.stringify(value))})`);
    return;
  }
  if (value === null || value === undefined) {
    writer.write(value === null ? 'null' : 'undefined');
  } else if (typeof value === 'string') {
    writer.write(stringLiteral(value));
  } else if (typeof value === 'number') {
    writer.write(Number.isFinite(value) ? (Object.is(value, -0) ? '0' : String(value)) : 'null');
  } else if (typeof value === 'boolean') {
    writer.write(value ? 'true' : 'false');
  } else if (typeof value === 'bigint') {
    writer.write(stringLiteral(value.toString()));
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      writer.write('[]');
      return;
    }
    writer.write('[');
    value.forEach((item, i) => {
      if (i > 0) writer.write(', ');
      writeLiteral(writer, item, depth + 1);
    });
    writer.write(']');
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      writer.write('{}');
      return;
    }
    writer.write('{ ');
    entries.forEach(([key, item], i) => {
      if (i > 0) writer.write(', ');
      writer.write(objectLiteralKey(key)).write(': ');
      writeLiteral(writer, item, depth + 1);
    });
    writer.write(' }');
  } else {
    // Functions and symbols never come from a plan; refuse rather than print something executable.
    throw new Error(`cannot emit a ${typeof value} as a literal`);
  }
}

/** A writer function for a value (ts-morph initializers and arguments take these). */
export function literal(value: unknown): WriterFunction {
  return (writer) => writeLiteral(writer, value);
}

/** Writes an object literal whose values are writers (for code mixing data and functions). */
export function writeObject(
  writer: CodeBlockWriter,
  entries: readonly (readonly [key: string, value: WriterFunction] | WriterFunction)[],
): void {
  writer.inlineBlock(() => {
    for (const entry of entries) {
      if (typeof entry === 'function') {
        // A member written in full (a method); it brings its own trailing comma.
        entry(writer);
        writer.newLineIfLastNot();
        continue;
      }
      const [key, value] = entry;
      writer.write(objectLiteralKey(key)).write(': ');
      value(writer);
      writer.write(',').newLine();
    }
  });
}

/**
 * Text for a JSDoc comment. `*\/` cannot close the comment early; every line break (including
 * U+2028/U+2029) becomes `\n`, which ts-morph turns into ` * ` lines.
 */
export function docText(text: string): string {
  return withoutControls(text)
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*')
    .trim();
}

/** Text for a one-line `//` comment: nothing may end the line early. */
export function lineCommentText(text: string): string {
  return withoutControls(text).replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** C0 controls other than tab and line breaks (a NUL in a spec) would make the source file binary to git and editors. */
export function withoutControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}
