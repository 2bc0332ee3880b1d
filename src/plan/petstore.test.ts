import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIr } from '../ir/index.js';
import { loadSpec } from '../load/index.js';
import { buildPlan } from './build-plan.js';
import type { Plan } from './types.js';

const spec = (name: string): string => fileURLToPath(new URL(`../../specs/${name}`, import.meta.url));

async function planOf(name: string): Promise<Plan> {
  return buildPlan(buildIr(await loadSpec(spec(name), {})));
}

/** What a connector author checks first: key, title, inputs with their locations, response. */
function summary(plan: Plan) {
  return plan.actions.map((a) => ({
    key: a.key,
    title: a.title,
    inputs: a.inputFields.map((f) => [f.name, f.location ?? null, f.wire_name ?? null, f.optional, f.type]),
    response: a.request.response,
  }));
}

describe('petstore (OpenAPI 3.0)', () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planOf('petstore-openapi30.yaml');
  });

  it('actions: keys, titles, inputs with locations, responses', () => {
    expect(summary(plan)).toEqual([
      { key: 'list_pets', title: 'List pets', inputs: [['limit', 'query', 'limit', true, 'integer']], response: { status: '200', mediaType: 'application/json', kind: 'json' } },
      {
        key: 'create_pet',
        title: 'Create a pet',
        inputs: [
          ['name', 'body', 'name', false, 'string'],
          ['tag', 'body', 'tag', true, 'string'],
        ],
        response: { status: '201', mediaType: 'application/json', kind: 'json' },
      },
      { key: 'show_pet_by_id', title: 'Info for a specific pet', inputs: [['pet_id', 'path', 'petId', false, 'string']], response: { status: '200', mediaType: 'application/json', kind: 'json' } },
      {
        key: 'update_pet',
        title: 'Update a pet',
        inputs: [
          ['pet_id', 'path', 'petId', false, 'string'],
          ['name', 'body', 'name', false, 'string'],
          ['tag', 'body', 'tag', true, 'string'],
        ],
        response: { status: '200', mediaType: 'application/json', kind: 'json' },
      },
      { key: 'delete_pet', title: 'Delete a pet', inputs: [['pet_id', 'path', 'petId', false, 'string']], response: { status: '204', kind: 'empty' } },
    ]);
  });

  it('requests: bindings, body, lists', () => {
    const [list, create, show] = plan.actions;
    expect(list!.request.params).toEqual([{ field: 'limit', name: 'limit', in: 'query', style: 'form', explode: true, required: false }]);
    expect(list!.request.itemsPath).toEqual([]);
    expect(list!.outputMode).toBe('records');
    expect(create!.request.body).toEqual({
      mediaType: 'application/json',
      encoding: 'json',
      required: true,
      mode: 'properties',
      properties: [
        { field: 'name', name: 'name', required: true },
        { field: 'tag', name: 'tag', required: false },
      ],
    });
    expect(create!.inputSchema).toEqual({ type: 'object', properties: { name: { type: 'string' }, tag: { type: 'string' } }, required: ['name'], additionalProperties: false });
    expect(create!.outputSchema).toEqual({ $ref: '#/objectDefinitions/pet' });
    expect(show!.request.params).toEqual([{ field: 'pet_id', name: 'petId', in: 'path', style: 'simple', explode: false, required: true }]);
    expect(plan.actions.map((a) => a.retry)).toEqual([true, false, true, true, true]);
  });

  it('connection: the API key in a header, the server, the test request', () => {
    expect(plan.baseUrl).toBe('https://petstore.swagger.io/v1');
    expect(plan.connection.auth.map(({ reasons: _, ...a }) => a)).toEqual([{ type: 'api_key', key: 'ApiKeyAuth', title: 'API key', in: 'header', paramName: 'X-API-Key', field: 'api_key' }]);
    expect(plan.connection.fields.map((f) => [f.name, f.control_type, f.optional])).toEqual([['api_key', 'password', false]]);
    expect(plan.connection.authSelector).toBeUndefined();
    expect(plan.connection.baseUrl).toEqual({ template: 'https://petstore.swagger.io/v1', variables: {} });
    expect([plan.test?.method, plan.test?.path]).toEqual(['get', '/pets']);
  });

  it('object definitions, pick lists, nothing skipped, no diagnostics', () => {
    // Only Pet is used (the list's records and the single pet): the create body's fields and the list's array
    // are spelled out in the actions, and the error schema is in no output.
    expect(plan.objectDefinitions.map((d) => [d.key, d.typeName])).toEqual([['pet', 'Pet']]);
    expect(plan.unusedSchemas).toEqual(['NewPet', 'Pets', 'Error']);
    expect(plan.pickLists.map((p) => [p.key, p.kind, p.kind === 'dynamic' ? [p.operation.path, p.labelField, p.valueField] : null])).toEqual([['list_pets', 'dynamic', ['/pets', 'name', 'id']]]);
    expect(plan.actions.map((a) => a.inputFields.find((f) => f.name === 'pet_id')?.pick_list ?? null)).toEqual([null, null, 'list_pets', 'list_pets', 'list_pets']);
    expect(plan.skipped).toEqual([]);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.triggers).toEqual([]);
  });
});

describe('petstore across versions', () => {
  it('Swagger 2.0 and OpenAPI 3.1 plan the same actions and connection as 3.0', async () => {
    const [v2, v30, v31] = await Promise.all([planOf('petstore-swagger2.json'), planOf('petstore-openapi30.yaml'), planOf('petstore-openapi31.yaml')]);
    expect(summary(v2)).toEqual(summary(v30));
    expect(summary(v31)).toEqual(summary(v30));
    expect(v2.connection).toEqual(v30.connection);
    expect(v31.connection).toEqual(v30.connection);
  });

  it('OpenAPI 3.1 webhooks become a webhook trigger', async () => {
    const v31 = await planOf('petstore-openapi31.yaml');
    expect(v31.triggers.map((t) => [t.key, t.title, t.kind, t.kind === 'webhook' ? t.source : null, t.operation.path, t.outputFields.map((f) => f.name)])).toEqual([
      ['new_pet', 'A pet was added', 'webhook', 'webhooks', 'newPet', ['id', 'name', 'tag']],
    ]);
  });
});
