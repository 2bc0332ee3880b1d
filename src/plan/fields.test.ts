import { describe, expect, it } from 'vitest';
import type { IrSchema } from '../ir/types.js';
import { buildPlan } from './build-plan.js';
import { apiOf, arrayOf, boolean, integer, object, operation, parameter, refTo, string } from './__fixtures__/ir.js';
import type { PlanField } from './types.js';
import { MAX_EXPANDED_FIELDS, MAX_FIELDS_PER_SIDE, MAX_FIELD_DEPTH, capFields } from './fields.js';

/** The parts of a field these tests are about (control types and hints come from rules tested elsewhere). */
interface Shape {
  name: string;
  type: string;
  optional: boolean;
  of?: string;
  object_definition?: string;
  properties?: Shape[];
}
function shape(f: PlanField): Shape {
  return {
    name: f.name,
    type: f.type,
    optional: f.optional,
    ...(f.of !== undefined ? { of: f.of } : {}),
    ...(f.object_definition !== undefined ? { object_definition: f.object_definition } : {}),
    ...(f.properties !== undefined ? { properties: f.properties.map(shape) } : {}),
  };
}

/** Input fields of `POST /things` with this JSON body, and its output fields when it also returns it. */
/** An operation whose output refers to each of `names`: a connector keeps only the definitions something uses. */
function uses(...names: string[]) {
  return operation('get', '/uses', { operationId: 'uses', returns: object(Object.fromEntries(names.map((n) => [n, refTo(n)]))) });
}

function io(body: IrSchema, schemas: Record<string, IrSchema> = {}) {
  const plan = buildPlan(apiOf([operation('post', '/things', { operationId: 'createThing', body, returns: body })], schemas));
  const action = plan.actions[0]!;
  return { input: action.inputFields.map(shape), output: action.outputFields.map(shape), action };
}

describe('field types', () => {
  const cases: [string, { given: IrSchema; want: Shape }][] = [
    ['string', { given: string(), want: { name: 'v', type: 'string', optional: true } }],
    ['integer', { given: integer(), want: { name: 'v', type: 'integer', optional: true } }],
    ['number', { given: { type: 'number' }, want: { name: 'v', type: 'number', optional: true } }],
    ['boolean', { given: boolean(), want: { name: 'v', type: 'boolean', optional: true } }],
    ['format date', { given: string({ format: 'date' }), want: { name: 'v', type: 'date', optional: true } }],
    ['format date-time', { given: string({ format: 'date-time' }), want: { name: 'v', type: 'date_time', optional: true } }],
    ['untyped enum of numbers', { given: { enum: [1, 2] }, want: { name: 'v', type: 'integer', optional: true } }],
    ['oneOf of strings', { given: { oneOf: [string(), string({ format: 'email' })] }, want: { name: 'v', type: 'string', optional: true } }],
    ['array of strings', { given: arrayOf(string()), want: { name: 'v', type: 'array', of: 'string', optional: true } }],
    [
      'array of objects',
      { given: arrayOf(object({ 'a!': string() })), want: { name: 'v', type: 'array', of: 'object', optional: true, properties: [{ name: 'a', type: 'string', optional: false }] } },
    ],
    [
      'nested object',
      {
        given: object({ inner: object({ deep: integer() }) }),
        want: { name: 'v', type: 'object', optional: true, properties: [{ name: 'inner', type: 'object', optional: true, properties: [{ name: 'deep', type: 'integer', optional: true }] }] },
      },
    ],
    ['map (additionalProperties only)', { given: { type: 'object', additionalProperties: string() }, want: { name: 'v', type: 'object', optional: true } }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    const { input, output } = io(object({ v: given }));
    expect(input).toEqual([want]);
    expect(output).toEqual([want]);
  });

  it('required properties are not optional; nested ones keep their names on the wire', () => {
    const { input } = io(object({ 'petName!': string(), owner: object({ 'firstName!': string() }) }));
    expect(input).toEqual([
      { name: 'pet_name', type: 'string', optional: false },
      { name: 'owner', type: 'object', optional: true, properties: [{ name: 'firstName', type: 'string', optional: false }] },
    ]);
  });

  it('an optional body makes its properties optional', () => {
    const plan = buildPlan(apiOf([operation('post', '/things', { body: object({ 'name!': string() }), bodyRequired: false })]));
    expect(plan.actions[0]!.inputFields[0]!.optional).toBe(true);
    expect(plan.actions[0]!.request.body!.properties).toEqual([{ field: 'name', name: 'name', required: true }]);
  });
});

