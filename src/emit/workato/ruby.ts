/**
 * The one door through which text from the spec enters connector.rb. Every title, description, hint, enum value,
 * name and URL goes through `rubyString`: a single-quoted Ruby literal, where only `\` and `'` are special
 * (Ruby §"Single-quoted strings": no `#{}` interpolation, no escape sequences). Spec text never lands in double
 * quotes, heredocs, comments or bare code.
 */

/** A Ruby single-quoted string literal holding `text` exactly. */
export function rubyString(text: string): string {
  return "'" + text.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

const LABEL = /^[a-z_][a-z0-9_]*$/;

/** True for names safe as bare Ruby code (hash labels, keyword arguments). */
export function isSafeName(name: string): boolean {
  return LABEL.test(name);
}

/** A hash key for a name from the plan: `name:` when it is a safe snake_case name, else `'name' =>`. */
export function rubyKey(name: string): string {
  return isSafeName(name) ? `${name}:` : `${rubyString(name)} =>`;
}

/**
 * A JSON-like value as a Ruby expression: strings single-quoted, hashes with quoted string keys
 * (`'key' => value`), non-finite numbers as nil. Short scalar arrays stay on one line.
 */
export function rubyValue(value: unknown): string {
  return rubyValueLines(value).join('\n');
}

/**
 * The same as lines, nested containers indented by two spaces per level. An element may hold a line break
 * inside a string literal: callers indent elements, never split them, so string contents stay exact.
 */
export function rubyValueLines(value: unknown, depth = 0): string[] {
  if (depth > 100) throw new Error('value nested more than 100 levels deep');
  if (value === null || value === undefined) return ['nil'];
  if (typeof value === 'string') return [rubyString(value)];
  if (typeof value === 'boolean') return [value ? 'true' : 'false'];
  if (typeof value === 'number') return [rubyNumber(value)];
  if (typeof value === 'bigint') return [value.toString()];
  const nest = (items: string[][], open: string, close: string): string[] => {
    const out = [open];
    items.forEach((lines, i) => {
      lines.forEach((l, j) => out.push('  ' + l + (j === lines.length - 1 && i < items.length - 1 ? ',' : '')));
    });
    out.push(close);
    return out;
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return ['[]'];
    if (value.every(isScalar)) {
      const flat = '[' + value.map((v) => rubyValue(v)).join(', ') + ']';
      if (flat.length <= 100 && !flat.includes('\n')) return [flat];
    }
    return nest(value.map((v) => rubyValueLines(v, depth + 1)), '[', ']');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return ['{}'];
    return nest(
      entries.map(([k, v]) => {
        const lines = rubyValueLines(v, depth + 1);
        return [`${rubyString(k)} => ${lines[0]}`, ...lines.slice(1)];
      }),
      '{',
      '}',
    );
  }
  return ['nil'];
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof value);
}

/** JavaScript's number text is valid Ruby for integers and floats (`1.5`, `1e+21`, `-2.5e-7`). */
function rubyNumber(value: number): string {
  if (!Number.isFinite(value)) return 'nil';
  if (Object.is(value, -0)) return '0';
  return String(value);
}

/**
 * Text for a `#` comment line: control characters (including every line break Ruby or an editor knows)
 * become spaces, so the comment cannot end early. Used only for names of our own making (file names, versions).
 */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, ' ');
}

/** A Ruby array of strings on one line: `['a', 'b']`. */
export function rubyStringArray(items: readonly string[]): string {
  return '[' + items.map(rubyString).join(', ') + ']';
}
