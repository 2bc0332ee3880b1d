import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../load/load-spec.js';
import { SpecFiles } from './__fixtures__/spec-files.js';
import { buildIr } from './build-ir.js';
import { collectionFormatStyle } from './parameter-object.js';
import { MAX_INLINE_COPIES, MAX_SCHEMA_DEPTH } from './schema-object.js';
import { mergeAllOf, schemaByName } from './schema-utils.js';
import type { IrApi, IrOperation, IrSchema } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const specs = join(here, '..', '..', 'specs');

let files: SpecFiles;
beforeAll(async () => {
  files = await SpecFiles.create('build-ir');
});
afterAll(() => files.remove());

/** Loads a document through the real load stage (so every fixture is a valid spec) and builds its IR. */
const irOf = (doc: object): Promise<IrApi> => files.ir(doc);

const info = { title: 'Test', version: '1' };
const ok = { description: 'ok' };
const swagger = (paths: object, extra: object = {}) => ({ swagger: '2.0', info, paths, ...extra });
const oas30 = (paths: object, extra: object = {}) => ({ openapi: '3.0.3', info, paths, ...extra });
const oas31 = (paths: object, extra: object = {}) => ({ openapi: '3.1.0', info, paths, ...extra });

function op(api: IrApi, id: string): IrOperation {
  const found = api.operations.find((o) => o.id === id);
  if (found === undefined) throw new Error(`no operation ${id} in ${api.operations.map((o) => o.id).join(', ')}`);
  return found;
}

describe('buildIr: the petstore in three versions gives one model', () => {
  let irs: IrApi[];
  beforeAll(async () => {
    irs = await Promise.all(['petstore-swagger2.json', 'petstore-openapi30.yaml', 'petstore-openapi31.yaml'].map(async (f) => buildIr(await loadSpec(join(specs, f)))));
  });

  it('same operations, parameters, bodies, responses, security and schemas', () => {
    // Pointers and the spec version differ by nature; everything else must not.
    const strip = (api: IrApi) =>
      JSON.parse(
        JSON.stringify({ ...api, specVersion: undefined, webhooks: undefined }, (key, value) => (key === 'pointer' ? undefined : value)),
      );
    const [v2, v30, v31] = irs.map(strip);
    expect(v30).toEqual(v2);
    expect(v31).toEqual(v30);
  });

  it('has the expected shape', () => {
    const api = irs[1]!;
    expect(api.operations.map((o) => `${o.id} ${o.operationId}`)).toEqual([
      'GET /pets listPets',
      'POST /pets createPet',
      'GET /pets/{petId} showPetById',
      'PUT /pets/{petId} updatePet',
      'DELETE /pets/{petId} deletePet',
    ]);
    expect(op(api, 'GET /pets').parameters).toEqual([
      expect.objectContaining({ name: 'limit', in: 'query', required: false, style: 'form', explode: true, schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 100 } }),
    ]);
    expect(op(api, 'GET /pets').responses[0]!.headers).toEqual([{ name: 'x-next', required: false, description: 'A link to the next page of responses', schema: { type: 'string' } }]);
    expect(op(api, 'POST /pets').requestBody?.content).toEqual([{ mediaType: 'application/json', schema: { ref: 'NewPet' } }]);
    expect(op(api, 'DELETE /pets/{petId}').responses.map((r) => [r.status, r.content.length])).toEqual([['204', 0], ['default', 1]]);
    expect(op(api, 'GET /pets/{petId}').parameters[0]).toMatchObject({ name: 'petId', in: 'path', required: true, style: 'simple', explode: false });
    expect(api.securitySchemes).toEqual([{ name: 'ApiKeyAuth', type: 'apiKey', in: 'header', paramName: 'X-API-Key' }]);
    expect(api.servers).toEqual([{ url: 'https://petstore.swagger.io/v1', variables: [] }]);
    expect(api.schemas.map((s) => s.name)).toEqual(['NewPet', 'Pet', 'Pets', 'Error']);
  });

  it('3.1 webhooks become IrWebhook entries', () => {
    expect(irs[2]!.webhooks).toEqual([
      {
        name: 'newPet',
        operations: [expect.objectContaining({ id: 'POST newPet', operationId: 'newPet', requestBody: expect.objectContaining({ content: [{ mediaType: 'application/json', schema: { ref: 'Pet' } }] }) })],
      },
    ]);
  });
});

