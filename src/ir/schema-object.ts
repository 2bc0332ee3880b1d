/**
 * Schema Objects of every version into IrSchema. Refs to component schemas (`#/components/schemas/X`,
 * `#/definitions/X`) become `{ ref: 'X' }`; refs to any other place are resolved inline, except when that
 * would loop (or repeat without end), in which case the target gets a synthesized name and stays a ref.
 *
 * Version differences handled here: `nullable` (3.0), `x-nullable` (2.0), type arrays and `const` and
 * `examples` (3.1), boolean `exclusiveMinimum` (2.0/3.0), `type: file` (2.0), `$ref` siblings (3.1).
 */
import type { IrNamedSchema, IrProperty, IrSchema, SchemaType } from './types.js';
import { child, extensionsOf, isObject, pointerTokens, report, setOwn, targetOf, valueAt, type IrContext, type Json } from './ir-context.js';

/** Nesting deeper than this is cut (with a warning): no real schema comes near, and later stages recurse. */
export const MAX_SCHEMA_DEPTH = 100;
/** After this many inline copies of one ref target, it becomes a named schema (guards exponential growth). */
export const MAX_INLINE_COPIES = 8;

const SCHEMA_TYPES = new Set<SchemaType>(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']);


// Keyword lists of convertPlain, made once (it runs for every schema of the spec: 43,691 times for GitHub).
const NUMERIC_KEYWORDS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'multipleOf'] as const;
const EXCLUSIVE_BOUNDS = [
  ['exclusiveMinimum', 'minimum'],
  ['exclusiveMaximum', 'maximum'],
] as const;
const FLAG_KEYWORDS = ['readOnly', 'writeOnly', 'deprecated'] as const;
const COMBINATORS = ['allOf', 'oneOf', 'anyOf'] as const;
export class SchemaConverter {
  /** Canonical pointer -> schema name, for component schemas and synthesized ones. */
  private readonly names = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly pending: { name: string; pointer: string }[] = [];
  private readonly inlineCopies = new Map<string, number>();
  private readonly active = new Set<string>();
  private readonly named: IrNamedSchema[] = [];

  constructor(private readonly ctx: IrContext) {
    const base = ctx.family === '2.0' ? '/definitions' : '/components/schemas';
    const holder = valueAt(ctx.doc, ctx.family === '2.0' ? ['definitions'] : ['components', 'schemas']);
    for (const name of isObject(holder) ? Object.keys(holder) : []) {
      this.names.set(child(base, name), name);
      this.taken.add(name);
      this.pending.push({ name, pointer: child(base, name) });
    }
  }

  /** Converts the named schemas found so far (components first, then synthesized ones, in discovery order). */
  drain(): void {
    while (this.pending.length > 0) {
      const { name, pointer } = this.pending.shift()!;
      const node = valueAt(this.ctx.doc, pointerTokens(pointer));
      this.named.push({ name, schema: this.convert(node, pointer, 0), pointer });
    }
  }

  schemas(): readonly IrNamedSchema[] {
    this.drain();
    return this.named;
  }

  convert(node: unknown, pointer: string, depth: number): IrSchema {
    if (depth >= MAX_SCHEMA_DEPTH) {
      report(this.ctx, 'warning', 'schema-too-deep', pointer, `schema nested more than ${MAX_SCHEMA_DEPTH} levels deep; the rest is left untyped`);
      return {};
    }
    if (!isObject(node)) return {}; // `true` / `false` schemas (3.1) and garbage: anything goes
    if (typeof node.$ref === 'string') return this.convertRef(node, pointer, depth);
    // A schema being converted is "active" however it was reached, so a ref back to it is seen as a cycle.
    if (this.active.has(pointer)) return this.convertPlain(node, pointer, depth);
    this.active.add(pointer);
    try {
      return this.convertPlain(node, pointer, depth);
    } finally {
      this.active.delete(pointer);
    }
  }

  private convertRef(node: Json, pointer: string, depth: number): IrSchema {
    const ref = node.$ref as string;
    const target = targetOf(this.ctx, ref);
    let result: IrSchema;
    if (target === undefined) {
      report(this.ctx, 'warning', 'unresolved-ref', pointer, `$ref '${ref}' cannot be followed; the schema is left untyped`);
      result = {};
    } else {
      const name = this.names.get(target);
      result = name !== undefined ? { ref: name } : this.inline(target, pointer, depth);
    }
    // OAS 3.1 §4.8.24: keywords beside a $ref apply too. Older versions ignore them, but a description or
    // nullable written there is what the author meant, so those two are honoured in every version.
    const siblings = Object.keys(node).filter((k) => k !== '$ref' && (this.ctx.family === '3.1' || k === 'description' || k === 'nullable' || k === 'x-nullable'));
    if (siblings.length === 0) return result;
    const rest: Json = {};
    for (const k of siblings) setOwn(rest, k, node[k]);
    const extra = this.convertPlain(rest, pointer, depth);
    if (result.ref !== undefined) {
      const { description, ...others } = extra;
      if (Object.keys(others).length === 0) return { ref: result.ref, ...(description !== undefined ? { description } : {}) };
      return { ...extra, allOf: [{ ref: result.ref }, ...(extra.allOf ?? [])] };
    }
    return { ...result, ...extra };
  }

