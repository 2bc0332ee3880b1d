import { describe, expect, it } from 'vitest';
import { schemaToType, typeDoc, type TypeContext } from './schema-type.js';
import { printTs } from './ts-print.js';

function typeText(schema: unknown, binaryAsFile = false): string {
  const ctx: TypeContext = { binaryAsFile, refName: (key) => ({ pet: 'Pet', node: 'TreeNode' })[key] };
  return printTs(typeDoc(schemaToType(schema, ctx))).replace(/\s+/g, ' ');
}

describe('schemaToType', () => {
  const cases: [string, { given: unknown; want: string; files?: boolean }][] = [
    ['string', { given: { type: 'string' }, want: 'string' }],
    ['integer and number', { given: { type: ['integer', 'number'] }, want: 'number' }],
    ['type array with null', { given: { type: ['string', 'null'] }, want: 'string | null' }],
    ['OAS 3.0 nullable', { given: { type: 'boolean', nullable: true }, want: 'boolean | null' }],
    ['enum', { given: { type: 'string', enum: ['a', "b'c", null] }, want: `'a' | "b'c" | null` }],
    ['enum of objects is unknown', { given: { enum: [{ a: 1 }] }, want: 'unknown' }],
    ['const', { given: { const: 3 }, want: '3' }],
    ['array', { given: { type: 'array', items: { type: 'string' } }, want: 'string[]' }],
    ['array of a union', { given: { type: 'array', items: { type: ['string', 'null'] } }, want: '(string | null)[]' }],
    ['array without items', { given: { type: 'array' }, want: 'unknown[]' }],
    ['ref', { given: { $ref: '#/objectDefinitions/pet' }, want: 'Pet' }],
    ['ref renamed by the file', { given: { $ref: '#/objectDefinitions/node' }, want: 'TreeNode' }],
    ['unknown ref', { given: { $ref: '#/objectDefinitions/nope' }, want: 'unknown' }],
    ['foreign ref', { given: { $ref: 'http://x/y.json' }, want: 'unknown' }],
    [
      'object with required and optional',
      { given: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, 'x-y': { type: 'string' } } }, want: "{ id: number; 'x-y'?: string; }" },
    ],
    ['open object', { given: { type: 'object' }, want: '{ [key: string]: unknown; }' }],
    ['map', { given: { type: 'object', additionalProperties: { type: 'integer' } }, want: '{ [key: string]: number; }' }],
    ['closed empty object', { given: { type: 'object', additionalProperties: false }, want: '{ [key: string]: never; }' }],
    [
      'properties with additional properties keep the index unknown',
      { given: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'integer' } }, want: '{ a?: string; [key: string]: unknown; }' },
    ],
    ['oneOf', { given: { oneOf: [{ type: 'string' }, { $ref: '#/objectDefinitions/pet' }] }, want: 'string | Pet' }],
    ['anyOf with unknown collapses', { given: { anyOf: [{ type: 'string' }, {}] }, want: 'unknown' }],
    [
      'allOf',
      { given: { allOf: [{ $ref: '#/objectDefinitions/pet' }, { type: 'object', properties: { n: { type: 'string' } } }] }, want: 'Pet & { n?: string; }' },
    ],
    ['intersection of unions is parenthesized', { given: { allOf: [{ enum: ['a', 'b'] }, { enum: ['b'] }] }, want: "('a' | 'b') & 'b'" }],
    ['nullable ref', { given: { anyOf: [{ $ref: '#/objectDefinitions/pet' }, { type: 'null' }] }, want: 'Pet | null' }],
    ['binary string on the input side is a file', { given: { type: 'string', format: 'binary' }, want: 'FileInput', files: true }],
    ['binary string on the output side is a string', { given: { type: 'string', format: 'binary' }, want: 'string' }],
    ['false schema', { given: false, want: 'never' }],
    ['anything else', { given: { description: 'x' }, want: 'unknown' }],
    [
      'descriptions become safe JSDoc',
      { given: { type: 'object', properties: { a: { type: 'string', description: 'x */ y' } } }, want: '{ /** x *\\/ y */ a?: string; }' },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, files }) => {
    expect(typeText(given, files)).toBe(want);
  });

  it('stops at a bounded depth instead of overflowing', () => {
    let schema: unknown = { type: 'string' };
    for (let i = 0; i < 5000; i++) schema = { type: 'array', items: schema };
    expect(typeText(schema)).toMatch(/^unknown(\[\])+$/);
  });
});
