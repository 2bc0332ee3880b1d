/**
 * Names from a spec become keys, identifiers, type names and file names. Reserved words, `__proto__`,
 * `constructor`, empty names, leading digits, emoji, 400 characters, names differing only by case, duplicate
 * operationIds, `../../` in operationIds and tags, Windows device names, and names the generated code itself
 * uses: each must give a valid identifier, a unique key and a safe file name inside the output folder, also on
 * case-insensitive file systems. One tsc run checks every package.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSpec } from '../../src/cli/generate.js';
import { loadConnector } from '../../src/exec/load-connector.js';
import type { Plan } from '../../src/plan/types.js';
import { removeDir, runCli, tempDir } from '../helpers.js';
import { typecheckAll } from './batch-typecheck.js';
import { expectSafeFileNames } from './support.js';

const long = (c: string) => c.repeat(400);
const tricky = [
  'class', 'delete', 'new', 'function', 'await', 'yield', 'let', 'enum', 'then', 'default', 'import', 'export',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__',
  '', ' ', '123start', '0', '🚀', '🚀 launch', 'ünïcödé', '名前', long('a'), long('A') + 'b', long('a') + 'c',
  'getPet', 'GetPet', 'GETPET', 'get_pet', 'get-pet', 'get pet',
  '../../etc/passwd', '..\\..\\windows', '/absolute', './dot', '.hidden', 'x/y', 'a:b', 'a*b?c', 'CON', 'aux', 'nul.txt', 'COM1', 'lpt9',
  'connector', 'connection', 'test', 'objectDefinitions', 'pickLists', 'index', 'runtime', 'types', 'request', 'input', 'ctx', 'execute',
];

/** One operation per tricky operationId, tagged with a tricky tag; parameters and properties named trickily too. */
function operationsSpec(): object {
  const paths: Record<string, unknown> = {};
  tricky.forEach((name, i) => {
    paths[`/op${i}`] = {
      get: {
        operationId: name,
        tags: [tricky[(i * 7) % tricky.length]],
        summary: name,
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
      },
    };
  });
  return { openapi: '3.0.3', info: { title: 'Hostile operation names', version: '1' }, servers: [{ url: 'https://api.example.com' }], tags: tricky.map((name) => ({ name })), paths };
}

function parametersSpec(): object {
  const queryNames = tricky.filter((n) => n !== '');
  const properties = Object.fromEntries(tricky.map((n) => [n, { type: 'string', description: `property ${n}` }]));
  properties['$ref'] = { type: 'string', description: 'a property named $ref' };
  properties['nested'] = { type: 'object', properties: { ...properties } };
  return {
    openapi: '3.0.3',
    info: { title: 'Hostile parameter names', version: '1' },
    servers: [{ url: 'https://api.example.com' }],
    paths: {
      '/things/{__proto__}/{constructor}/{class}': {
        post: {
          operationId: 'createThing',
          parameters: [
            { name: '__proto__', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'constructor', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'class', in: 'path', required: true, schema: { type: 'string' } },
            ...queryNames.map((name) => ({ name, in: 'query', schema: { type: 'string', enum: ['__proto__', 'constructor', '', '1', 'toString', 'a b'] } })),
            ...queryNames.slice(0, 10).map((name) => ({ name, in: 'header', schema: { type: 'string' } })),
          ],
          requestBody: { content: { 'application/json': { schema: { type: 'object', properties } } } },
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties } } } } },
        },
      },
    },
  };
}

