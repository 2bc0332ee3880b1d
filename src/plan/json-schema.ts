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

// Made once: toJsonSchema runs for every schema of every action's inputs and outputs.
const CONSTRAINTS = ['pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'multipleOf'] as const;
const COMBINATORS = ['allOf', 'oneOf', 'anyOf'] as const;

export function toJsonSchema(refs: SchemaRefs, schema: IrSchema, direction: Direction): JsonSchema {
  if (schema.ref !== undefined) {
    const key = refs.defKeys.get(schema.ref);
    const out: Record<string, unknown> = key !== undefined ? { ...defRef(key) } : {};
    if (schema.description !== undefined) out.description = schema.description;
    return out;
  }
  const out: Record<string, unknown> = {};
  if (schema.title !== undefined) out.title = schema.title;
  if (schema.description !== undefined) out.description = schema.description;
  if (schema.type !== undefined) out.type = schema.nullable && schema.type !== 'null' ? [schema.type, 'null'] : schema.type;
  if (schema.format !== undefined) out.format = schema.format;
  if (schema.enum !== undefined) out.enum = schema.nullable && !schema.enum.includes(null) ? [...schema.enum, null] : [...schema.enum];
  if (schema.const !== undefined) out.const = schema.const;
  if (schema.default !== undefined) out.default = schema.default;
  if (schema.example !== undefined) out.examples = [schema.example];
  for (const k of CONSTRAINTS) {
    if (schema[k] !== undefined) out[k] = schema[k];
  }
  if (schema.deprecated) out.deprecated = true;
  // Annotations stay on shared definitions; a one-sided schema has already dropped what does not apply.
  if (direction === 'both' && schema.readOnly) out.readOnly = true;
  if (direction === 'both' && schema.writeOnly) out.writeOnly = true;
  if (schema.properties !== undefined) {
    const props: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const p of schema.properties) {
      if (excludedFor(p.schema, direction)) continue;
      props[p.name] = toJsonSchema(refs, p.schema, direction);
      // A shared definition serves both sides, so a readOnly/writeOnly property cannot be required in it.
      if (p.required && !(direction === 'both' && (p.schema.readOnly || p.schema.writeOnly))) required.push(p.name);
    }
    out.properties = props;
    if (required.length > 0) out.required = required;
  }
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties = typeof schema.additionalProperties === 'boolean' ? schema.additionalProperties : toJsonSchema(refs, schema.additionalProperties, direction);
  }
  if (schema.items !== undefined) out.items = toJsonSchema(refs, schema.items, direction);
  for (const k of COMBINATORS) {
    const list = schema[k];
    if (list !== undefined) out[k] = list.map((s) => toJsonSchema(refs, s, direction));
  }
  return out;
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
