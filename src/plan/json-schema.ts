/**
 * IR schemas → JSON Schema (2020-12 subset) as the connector's user sees them. Named schemas become
 * `{ "$ref": "#/objectDefinitions/<key>" }`, so recursive schemas stay finite.
 */
import type { IrSchema } from '../ir/types.js';
import type { Direction } from './context.js';
import type { JsonSchema } from './types.js';

export interface SchemaRefs {
  /** Named schema → object definition key. */
  readonly defKeys: ReadonlyMap<string, string>;
}

export function defRef(key: string): JsonSchema {
  return { $ref: `#/objectDefinitions/${key}` };
}

/** Whether a property is left out on this side (OAS 3 §4.8.24.1 readOnly/writeOnly). */
export function excludedFor(schema: IrSchema, direction: Direction): boolean {
  return (direction === 'input' && schema.readOnly === true) || (direction === 'output' && schema.writeOnly === true);
}

const COMBINATORS = ['allOf', 'oneOf', 'anyOf'] as const;

export function toJsonSchema(refs: SchemaRefs, schema: IrSchema, direction: Direction): JsonSchema {
  if (schema.ref !== undefined) {
    const key = refs.defKeys.get(schema.ref);
    const out: Record<string, unknown> = key !== undefined ? { ...defRef(key) } : {};
    if (schema.description !== undefined) out.description = schema.description;
    return out;
  }
  // IR schemas come in many shapes: the keys one has are read once, rather than probing it for each keyword.
  const s = readSchema(schema);
  const out: Record<string, unknown> = {};
  if (s.title !== undefined) out.title = s.title;
  if (s.description !== undefined) out.description = s.description;
  if (s.type !== undefined) out.type = s.nullable && s.type !== 'null' ? [s.type, 'null'] : s.type;
  if (s.format !== undefined) out.format = s.format;
  if (s.enum !== undefined) out.enum = s.nullable && !s.enum.includes(null) ? [...s.enum, null] : [...s.enum];
  if (s.const !== undefined) out.const = s.const;
  if (s.default !== undefined) out.default = s.default;
  if (s.example !== undefined) out.examples = [s.example];
  if (s.pattern !== undefined) out.pattern = s.pattern;
  if (s.minimum !== undefined) out.minimum = s.minimum;
  if (s.maximum !== undefined) out.maximum = s.maximum;
  if (s.exclusiveMinimum !== undefined) out.exclusiveMinimum = s.exclusiveMinimum;
  if (s.exclusiveMaximum !== undefined) out.exclusiveMaximum = s.exclusiveMaximum;
  if (s.minLength !== undefined) out.minLength = s.minLength;
  if (s.maxLength !== undefined) out.maxLength = s.maxLength;
  if (s.minItems !== undefined) out.minItems = s.minItems;
  if (s.maxItems !== undefined) out.maxItems = s.maxItems;
  if (s.multipleOf !== undefined) out.multipleOf = s.multipleOf;
  if (s.deprecated) out.deprecated = true;
  // Annotations stay on shared definitions; a one-sided schema has already dropped what does not apply.
  if (direction === 'both' && s.readOnly) out.readOnly = true;
  if (direction === 'both' && s.writeOnly) out.writeOnly = true;
  if (s.properties !== undefined) {
    const props: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const p of s.properties) {
      if (excludedFor(p.schema, direction)) continue;
      props[p.name] = toJsonSchema(refs, p.schema, direction);
      // A shared definition serves both sides, so a readOnly/writeOnly property cannot be required in it.
      if (p.required && !(direction === 'both' && (p.schema.readOnly || p.schema.writeOnly))) required.push(p.name);
    }
    out.properties = props;
    if (required.length > 0) out.required = required;
  }
  if (s.additionalProperties !== undefined) {
    out.additionalProperties = typeof s.additionalProperties === 'boolean' ? s.additionalProperties : toJsonSchema(refs, s.additionalProperties, direction);
  }
  if (s.items !== undefined) out.items = toJsonSchema(refs, s.items, direction);
  for (let c = 0; c < COMBINATORS.length; c++) {
    const k = COMBINATORS[c]!;
    const list = s[k];
    if (list !== undefined) out[k] = list.map((item) => toJsonSchema(refs, item, direction));
  }
  return out;
}