  private inline(target: string, pointer: string, depth: number): IrSchema {
    const copies = this.inlineCopies.get(target) ?? 0;
    if (this.active.has(target) || copies >= MAX_INLINE_COPIES) return { ref: this.synthesize(target) };
    const node = valueAt(this.ctx.doc, pointerTokens(target));
    if (node === undefined) {
      report(this.ctx, 'warning', 'unresolved-ref', pointer, `$ref '#${target}' points to nothing; the schema is left untyped`);
      return {};
    }
    this.inlineCopies.set(target, copies + 1);
    return this.convert(node, target, depth + 1);
  }

  /** A deterministic name for an inline schema that has to become a named one: from its pointer. */
  private synthesize(target: string): string {
    const known = this.names.get(target);
    if (known !== undefined) return known;
    const skip = new Set(['paths', 'components', 'schemas', 'definitions', 'properties', 'content', 'schema', 'items', 'allOf', 'anyOf', 'oneOf', 'requestBodies', 'requestBody', 'responses', 'parameters', 'headers', 'webhooks', 'callbacks', '$defs', 'additionalProperties']);
    const words = pointerTokens(target)
      .filter((t) => !skip.has(t))
      .filter((t) => t.startsWith('/') || !t.includes('/')) // keep paths, drop media types
      .flatMap((t) => t.split(/[^A-Za-z0-9]+/))
      .filter((w) => w !== '')
      .map((w) => w[0]!.toUpperCase() + w.slice(1));
    const base = words.join('') || 'Schema';
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    this.names.set(target, name);
    this.pending.push({ name, pointer: target });
    return name;
  }