describe('readOnly, writeOnly, nullable', () => {
  it('readOnly never in input, writeOnly never in output, at every depth', () => {
    const body = object({ 'id!': integer({ readOnly: true }), 'password!': string({ writeOnly: true }), name: string(), inner: object({ ro: string({ readOnly: true }), wo: string({ writeOnly: true }) }) });
    const { input, output, action } = io(body);
    expect(input.map((f) => f.name)).toEqual(['password', 'name', 'inner']);
    expect(input[2]!.properties!.map((f) => f.name)).toEqual(['wo']);
    expect(output.map((f) => f.name)).toEqual(['id', 'name', 'inner']);
    expect(output[2]!.properties!.map((f) => f.name)).toEqual(['ro']);
    expect(Object.keys(action.inputSchema.properties as object)).toEqual(['password', 'name', 'inner']);
    expect(action.inputSchema.required).toEqual(['password']);
    expect(Object.keys(action.outputSchema.properties as object)).toEqual(['id', 'name', 'inner']);
  });

  it('readOnly through a ref is left out of input too', () => {
    const { input } = io(object({ created: refTo('Stamp'), name: string() }), { Stamp: string({ format: 'date-time', readOnly: true }) });
    expect(input.map((f) => f.name)).toEqual(['name']);
  });

  it('nullable becomes a type array (and null joins an enum)', () => {
    const { action } = io(object({ a: string({ nullable: true }), b: string({ nullable: true, enum: ['x', 'y'] }) }));
    const props = action.inputSchema.properties as Record<string, unknown>;
    expect(props.a).toEqual({ type: ['string', 'null'] });
    expect(props.b).toEqual({ type: ['string', 'null'], enum: ['x', 'y', null] });
  });
});

