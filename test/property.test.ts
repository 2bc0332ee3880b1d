/**
 * Property-based: random VALID OpenAPI 3.0 and 3.1 documents (paths with templates, parameters in every
 * location and style, bodies of every media type, nested schemas with enums, nullable, refs and combinators,
 * every kind of security scheme). For each, `generate` succeeds without a stack trace, and every package of
 * the run type-checks strictly (one tsc over all of them). A failing spec is kept under .cache/test-out with
 * the seed that made it; rerun with FC_SEED=<seed> to reproduce.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, repoRoot, runCli, tempDir } from './helpers.js';
import { typecheckAll } from './hostile/batch-typecheck.js';

const NUM_RUNS = Number(process.env.FC_RUNS ?? 25);
const SEED = Number(process.env.FC_SEED ?? 20261121);

type Json = Record<string, unknown>;
type Version = '3.0' | '3.1';

// --- Texts and names ------------------------------------------------------------------------------------------

/** Any text, including quotes, comment ends and non-BMP characters: texts are data wherever they go. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom('*/', '`${x}`', "it's \"quoted\"", 'back\\slash', 'line\nbreak', '\u2028', '</script>', '{{x}}') },
);
/** Names as APIs write them: camelCase, snake_case, kebab, dotted, reserved words, odd characters. */
const wireName = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,10}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom('id', 'class', 'constructor', '__proto__', 'default', 'type', 'then', 'Name', 'name', '2fa', 'x-y', 'a b', 'ünï') },
);
/** Component names must match `^[a-zA-Z0-9._-]+$` (OAS 3.0 §4.7.7). */
const componentName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,12}$/);

// --- Schemas ----------------------------------------------------------------------------------------------------

function schemaArbitrary(version: Version, refNames: readonly string[]): fc.Arbitrary<Json> {
  const nullable = (s: Json): Json => {
    if (version === '3.0') return { ...s, nullable: true };
    return typeof s.type === 'string' ? { ...s, type: [s.type, 'null'] } : { anyOf: [s, { type: 'null' }] };
  };
  const leaf: fc.Arbitrary<Json> = fc.oneof(
    fc.record(
      {
        type: fc.constant('string'),
        format: fc.constantFrom('date', 'date-time', 'email', 'uri', 'uuid', 'password', 'binary', 'byte', 'hostname'),
        description: text,
        maxLength: fc.integer({ min: 1, max: 100 }),
        pattern: fc.constantFrom('^[a-z]+$', '^\\d{3}-\\d{4}$', '[*/`${}]'),
        default: text,
        example: text,
      },
      { requiredKeys: ['type'] },
    ),
    fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(text, { minLength: 1, maxLength: 5 }) }),
    fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.integer({ min: -10, max: 0 }), maximum: fc.integer({ min: 1, max: 1000 }), default: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('integer'), enum: fc.uniqueArray(fc.integer({ min: -5, max: 50 }), { minLength: 1, maxLength: 4 }) }),
    fc.record({ type: fc.constant('boolean'), default: fc.boolean() }, { requiredKeys: ['type'] }),
    ...(refNames.length > 0 ? [fc.constantFrom(...refNames).map((n): Json => ({ $ref: `#/components/schemas/${n}` }))] : []),
  );
  const { schema } = fc.letrec<{ schema: Json; object: Json }>((tie) => ({
    schema: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: leaf },
      { weight: 2, arbitrary: tie('object') },
      { weight: 1, arbitrary: fc.record({ type: fc.constant('array'), items: tie('schema'), maxItems: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: ['type', 'items'] }) },
      { weight: 1, arbitrary: fc.record({ allOf: fc.array(tie('object'), { minLength: 1, maxLength: 2 }) }) },
      { weight: 1, arbitrary: fc.record({ oneOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }) },
      { weight: 1, arbitrary: leaf.map(nullable) },
    ),
    object: fc
      .record(
        {
          properties: fc.dictionary(wireName, tie('schema'), { minKeys: 1, maxKeys: 5 }),
          additionalProperties: fc.oneof(fc.boolean(), tie('schema')),
          description: text,
          title: text,
          readOnlyId: fc.boolean(),
        },
        { requiredKeys: ['properties'] },
      )
      .chain(({ readOnlyId, ...o }) =>
        fc.subarray(Object.keys(o.properties)).map((required): Json => {
          const properties = readOnlyId ? { ...o.properties, id: { type: 'string', readOnly: true } } : o.properties;
          return { type: 'object', ...o, properties, ...(required.length > 0 ? { required } : {}) };
        }),
      ),
  }));
  return schema;
}

// --- Parameters, bodies, responses ------------------------------------------------------------------------------