describe('buildIr: Swagger 2.0 formData and body', () => {
  const form = (consumes: string[] | undefined, file: boolean) =>
    swagger({
      '/upload': {
        post: {
          ...(consumes ? { consumes } : {}),
          parameters: [
            { name: 'title', in: 'formData', type: 'string', required: true, description: 'The title' },
            { name: 'tags', in: 'formData', type: 'array', items: { type: 'string' }, collectionFormat: 'multi' },
            ...(file ? [{ name: 'file', in: 'formData', type: 'file' }] : []),
          ],
          responses: { 200: ok },
        },
      },
    });

  it.each([
    ['a file and no consumes -> multipart', { given: form(undefined, true), want: ['multipart/form-data'] }],
    ['no file and no consumes -> urlencoded', { given: form(undefined, false), want: ['application/x-www-form-urlencoded'] }],
    ['consumes both form types -> both, in order', { given: form(['application/x-www-form-urlencoded', 'multipart/form-data'], true), want: ['application/x-www-form-urlencoded', 'multipart/form-data'] }],
    ['consumes json and multipart -> multipart only', { given: form(['application/json', 'multipart/form-data'], true), want: ['multipart/form-data'] }],
  ])('%s', async (_name, { given, want }) => {
    const body = op(await irOf(given), 'POST /upload').requestBody!;
    expect(body.content.map((c) => c.mediaType)).toEqual(want);
    expect(body.required).toBe(true);
    expect(body.content[0]!.schema).toEqual({
      type: 'object',
      properties: [
        { name: 'title', required: true, schema: { type: 'string', description: 'The title' } },
        { name: 'tags', required: false, schema: { type: 'array', items: { type: 'string' } } },
        ...((given.paths as any)['/upload'].post.parameters.length > 2 ? [{ name: 'file', required: false, schema: { type: 'string', format: 'binary' } }] : []),
      ],
    });
    expect(body.content[0]!.encoding).toEqual({ tags: { style: 'form', explode: true } });
    expect(op(await irOf(given), 'POST /upload').parameters).toEqual([]);
  });

  it('a body parameter is sent in every media type consumed, operation consumes over document consumes', async () => {
    const api = await irOf(
      swagger(
        {
          '/a': { post: { parameters: [{ name: 'b', in: 'body', schema: { type: 'object' } }], responses: { 200: ok } } },
          '/b': { post: { consumes: ['application/xml'], parameters: [{ name: 'b', in: 'body', required: true, schema: { type: 'string' } }], responses: { 200: ok } } },
        },
        { consumes: ['application/json', 'text/plain; charset=utf-8'] },
      ),
    );
    expect(op(api, 'POST /a').requestBody).toEqual({ required: false, content: [{ mediaType: 'application/json', schema: { type: 'object' } }, { mediaType: 'text/plain', schema: { type: 'object' } }], pointer: '/paths/~1a/post/parameters/0' });
    expect(op(api, 'POST /b').requestBody?.content.map((c) => c.mediaType)).toEqual(['application/xml']);
    expect(op(api, 'POST /b').requestBody?.required).toBe(true);
  });

  it('responses use produces, with examples per media type; without a schema there is no content', async () => {
    const api = await irOf(
      swagger({
        '/a': {
          get: {
            produces: ['application/json', 'text/csv'],
            responses: { 200: { description: 'ok', schema: { type: 'string' }, examples: { 'text/csv': 'a,b' } }, 404: { description: 'missing' } },
          },
        },
      }),
    );
    expect(op(api, 'GET /a').responses).toEqual([
      { status: '200', description: 'ok', content: [{ mediaType: 'application/json', schema: { type: 'string' } }, { mediaType: 'text/csv', schema: { type: 'string' }, example: 'a,b' }], headers: [], pointer: '/paths/~1a/get/responses/200' },
      { status: '404', description: 'missing', content: [], headers: [], pointer: '/paths/~1a/get/responses/404' },
    ]);
  });
});

