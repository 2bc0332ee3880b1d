/**
 * Values that satisfy a JSON Schema (the subset generated input schemas use), for driving actions against a
 * mock server. Readable over random: a `const`, an enum's first value, the schema's own example or default
 * when it is valid, else a value built from type, format, pattern and bounds.
 */
import { isPlainObject } from '../runtime/json-path.js';
import type { JsonSchema } from '../runtime/types.js';
import { validateInput } from '../runtime/validate.js';
import { samplePattern } from './pattern-sample.js';

export interface SynthesisOptions {
  /** Schemas that `$ref`s name (`#/objectDefinitions/<key>` and the like), by key. */
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
  /** Fill optional properties too (default), or only what is required. */
  readonly optional?: 'all' | 'none';
  /** Below this depth optional properties are left out, so big nested models stay small. Default 3. */
  readonly maxDepth?: number;
}

type Definitions = Readonly<Record<string, JsonSchema>>;

const REF_PREFIXES = ['#/objectDefinitions/', '#/definitions/', '#/$defs/', '#/components/schemas/'];

/** Fixed values per string format; each satisfies the format as Ajv's formats and the runtime read it. */
const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  date: '2024-01-15',
  'date-time': '2024-01-15T10:30:00Z',
  time: '10:30:00Z',
  'full-date': '2024-01-15',
  duration: 'P1D',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.10',
  ipv6: '2001:db8::10',
  uri: 'https://example.com/item',
  url: 'https://example.com/item',
  iri: 'https://example.com/item',
  'uri-reference': 'https://example.com/item',
  'iri-reference': 'https://example.com/item',
  'uri-template': 'https://example.com/{id}',
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  guid: '123e4567-e89b-42d3-a456-426614174000',
  byte: 'aGVsbG8=',
  base64: 'aGVsbG8=',
  binary: 'hello',
  password: 'Secret-123',
  regex: '^a+$',
  'json-pointer': '/a/b',
  'relative-json-pointer': '0/a',
  int32: '1',
  int64: '1',
  integer: '1',
  number: '1.5',
  double: '1.5',
  float: '1.5',
  decimal: '1.5',
};

/** A file for file fields and binary bodies, in the runtime's FileInput shape (the part's type comes from the spec). */
export const SAMPLE_FILE = { filename: 'sample.txt', text: 'hello' } as const;

/** The runtime's FileInput schema: `base64` and `text` beside optional `filename` and `contentType`. */
export function isFileInputSchema(schema: JsonSchema): boolean {
  const properties = isPlainObject(schema.properties) ? Object.keys(schema.properties) : [];
  return properties.includes('base64') && properties.includes('text') && properties.every((p) => ['base64', 'text', 'filename', 'contentType'].includes(p));
}

interface State {
  readonly definitions: Definitions;
  readonly optional: boolean;
  readonly maxDepth: number;
}

function resolve(schema: JsonSchema, state: State, seen: readonly string[]): { schema: JsonSchema; seen: readonly string[] } | undefined {
  let current = schema;
  let path = seen;
  for (let i = 0; i < 16 && typeof current.$ref === 'string'; i++) {
    const ref = current.$ref as string;
    // A model that holds itself is left out where it is optional, and cut where it is required.
    if (path.includes(ref)) return undefined;
    const prefix = REF_PREFIXES.find((p) => ref.startsWith(p));
    const target = prefix === undefined ? undefined : state.definitions[decodeURIComponent(ref.slice(prefix.length))];
    path = [...path, ref];
    const { $ref: _ignored, ...rest } = current;
    if (target === undefined) current = rest;
    else current = Object.keys(rest).length > 0 ? { allOf: [target], ...rest } : target;
  }
  return { schema: current, seen: path };
}

function typesOf(schema: JsonSchema): string[] | undefined {
  if (Array.isArray(schema.type)) return schema.type.filter((t): t is string => typeof t === 'string');
  if (typeof schema.type === 'string') return [schema.type];
  return undefined;
}

function valid(schema: JsonSchema, value: unknown, state: State): boolean {
  return validateInput(schema, value, state.definitions).length === 0;
}

