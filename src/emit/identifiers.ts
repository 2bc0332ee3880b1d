/**
 * Identifiers for generated code. The plan already gives keys, type names and file names; these helpers
 * only make sure each one is a valid, unshadowed identifier in the file that declares or imports it.
 */

const RESERVED = new Set([
  // ECMA-262 §12.7.2 reserved words, strict-mode and module additions.
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof',
  'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package',
  'private', 'protected', 'public', 'arguments', 'eval',
  // Globals a declaration must not shadow, and TypeScript's predefined type names.
  'undefined', 'NaN', 'Infinity', 'globalThis', 'any', 'unknown', 'never', 'object', 'string', 'number',
  'boolean', 'symbol', 'bigint', 'type', 'as', 'satisfies', 'keyof', 'infer', 'is', 'asserts', 'declare',
  'namespace', 'module', 'require', 'constructor', '__proto__',
]);

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
}

/** `create_pet` → `createPet`; never empty, never reserved, never starting with a digit. */
export function camelIdentifier(text: string, fallback: string): string {
  const parts = words(text);
  let id = parts
    .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
  if (id === '') id = fallback;
  if (/^[0-9]/.test(id)) id = `${fallback}${id.charAt(0).toUpperCase()}${id.slice(1)}`;
  return RESERVED.has(id) ? `${id}${fallback.charAt(0).toUpperCase()}${fallback.slice(1)}` : id;
}

/** A type name as given when it is a valid PascalCase identifier, otherwise rebuilt from its words. */
export function pascalIdentifier(text: string, fallback: string): string {
  if (/^[A-Z][A-Za-z0-9_]*$/.test(text)) return text;
  let id = words(text)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  if (id === '') id = fallback;
  if (/^[0-9]/.test(id)) id = `${fallback}${id}`;
  return id;
}

/**
 * Hands out unique identifiers within one scope: the first taker of a name keeps it, later ones get a
 * numeric suffix. Callers go in plan order, so the result is deterministic.
 */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${name}${n}`;
    this.taken.add(candidate);
    return candidate;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }
}