describe('buildIr: collectionFormat -> style/explode', () => {
  it.each([
    ['csv in query', { given: ['csv', 'query'], want: { style: 'form', explode: false } }],
    ['no format in query (csv is the default)', { given: [undefined, 'query'], want: { style: 'form', explode: false } }],
    ['csv in path', { given: ['csv', 'path'], want: { style: 'simple', explode: false } }],
    ['csv in header', { given: ['csv', 'header'], want: { style: 'simple', explode: false } }],
    ['ssv', { given: ['ssv', 'query'], want: { style: 'spaceDelimited', explode: false } }],
    ['tsv', { given: ['tsv', 'query'], want: { style: 'tabDelimited', explode: false } }],
    ['pipes', { given: ['pipes', 'query'], want: { style: 'pipeDelimited', explode: false } }],
    ['multi', { given: ['multi', 'query'], want: { style: 'form', explode: true } }],
  ] as const)('%s', async (_name, { given: [format, location], want }) => {
    expect(collectionFormatStyle(format, location)).toEqual(want);
    const param = { name: 'ids', in: location, required: true, type: 'array', items: { type: 'integer' }, ...(format ? { collectionFormat: format } : {}) };
    const api = await irOf(swagger({ '/things/{ids}': { get: { parameters: location === 'path' ? [param] : [param, { name: 'ids', in: 'path', required: true, type: 'string' }], responses: { 200: ok } } } }));
    const found = op(api, 'GET /things/{ids}').parameters.find((p) => p.in === location)!;
    expect({ style: found.style, explode: found.explode }).toEqual(want);
    expect(found.schema).toEqual({ type: 'array', items: { type: 'integer' } });
  });

  it('OAS 3 defaults per location (§4.8.12.4), and explicit values win', async () => {
    const api = await irOf(
      oas30({
        '/p/{id}': {
          get: {
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'q', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
              { name: 'h', in: 'header', schema: { type: 'string' } },
              { name: 'c', in: 'cookie', schema: { type: 'string' } },
              { name: 'filter', in: 'query', style: 'deepObject', explode: true, schema: { type: 'object' } },
              { name: 'pipes', in: 'query', style: 'pipeDelimited', schema: { type: 'array', items: { type: 'string' } } },
              { name: 'json', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } },
            ],
            responses: { 200: ok },
          },
        },
      }),
    );
    expect(op(api, 'GET /p/{id}').parameters.map((p) => [p.name, p.style, p.explode, p.contentType])).toEqual([
      ['id', 'simple', false, undefined],
      ['q', 'form', true, undefined],
      ['h', 'simple', false, undefined],
      ['c', 'form', true, undefined],
      ['filter', 'deepObject', true, undefined],
      ['pipes', 'pipeDelimited', false, undefined],
      ['json', 'form', true, 'application/json'],
    ]);
  });
});

describe('buildIr: nullable in all three forms', () => {
  const schemaOf = async (doc: object, name = 'Thing') => schemaByName(await irOf(doc), name);
  it.each([
    ['2.0 x-nullable', { given: () => swagger({}, { definitions: { Thing: { type: 'string', 'x-nullable': true } } }), want: { type: 'string', nullable: true } }],
    ['3.0 nullable', { given: () => oas30({}, { components: { schemas: { Thing: { type: 'string', nullable: true } } } }), want: { type: 'string', nullable: true } }],
    ['3.1 type array', { given: () => oas31({}, { components: { schemas: { Thing: { type: ['string', 'null'] } } } }), want: { type: 'string', nullable: true } }],
    ['3.1 only null', { given: () => oas31({}, { components: { schemas: { Thing: { type: 'null' } } } }), want: { type: 'null' } }],
    ['3.1 wider union', { given: () => oas31({}, { components: { schemas: { Thing: { type: ['string', 'integer', 'null'] } } } }), want: { anyOf: [{ type: 'string' }, { type: 'integer' }], nullable: true } }],
    ['3.1 oneOf with a null branch', { given: () => oas31({}, { components: { schemas: { Thing: { oneOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] } } } }), want: { type: 'string', maxLength: 3, nullable: true } }],
    ['3.1 anyOf ref or null', { given: () => oas31({}, { components: { schemas: { Other: { type: 'object' }, Thing: { anyOf: [{ $ref: '#/components/schemas/Other' }, { type: 'null' }] } } } }), want: { allOf: [{ ref: 'Other' }], nullable: true } }],
    ['3.0 nullable beside a $ref', { given: () => oas30({}, { components: { schemas: { Other: { type: 'object' }, Thing: { $ref: '#/components/schemas/Other', nullable: true } } } }), want: { allOf: [{ ref: 'Other' }], nullable: true } }],
  ])('%s', async (_name, { given, want }) => {
    expect(await schemaOf(given())).toEqual(want);
  });
});

