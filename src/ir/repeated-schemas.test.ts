import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecFiles } from './__fixtures__/spec-files.js';
import { shareRepeatedSchemas } from './repeated-schemas.js';
import type { IrApi, IrSchema } from './types.js';

let files: SpecFiles;
beforeAll(async () => {
  files = await SpecFiles.create('repeated-schemas');
});
afterAll(() => files.remove());

function irOf(schemas: Record<string, unknown>, paths: object = {}): Promise<IrApi> {
  return files.ir({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths, components: { schemas } });
}

const address = () => ({
  type: 'object',
  description: 'A postal address.',
  required: ['city'],
  properties: { street: { type: 'string' }, city: { type: 'string', example: 'Lyon' } },
});

function schema(api: IrApi, name: string): IrSchema {
  const found = api.schemas.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no schema ${name} in ${api.schemas.map((s) => s.name).join(', ')}`);
  return found.schema;
}

function prop(s: IrSchema, name: string): IrSchema {
  return s.properties!.find((p) => p.name === name)!.schema;
}

describe('shareRepeatedSchemas', () => {
  it('an inline object repeated word for word becomes one named schema, named after its first place', async () => {
    const api = await irOf({
      Order: { type: 'object', properties: { id: { type: 'integer' }, shipping: address(), billing: address() } },
      Invoice: { type: 'object', properties: { number: { type: 'string' }, to: address() } },
    });
    expect(api.schemas.map((s) => s.name)).toEqual(['Order', 'Invoice', 'Order-shipping']);
    const shared = api.schemas[2]!;
    expect(shared.copies).toBe(3);
    expect(shared.pointer).toBe('/components/schemas/Order/properties/shipping');
    expect(shared.schema).toEqual({
      type: 'object',
      description: 'A postal address.',
      properties: [
        { name: 'street', required: false, schema: { type: 'string' } },
        { name: 'city', required: true, schema: { type: 'string', example: 'Lyon' } },
      ],
    });
    const order = schema(api, 'Order');
    expect(prop(order, 'shipping')).toEqual({ ref: 'Order-shipping' });
    expect(prop(order, 'billing')).toEqual({ ref: 'Order-shipping' });
    expect(prop(schema(api, 'Invoice'), 'to')).toEqual({ ref: 'Order-shipping' });
    expect(prop(order, 'id')).toEqual({ type: 'integer' });
  });

  it('copies that differ in anything (a description, a required property, the order) stay inline', async () => {
    const described = { ...address(), description: 'Where to send it.' };
    const required = { ...address(), required: ['street', 'city'] };
    const reordered = { ...address(), properties: { city: { type: 'string', example: 'Lyon' }, street: { type: 'string' } } };
    const api = await irOf({ A: { type: 'object', properties: { a: address(), b: described, c: required, d: reordered } } });
    expect(api.schemas.map((s) => s.name)).toEqual(['A']);
    expect(schema(api, 'A').properties!.every((p) => p.schema.ref === undefined)).toBe(true);
  });

  it('an inline schema equal to a named one refers to it, in named schemas and in operations alike', async () => {
    const api = await irOf(
      { Address: address(), Shop: { type: 'object', properties: { name: { type: 'string' }, address: address() } } },
      { '/where': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: address() } } } } } } },
    );
    expect(api.schemas.map((s) => s.name)).toEqual(['Address', 'Shop']);
    expect(prop(schema(api, 'Shop'), 'address')).toEqual({ ref: 'Address' });
    expect(api.operations[0]!.responses[0]!.content[0]!.schema).toEqual({ ref: 'Address' });
  });

  it('tells -0 from 0: copies that differ only there stay apart', async () => {
    const obj = (d: string) => `{"type":"object","properties":{"a":{"type":"number","default":${d}},"b":{"type":"string"}}}`;
    const schemas = `{"A":{"type":"object","properties":{"x":${obj('-0')},"y":${obj('0')}}}}`;
    // As text: JSON.stringify would write -0 as 0.
    const api = await files.ir(`{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{},"components":{"schemas":${schemas}}}`);
    expect(api.schemas.map((s) => s.name)).toEqual(['A']);
    expect(Object.is(prop(prop(schema(api, 'A'), 'x'), 'a').default, -0)).toBe(true);
  });

  it("an operation's inline schema equal to a named one refers to it even when nothing else repeats", async () => {
    const api = await irOf(
      { Address: address() },
      { '/where': { post: { requestBody: { content: { 'application/json': { schema: address() } } }, responses: { 204: { description: 'done' } } } } },
    );
    expect(api.schemas.map((s) => s.name)).toEqual(['Address']);
    expect(api.operations[0]!.requestBody!.content[0]!.schema).toEqual({ ref: 'Address' });
  });

  it('a copy inside a repeated object counts once, however often that object is repeated', async () => {
    // `geo` is written four times, but only inside two copies of one `place`: shared, `place` holds it once.
    const place = () => ({ type: 'object', properties: { label: { type: 'string' }, geo: { type: 'object', properties: { lat: { type: 'number' }, lon: { type: 'number' } } } } });
    const api = await irOf({ Trip: { type: 'object', properties: { from: place(), to: place() } } });
    expect(api.schemas.map((s) => [s.name, s.copies])).toEqual([
      ['Trip', undefined],
      ['Trip-from', 2],
    ]);
    expect(prop(schema(api, 'Trip-from'), 'geo').properties).toHaveLength(2);
  });

  it('a nested copy that also appears elsewhere is shared inside the shared schema too', async () => {
    const geo = () => ({ type: 'object', properties: { lat: { type: 'number' }, lon: { type: 'number' } } });
    const place = () => ({ type: 'object', properties: { label: { type: 'string' }, geo: geo() } });
    const api = await irOf({ Trip: { type: 'object', properties: { from: place(), to: place() } }, Pin: { type: 'object', properties: { at: geo(), note: { type: 'string' } } } });
    expect(api.schemas.map((s) => [s.name, s.copies])).toEqual([
      ['Trip', undefined],
      ['Pin', undefined],
      ['Trip-from', 2],
      ['Trip-from-geo', 2],
    ]);
    expect(prop(schema(api, 'Trip-from'), 'geo')).toEqual({ ref: 'Trip-from-geo' });
    expect(prop(schema(api, 'Pin'), 'at')).toEqual({ ref: 'Trip-from-geo' });
  });

  it('objects of one property, and items of arrays, are named as expected; taken names get a number', async () => {
    const tag = () => ({ type: 'object', properties: { name: { type: 'string' } } });
    const entry = () => ({ type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } } });
    const api = await irOf({
      'Doc-entries-item': { type: 'string' },
      Doc: { type: 'object', properties: { tag: tag(), other: tag(), entries: { type: 'array', items: entry() } } },
      Log: { type: 'object', properties: { lines: { type: 'array', items: entry() } } },
    });
    expect(api.schemas.map((s) => s.name)).toEqual(['Doc-entries-item', 'Doc', 'Log', 'Doc-entries-item-2']);
    expect(prop(schema(api, 'Doc'), 'tag').ref).toBeUndefined();
    expect(prop(schema(api, 'Log'), 'lines').items).toEqual({ ref: 'Doc-entries-item-2' });
  });

  it('gives the same API back when nothing repeats', async () => {
    const api = await irOf({ A: { type: 'object', properties: { a: { type: 'string' }, b: address() } } });
    expect(shareRepeatedSchemas(api)).toBe(api);
  });

  it('is deterministic: the same spec gives the same names and the same schemas', async () => {
    const specs = {
      B: { type: 'object', properties: { x: address(), y: { type: 'array', items: address() } } },
      A: { type: 'object', properties: { z: address() } },
    };
    expect(JSON.stringify(await irOf(specs))).toBe(JSON.stringify(await irOf(specs)));
    expect((await irOf(specs)).schemas.map((s) => s.name)).toEqual(['B', 'A', 'B-x']);
  });
});