/** Merges `allOf` parts into one schema: properties and required lists joined, the rest first-wins. */
function mergeAllOf(schema: JsonSchema, state: State, seen: readonly string[]): { schema: JsonSchema; seen: readonly string[] } {
  if (!Array.isArray(schema.allOf)) return { schema, seen };
  const { allOf, ...own } = schema;
  let merged: Record<string, unknown> = {};
  let path = seen;
  const parts = [...(allOf as unknown[]), own];
  for (const rawPart of parts) {
    if (!isPlainObject(rawPart)) continue;
    const resolved = resolve(rawPart, state, path);
    if (resolved === undefined) continue;
    const flat = mergeAllOf(resolved.schema, state, resolved.seen);
    path = flat.seen;
    const part = flat.schema;
    const next: Record<string, unknown> = { ...part, ...merged };
    if (isPlainObject(part.properties) || isPlainObject(merged.properties)) {
      next.properties = { ...(isPlainObject(part.properties) ? part.properties : {}), ...(isPlainObject(merged.properties) ? merged.properties : {}) };
    }
    const required = [...(Array.isArray(merged.required) ? merged.required : []), ...(Array.isArray(part.required) ? part.required : [])];
    if (required.length > 0) next.required = [...new Set(required)];
    // The narrower type wins: `integer` inside `number`.
    const a = typesOf(merged);
    const b = typesOf(part);
    if (a && b) {
      const both = a.filter((t) => b.includes(t) || (t === 'integer' && b.includes('number')));
      const both2 = b.filter((t) => t === 'integer' && a.includes('number'));
      next.type = [...new Set([...both, ...both2])];
    }
    merged = next;
  }
  return { schema: merged, seen: path };
}

/** The branch of a oneOf/anyOf to follow: the first that is not just `null`. */
function chooseBranch(branches: readonly unknown[]): JsonSchema | undefined {
  const objects = branches.filter(isPlainObject);
  return objects.find((b) => !(b.type === 'null' || (Array.isArray(b.enum) && b.enum.length === 1 && b.enum[0] === null))) ?? objects[0];
}

function candidates(schema: JsonSchema): unknown[] {
  const out: unknown[] = [];
  if (Array.isArray(schema.examples)) out.push(...schema.examples);
  if ('example' in schema) out.push(schema.example);
  if ('default' in schema) out.push(schema.default);
  return out.filter((v) => v !== undefined && v !== null);
}

function fitLength(text: string, schema: JsonSchema): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  let out = text;
  if ([...out].length < min) out = out + 'x'.repeat(min - [...out].length);
  if ([...out].length > max) out = [...out].slice(0, max).join('');
  return out;
}

function sampleString(schema: JsonSchema, variant: number): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (typeof schema.pattern === 'string') {
    const sampled = samplePattern(schema.pattern, min, max);
    if (sampled !== undefined) return sampled;
  }
  const format = typeof schema.format === 'string' ? FORMAT_SAMPLES[schema.format.toLowerCase()] : undefined;
  if (format !== undefined) return variant === 0 ? format : format.replace(/\d(?=\D*$)/, (d) => String((Number(d) + variant) % 10));
  return fitLength(variant === 0 ? 'example' : `example${variant + 1}`, schema);
}

function sampleNumber(schema: JsonSchema, integer: boolean, variant: number): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  // OAS 3.0 writes exclusive bounds as booleans beside minimum/maximum; JSON Schema 2020-12 as numbers.
  const exMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : schema.exclusiveMinimum === true ? min : undefined;
  const exMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : schema.exclusiveMaximum === true ? max : undefined;
  const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : integer ? 1 : undefined;
  let low = min ?? -Infinity;
  if (exMin !== undefined) low = Math.max(low, exMin + (integer ? 1 : step ?? 0.5));
  let high = max ?? Infinity;
  if (exMax !== undefined) high = Math.min(high, exMax - (integer ? 1 : step ?? 0.5));
  if (integer) {
    low = Math.ceil(low);
    high = Math.floor(high);
  }
  let value = 1 + variant;
  if (value < low) value = low + variant;
  if (value > high) value = Number.isFinite(low) ? low : high;
  if (step !== undefined) {
    const snapped = Math.ceil(value / step) * step;
    value = snapped <= high ? snapped : Math.floor(value / step) * step;
    // Floating steps (0.01) leave dust: round to the step's own decimals.
    const decimals = (String(step).split('.')[1] ?? '').length;
    value = Number(value.toFixed(decimals));
  }
  return value;
}

