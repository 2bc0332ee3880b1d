/**
 * Deep and circular schemas: thousands of nesting levels, long `$ref` and `allOf` chains, cycles through
 * properties, items, allOf, oneOf and additionalProperties, alias loops, inline cycles, and very wide
 * schemas. Never a stack overflow or a hang: each spec gives a package that type-checks, or a located refusal.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runCli, tempDir } from '../helpers.js';
import { typecheckAll } from './batch-typecheck.js';
import { expectSafeFileNames } from './support.js';

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/**
 * A spec whose `GET /things` answers with `response` and `POST /things` takes it as the body, as JSON text
 * (`JSON.stringify` itself overflows the stack on the deepest of these, so deep parts are built as text).
 */
function specWith(response: Schema | string, schemas: Record<string, Schema> = {}): string {
  const marker = '@@response@@';
  const content = { 'application/json': { schema: typeof response === 'string' ? marker : response } };
  const text = JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'Deep', version: '1' },
    servers: [{ url: 'https://api.example.com' }],
    paths: {
      '/things': {
        get: { operationId: 'getThing', responses: { 200: { description: 'ok', content } } },
        post: { operationId: 'createThing', requestBody: { content }, responses: { 201: { description: 'ok', content } } },
      },
    },
    components: { schemas },
  });
  return typeof response === 'string' ? text.split(JSON.stringify(marker)).join(response) : text;
}

/** `levels` times `open`, a string leaf, then `levels` times `close`: nesting as text. */
function nested(levels: number, open: (i: number) => string, close: string): string {
  return Array.from({ length: levels }, (_, i) => open(i)).join('') + '{"type":"string"}' + close.repeat(levels);
}

const nestedProperties = (levels: number) => nested(levels, (i) => `{"type":"object","properties":{"id":{"type":"string"},"level${i}":`, '}}');

function chain(n: number, make: (i: number, next: string | undefined) => Schema): Record<string, Schema> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, make(i, i + 1 < n ? `S${i + 1}` : undefined)]));
}

type Outcome = 'package' | 'refused' | 'either';
const cases: [string, { spec: () => string; want: Outcome; code?: string }][] = [
  ['properties nested 400 levels', { spec: () => specWith(nestedProperties(400)), want: 'either' }],
  ['properties nested 3,000 levels (past the depth limit)', { spec: () => specWith(nestedProperties(3000)), want: 'refused', code: 'too-deep' }],
  ['arrays nested 900 levels', { spec: () => specWith(nested(900, () => '{"type":"array","items":', '}')), want: 'either' }],
  ['oneOf nested 450 levels', { spec: () => specWith(nested(450, () => '{"oneOf":[{"type":"integer"},', ']}')), want: 'either' }],
  [
    '3,000 named schemas, each pointing to the next',
    { spec: () => specWith(ref('S0'), chain(3000, (i, next) => ({ type: 'object', properties: { id: { type: 'string' }, ...(next ? { next: ref(next) } : {}) } }))), want: 'package' },
  ],
  ['a $ref alias chain of 3,000 schemas', { spec: () => specWith(ref('S0'), chain(3000, (_i, next) => (next ? ref(next) : { type: 'string' }))), want: 'either' }],
  [
    'an allOf chain of 3,000 schemas',
    {
      spec: () => specWith(ref('S0'), chain(3000, (i, next) => ({ allOf: [...(next ? [ref(next)] : []), { type: 'object', properties: { [`f${i}`]: { type: 'string' } } }] }))),
      want: 'either',
    },
  ],
  [
    'cycles through properties, items, allOf, oneOf and additionalProperties',
    {
      spec: () =>
        specWith(ref('Node'), {
          Node: { type: 'object', properties: { id: { type: 'string' }, parent: ref('Node'), children: { type: 'array', items: ref('Node') }, other: ref('A') } },
          A: { type: 'object', properties: { b: ref('B') }, additionalProperties: ref('A') },
          B: { allOf: [ref('C'), { type: 'object', properties: { a: ref('A') } }] },
          C: { oneOf: [ref('B'), ref('Node'), { type: 'string' }] },
          D: { anyOf: [ref('D'), { type: 'object', properties: { d: ref('D') } }] },
        }),
      want: 'package',
    },
  ],
  [
    'a cycle hidden in an inline allOf inside anyOf',
    { spec: () => specWith(ref('X'), { X: { anyOf: [{ allOf: [ref('X')] }, { oneOf: [{ allOf: [ref('X')] }, { type: 'string' }] }] } }), want: 'either' },
  ],
  ['allOf of itself', { spec: () => specWith(ref('A'), { A: { allOf: [ref('B')] }, B: { allOf: [ref('A')] } }), want: 'either' }],
  ['a schema that is only a $ref to itself', { spec: () => specWith(ref('A'), { A: ref('A') }), want: 'either' }],
  ['two schemas that are only $refs to each other', { spec: () => specWith(ref('A'), { A: ref('B'), B: ref('A') }), want: 'either' }],
  [
    'an inline cycle through a path pointer',
    {
      spec: () =>
        specWith({
          type: 'object',
          properties: { id: { type: 'string' }, self: { $ref: '#/paths/~1things/get/responses/200/content/application~1json/schema' } },
        }),
      want: 'package',
    },
  ],
  [
    'a schema with 3,000 properties and an enum of 3,000 values',
    {
      spec: () =>
        specWith({
          type: 'object',
          properties: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`p${i}`, { type: i % 2 ? 'integer' : 'string' }])),
          required: ['p0'],
          additionalProperties: { type: 'string', enum: Array.from({ length: 3000 }, (_, i) => `v${i}`) },
        }),
      want: 'package',
    },
  ],
];

let work: string;
const results = new Map<string, { code: number; stderr: string; out: string; ms: number }>();
let typeErrors = new Map<string, string>();

beforeAll(async () => {
  work = await tempDir('hostile-deep');
  for (const [name, { spec }] of cases) {
    const slug = name.replace(/\W+/g, '-');
    const file = path.join(work, `${slug}.json`);
    await writeFile(file, spec());
    const out = path.join(work, 'out', slug);
    const started = performance.now();
    const r = await runCli('generate', file, '-o', out);
    results.set(name, { code: r.code, stderr: r.stderr, out, ms: performance.now() - started });
  }
  const made = [...results.values()].filter((r) => r.code === 0).map((r) => r.out);
  typeErrors = await typecheckAll(made, path.join(work, 'typecheck'));
}, 900_000);

afterAll(async () => {
  await removeDir(work);
});

describe.each(cases)('deep and circular: %s', (name, { want, code }) => {
  it(`gives ${want === 'either' ? 'a package or a located refusal' : want === 'package' ? 'a package' : 'a located refusal'}, never a crash`, () => {
    const r = results.get(name)!;
    expect(r.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/internal error|Maximum call stack/);
    expect([0, 1], r.stderr).toContain(r.code);
    if (want === 'package') expect(r.code, r.stderr).toBe(0);
    if (want === 'refused') expect(r.code, r.stderr).toBe(1);
    if (r.code === 1) {
      expect(r.stderr).toMatch(/\.json(:\d+)?: error [a-z-]+: /);
      if (code) expect(r.stderr).toContain(`error ${code}:`);
    }
  });

  it('a package type-checks strictly and its files are safe', async () => {
    const r = results.get(name)!;
    if (r.code !== 0) return;
    expect(typeErrors.get(r.out)).toBe('');
    await expectSafeFileNames(r.out);
  });
});