/** A parameter in one location, with a style that location allows (OAS 3.0 §4.7.12.4, table of styles). */
function parameterArbitrary(schema: fc.Arbitrary<Json>, location: 'query' | 'header' | 'cookie'): fc.Arbitrary<Json> {
  const scalar = fc.oneof(
    fc.record({ type: fc.constantFrom('string', 'integer', 'boolean') }),
    fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 4 }) }),
    fc.record({ type: fc.constant('string'), format: fc.constantFrom('date-time', 'date') }),
  );
  const array = fc.record({ type: fc.constant('array'), items: scalar });
  const object = fc.record({ type: fc.constant('object'), properties: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), scalar, { minKeys: 1, maxKeys: 3 }) });
  const styled: fc.Arbitrary<{ style?: string; explode?: boolean; schema: Json }> =
    location === 'query'
      ? fc.oneof(
          fc.record({ style: fc.constant('form'), explode: fc.boolean(), schema: fc.oneof(scalar, array, object, schema) }, { requiredKeys: ['schema'] }),
          fc.record({ style: fc.constantFrom('spaceDelimited', 'pipeDelimited'), explode: fc.constant(false), schema: array }),
          fc.record({ style: fc.constant('deepObject'), explode: fc.constant(true), schema: object }),
        )
      : location === 'header'
        ? fc.record({ style: fc.constant('simple'), explode: fc.boolean(), schema: fc.oneof(scalar, array, object) }, { requiredKeys: ['schema'] })
        : fc.record({ style: fc.constant('form'), explode: fc.boolean(), schema: fc.oneof(scalar, array) }, { requiredKeys: ['schema'] });
  return fc
    .record({ name: wireName, required: fc.boolean(), description: text, deprecated: fc.boolean(), styled }, { requiredKeys: ['name', 'styled'] })
    .map(({ styled: s, name, ...rest }) => ({ name: location === 'header' ? `X-${name.replace(/[^A-Za-z0-9-]/g, '') || 'H'}` : name, in: location, ...rest, ...s }));
}

const pathParamStyle = fc.oneof(
  fc.record({ style: fc.constant('simple'), explode: fc.boolean() }, { requiredKeys: [] }),
  fc.record({ style: fc.constantFrom('label', 'matrix'), explode: fc.boolean() }),
);

function bodyArbitrary(schema: fc.Arbitrary<Json>, object: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  const fileObject = fc.record({
    type: fc.constant('object'),
    properties: fc.record({ file: fc.constant({ type: 'string', format: 'binary' }), note: fc.constant({ type: 'string' }), tags: fc.constant({ type: 'array', items: { type: 'string' } }) }),
  });
  const media: fc.Arbitrary<[string, Json]> = fc.oneof(
    fc.tuple(fc.constantFrom('application/json', 'application/vnd.api+json', 'application/merge-patch+json'), schema),
    fc.tuple(fc.constant('application/x-www-form-urlencoded'), object),
    fc.tuple(fc.constant('multipart/form-data'), fc.oneof(object, fileObject)),
    fc.tuple(fc.constantFrom('text/plain', 'text/csv'), fc.constant({ type: 'string' })),
    fc.tuple(fc.constantFrom('application/octet-stream', 'image/png'), fc.constant({ type: 'string', format: 'binary' })),
    fc.tuple(fc.constant('application/xml'), object),
  );
  return fc
    .record({ contents: fc.uniqueArray(media, { minLength: 1, maxLength: 2, selector: ([m]) => m }), required: fc.boolean(), description: text }, { requiredKeys: ['contents'] })
    .map(({ contents, ...rest }) => ({ ...rest, content: Object.fromEntries(contents.map(([m, s]) => [m, { schema: s }])) }));
}

function responsesArbitrary(schema: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  const content = fc.oneof(
    schema.map((s) => ({ 'application/json': { schema: s } })),
    schema.map((s) => ({ 'application/json': { schema: { type: 'array', items: s } } })),
    schema.map((s) => ({ 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: s }, next_cursor: { type: 'string' }, has_more: { type: 'boolean' } } } } })),
    fc.constant({ 'text/plain': { schema: { type: 'string' } } }),
    fc.constant({ 'application/pdf': { schema: { type: 'string', format: 'binary' } } }),
    fc.constant({ '*/*': {} }),
  );
  return fc.record(
    {
      ok: fc.tuple(fc.constantFrom('200', '201', '202', '2XX', 'default'), text, fc.option(content, { nil: undefined })),
      empty: fc.constantFrom('204', '304'),
      error: fc.tuple(fc.constantFrom('400', '404', '4XX', 'default'), text),
    },
    { requiredKeys: ['ok'] },
  ).map(({ ok, empty, error }) => ({
    [ok[0]]: { description: ok[1] || 'ok', ...(ok[2] ? { content: ok[2] } : {}) },
    ...(empty && empty !== ok[0] ? { [empty]: { description: 'no content' } } : {}),
    ...(error && error[0] !== ok[0] ? { [error[0]]: { description: error[1] || 'error', content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } } } } } : {}),
  }));
}