function sample(raw: unknown, state: State, depth: number, seen: readonly string[], variant: number): unknown {
  if (raw === true || raw === undefined) return 'example';
  if (!isPlainObject(raw)) return undefined;
  const resolved = resolve(raw, state, seen);
  if (resolved === undefined) return undefined;
  const merged = mergeAllOf(resolved.schema, state, resolved.seen);
  const schema = merged.schema;
  const path = merged.seen;

  if ('const' in schema) return schema.const;
  if (isFileInputSchema(schema)) return { ...SAMPLE_FILE };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const values = schema.enum.filter((v) => v !== null);
    const pool = values.length > 0 ? values : schema.enum;
    const example = candidates(schema).find((c) => pool.some((v) => JSON.stringify(v) === JSON.stringify(c)));
    return variant === 0 && example !== undefined ? example : pool[variant % pool.length];
  }
  if (variant === 0) {
    const example = candidates(schema).find((c) => valid(schema, c, state));
    if (example !== undefined) return example;
  }

  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    // The branch carries the shape; the schema around it may add properties or bounds.
    const { [keyword]: _ignored, ...around } = schema;
    const within = (branch: JsonSchema): JsonSchema => (Object.keys(around).length > 0 ? { allOf: [around, branch] } : branch);
    if (keyword === 'oneOf') {
      const unique = oneOfSample(branches.filter(isPlainObject).map(within), state, depth, path, variant);
      if (unique !== undefined) return unique;
    }
    const branch = chooseBranch(branches);
    if (branch === undefined) continue;
    return sample(within(branch), state, depth, path, variant);
  }

  const types = typesOf(schema)?.filter((t) => t !== 'null');
  const type = types?.[0] ?? (isPlainObject(schema.properties) ? 'object' : schema.items !== undefined ? 'array' : undefined);
  switch (type) {
    case 'string':
      return sampleString(schema, variant);
    case 'integer':
      return sampleNumber(schema, true, variant);
    case 'number':
      return sampleNumber(schema, false, variant);
    case 'boolean':
      return variant % 2 === 0;
    case 'array':
      return sampleArray(schema, state, depth, path);
    case 'object':
      return sampleObject(schema, state, depth, path);
    case 'null':
      return null;
    default:
      return typeof schema.format === 'string' || typeof schema.pattern === 'string' ? sampleString(schema, variant) : 'example';
  }
}

/** The forms a scalar takes once sent as text and read back with type coercion (as validators of parameters do). */
function readings(value: unknown): unknown[] {
  if (typeof value === 'number' || typeof value === 'boolean') return [value, String(value)];
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return [value, Number(value)];
  if (value === 'true' || value === 'false') return [value, value === 'true'];
  return [value];
}

/**
 * oneOf wants exactly one branch to match. A value from the first branch may match others too (`1` is also a
 * valid slug once it travels as text): take the first branch's value that matches only its own branch.
 */
function oneOfSample(branches: readonly JsonSchema[], state: State, depth: number, seen: readonly string[], variant: number): unknown {
  const ordered = [...branches.filter((b) => b.type !== 'null'), ...branches.filter((b) => b.type === 'null')];
  for (const branch of ordered) {
    const value = sample(branch, state, depth, seen, variant);
    if (value === undefined) continue;
    const forms = readings(value);
    const matching = branches.filter((b) => forms.some((form) => valid(b, form, state)));
    if (matching.length === 1) return value;
  }
  return undefined;
}

function sampleArray(schema: JsonSchema, state: State, depth: number, seen: readonly string[]): unknown[] {
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const count = Math.min(max, Math.max(1, min));
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const item = sample(schema.items ?? {}, state, depth + 1, seen, schema.uniqueItems === true ? i : 0);
    if (item === undefined) return min > 0 ? items : [];
    items.push(item);
  }
  return items;
}

function sampleObject(schema: JsonSchema, state: State, depth: number, seen: readonly string[]): Record<string, unknown> {
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const out: Record<string, unknown> = {};
  const fillOptional = state.optional && depth < state.maxDepth;
  for (const [name, property] of Object.entries(properties)) {
    if (!required.has(name) && !fillOptional) continue;
    if (isPlainObject(property) && (property.readOnly === true || property.deprecated === true) && !required.has(name)) continue;
    const value = sample(property, state, depth + 1, seen, 0);
    if (value !== undefined) out[name] = value;
  }
  for (const name of required) {
    if (!(name in out) && !(name in properties)) out[name] = sample(additional(schema), state, depth + 1, seen, 0) ?? 'example';
  }
  const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  const extra = additional(schema);
  // A free-form map gets one entry, so the field is not sent as an empty object.
  if (extra !== undefined && (Object.keys(properties).length === 0 ? fillOptional || minProperties > 0 : Object.keys(out).length < minProperties)) {
    for (let i = 0; Object.keys(out).length < Math.max(1, minProperties) && i < 16; i++) {
      const value = sample(extra, state, depth + 1, seen, 0);
      if (value === undefined) break;
      out[i === 0 ? 'key' : `key${i + 1}`] = value;
    }
  }
  return out;
}

function additional(schema: JsonSchema): unknown {
  const extra = schema.additionalProperties;
  if (extra === false) return undefined;
  if (isPlainObject(extra)) return extra;
  return { type: 'string' };
}

/** A value for `schema`; undefined when none can be built (a required model that only holds itself). */
export function synthesize(schema: JsonSchema, options: SynthesisOptions = {}): unknown {
  const state: State = { definitions: options.definitions ?? {}, optional: options.optional !== 'none', maxDepth: options.maxDepth ?? 3 };
  return sample(schema, state, 0, [], 0);
}