/** Schema names may only use `[A-Za-z0-9._-]` (OAS 3.0 §4.7.7), which still leaves plenty to collide. */
function schemasSpec(): object {
  const names = [
    '__proto__', 'constructor', 'class', 'Object', 'Array', 'Promise', 'String', 'Record', 'Error', 'Date', 'Map', 'Set', 'Symbol',
    'Function', 'JSON', 'Partial', 'Readonly', 'Pet', 'pet', 'PET', 'p-e-t', 'p.e.t', 'p_e_t', '1Thing', '0', '_', '-', long('a'), long('a') + 'b',
    'Connector', 'RequestSpec', 'Field', 'Context', 'ConnectionDefinition', 'TestDefinition', 'ObjectDefinition', 'defineAction', 'FileInput',
    'BinaryOutput', 'JsonSchema', 'then', 'default', 'CON', 'aux',
  ];
  const schemas = Object.fromEntries(names.map((n, i) => [n, { type: 'object', properties: { id: { type: 'string' }, next: { $ref: `#/components/schemas/${encodeURIComponent(names[(i + 1) % names.length]!)}` } } }]));
  const paths = Object.fromEntries(
    names.map((n, i) => [`/s${i}`, { get: { operationId: `get${i}`, responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${encodeURIComponent(n)}` } } } } } } }]),
  );
  return {
    openapi: '3.0.3',
    info: { title: 'Hostile schema names', version: '1' },
    servers: [{ url: 'https://api.example.com' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        __proto__: { type: 'apiKey', in: 'header', name: 'X-Proto' },
        constructor: { type: 'apiKey', in: 'query', name: 'constructor' },
        class: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ __proto__: [] }, { constructor: [] }, { class: [] }],
  };
}

/** Swagger 2.0 with the same operation names: a different path through load and IR. */
function swaggerSpec(): object {
  const paths: Record<string, unknown> = {};
  tricky.forEach((name, i) => {
    paths[`/op${i}/{id}`] = {
      put: {
        operationId: name,
        tags: [tricky[(i * 3) % tricky.length]],
        consumes: ['application/x-www-form-urlencoded'],
        parameters: [
          { name: 'id', in: 'path', required: true, type: 'string' },
          { name: name || 'empty', in: 'formData', type: 'string' },
          ...(name === 'constructor' ? [] : [{ name: 'constructor', in: 'formData', type: 'string' }]),
        ],
        responses: { 200: { description: 'ok', schema: { type: 'object', properties: { [name]: { type: 'string' } } } } },
      },
    };
  });
  return { swagger: '2.0', info: { title: 'Hostile Swagger names', version: '1' }, host: 'api.example.com', schemes: ['https'], paths };
}

const cases: [string, () => object][] = [
  ['operation ids and tags', operationsSpec],
  ['parameter and property names', parametersSpec],
  ['schema and security scheme names', schemasSpec],
  ['Swagger 2.0 operation and form field names', swaggerSpec],
];

let work: string;
const outs = new Map<string, string>();
const plans = new Map<string, Plan>();
let typeErrors: Map<string, string>;

beforeAll(async () => {
  work = await tempDir('hostile-names');
  for (const [name, make] of cases) {
    const spec = path.join(work, `${name.replace(/\W+/g, '-')}.json`);
    await writeFile(spec, JSON.stringify(make(), null, 2));
    const out = path.join(work, 'out', name.replace(/\W+/g, '-'));
    const r = await runCli('generate', spec, '-o', out);
    expect(r.stderr, name).not.toMatch(/^\s+at /m);
    expect(r.code, `${name}:\n${r.stderr}`).toBe(0);
    outs.set(name, out);
    plans.set(name, (await planSpec(spec)).plan);
  }
  typeErrors = await typecheckAll([...outs.values()], path.join(work, 'typecheck'));
}, 600_000);

afterAll(async () => {
  await removeDir(work);
});

describe.each(cases.map(([name]) => name))('hostile names: %s', (name) => {
  it('the package type-checks strictly', () => {
    expect(typeErrors.get(outs.get(name)!)).toBe('');
  });

  it('file names are safe, inside the output folder, unique case-insensitively, short enough for any file system', async () => {
    const files = await expectSafeFileNames(outs.get(name)!);
    for (const f of files) {
      for (const segment of f.split('/')) {
        expect(Buffer.byteLength(segment), f).toBeLessThanOrEqual(255);
        // Windows device names are refused with any extension (CON.ts, aux.d.ts).
        expect(segment.split('.')[0]!.toLowerCase(), f).not.toMatch(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/);
      }
    }
  });

  it('every action and trigger keeps its own key, and importing runs nothing unexpected', async () => {
    const plan = plans.get(name)!;
    const { connector } = await loadConnector(outs.get(name)!);
    const keys = (o: object) => Object.getOwnPropertyNames(o).sort();
    expect(keys(connector.actions)).toEqual(plan.actions.map((a) => a.key).sort());
    expect(keys(connector.triggers)).toEqual(plan.triggers.map((t) => t.key).sort());
    expect(keys(connector.objectDefinitions)).toEqual(plan.objectDefinitions.map((o) => o.key).sort());
    expect(keys(connector.pickLists)).toEqual(plan.pickLists.map((p) => p.key).sort());
    expect(Object.getPrototypeOf(connector.actions)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(connector.objectDefinitions)).toBe(Object.prototype);
    for (const a of plan.actions) expect(typeof connector.actions[a.key]!.execute, a.key).toBe('function');
  });

  it('keys are identifiers, unique also case-insensitively', () => {
    const plan = plans.get(name)!;
    const groups: string[][] = [
      plan.actions.map((a) => a.key),
      plan.triggers.map((t) => t.key),
      plan.objectDefinitions.map((o) => o.key),
      [...plan.actions, ...plan.triggers].map((a) => a.fileName),
    ];
    for (const keys of groups) {
      for (const k of keys) expect(k).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
      expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(keys.length);
    }
    // Top-level input fields are the connector's own names (the wire name is kept beside them); nested
    // properties and output fields are the keys the API sends, so only their uniqueness is asked for.
    const fieldNames = (fields: readonly { name: string; properties?: readonly unknown[] }[], identifiers: boolean): void => {
      expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
      for (const f of fields) {
        if (identifiers) expect(f.name).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
        if (f.properties) fieldNames(f.properties as typeof fields, false);
      }
    };
    for (const a of plan.actions) {
      fieldNames(a.inputFields, true);
      fieldNames(a.outputFields, false);
    }
  });

  it('no operation is lost: each is an action, part of a trigger, or skipped with a reason', () => {
    const plan = plans.get(name)!;
    const seen = new Set([
      ...plan.actions.map((a) => `${a.operation.method} ${a.operation.path}`),
      ...plan.triggers.map((t) => `${t.operation.method} ${t.operation.path}`),
      ...plan.skipped.map((s) => `${s.operation.method} ${s.operation.path}`),
    ]);
    const spec = cases.find(([n]) => n === name)![1]() as { paths: Record<string, Record<string, unknown>> };
    for (const [p, item] of Object.entries(spec.paths)) for (const m of Object.keys(item)) expect(seen.has(`${m} ${p}`), `${m} ${p}`).toBe(true);
  });
});

describe('duplicate operationIds', () => {
  it('give distinct actions, or a located refusal', async () => {
    const spec = path.join(work, 'duplicates.json');
    await writeFile(
      spec,
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Duplicates', version: '1' },
        servers: [{ url: 'https://api.example.com' }],
        paths: Object.fromEntries(
          ['/a', '/b', '/c', '/A'].map((p) => [p, { get: { operationId: 'dup', responses: { 200: { description: 'ok' } } }, post: { operationId: 'Dup', responses: { 200: { description: 'ok' } } } }]),
        ),
      }),
    );
    const out = path.join(work, 'out', 'duplicates');
    const r = await runCli('generate', spec, '-o', out);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    if (r.code === 0) {
      const plan = (await planSpec(spec)).plan;
      expect(plan.actions).toHaveLength(8);
      expect(new Set(plan.actions.map((a) => a.key)).size).toBe(8);
      await expectSafeFileNames(out);
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/duplicates\.json:\d+: error/);
    }
  });
});