describe('buildIr: schema keywords across versions', () => {
  it.each([
    ['3.0 boolean exclusiveMinimum', { given: () => oas30({}, { components: { schemas: { Thing: { type: 'number', minimum: 1, exclusiveMinimum: true, maximum: 5 } } } }), want: { type: 'number', exclusiveMinimum: 1, maximum: 5 } }],
    ['3.1 numeric exclusiveMinimum', { given: () => oas31({}, { components: { schemas: { Thing: { type: 'number', exclusiveMinimum: 1 } } } }), want: { type: 'number', exclusiveMinimum: 1 } }],
    ['3.1 const and examples', { given: () => oas31({}, { components: { schemas: { Thing: { const: 'a', examples: ['a', 'b'] } } } }), want: { const: 'a', example: 'a' } }],
    ['3.1 $ref siblings apply', { given: () => oas31({}, { components: { schemas: { Other: { type: 'string' }, Thing: { $ref: '#/components/schemas/Other', description: 'd', maxLength: 3 } } } }), want: { description: 'd', maxLength: 3, allOf: [{ ref: 'Other' }] } }],
    ['3.1 $ref with only a description stays a ref', { given: () => oas31({}, { components: { schemas: { Other: { type: 'string' }, Thing: { $ref: '#/components/schemas/Other', description: 'd' } } } }), want: { ref: 'Other', description: 'd' } }],
    ['3.0 $ref siblings other than description are ignored', { given: () => oas30({}, { components: { schemas: { Other: { type: 'string' }, Thing: { $ref: '#/components/schemas/Other', maxLength: 3 } } } }), want: { ref: 'Other' } }],
    ['3.1 base64 content encoding', { given: () => oas31({}, { components: { schemas: { Thing: { type: 'string', contentEncoding: 'base64' } } } }), want: { type: 'string', format: 'byte', contentEncoding: 'base64' } }],
    ['3.1 raw file content', { given: () => oas31({}, { components: { schemas: { Thing: { type: 'string', contentMediaType: 'image/png' } } } }), want: { type: 'string', format: 'binary', contentMediaType: 'image/png' } }],
    ['untyped with properties is an object', { given: () => oas30({}, { components: { schemas: { Thing: { properties: { a: { type: 'string' } }, required: ['a'], 'x-extra': 1 } } } }), want: { type: 'object', properties: [{ name: 'a', required: true, schema: { type: 'string' } }], extensions: { 'x-extra': 1 } } }],
    ['discriminator mapping names schemas', { given: () => oas30({}, { components: { schemas: { Dog: { type: 'object' }, Thing: { oneOf: [{ $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind', mapping: { dog: '#/components/schemas/Dog' } } } } } }), want: { oneOf: [{ ref: 'Dog' }], discriminator: { propertyName: 'kind', mapping: { dog: 'Dog' } } } }],
    ['2.0 discriminator is a property name', { given: () => swagger({}, { definitions: { Thing: { type: 'object', discriminator: 'kind', required: ['kind'], properties: { kind: { type: 'string' } } } } }), want: { type: 'object', discriminator: { propertyName: 'kind' }, properties: [{ name: 'kind', required: true, schema: { type: 'string' } }] } }],
  ])('%s', async (_name, { given, want }) => {
    expect(schemaByName(await irOf(given()), 'Thing')).toEqual(want);
  });

  it('2.0 type file (a download) is a binary string', async () => {
    const api = await irOf(swagger({ '/file': { get: { produces: ['application/octet-stream'], responses: { 200: { description: 'the file', schema: { type: 'file' } } } } } }));
    expect(op(api, 'GET /file').responses[0]!.content).toEqual([{ mediaType: 'application/octet-stream', schema: { type: 'string', format: 'binary' } }]);
  });

  it('property order is the spec order', async () => {
    const names = ['zeta', 'alpha', 'mid', 'beta'];
    const api = await irOf(oas30({}, { components: { schemas: { Thing: { type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])) } } } }));
    expect(schemaByName(api, 'Thing')!.properties!.map((p) => p.name)).toEqual(names);
  });
});

describe('buildIr: refs and cycles', () => {
  it('component cycles stay refs', async () => {
    const api = await irOf(oas30({}, { components: { schemas: { Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' }, kids: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } } } }));
    expect(schemaByName(api, 'Node')).toEqual({
      type: 'object',
      properties: [
        { name: 'next', required: false, schema: { ref: 'Node' } },
        { name: 'kids', required: false, schema: { type: 'array', items: { ref: 'Node' } } },
      ],
    });
    expect(() => JSON.stringify(api)).not.toThrow();
  });

  it('an inline cycle (a ref to a schema that is not a component) gets a synthesized name', async () => {
    const tree = { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/paths/~1tree/get/responses/200/content/application~1json/schema' } } } };
    const api = await irOf(oas30({ '/tree': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: tree } } } } } } }));
    const schema = op(api, 'GET /tree').responses[0]!.content[0]!.schema!;
    expect(schema).toEqual({ type: 'object', properties: [{ name: 'children', required: false, schema: { type: 'array', items: { ref: 'TreeGet200' } } }] });
    expect(api.schemas).toEqual([{ name: 'TreeGet200', pointer: '/paths/~1tree/get/responses/200/content/application~1json/schema', schema }]);
  });

  it('the multi-file fixture: bundled refs into paths are inlined, cycles through components kept', async () => {
    const api = buildIr(await loadSpec(join(here, '..', 'load', '__fixtures__', 'multi', 'api.yaml')));
    expect(api.schemas.map((s) => s.name)).toEqual(['Pet']);
    const owner = op(api, 'GET /owners/{ownerId}').responses[0]!.content[0]!.schema!;
    expect(owner).toEqual({ type: 'object', properties: [{ name: 'name', required: false, schema: { type: 'string' } }, { name: 'pets', required: false, schema: { type: 'array', items: { ref: 'Pet' } } }] });
    // Pet.owner refers to the owner schema bundled under /paths: inlined, its pets refer back to Pet.
    expect(schemaByName(api, 'Pet')!.properties![1]).toEqual({ name: 'owner', required: false, schema: owner });
    expect(op(api, 'GET /owners/{ownerId}').parameters[0]).toMatchObject({ name: 'ownerId', in: 'path', pointer: '/paths/~1owners~1{ownerId}/get/parameters/0' });
  });

  it('inline refs that would grow exponentially are named after a few copies', async () => {
    // L0 <- L1 (two refs) <- L2 (two refs) ... all under a non-component location.
    const defs: Record<string, unknown> = { L0: { type: 'string' } };
    for (let i = 1; i <= 30; i++) defs[`L${i}`] = { type: 'object', properties: { a: { $ref: `#/x-defs/L${i - 1}` }, b: { $ref: `#/x-defs/L${i - 1}` } } };
    const started = Date.now();
    const api = await irOf(oas30({}, { 'x-defs': defs, components: { schemas: { Top: { $ref: '#/x-defs/L30' } } } }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(JSON.stringify(api).length).toBeLessThan(2_000_000);
    expect(api.schemas.length).toBeGreaterThan(1);
    expect(MAX_INLINE_COPIES).toBeGreaterThan(0);
  });

  it('shared parameters and responses are resolved inline; Content-Type, Accept and Authorization headers are dropped', async () => {
    const api = await irOf(
      oas30(
        {
          '/a/{id}': {
            parameters: [{ $ref: '#/components/parameters/Id' }, { name: 'q', in: 'query', description: 'path level', schema: { type: 'string' } }, { name: 'Accept', in: 'header', schema: { type: 'string' } }],
            get: {
              parameters: [{ name: 'q', in: 'query', description: 'operation level', schema: { type: 'integer' } }, { name: 'extra', in: 'query', schema: { type: 'string' } }, { name: 'authorization', in: 'header', schema: { type: 'string' } }],
              responses: { 404: { $ref: '#/components/responses/NotFound' } },
            },
          },
        },
        {
          components: {
            parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } },
            responses: { NotFound: { description: 'missing', content: { 'application/json': { schema: { type: 'object' } } } } },
          },
        },
      ),
    );
    const get = op(api, 'GET /a/{id}');
    expect(get.parameters.map((p) => [p.name, p.description ?? '', p.pointer])).toEqual([
      ['id', '', '/components/parameters/Id'],
      ['q', 'operation level', '/paths/~1a~1{id}/get/parameters/0'],
      ['extra', '', '/paths/~1a~1{id}/get/parameters/1'],
    ]);
    expect(get.responses).toEqual([{ status: '404', description: 'missing', content: [{ mediaType: 'application/json', schema: { type: 'object' } }], headers: [], pointer: '/components/responses/NotFound' }]);
    expect(api.diagnostics.map((d) => [d.code, d.severity, d.pointer, d.line !== undefined])).toEqual([
      ['ignored-header-parameter', 'info', '/paths/~1a~1{id}/parameters/2', true],
      ['ignored-header-parameter', 'info', '/paths/~1a~1{id}/get/parameters/2', true],
    ]);
  });
});

describe('buildIr: path templates', () => {
  it('a template variable without a path parameter becomes a required string one, with a warning; callbacks are left alone', async () => {
    const api = await irOf(
      oas30({
        '/a/{id}/b/{other}': {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
            responses: { 200: ok },
            callbacks: { done: { '{$request.query.url}': { post: { responses: { 200: ok } } } } },
          },
        },
      }),
    );
    const get = op(api, 'GET /a/{id}/b/{other}');
    expect(get.parameters.map((p) => [p.name, p.in, p.required, p.schema])).toEqual([
      ['id', 'path', true, { type: 'integer' }],
      ['other', 'path', true, { type: 'string' }],
    ]);
    expect(get.callbacks[0]!.operations[0]!.parameters).toEqual([]);
    expect(api.diagnostics.map((d) => [d.code, d.severity, d.pointer])).toEqual([['undeclared-path-parameter', 'warning', '/paths/~1a~1{id}~1b~1{other}/get']]);
  });
});

describe('buildIr: hostile names', () => {
  // Computed keys: a literal `__proto__:` in an object literal would set the prototype instead.
  it('__proto__ and constructor as property, encoding, mapping and scope names stay plain keys', async () => {
    const api = await irOf(
      oas30(
        {
          '/a': {
            post: {
              requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { ['__proto__']: { type: 'string' } } }, encoding: { ['__proto__']: { contentType: 'text/plain' } } } } },
              responses: { 200: ok },
            },
          },
        },
        {
          components: {
            schemas: {
              Dog: { type: 'object' },
              Thing: { type: 'object', required: ['__proto__', 'constructor'], properties: { ['__proto__']: { type: 'string' }, constructor: { type: 'integer' } }, discriminator: { propertyName: 'constructor', mapping: { ['__proto__']: '#/components/schemas/Dog' } } },
            },
            securitySchemes: { o: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://a.example.com/t', scopes: { ['__proto__']: 'evil' } } } } },
          },
        },
      ),
    );
    const thing = schemaByName(api, 'Thing')!;
    expect(thing.properties!.map((p) => [p.name, p.required])).toEqual([['__proto__', true], ['constructor', true]]);
    expect(Object.keys(thing.discriminator!.mapping!)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(thing.discriminator!.mapping)).toBe(Object.prototype);
    const encoding = op(api, 'POST /a').requestBody!.content[0]!.encoding!;
    expect(Object.keys(encoding)).toEqual(['__proto__']);
    const scheme = api.securitySchemes[0]!;
    expect(scheme.type === 'oauth2' && Object.keys(scheme.flows.clientCredentials!.scopes)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).contentType).toBeUndefined();
  });
});

describe('buildIr: deep documents', () => {
  function deep(levels: number): unknown {
    let s: unknown = { type: 'string' };
    for (let i = 0; i < levels; i++) s = { type: 'object', properties: { a: s } };
    return s;
  }
  it(`a schema nested deeper than ${MAX_SCHEMA_DEPTH} levels is cut with a warning, without a crash`, async () => {
    const api = await irOf(oas30({}, { components: { schemas: { Deep: deep(450) } } }));
    expect(api.diagnostics.map((d) => d.code)).toEqual(['schema-too-deep']);
    let node: IrSchema | undefined = schemaByName(api, 'Deep');
    let levels = 0;
    while (node?.properties) {
      node = node.properties[0]!.schema;
      levels++;
    }
    expect(levels).toBe(MAX_SCHEMA_DEPTH);
    expect(node).toEqual({});
  });

  it('a chain of inline refs deeper than the limit is cut too', async () => {
    const defs: Record<string, unknown> = { D0: { type: 'string' } };
    for (let i = 1; i <= 300; i++) defs[`D${i}`] = { type: 'object', properties: { a: { $ref: `#/x-defs/D${i - 1}` } } };
    const api = await irOf(oas30({}, { 'x-defs': defs, components: { schemas: { Top: { $ref: '#/x-defs/D300' } } } }));
    expect(api.diagnostics.some((d) => d.code === 'schema-too-deep')).toBe(true);
  });
});

describe('buildIr: servers', () => {
  it.each([
    ['2.0 schemes, host and basePath', { given: swagger({}, { host: 'api.example.com:8443', basePath: '/v2/', schemes: ['http', 'https'] }), want: [{ url: 'http://api.example.com:8443/v2', variables: [] }, { url: 'https://api.example.com:8443/v2', variables: [] }] }],
    ['2.0 host without schemes', { given: swagger({}, { host: 'api.example.com' }), want: [{ url: 'https://api.example.com', variables: [] }] }],
    ['2.0 basePath only', { given: swagger({}, { basePath: '/api' }), want: [{ url: '/api', variables: [] }] }],
    ['2.0 nothing', { given: swagger({}), want: [] }],
    [
      '3.0 server variables',
      {
        given: oas30({}, { servers: [{ url: 'https://{region}.example.com/{version}', description: 'main', variables: { region: { default: 'eu', enum: ['eu', 'us'], description: 'where' }, version: { default: 'v1' } } }] }),
        want: [{ url: 'https://{region}.example.com/{version}', description: 'main', variables: [{ name: 'region', default: 'eu', enum: ['eu', 'us'], description: 'where' }, { name: 'version', default: 'v1' }] }],
      },
    ],
  ])('%s', async (_name, { given, want }) => {
    expect((await irOf(given)).servers).toEqual(want);
  });

  it('path-level and operation-level servers', async () => {
    const api = await irOf(oas30({ '/a': { servers: [{ url: 'https://path.example.com' }], get: { responses: { 200: ok } }, post: { servers: [{ url: 'https://op.example.com' }], responses: { 200: ok } } }, '/b': { get: { responses: { 200: ok } } } }));
    expect(api.operations.map((o) => [o.id, o.servers?.map((s) => s.url)])).toEqual([
      ['GET /a', ['https://path.example.com']],
      ['POST /a', ['https://op.example.com']],
      ['GET /b', undefined],
    ]);
  });
});

describe('buildIr: security', () => {
  it('document security, overrides, `security: []` and an optional `{}` alternative', async () => {
    const api = await irOf(
      oas30(
        {
          '/default': { get: { responses: { 200: ok } } },
          '/public': { get: { security: [], responses: { 200: ok } } },
          '/basic': { get: { security: [{ basic: [] }], responses: { 200: ok } } },
          '/optional': { get: { security: [{}, { oauth: ['read', 'write'] }], responses: { 200: ok } } },
        },
        {
          security: [{ key: [] }],
          components: {
            securitySchemes: {
              key: { type: 'apiKey', in: 'query', name: 'api_key' },
              basic: { type: 'http', scheme: 'Basic' },
              bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
              oauth: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://a.example.com/auth', tokenUrl: 'https://a.example.com/token', refreshUrl: 'https://a.example.com/refresh', scopes: { read: 'Read', write: 'Write' } } } },
              oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://a.example.com/.well-known/openid-configuration' },
            },
          },
        },
      ),
    );
    expect(api.operations.map((o) => [o.path, o.securityOverridden, o.security])).toEqual([
      ['/default', false, [{ schemes: [{ scheme: 'key', scopes: [] }] }]],
      ['/public', true, []],
      ['/basic', true, [{ schemes: [{ scheme: 'basic', scopes: [] }] }]],
      ['/optional', true, [{ schemes: [] }, { schemes: [{ scheme: 'oauth', scopes: ['read', 'write'] }] }]],
    ]);
    expect(api.securitySchemes).toEqual([
      { name: 'key', type: 'apiKey', in: 'query', paramName: 'api_key' },
      { name: 'basic', type: 'http', scheme: 'basic' },
      { name: 'bearer', type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      { name: 'oauth', type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://a.example.com/auth', tokenUrl: 'https://a.example.com/token', refreshUrl: 'https://a.example.com/refresh', scopes: { read: 'Read', write: 'Write' } } } },
      { name: 'oidc', type: 'openIdConnect', openIdConnectUrl: 'https://a.example.com/.well-known/openid-configuration' },
    ]);
  });

  it('Swagger 2.0 securityDefinitions: basic, and the renamed OAuth2 flows', async () => {
    const flows = { implicit: 'implicit', password: 'password', application: 'clientCredentials', accessCode: 'authorizationCode' };
    const defs: Record<string, unknown> = { basic: { type: 'basic', description: 'user and password' } };
    for (const flow of Object.keys(flows)) {
      defs[flow] = { type: 'oauth2', flow, scopes: { read: 'Read' }, ...(flow === 'implicit' || flow === 'accessCode' ? { authorizationUrl: 'https://a.example.com/auth' } : {}), ...(flow !== 'implicit' ? { tokenUrl: 'https://a.example.com/token' } : {}) };
    }
    const api = await irOf(swagger({}, { securityDefinitions: defs, security: [{ basic: [] }] }));
    expect(api.securitySchemes[0]).toEqual({ name: 'basic', type: 'http', scheme: 'basic', description: 'user and password' });
    for (const [flow, renamed] of Object.entries(flows)) {
      const scheme = api.securitySchemes.find((s) => s.name === flow);
      expect(scheme?.type === 'oauth2' && Object.keys(scheme.flows)).toEqual([renamed]);
    }
    expect(api.security).toEqual([{ schemes: [{ scheme: 'basic', scopes: [] }] }]);
  });
});

describe('buildIr: responses, callbacks, tags', () => {
  it('2XX ranges, default, responses without content, in spec order', async () => {
    const api = await irOf(oas30({ '/a': { get: { responses: { '2XX': { description: 'fine' }, '4XX': { description: 'bad' }, default: { description: 'other', content: { 'text/plain': { schema: { type: 'string' } } } } } } } }));
    expect(op(api, 'GET /a').responses.map((r) => [r.status, r.content.map((c) => c.mediaType)])).toEqual([
      ['2XX', []],
      ['4XX', []],
      ['default', ['text/plain']],
    ]);
  });

  it('examples: example, the first of examples (also through a $ref), per media type and parameter', async () => {
    const api = await irOf(
      oas30(
        {
          '/a': {
            get: {
              parameters: [{ name: 'q', in: 'query', schema: { type: 'string' }, examples: { first: { $ref: '#/components/examples/Q' }, second: { value: 'no' } } }],
              responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object' }, examples: { one: { value: { id: 1 } } } }, 'text/plain': { schema: { type: 'string' }, example: 'hi' } } } },
            },
          },
        },
        { components: { examples: { Q: { value: 'yes' } } } },
      ),
    );
    const get = op(api, 'GET /a');
    expect(get.parameters[0]!.example).toBe('yes');
    expect(get.responses[0]!.content.map((c) => c.example)).toEqual([{ id: 1 }, 'hi']);
  });

  it('callbacks become IrCallback with nested operations', async () => {
    const api = await irOf(
      oas30({
        '/subscribe': {
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { callbackUrl: { type: 'string', format: 'uri' } } } } } },
            responses: { 201: ok },
            callbacks: { onEvent: { '{$request.body#/callbackUrl}': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { 200: ok } } } } },
          },
        },
      }),
    );
    const callbacks = op(api, 'POST /subscribe').callbacks;
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]).toMatchObject({ name: 'onEvent', expression: '{$request.body#/callbackUrl}' });
    expect(callbacks[0]!.operations.map((o) => [o.id, o.pointer])).toEqual([['POST {$request.body#/callbackUrl}', '/paths/~1subscribe/post/callbacks/onEvent/{$request.body#~1callbackUrl}/post']]);
  });

  it('declared tags first, then tags only used by operations', async () => {
    const api = await irOf(oas30({ '/a': { get: { tags: ['undeclared', 'pets'], responses: { 200: ok } } } }, { tags: [{ name: 'pets', description: 'Pets' }, { name: 'unused' }] }));
    expect(api.tags).toEqual([{ name: 'pets', description: 'Pets' }, { name: 'unused' }, { name: 'undeclared' }]);
  });

  it('mergeAllOf works on IR built from a spec', async () => {
    const api = await irOf(oas30({}, { components: { schemas: { Base: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, Pet: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { name: { type: 'string' } } }] } } } }));
    expect(mergeAllOf(api, { ref: 'Pet' }).properties?.map((p) => [p.name, p.required])).toEqual([['id', true], ['name', false]]);
  });
});