describe('named schemas and cycles', () => {
  const schemas = {
    Node: object({ 'id!': integer(), parent: refTo('Node'), children: arrayOf(refTo('Node')), owner: refTo('Owner') }),
    Owner: object({ name: string(), best: refTo('Node') }),
  };

  it('fields that refer to a component carry object_definition and stop at a cycle', () => {
    const plan = buildPlan(apiOf([operation('get', '/nodes/{id}', { operationId: 'getNode', returns: refTo('Node') })], schemas));
    const out = plan.actions[0]!.outputFields.map(shape);
    expect(out).toEqual([
      { name: 'id', type: 'integer', optional: false },
      { name: 'parent', type: 'object', optional: true, object_definition: 'node' },
      { name: 'children', type: 'array', of: 'object', optional: true, object_definition: 'node' },
      {
        name: 'owner',
        type: 'object',
        optional: true,
        object_definition: 'owner',
        properties: [
          { name: 'name', type: 'string', optional: true },
          { name: 'best', type: 'object', optional: true, object_definition: 'node' },
        ],
      },
    ]);
    expect(plan.actions[0]!.outputSchema).toEqual({ $ref: '#/objectDefinitions/node' });
    // The whole plan is finite and serializable.
    expect(() => JSON.stringify(plan)).not.toThrow();
  });

  it('object definitions: one per named schema, JSON schema with refs, readOnly not required', () => {
    const plan = buildPlan(apiOf([uses('Pet')], { Pet: object({ 'id!': integer({ readOnly: true }), 'name!': string(), tag: refTo('Tag') }), Tag: string({ enum: ['a'] }) }));
    expect(plan.objectDefinitions.map((d) => [d.key, d.typeName, d.sourceName, d.fields.map((f) => f.name)])).toEqual([
      ['pet', 'Pet', 'Pet', ['id', 'name', 'tag']],
      ['tag', 'Tag', 'Tag', []],
    ]);
    expect(plan.objectDefinitions[0]!.schema).toEqual({
      type: 'object',
      properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, tag: { $ref: '#/objectDefinitions/tag' } },
      required: ['name'],
    });
  });

  it('an object definition refers to other definitions instead of repeating them; inline objects expand', () => {
    const plan = buildPlan(apiOf([uses('A')], { A: object({ b: refTo('B'), bs: arrayOf(refTo('B')), inline: object({ x: string() }) }), B: object({ c: string() }) }));
    expect(plan.objectDefinitions[0]!.fields.map(shape)).toEqual([
      { name: 'b', type: 'object', optional: true, object_definition: 'b' },
      { name: 'bs', type: 'array', of: 'object', optional: true, object_definition: 'b' },
      { name: 'inline', type: 'object', optional: true, properties: [{ name: 'x', type: 'string', optional: true }] },
    ]);
  });

  it('a ref wrapped in allOf beside a description is a reference too (AWS style), not an inline copy', () => {
    const described = (name: string) => ({ allOf: [refTo(name), { description: `the ${name}` }] });
    const plan = buildPlan(apiOf([uses('A')], { A: object({ b: described('B'), bs: arrayOf(described('B')), both: { allOf: [refTo('B'), object({ x: string() })] } }), B: object({ c: described('A') }) }));
    expect(plan.objectDefinitions[0]!.fields.map(shape)).toEqual([
      { name: 'b', type: 'object', optional: true, object_definition: 'b' },
      { name: 'bs', type: 'array', of: 'object', optional: true, object_definition: 'b' },
      // A part with properties of its own makes a new shape: expanded.
      { name: 'both', type: 'object', optional: true, properties: [{ name: 'c', type: 'object', optional: true, object_definition: 'a' }, { name: 'x', type: 'string', optional: true }] },
    ]);
  });

  it(`an input refers to a definition that would expand to more than ${MAX_EXPANDED_FIELDS} fields instead of copying them`, () => {
    const wide = (n: number) => object(Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, string()])));
    const { input } = io(object({ small: refTo('Small'), big: refTo('Big') }), { Small: wide(MAX_EXPANDED_FIELDS), Big: wide(MAX_EXPANDED_FIELDS + 1) });
    expect(input.find((f) => f.name === 'small')!.properties).toHaveLength(MAX_EXPANDED_FIELDS);
    expect(input.find((f) => f.name === 'big')).toEqual({ name: 'big', type: 'object', optional: true, object_definition: 'big' });
  });

  it(`inputs past ${MAX_FIELDS_PER_SIDE} nested fields in all refer to their largest definitions instead, and say so`, () => {
    const wide = (n: number) => object(Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, string()])));
    // Five definitions of 600 fields each, under the per-definition limit, 3,000 together; one small one.
    const schemas: Record<string, IrSchema> = { Tiny: wide(3) };
    for (const n of ['A', 'B', 'C', 'D', 'E']) schemas[n] = wide(600 - n.charCodeAt(0) + 65);
    const { input, output, action } = io(object({ a: arrayOf(refTo('A')), b: refTo('B'), c: refTo('C'), d: refTo('D'), e: refTo('E'), tiny: refTo('Tiny') }), schemas);
    for (const side of [input, output]) {
      const expanded = side.filter((f) => f.properties !== undefined).map((f) => f.name);
      // 2,999 fields: the largest go first (A 600, B 599) until the rest (6 + 598 + 597 + 596 + 3 = 1,800) fits.
      expect(expanded).toEqual(['c', 'd', 'e', 'tiny']);
      expect(side.find((f) => f.name === 'a')).toEqual({ name: 'a', type: 'array', optional: true, of: 'object', object_definition: 'a' });
    }
    expect(action.reasons).toContain(`The inputs would list more than 2,000 nested fields: object definitions a, b are referred to, not expanded.`);
  });

  it('a named array whose inline items refer to it twice is expanded once, not once per path (2^24 fields)', () => {
    // Found by test/property.test.ts (seed 4): `F: { type: array, items: { allOf: [{ properties: { a: $ref F, b: $ref F } }] } }`.
    const tree = arrayOf({ allOf: [object({ name: string(), a: refTo('Tree'), b: refTo('Tree') })] });
    const plan = buildPlan(apiOf([operation('post', '/things', { operationId: 'createThing', body: object({ tree: refTo('Tree') }) })], { Tree: tree }));
    // The array's object definition lists its items' fields: nested uses refer to it.
    const nested = { type: 'array', optional: true, of: 'object', object_definition: 'tree' };
    const once = [
      { name: 'name', type: 'string', optional: true },
      { name: 'a', ...nested },
      { name: 'b', ...nested },
    ];
    expect(plan.actions[0]!.inputFields.map(shape)).toEqual([{ name: 'tree', ...nested, properties: once }]);
    expect(plan.objectDefinitions.find((d) => d.key === 'tree')!.fields.map(shape)).toEqual(once);
  });

  it('capFields leaves fields that fit as they are, and drops a nested expansion with its container', () => {
    const leaf = (name: string): PlanField => ({ name, label: name, type: 'string', optional: true });
    const inner: PlanField = { name: 'inner', label: 'inner', type: 'object', optional: true, object_definition: 'inner', properties: [leaf('x'), leaf('y')] };
    const outer: PlanField = { name: 'outer', label: 'outer', type: 'object', optional: true, object_definition: 'outer', properties: [inner, leaf('z')] };
    const fields = [outer, leaf('w')];
    expect(capFields(fields, 6).fields).toBe(fields);
    const capped = capFields(fields, 5);
    // Dropping the outer expansion (4 fields) is enough; the inner one inside it is not named twice.
    expect(capped.collapsed).toEqual(['outer']);
    expect(capped.fields.map(shape)).toEqual([{ name: 'outer', type: 'object', optional: true, object_definition: 'outer' }, { name: 'w', type: 'string', optional: true }]);
    // Inline objects (no definition) are never dropped: over the limit, they stay, and only the definition goes.
    const inline: PlanField = { name: 'inline', label: 'inline', type: 'object', optional: true, properties: [inner, leaf('z')] };
    expect(capFields([inline], 1).fields.map(shape)).toEqual([
      { name: 'inline', type: 'object', optional: true, properties: [{ name: 'inner', type: 'object', optional: true, object_definition: 'inner' }, { name: 'z', type: 'string', optional: true }] },
    ]);
  });

  it('object definition type names avoid action Input/Output names and each other', () => {
    const plan = buildPlan(
      apiOf([operation('post', '/pets', { operationId: 'createPet', body: refTo('CreatePetInput') }), uses('CreatePetInput', 'create-pet-input', 'Promise')], {
        CreatePetInput: object({ a: string() }),
        'create-pet-input': object({ b: string() }),
        Promise: object({ c: string() }),
      }),
    );
    expect(plan.actions[0]!.typeName).toBe('CreatePet');
    expect(plan.objectDefinitions.map((d) => [d.key, d.typeName])).toEqual([
      ['create_pet_input', 'CreatePetInput2'],
      ['create_pet_input_2', 'CreatePetInput3'],
      ['promise', 'PromiseObject'],
    ]);
  });

  it('allOf is merged into one object', () => {
    const { input } = io(refTo('Dog'), { Animal: object({ 'name!': string() }), Dog: { allOf: [refTo('Animal'), object({ bark: boolean() })] } });
    expect(input).toEqual([
      { name: 'name', type: 'string', optional: false },
      { name: 'bark', type: 'boolean', optional: true },
    ]);
  });
});

