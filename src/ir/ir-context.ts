/**
 * State shared while one IR is built: the bundled document, its version family, the diagnostics found,
 * and helpers to follow internal `$ref`s to non-schema objects (parameters, responses, path items, …).
 */
import { pointerEscape, type Diagnostic, type Severity } from '../diagnostics.js';
import type { LoadedSpec } from '../load/load-spec.js';

export type VersionFamily = '2.0' | '3.0' | '3.1';

export type Json = Record<string, unknown>;

export interface IrContext {
  readonly doc: Json;
  readonly family: VersionFamily;
  readonly diagnostics: Diagnostic[];
  readonly spec: LoadedSpec;
  /** `$ref` string -> canonical pointer; big specs repeat the same few thousand refs many times. */
  readonly refCache: Map<string, string | undefined>;
}

export function createContext(spec: LoadedSpec): IrContext {
  return { doc: spec.document, family: familyOf(spec.specVersion), diagnostics: [], spec, refCache: new Map() };
}

/** The canonical pointer an internal `$ref` designates (memoized per IR build). */
export function targetOf(ctx: IrContext, ref: string): string | undefined {
  if (ctx.refCache.has(ref)) return ctx.refCache.get(ref);
  const pointer = refPointer(ref);
  ctx.refCache.set(ref, pointer);
  return pointer;
}

/** Tokens of a JSON pointer as the IR writes them (escaped, not percent-encoded). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function familyOf(specVersion: string): VersionFamily {
  if (specVersion === '2.0') return '2.0';
  return specVersion.startsWith('3.1') ? '3.1' : '3.0';
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function report(ctx: IrContext, severity: Severity, code: string, pointer: string, message: string): void {
  const where = ctx.spec.locate(pointer);
  ctx.diagnostics.push({ code, severity, message, pointer, ...(where ?? {}) });
}

/** `x-…` members of an object, or undefined when there are none. */
export function extensionsOf(node: Json): Readonly<Record<string, unknown>> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key in node) {
    if (key.startsWith('x-')) (out ??= {})[key] = node[key];
  }
  return out;
}

/**
 * Sets an own property even when the key is `__proto__`: keys taken from a spec must never reach an
 * object's prototype.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function child(pointer: string, ...tokens: (string | number)[]): string {
  return pointer + tokens.map((t) => '/' + pointerEscape(String(t))).join('');
}

/** Tokens of an internal `$ref` (`#/a/b~1c`), percent-decoded as a URI fragment; undefined if not internal. */
export function refTokens(ref: string): string[] | undefined {
  if (ref === '#') return [];
  if (!ref.startsWith('#/')) return undefined;
  let body = ref.slice(1);
  try {
    body = decodeURIComponent(body);
  } catch {
    // a bare `%` is kept as written
  }
  return body
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The canonical JSON pointer (`/a/b~1c`) an internal `$ref` designates. */
export function refPointer(ref: string): string | undefined {
  const tokens = refTokens(ref);
  return tokens === undefined ? undefined : tokens.map((t) => '/' + pointerEscape(t)).join('');
}

export function valueAt(doc: unknown, tokens: readonly string[]): unknown {
  let node = doc;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, token)) return undefined;
    node = (node as Json)[token];
  }
  return node;
}

/**
 * Follows `$ref`s from a non-schema object (a parameter, response, path item, …) to its definition.
 * Returns the object and the pointer it lives at; undefined (with a warning) for a broken or looping chain.
 */
export function deref(ctx: IrContext, node: unknown, pointer: string): { node: Json; pointer: string } | undefined {
  let current = node;
  let at = pointer;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string') {
    const target = targetOf(ctx, current.$ref);
    if (target === undefined) {
      report(ctx, 'warning', 'unresolved-ref', at, `$ref '${current.$ref}' cannot be followed; ignored`);
      return undefined;
    }
    if (seen.has(target)) {
      report(ctx, 'warning', 'circular-ref', at, `$ref '${current.$ref}' refers to itself; ignored`);
      return undefined;
    }
    seen.add(target);
    const next = valueAt(ctx.doc, pointerTokens(target));
    if (next === undefined) {
      report(ctx, 'warning', 'unresolved-ref', at, `$ref '${current.$ref}' points to nothing; ignored`);
      return undefined;
    }
    current = next;
    at = target;
  }
  return isObject(current) ? { node: current, pointer: at } : undefined;
}

/** Entries of an object in spec order, or none when it is not an object. */
export function entriesOf(value: unknown): [string, unknown][] {
  return isObject(value) ? Object.entries(value) : [];
}

export function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