// --- Security ----------------------------------------------------------------------------------------------------

const scopes = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}(:[a-z]{1,8})?$/), text, { maxKeys: 3 });
const securityScheme: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ type: fc.constant('apiKey'), in: fc.constantFrom('header', 'query', 'cookie'), name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/), description: text }, { requiredKeys: ['type', 'in', 'name'] }),
  fc.record({ type: fc.constant('http'), scheme: fc.constantFrom('basic', 'digest', 'Bearer') }),
  // The official schemas take `bearerFormat` only beside a lower-case `bearer`.
  fc.record({ type: fc.constant('http'), scheme: fc.constant('bearer'), bearerFormat: fc.constant('JWT') }, { requiredKeys: ['type', 'scheme'] }),
  fc.record({
    type: fc.constant('oauth2'),
    flows: fc.record(
      {
        authorizationCode: fc.record({ authorizationUrl: fc.constant('https://auth.example.com/authorize'), tokenUrl: fc.constant('https://auth.example.com/token'), refreshUrl: fc.constant('https://auth.example.com/refresh'), scopes }, { requiredKeys: ['authorizationUrl', 'tokenUrl', 'scopes'] }),
        clientCredentials: fc.record({ tokenUrl: fc.constant('https://auth.example.com/token'), scopes }),
        password: fc.record({ tokenUrl: fc.constant('/oauth/token'), scopes }),
        implicit: fc.record({ authorizationUrl: fc.constant('https://auth.example.com/authorize'), scopes }),
      },
      { requiredKeys: [] },
    ).filter((f) => Object.keys(f).length > 0),
  }),
  fc.constant({ type: 'openIdConnect', openIdConnectUrl: 'https://auth.example.com/.well-known/openid-configuration' }),
);

// --- Documents ---------------------------------------------------------------------------------------------------

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

function documentArbitrary(version: Version): fc.Arbitrary<Json> {
  return fc
    .record({
      names: fc.uniqueArray(componentName, { maxLength: 4, selector: (n) => n.toLowerCase() }),
      schemeNames: fc.uniqueArray(componentName, { maxLength: 3 }),
    })
    .chain(({ names, schemeNames }) => {
      // Named schemas may refer to those before them, and to themselves through an object (recursion).
      const named = names.map((_, i) => schemaArbitrary(version, names.slice(0, i + 1)));
      const schema = schemaArbitrary(version, names);
      const object = schemaArbitrary(version, names).filter((s) => s.type === 'object');
      const segment = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), fc.stringMatching(/^[a-z][A-Za-z]{0,6}$/).map((p) => `{${p}}`));
      const operation = (params: readonly string[], method: string) =>
        fc
          .record(
            {
              operationId: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,15}$/),
              summary: text,
              description: text,
              tags: fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,10}$/), { maxLength: 2 }),
              deprecated: fc.boolean(),
              pathStyles: fc.array(pathParamStyle, { minLength: params.length, maxLength: params.length }),
              query: fc.array(parameterArbitrary(schema, 'query'), { maxLength: 4 }),
              header: fc.array(parameterArbitrary(schema, 'header'), { maxLength: 2 }),
              cookie: fc.array(parameterArbitrary(schema, 'cookie'), { maxLength: 1 }),
              requestBody: ['post', 'put', 'patch'].includes(method) ? bodyArbitrary(schema, object) : fc.constant(undefined),
              responses: responsesArbitrary(schema),
              security: schemeNames.length ? fc.option(fc.subarray(schemeNames).map((s) => s.map((n) => ({ [n]: [] }))), { nil: undefined }) : fc.constant(undefined),
            },
            { requiredKeys: ['responses', 'pathStyles', 'query', 'header', 'cookie'] },
          )
          .map(({ pathStyles, query, header, cookie, requestBody, ...op }): Json => {
            const seen = new Set<string>();
            // Parameters are unique by name and location (OAS 3.0 §4.7.10: parameters).
            const others = [...query, ...header, ...cookie].filter((p) => {
              const key = `${p.in}:${String(p.name).toLowerCase()}`;
              if (seen.has(key) || (p.in === 'header' && /^(accept|content-type|authorization)$/i.test(String(p.name)))) return false;
              seen.add(key);
              return true;
            });
            const pathParams = params.map((name, i) => ({ name, in: 'path', required: true, schema: { type: 'string' }, ...pathStyles[i] }));
            return { ...op, parameters: [...pathParams, ...others], ...(requestBody ? { requestBody } : {}) };
          });
      const pathItem = fc
        .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.subarray([...METHODS], { minLength: 1, maxLength: 3 }))
        .chain(([segments, methods]) => {
          // A template variable appears once per path.
          const used = new Set<string>();
          const parts = segments.map((s) => {
            if (!s.startsWith('{')) return s;
            const name = s.slice(1, -1);
            if (used.has(name)) return name;
            used.add(name);
            return s;
          });
          return fc.tuple(fc.constant('/' + parts.join('/')), ...methods.map((m) => operation([...used], m).map((op) => [m, op] as const)));
        });
      return fc.record({
        info: fc.record({ title: text, description: text, version: fc.constantFrom('1.0', '2024-01-01', 'v3') }, { requiredKeys: ['title', 'version'] }),
        servers: fc.oneof(
          fc.constant([{ url: 'https://api.example.com/v1' }]),
          fc.constant([{ url: 'https://{region}.example.com/{base}', variables: { region: { default: 'eu', enum: ['eu', 'us'] }, base: { default: 'v2' } } }]),
          fc.constant([{ url: '/api' }, { url: 'https://sandbox.example.com' }]),
          fc.constant([]),
        ),
        paths: fc.uniqueArray(pathItem, { minLength: 1, maxLength: 6, selector: ([p]) => p.replace(/\{[^}]+\}/g, '{}') }),
        named: fc.tuple(...named),
        schemes: fc.tuple(...schemeNames.map(() => securityScheme)),
        security: schemeNames.length ? fc.subarray(schemeNames).map((s) => s.map((n) => ({ [n]: [] }))) : fc.constant([]),
        webhook: version === '3.1' ? fc.option(schema, { nil: undefined }) : fc.constant(undefined),
      }).map(({ info, servers, paths, named: schemas, schemes, security, webhook }) => {
        // operationIds are unique in a document (OAS 3.0 §4.7.10: operationId).
        const ids = new Set<string>();
        const pathsObject: Json = {};
        for (const [p, ...ops] of paths) {
          const item: Json = {};
          for (const [m, op] of ops) {
            const id = op.operationId as string | undefined;
            if (id !== undefined && ids.has(id.toLowerCase())) delete op.operationId;
            else if (id !== undefined) ids.add(id.toLowerCase());
            item[m] = op;
          }
          pathsObject[p] = item;
        }
        const doc: Json = {
          openapi: version === '3.0' ? '3.0.3' : '3.1.0',
          info,
          ...(servers.length ? { servers } : {}),
          paths: pathsObject,
          components: {
            schemas: Object.fromEntries(names.map((n, i) => [n, schemas[i]])),
            securitySchemes: Object.fromEntries(schemeNames.map((n, i) => [n, schemes[i]])),
          },
          ...(security.length ? { security } : {}),
        };
        if (webhook) doc.webhooks = { newThing: { post: { requestBody: { content: { 'application/json': { schema: webhook } } }, responses: { 200: { description: 'ok' } } } } };
        return doc;
      });
    });
}

