/**
 * Schema Objects of every version into IrSchema. Refs to component schemas (`#/components/schemas/X`,
 * `#/definitions/X`) become `{ ref: 'X' }`; refs to any other place are resolved inline, except when that
 * would loop (or repeat without end), in which case the target gets a synthesized name and stays a ref.
 *
 * Version differences handled here: `nullable` (3.0), `x-nullable` (2.0), type arrays and `const` and
 * `examples` (3.1), boolean `exclusiveMinimum` (2.0/3.0), `type: file` (2.0), `$ref` siblings (3.1).
 */
import type { IrNamedSchema, IrProperty, IrSchema, SchemaType } from './types.js';
import { child, isObject, pointerTokens, report, setOwn, targetOf, valueAt, type IrContext, type Json } from './ir-context.js';

/** Nesting deeper than this is cut (with a warning): no real schema comes near, and later stages recurse. */
export const MAX_SCHEMA_DEPTH = 100;
/** After this many inline copies of one ref target, it becomes a named schema (guards exponential growth). */
export const MAX_INLINE_COPIES = 8;

const SCHEMA_TYPES = new Set<SchemaType>(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']);


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
    const k = readKeywords(node);
    const out: Record<string, unknown> = {};
    let nullable = k.nullable === true || k.xNullable === true;
    let anyOfTypes: IrSchema[] | undefined;

    const rawType = k.type;
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

    if (typeof k.format === 'string') out.format = k.format;
    // OAS 3.1 §4.8.14.3 describes file content with these instead of `format: binary|byte`; both are given.
    if (typeof k.contentMediaType === 'string') out.contentMediaType = k.contentMediaType;
    if (typeof k.contentEncoding === 'string') out.contentEncoding = k.contentEncoding;
    if (out.format === undefined && typeof k.contentEncoding === 'string' && /^base64$/i.test(k.contentEncoding)) out.format = 'byte';
    else if (out.format === undefined && typeof k.contentMediaType === 'string' && out.type === 'string') out.format = 'binary';
    if (typeof k.title === 'string') out.title = k.title;
    if (typeof k.description === 'string') out.description = k.description;
    if (k.default !== undefined) out.default = k.default;
    if (k.example !== undefined) out.example = k.example;
    else if (Array.isArray(k.examples) && k.examples.length > 0) out.example = k.examples[0];
    if (Array.isArray(k.enum)) out.enum = k.enum;
    if (k.const !== undefined) out.const = k.const;
    if (typeof k.pattern === 'string') out.pattern = k.pattern;
    if (typeof k.minimum === 'number') out.minimum = k.minimum;
    if (typeof k.maximum === 'number') out.maximum = k.maximum;
    if (typeof k.minLength === 'number') out.minLength = k.minLength;
    if (typeof k.maxLength === 'number') out.maxLength = k.maxLength;
    if (typeof k.minItems === 'number') out.minItems = k.minItems;
    if (typeof k.maxItems === 'number') out.maxItems = k.maxItems;
    if (typeof k.multipleOf === 'number') out.multipleOf = k.multipleOf;
    // 2.0/3.0: `exclusiveMinimum: true` qualifies `minimum`; 3.1 (JSON Schema 2020-12) gives the bound itself.
    if (typeof k.exclusiveMinimum === 'number') out.exclusiveMinimum = k.exclusiveMinimum;
    else if (k.exclusiveMinimum === true && typeof k.minimum === 'number') {
      out.exclusiveMinimum = k.minimum;
      delete out.minimum;
    }
    if (typeof k.exclusiveMaximum === 'number') out.exclusiveMaximum = k.exclusiveMaximum;
    else if (k.exclusiveMaximum === true && typeof k.maximum === 'number') {
      out.exclusiveMaximum = k.maximum;
      delete out.maximum;
    }
    if (k.readOnly === true) out.readOnly = true;
    if (k.writeOnly === true) out.writeOnly = true;
    if (k.deprecated === true) out.deprecated = true;

    if (isObject(k.properties)) {
      const required = new Set(Array.isArray(k.required) ? k.required.filter((r): r is string => typeof r === 'string') : []);
      const base = child(pointer, 'properties');
      const properties: IrProperty[] = [];
      for (const name in k.properties) {
        properties.push({ name, required: required.has(name), schema: this.convert(k.properties[name], child(base, name), depth + 1) });
      }
      out.properties = properties;
    }
    if (typeof k.additionalProperties === 'boolean') out.additionalProperties = k.additionalProperties;
    else if (isObject(k.additionalProperties)) out.additionalProperties = this.convert(k.additionalProperties, child(pointer, 'additionalProperties'), depth + 1);

    if (isObject(k.items)) out.items = this.convert(k.items, child(pointer, 'items'), depth + 1);
    else if (Array.isArray(k.items)) {
      // Tuple form (draft 4): any of the listed item schemas.
      const items = k.items.map((item, i) => this.convert(item, child(pointer, 'items', i), depth + 1));
      out.items = items.length === 1 ? items[0] : { anyOf: items };
    }

    // Indexed loops and for-in here and in readKeywords: this runs for every schema (GitHub: 43,691), mostly
    // before it is optimized, and an iterator or key array per call added up.
    for (let c = 0; c < COMBINATORS.length; c++) {
      const key = COMBINATORS[c]!;
      const list = k[key];
      if (Array.isArray(list)) out[key] = list.map((item, i) => this.convert(item, child(pointer, key, i), depth + 1));
    }
    this.collapseNullBranch(out, 'oneOf', () => (nullable = true));
    this.collapseNullBranch(out, 'anyOf', () => (nullable = true));
    if (anyOfTypes !== undefined) {
      if (out.anyOf === undefined) out.anyOf = anyOfTypes;
      else out.allOf = [...((out.allOf as IrSchema[] | undefined) ?? []), { anyOf: anyOfTypes }];
    }

    const discriminator = this.discriminator(k.discriminator);
    if (discriminator !== undefined) out.discriminator = discriminator;

    if (out.type === undefined && out.allOf === undefined && out.oneOf === undefined && out.anyOf === undefined) {
      // Untyped but shaped: say what the shape is, so later stages need not guess.
      if (out.properties !== undefined || out.additionalProperties !== undefined) out.type = 'object';
      else if (out.items !== undefined) out.type = 'array';
    }
    if (nullable && out.type !== 'null') out.nullable = true;
    if (k.extensions !== undefined) out.extensions = k.extensions;
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

/** The keywords convertPlain reads, with the `x-` extensions (but `x-nullable`, which is read as a keyword). */
class Keywords {
  type: unknown = undefined;
  format: unknown = undefined;
  contentMediaType: unknown = undefined;
  contentEncoding: unknown = undefined;
  title: unknown = undefined;
  description: unknown = undefined;
  default: unknown = undefined;
  example: unknown = undefined;
  examples: unknown = undefined;
  enum: unknown = undefined;
  const: unknown = undefined;
  pattern: unknown = undefined;
  minimum: unknown = undefined;
  maximum: unknown = undefined;
  minLength: unknown = undefined;
  maxLength: unknown = undefined;
  minItems: unknown = undefined;
  maxItems: unknown = undefined;
  multipleOf: unknown = undefined;
  exclusiveMinimum: unknown = undefined;
  exclusiveMaximum: unknown = undefined;
  readOnly: unknown = undefined;
  writeOnly: unknown = undefined;
  deprecated: unknown = undefined;
  properties: unknown = undefined;
  required: unknown = undefined;
  additionalProperties: unknown = undefined;
  items: unknown = undefined;
  allOf: unknown = undefined;
  oneOf: unknown = undefined;
  anyOf: unknown = undefined;
  discriminator: unknown = undefined;
  nullable: unknown = undefined;
  xNullable: unknown = undefined;
  extensions: Record<string, unknown> | undefined = undefined;
}

/**
 * A schema's keywords, in one pass over the few keys it has: probing it for each of some 35 keywords cost more
 * (convertPlain runs for every schema of the spec, 43,691 times for GitHub, and spec objects have many shapes).
 */
function readKeywords(node: Json): Keywords {
  const k = new Keywords();
  for (const key in node) {
    const value = node[key];
    switch (key) {
      case 'type': k.type = value; break;
      case 'format': k.format = value; break;
      case 'contentMediaType': k.contentMediaType = value; break;
      case 'contentEncoding': k.contentEncoding = value; break;
      case 'title': k.title = value; break;
      case 'description': k.description = value; break;
      case 'default': k.default = value; break;
      case 'example': k.example = value; break;
      case 'examples': k.examples = value; break;
      case 'enum': k.enum = value; break;
      case 'const': k.const = value; break;
      case 'pattern': k.pattern = value; break;
      case 'minimum': k.minimum = value; break;
      case 'maximum': k.maximum = value; break;
      case 'minLength': k.minLength = value; break;
      case 'maxLength': k.maxLength = value; break;
      case 'minItems': k.minItems = value; break;
      case 'maxItems': k.maxItems = value; break;
      case 'multipleOf': k.multipleOf = value; break;
      case 'exclusiveMinimum': k.exclusiveMinimum = value; break;
      case 'exclusiveMaximum': k.exclusiveMaximum = value; break;
      case 'readOnly': k.readOnly = value; break;
      case 'writeOnly': k.writeOnly = value; break;
      case 'deprecated': k.deprecated = value; break;
      case 'properties': k.properties = value; break;
      case 'required': k.required = value; break;
      case 'additionalProperties': k.additionalProperties = value; break;
      case 'items': k.items = value; break;
      case 'allOf': k.allOf = value; break;
      case 'oneOf': k.oneOf = value; break;
      case 'anyOf': k.anyOf = value; break;
      case 'discriminator': k.discriminator = value; break;
      case 'nullable': k.nullable = value; break;
      case 'x-nullable': k.xNullable = value; break;
      default:
        if (key.startsWith('x-')) (k.extensions ??= {})[key] = value;
    }
  }
  return k;
}