/** The parts of an IR schema that toJsonSchema writes, in a record of one shape. */
class SchemaParts {
  title: string | undefined = undefined;
  description: string | undefined = undefined;
  type: IrSchema['type'] = undefined;
  nullable: boolean | undefined = undefined;
  format: string | undefined = undefined;
  enum: readonly unknown[] | undefined = undefined;
  const: unknown = undefined;
  default: unknown = undefined;
  example: unknown = undefined;
  pattern: string | undefined = undefined;
  minimum: number | undefined = undefined;
  maximum: number | undefined = undefined;
  exclusiveMinimum: number | undefined = undefined;
  exclusiveMaximum: number | undefined = undefined;
  minLength: number | undefined = undefined;
  maxLength: number | undefined = undefined;
  minItems: number | undefined = undefined;
  maxItems: number | undefined = undefined;
  multipleOf: number | undefined = undefined;
  deprecated: boolean | undefined = undefined;
  readOnly: boolean | undefined = undefined;
  writeOnly: boolean | undefined = undefined;
  properties: IrSchema['properties'] = undefined;
  additionalProperties: IrSchema['additionalProperties'] = undefined;
  items: IrSchema | undefined = undefined;
  allOf: IrSchema['allOf'] = undefined;
  oneOf: IrSchema['oneOf'] = undefined;
  anyOf: IrSchema['anyOf'] = undefined;
}

function readSchema(schema: IrSchema): SchemaParts {
  const s = new SchemaParts();
  // Typed `never` so that each case can store the value in the field its key names.
  const parts = schema as Readonly<Record<string, never>>;
  for (const key in parts) {
    // An own-key read inside for-in is served from the object's enumeration cache.
    const v = parts[key];
    switch (key) {
      case 'title': s.title = v; break;
      case 'description': s.description = v; break;
      case 'type': s.type = v; break;
      case 'nullable': s.nullable = v; break;
      case 'format': s.format = v; break;
      case 'enum': s.enum = v; break;
      case 'const': s.const = v; break;
      case 'default': s.default = v; break;
      case 'example': s.example = v; break;
      case 'pattern': s.pattern = v; break;
      case 'minimum': s.minimum = v; break;
      case 'maximum': s.maximum = v; break;
      case 'exclusiveMinimum': s.exclusiveMinimum = v; break;
      case 'exclusiveMaximum': s.exclusiveMaximum = v; break;
      case 'minLength': s.minLength = v; break;
      case 'maxLength': s.maxLength = v; break;
      case 'minItems': s.minItems = v; break;
      case 'maxItems': s.maxItems = v; break;
      case 'multipleOf': s.multipleOf = v; break;
      case 'deprecated': s.deprecated = v; break;
      case 'readOnly': s.readOnly = v; break;
      case 'writeOnly': s.writeOnly = v; break;
      case 'properties': s.properties = v; break;
      case 'additionalProperties': s.additionalProperties = v; break;
      case 'items': s.items = v; break;
      case 'allOf': s.allOf = v; break;
      case 'oneOf': s.oneOf = v; break;
      case 'anyOf': s.anyOf = v; break;
    }
  }
  return s;
}

/** The runtime's FileInput: a file as base64 or text, with optional name and content type. */
export const FILE_INPUT_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'A file: base64 or text content, with an optional filename and content type.',
  properties: {
    filename: { type: 'string' },
    contentType: { type: 'string' },
    base64: { type: 'string', contentEncoding: 'base64' },
    text: { type: 'string' },
  },
  additionalProperties: false,
};

/** The runtime's BinaryOutput. */
export const BINARY_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { contentType: { type: 'string' }, base64: { type: 'string', contentEncoding: 'base64' }, size: { type: 'integer' } },
  required: ['contentType', 'base64', 'size'],
};