describe('parameters', () => {
  it('one field per parameter, with location and wire name; a query id and a body id do not collide', () => {
    const plan = buildPlan(
      apiOf([
        operation('put', '/pets/{petId}', {
          parameters: [parameter('id', 'query'), parameter('X-Trace', 'header'), parameter('session', 'cookie'), parameter('id', 'header')],
          body: object({ id: string(), 'petId!': string() }),
        }),
      ]),
    );
    const a = plan.actions[0]!;
    expect(a.inputFields.map((f) => [f.name, f.location, f.wire_name, f.optional])).toEqual([
      ['pet_id', 'path', 'petId', false],
      ['id', 'query', 'id', true],
      ['x_trace', 'header', 'X-Trace', true],
      ['session', 'cookie', 'session', true],
      ['header_id', 'header', 'id', true],
      ['body_id', 'body', 'id', true],
      ['body_pet_id', 'body', 'petId', false],
    ]);
    expect(a.request.params.map((p) => [p.field, p.name, p.in])).toEqual([
      ['pet_id', 'petId', 'path'],
      ['id', 'id', 'query'],
      ['x_trace', 'X-Trace', 'header'],
      ['session', 'session', 'cookie'],
      ['header_id', 'id', 'header'],
    ]);
    expect(a.request.body!.properties).toEqual([
      { field: 'body_id', name: 'id', required: false },
      { field: 'body_pet_id', name: 'petId', required: true },
    ]);
    expect(a.inputSchema.required).toEqual(['pet_id', 'body_pet_id']);
  });

  it('leaves out Accept/Content-Type/Authorization headers and the API key parameter, saying why', () => {
    const plan = buildPlan(
      apiOf([operation('get', '/x', { parameters: [parameter('Accept', 'header'), parameter('Authorization', 'header'), parameter('api_key', 'query'), parameter('q', 'query')] })], {}, {
        securitySchemes: [{ name: 'k', type: 'apiKey', in: 'query', paramName: 'api_key' }],
      }),
    );
    const a = plan.actions[0]!;
    expect(a.inputFields.map((f) => f.name)).toEqual(['q']);
    expect(a.reasons.some((r) => r.includes('api_key') && r.includes('API key'))).toBe(true);
    expect(a.reasons.some((r) => r.includes('Accept'))).toBe(true);
  });

  it('hints come from the parameter description, one line', () => {
    const plan = buildPlan(apiOf([operation('get', '/x', { parameters: [parameter('q', 'query', string({ description: 'schema words' }), { description: 'Search **text**.\n\nMore.' })] })]));
    expect(plan.actions[0]!.inputFields[0]!.hint).toBe('Search text.');
  });
});

describe('deep nesting', () => {
  function depthOf(fields: readonly PlanField[] | undefined): number {
    return fields && fields.length ? 1 + Math.max(...fields.map((f) => depthOf(f.properties))) : 0;
  }

  it('an inline schema nested 2,000 levels is cut at MAX_FIELD_DEPTH instead of overflowing the stack', () => {
    let schema: IrSchema = string();
    for (let i = 0; i < 2000; i++) schema = object({ next: schema });
    const { action } = io(object({ root: schema }));
    const depth = depthOf(action.inputFields);
    expect(depth).toBeGreaterThan(10);
    expect(depth).toBeLessThanOrEqual(MAX_FIELD_DEPTH + 2);
  });

  it('a chain of 500 distinct named schemas is cut too', () => {
    const schemas: Record<string, IrSchema> = {};
    for (let i = 0; i < 500; i++) schemas[`S${i}`] = object({ next: i + 1 < 500 ? refTo(`S${i + 1}`) : string() });
    const { action } = io(refTo('S0'), schemas);
    expect(depthOf(action.outputFields)).toBeLessThanOrEqual(MAX_FIELD_DEPTH + 2);
  });
});
