import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../runtime/types.js';
import { validateInput } from '../runtime/validate.js';
import { SAMPLE_FILE, synthesize, type SynthesisOptions } from './synthesize.js';

const definitions: Record<string, JsonSchema> = {
  pet: { type: 'object', properties: { name: { type: 'string' }, tag: { type: 'string' } }, required: ['name'] },
  node: { type: 'object', properties: { id: { type: 'integer' }, child: { $ref: '#/objectDefinitions/node' } }, required: ['id'] },
  loop: { type: 'object', properties: { self: { $ref: '#/objectDefinitions/loop' } }, required: ['self'] },
};

describe('synthesize', () => {
  const cases: [string, { given: JsonSchema; options?: SynthesisOptions; want: unknown }][] = [
    ['const wins', { given: { type: 'string', const: 'fixed', examples: ['other'] }, want: 'fixed' }],
    ['enum: its first non-null value', { given: { type: ['string', 'null'], enum: [null, 'b', 'c'] }, want: 'b' }],
    ['enum: the example when it is one of the values', { given: { type: 'string', enum: ['a', 'b'], example: 'b' }, want: 'b' }],
    ['a valid example', { given: { type: 'string', examples: ['Buy catnip'] }, want: 'Buy catnip' }],
    ['an example that breaks the format is not used', { given: { type: 'string', format: 'date', examples: ['2025-10-15T13:51:00.926Z'] }, want: '2024-01-15' }],
    ['default when there is no example', { given: { type: 'integer', default: 20 }, want: 20 }],
    ['date-time', { given: { type: 'string', format: 'date-time' }, want: '2024-01-15T10:30:00Z' }],
    ['email', { given: { type: 'string', format: 'email' }, want: 'user@example.com' }],
    ['uuid', { given: { type: 'string', format: 'uuid' }, want: '123e4567-e89b-42d3-a456-426614174000' }],
    ['pattern', { given: { type: 'string', pattern: '^[A-Z]{2}\\d{3}$' }, want: 'AA000' }],
    ['minLength pads', { given: { type: 'string', minLength: 10 }, want: 'examplexxx' }],
    ['maxLength cuts', { given: { type: 'string', maxLength: 3 }, want: 'exa' }],
    ['integer within bounds', { given: { type: 'integer', minimum: 5, maximum: 10 }, want: 5 }],
    ['integer with an OAS 3.0 exclusive minimum', { given: { type: 'integer', minimum: 1, exclusiveMinimum: true }, want: 2 }],
    ['number with a 2020-12 exclusive maximum', { given: { type: 'number', exclusiveMaximum: 0 }, want: -0.5 }],
    ['multipleOf', { given: { type: 'integer', minimum: 7, multipleOf: 5 }, want: 10 }],
    ['boolean', { given: { type: 'boolean' }, want: true }],
    ['array: one item, or minItems', { given: { type: 'array', items: { type: 'integer' }, minItems: 2 }, want: [1, 1] }],
    ['array of unique enum values', { given: { type: 'array', items: { type: 'string', enum: ['x', 'y', 'z'] }, minItems: 2, uniqueItems: true }, want: ['x', 'y'] }],
    ['object: required and optional', { given: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['a'] }, want: { a: 'example', b: 1 } }],
    [
      'object: only what is required',
      { given: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['a'] }, options: { optional: 'none' }, want: { a: 'example' } },
    ],
    ['free-form map gets one entry', { given: { type: 'object', additionalProperties: { type: 'integer' } }, want: { key: 1 } }],
    ['required name without a declared property', { given: { type: 'object', properties: { name: { type: 'string' } }, required: ['project', 'name'] }, want: { name: 'example', project: 'example' } }],
    ['$ref into the object definitions', { given: { $ref: '#/objectDefinitions/pet' }, want: { name: 'example', tag: 'example' } }],
    ['self reference is cut where optional', { given: { $ref: '#/objectDefinitions/node' }, want: { id: 1 } }],
    ['allOf parts merge', { given: { allOf: [{ $ref: '#/objectDefinitions/pet' }, { type: 'object', properties: { age: { type: 'integer', minimum: 3 } }, required: ['age'] }] }, options: { optional: 'none' }, want: { name: 'example', age: 3 } }],
    ['anyOf: the first non-null branch', { given: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 4 }, { type: 'string' }] }, want: 4 }],
    ['oneOf: a value only one branch accepts, also as text', { given: { oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^[a-z0-9-]+$' }] }, want: 'a' }],
    ['nullable type: not null', { given: { type: ['null', 'string'], format: 'date' }, want: '2024-01-15' }],
    ['FileInput schema: a small text file', { given: { type: 'object', properties: { filename: { type: 'string' }, contentType: { type: 'string' }, base64: { type: 'string' }, text: { type: 'string' } } }, want: SAMPLE_FILE }],
    ['an empty schema', { given: {}, want: 'example' }],
  ];
  it.each(cases)('%s', (_, { given, options, want }) => {
    const value = synthesize(given, { definitions, ...options });
    expect(value).toEqual(want);
    expect(validateInput(given, value, definitions)).toEqual([]);
  });

  it('gives up on a model that requires itself', () => {
    expect(synthesize({ $ref: '#/objectDefinitions/loop' }, { definitions })).toEqual({});
  });

  it('leaves optional properties out below maxDepth', () => {
    const deep: JsonSchema = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'object', properties: { c: { type: 'string' } } } } } } };
    expect(synthesize(deep, { maxDepth: 2 })).toEqual({ a: { b: {} } });
    expect(synthesize(deep, { maxDepth: 3 })).toEqual({ a: { b: { c: 'example' } } });
  });
});