  private convertPlain(node: Json, pointer: string, depth: number): IrSchema {
    const out: Record<string, unknown> = {};
    let nullable = node.nullable === true || node['x-nullable'] === true;
    let anyOfTypes: IrSchema[] | undefined;

    const rawType = node.type;
    if (typeof rawType === 'string') {
      if (rawType === 'file') {
        out.type = 'string'; // Swagger 2.0 `type: file` is a binary string (multipart upload)
        out.format = 'binary';
      } else if (SCHEMA_TYPES.has(rawType as SchemaType)) {
        out.type = rawType;
      }
    } else if (Array.isArray(rawType)) {
      // OAS 3.1 type arrays: [T, 'null'] -> T + nullable; wider unions -> anyOf of single types.
      const types = rawType.filter((t): t is SchemaType => typeof t === 'string' && SCHEMA_TYPES.has(t as SchemaType));
      const nonNull = types.filter((t) => t !== 'null');
      if (types.includes('null') && nonNull.length > 0) nullable = true;
      if (nonNull.length === 1) out.type = nonNull[0];
      else if (nonNull.length === 0 && types.length > 0) out.type = 'null';
      else if (nonNull.length > 1) anyOfTypes = nonNull.map((t) => ({ type: t }));
    }

    copyString(node, out, 'format');
    // OAS 3.1 §4.8.14.3 describes file content with these instead of `format: binary|byte`; both are given.
    copyString(node, out, 'contentMediaType');
    copyString(node, out, 'contentEncoding');
    if (out.format === undefined && typeof node.contentEncoding === 'string' && /^base64$/i.test(node.contentEncoding)) out.format = 'byte';
    else if (out.format === undefined && typeof node.contentMediaType === 'string' && out.type === 'string') out.format = 'binary';
    copyString(node, out, 'title');
    copyString(node, out, 'description');
    if (node.default !== undefined) out.default = node.default;
    if (node.example !== undefined) out.example = node.example;
    else if (Array.isArray(node.examples) && node.examples.length > 0) out.example = node.examples[0];
    if (Array.isArray(node.enum)) out.enum = node.enum;
    if (node.const !== undefined) out.const = node.const;
    copyString(node, out, 'pattern');
    for (const key of NUMERIC_KEYWORDS) {
      if (typeof node[key] === 'number') out[key] = node[key];
    }
    // 2.0/3.0: `exclusiveMinimum: true` qualifies `minimum`; 3.1 (JSON Schema 2020-12) gives the bound itself.
    for (const [flag, bound] of EXCLUSIVE_BOUNDS) {
      const value = node[flag];
      if (typeof value === 'number') out[flag] = value;
      else if (value === true && typeof node[bound] === 'number') {
        out[flag] = node[bound];
        delete out[bound];
      }
    }
    for (const key of FLAG_KEYWORDS) if (node[key] === true) out[key] = true;

    if (isObject(node.properties)) {
      const required = new Set(Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : []);
      const base = child(pointer, 'properties');
      out.properties = Object.entries(node.properties).map(
        ([name, value]): IrProperty => ({ name, required: required.has(name), schema: this.convert(value, child(base, name), depth + 1) }),
      );
    }
    if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
    else if (isObject(node.additionalProperties)) out.additionalProperties = this.convert(node.additionalProperties, child(pointer, 'additionalProperties'), depth + 1);

    if (isObject(node.items)) out.items = this.convert(node.items, child(pointer, 'items'), depth + 1);
    else if (Array.isArray(node.items)) {
      // Tuple form (draft 4): any of the listed item schemas.
      const items = node.items.map((item, i) => this.convert(item, child(pointer, 'items', i), depth + 1));
      out.items = items.length === 1 ? items[0] : { anyOf: items };
    }

    for (const key of COMBINATORS) {
      const list = node[key];
      if (Array.isArray(list)) out[key] = list.map((item, i) => this.convert(item, child(pointer, key, i), depth + 1));
    }
    this.collapseNullBranch(out, 'oneOf', () => (nullable = true));
    this.collapseNullBranch(out, 'anyOf', () => (nullable = true));
    if (anyOfTypes !== undefined) {
      if (out.anyOf === undefined) out.anyOf = anyOfTypes;
      else out.allOf = [...((out.allOf as IrSchema[] | undefined) ?? []), { anyOf: anyOfTypes }];
    }

    const discriminator = this.discriminator(node.discriminator);
    if (discriminator !== undefined) out.discriminator = discriminator;

    if (out.type === undefined && out.allOf === undefined && out.oneOf === undefined && out.anyOf === undefined) {
      // Untyped but shaped: say what the shape is, so later stages need not guess.
      if (out.properties !== undefined || out.additionalProperties !== undefined) out.type = 'object';
      else if (out.items !== undefined) out.type = 'array';
    }
    if (nullable && out.type !== 'null') out.nullable = true;
    const extensions = extensionsOf(node);
    if (extensions !== undefined) {
      delete (extensions as Record<string, unknown>)['x-nullable'];
      if (Object.keys(extensions).length > 0) out.extensions = extensions;
    }
    return out as IrSchema;
  }

  /** `oneOf: [X, {type: 'null'}]` (the 3.1 way to say nullable) -> X, nullable. */
  private collapseNullBranch(out: Record<string, unknown>, key: 'oneOf' | 'anyOf', markNullable: () => void): void {
    const list = out[key] as IrSchema[] | undefined;
    if (list === undefined) return;
    const nonNull = list.filter((s) => !(s.type === 'null' && Object.keys(s).length === 1));
    if (nonNull.length === list.length || nonNull.length === 0) return;
    markNullable();
    if (nonNull.length > 1) {
      out[key] = nonNull;
      return;
    }
    delete out[key];
    const only = nonNull[0]!;
    if (only.ref !== undefined) out.allOf = [...((out.allOf as IrSchema[] | undefined) ?? []), only];
    else for (const [k, v] of Object.entries(only)) if (out[k] === undefined) out[k] = v;
  }

  private discriminator(value: unknown): IrSchema['discriminator'] {
    if (typeof value === 'string') return { propertyName: value }; // Swagger 2.0
    if (!isObject(value) || typeof value.propertyName !== 'string') return undefined;
    if (!isObject(value.mapping)) return { propertyName: value.propertyName };
    const mapping: Record<string, string> = {};
    for (const [key, target] of Object.entries(value.mapping)) {
      if (typeof target !== 'string') continue;
      // Mapping values become schema names when they designate one (`#/components/schemas/Dog` -> `Dog`).
      const pointer = targetOf(this.ctx, target);
      setOwn(mapping, key, (pointer !== undefined ? this.names.get(pointer) : undefined) ?? target);
    }
    return { propertyName: value.propertyName, mapping };
  }
}

function copyString(from: Json, to: Record<string, unknown>, key: string): void {
  if (typeof from[key] === 'string') to[key] = from[key];
}
