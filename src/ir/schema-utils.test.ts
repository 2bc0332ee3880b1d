import { describe, expect, it } from 'vitest';
import { mergeAllOf, preferredMediaType, resolveSchema, schemaByName, successResponse } from './schema-utils.js';
import type { IrApi, IrOperation, IrResponse, IrSchema } from './types.js';

function api(schemas: Record<string, IrSchema>): IrApi {
  return {
    specVersion: '3.0.3',
    title: 't',
    version: '1',
    servers: [],
    operations: [],
    schemas: Object.entries(schemas).map(([name, schema]) => ({ name, schema, pointer: `/components/schemas/${name}` })),
    securitySchemes: [],
    security: [],
    tags: [],
    webhooks: [],
    diagnostics: [],
  };
}

const str: IrSchema = { type: 'string' };

describe('resolveSchema', () => {
  const a = api({
    Pet: { type: 'object', properties: [{ name: 'id', required: true, schema: str }] },
    Alias: { ref: 'Pet' },
    Loop1: { ref: 'Loop2' },
    Loop2: { ref: 'Loop1' },
  });
  it.each([
    ['plain schema is returned as is', { given: str, want: str }],
    ['one ref', { given: { ref: 'Pet' }, want: schemaByName(a, 'Pet') }],
    ['a chain of refs', { given: { ref: 'Alias' }, want: schemaByName(a, 'Pet') }],
    ['a ref cycle ends as an empty schema', { given: { ref: 'Loop1' }, want: {} }],
    ['an unknown name gives an empty schema', { given: { ref: 'Nope' }, want: {} }],
    ['description beside a ref wins', { given: { ref: 'Pet', description: 'd' }, want: { ...schemaByName(a, 'Pet'), description: 'd' } }],
  ] as const)('%s', (_name, { given, want }) => {
    expect(resolveSchema(a, given)).toEqual(want);
  });
});

describe('mergeAllOf', () => {
  const a = api({
    Base: { type: 'object', properties: [{ name: 'id', required: true, schema: { type: 'integer' } }, { name: 'name', required: false, schema: str }] },
    Pet: { allOf: [{ ref: 'Base' }, { type: 'object', properties: [{ name: 'name', required: true, schema: { type: 'string', minLength: 1 } }, { name: 'tag', required: false, schema: str }] }] },
    // A recursive allOf: Node is Node plus a child.
    Node: { allOf: [{ ref: 'Node' }, { type: 'object', properties: [{ name: 'child', required: false, schema: { ref: 'Node' } }] }] },
  });
  it('merges properties in order, redefinitions keep their place, required is ORed', () => {
    const merged = mergeAllOf(a, { ref: 'Pet' });
    expect(merged.type).toBe('object');
    expect(merged.allOf).toBeUndefined();
    expect(merged.properties).toEqual([
      { name: 'id', required: true, schema: { type: 'integer' } },
      { name: 'name', required: true, schema: { type: 'string', minLength: 1 } },
      { name: 'tag', required: false, schema: str },
    ]);
  });
  it('the outer schema keeps its own keywords and nullable is ORed', () => {
    const merged = mergeAllOf(a, { description: 'outer', allOf: [{ ref: 'Base' }, { nullable: true }] });
    expect(merged).toMatchObject({ description: 'outer', nullable: true, type: 'object' });
    expect(merged.properties?.map((p) => p.name)).toEqual(['id', 'name']);
  });
  it('does not recurse forever on a self-referencing allOf', () => {
    expect(mergeAllOf(a, { ref: 'Node' }).properties?.map((p) => p.name)).toEqual(['child']);
  });
  it('a chain of thousands of allOf refs does not exhaust the stack', () => {
    const chain: Record<string, IrSchema> = { S0: { type: 'object', properties: [{ name: 'p0', required: false, schema: str }] } };
    for (let i = 1; i < 5000; i++) chain[`S${i}`] = { allOf: [{ ref: `S${i - 1}` }, { type: 'object', properties: [{ name: `p${i}`, required: false, schema: str }] }] };
    const merged = mergeAllOf(api(chain), { ref: 'S4999' });
    expect(merged.properties?.at(-1)?.name).toBe('p4999');
  });
  it('a schema without allOf is just resolved', () => {
    expect(mergeAllOf(a, { ref: 'Base' })).toBe(schemaByName(a, 'Base'));
  });
});

function op(statuses: string[]): IrOperation {
  const responses: IrResponse[] = statuses.map((status) => ({ status, content: [], headers: [], pointer: '' }));
  return { id: 'GET /x', method: 'get', path: '/x', tags: [], deprecated: false, parameters: [], responses, security: [], securityOverridden: false, callbacks: [], pointer: '' };
}

describe('successResponse', () => {
  it.each([
    ['200 first', { given: ['200', '404'], want: '200' }],
    ['lowest 2xx even when written later', { given: ['default', '202', '201'], want: '201' }],
    ['2XX range when no explicit code', { given: ['4XX', '2XX', 'default'], want: '2XX' }],
    ['explicit code beats the range', { given: ['2XX', '204'], want: '204' }],
    ['default when nothing else', { given: ['404', 'default'], want: 'default' }],
    ['nothing', { given: ['404', '500'], want: undefined }],
  ] as const)('%s', (_name, { given, want }) => {
    expect(successResponse(op([...given]))?.status).toBe(want);
  });
});

describe('preferredMediaType', () => {
  it.each([
    ['json wins', { given: ['text/plain', 'application/xml', 'application/json'], want: 'application/json' }],
    ['+json next', { given: ['application/xml', 'application/vnd.api+json'], want: 'application/vnd.api+json' }],
    ['form before multipart', { given: ['multipart/form-data', 'application/x-www-form-urlencoded'], want: 'application/x-www-form-urlencoded' }],
    ['multipart before text', { given: ['text/plain', 'multipart/form-data'], want: 'multipart/form-data' }],
    ['text before */*', { given: ['*/*', 'text/csv'], want: 'text/csv' }],
    ['*/* before others', { given: ['application/octet-stream', '*/*'], want: '*/*' }],
    ['ties keep spec order', { given: ['image/png', 'image/jpeg'], want: 'image/png' }],
    ['empty', { given: [], want: undefined }],
  ] as const)('%s', (_name, { given, want }) => {
    expect(preferredMediaType(given.map((mediaType) => ({ mediaType })))?.mediaType).toBe(want);
  });
});