// --- The property -----------------------------------------------------------------------------------------------

let work: string;
const made: { version: Version; spec: string; out: string }[] = [];
const failures: string[] = [];
let checked = false;

beforeAll(async () => {
  work = await tempDir('property');
});
afterAll(async () => {
  // Kept when anything failed (or timed out), with the specs, for a look and a rerun.
  if (checked && failures.length === 0) await removeDir(work);
});

describe.each(['3.0', '3.1'] as const)('random valid OpenAPI %s documents', (version) => {
  it(`generate succeeds (${NUM_RUNS} documents, seed ${SEED})`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(documentArbitrary(version), async (doc) => {
        const name = `${version}-${n++}`;
        const spec = path.join(work, `${name}.json`);
        await writeFile(spec, JSON.stringify(doc, null, 2));
        const out = path.join(work, 'out', name);
        const r = await runCli('generate', spec, '-o', out, '--force');
        if (r.code !== 0 || /^\s+at /m.test(r.stderr)) {
          failures.push(spec);
          throw new Error(`generate failed (exit ${r.code}) on ${path.relative(repoRoot, spec)}:\n${r.stderr}`);
        }
        made.push({ version, spec, out });
      }),
      { numRuns: NUM_RUNS, seed: SEED + (version === '3.1' ? 1 : 0), endOnFailure: true },
    );
  }, 600_000);
});

describe('every generated package', () => {
  it('type-checks strictly (one tsc over all of them)', async () => {
    expect(made.length).toBeGreaterThan(0);
    const errors = await typecheckAll(
      made.map((m) => m.out),
      path.join(work, 'typecheck'),
    );
    const bad = made.filter((m) => errors.get(m.out));
    for (const m of bad) failures.push(m.spec);
    checked = true;
    expect(bad.map((m) => `${path.relative(repoRoot, m.spec)}:\n${errors.get(m.out)!.split('\n').slice(0, 10).join('\n')}`)).toEqual([]);
  }, 600_000);
});
