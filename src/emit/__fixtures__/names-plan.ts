/**
 * Names that a careless emitter turns into broken or colliding code (issue 6): reserved words, runtime
 * and global names, keys whose camelCase forms collide, file names that differ only by case or that
 * Windows refuses, type names that are not identifiers, and type aliases that refer to each other.
 * Its webhook triggers cover the other shapes: registered by hand with an event envelope, a callback
 * URL nested in the body, and one passed as a query parameter.
 */
import type { Plan, PlanAction, PlanObjectDefinition, PlanWebhookTrigger } from '../../plan/types.js';
import { petstorePlan } from './petstore-plan.js';

const base = petstorePlan.actions.find((a) => a.key === 'get_pet_notes')!;

function action(key: string, typeName: string, fileName: string, outputRef?: string): PlanAction {
  return {
    ...base,
    key,
    typeName,
    fileName,
    title: key,
    ...(outputRef
      ? {
          request: { ...base.request, response: { status: '200', mediaType: 'application/json', kind: 'json' } },
          outputSchema: { $ref: `#/objectDefinitions/${outputRef}` },
        }
      : {}),
  };
}

function definition(key: string, typeName: string, schema: Record<string, unknown>): PlanObjectDefinition {
  return { key, typeName, sourceName: typeName, title: typeName, fields: [], schema, reasons: [] };
}

const webhook = petstorePlan.triggers.find((t): t is PlanWebhookTrigger => t.kind === 'webhook')!;

const triggers: PlanWebhookTrigger[] = [
  {
    ...webhook,
    key: 'pet_events',
    typeName: 'PetEvents',
    fileName: 'pet-events',
    source: 'webhooks',
    operation: { method: 'post', path: 'petEvents' },
    subscribe: undefined,
    unsubscribe: undefined,
    inputFields: [],
    inputSchema: { type: 'object', properties: {} },
    outputSchema: { type: 'object', properties: { events: { type: 'array', items: { $ref: '#/objectDefinitions/pet' } } } },
    idField: undefined,
  },
  {
    ...webhook,
    key: 'nested_hook',
    typeName: 'NestedHook',
    fileName: 'nested-hook',
    subscribe: {
      ...webhook.subscribe!,
      request: {
        ...webhook.subscribe!.request,
        path: '/repos/{owner}/hooks',
        params: [{ field: 'owner', name: 'owner', in: 'path', style: 'simple', explode: false, required: true }],
        body: {
          mediaType: 'application/json',
          encoding: 'json',
          required: true,
          mode: 'properties',
          properties: [
            { field: 'name', name: 'name', required: true },
            { field: 'config', name: 'config', required: true },
          ],
        },
      },
      urlField: ['config', 'url'],
      eventsField: { path: ['config', 'events'], field: 'events' },
      idPath: ['id'],
    },
    inputFields: [],
    inputSchema: {
      type: 'object',
      required: ['owner'],
      properties: { owner: { type: 'string' }, name: { type: 'string' }, events: { type: 'array', items: { type: 'string' } } },
    },
  },
  {
    ...webhook,
    key: 'query_hook',
    typeName: 'QueryHook',
    fileName: 'query-hook',
    subscribe: {
      ...webhook.subscribe!,
      request: {
        ...webhook.subscribe!.request,
        params: [{ field: 'callback_url', name: 'callback', in: 'query', style: 'form', explode: true, required: true }],
        body: undefined,
      },
      urlField: [],
      urlParam: 'callback',
      eventsField: undefined,
    },
    unsubscribe: undefined,
    inputFields: [],
    inputSchema: { type: 'object', properties: {} },
  },
];

export const namesPlan: Plan = {
  ...petstorePlan,
  actions: [
    action('request', 'Request', 'request', 'request_spec'),
    action('delete', 'Delete', 'delete', 'record'),
    action('connector', 'Connector', 'connector', 'error'),
    action('get_pet1', 'GetPet1', 'get-pet', 'alias_a'),
    action('get_pet_1', 'GetPet', 'Get-Pet', 'get_pet_input'),
    action('define_action', 'DefineAction', 'con', 'bad_name'),
    action('pickLists', 'PickLists', 'pick-lists', 'file_input'),
  ],
  triggers,
  objectDefinitions: [
    ...petstorePlan.objectDefinitions,
    definition('request_spec', 'RequestSpec', { type: 'object', properties: { method: { type: 'string' } } }),
    definition('record', 'Record', { type: 'object', properties: { id: { type: 'string' } } }),
    definition('error', 'Error', { type: 'object', properties: { message: { type: 'string' } } }),
    definition('file_input', 'FileInput', { type: 'object', properties: { name: { type: 'string' } } }),
    definition('get_pet_input', 'GetPetInput', { type: 'object', properties: { x: { type: 'integer' } } }),
    definition('bad_name', '123 not an identifier', { type: 'string' }),
    definition('alias_a', 'AliasA', { oneOf: [{ $ref: '#/objectDefinitions/alias_b' }, { type: 'string' }] }),
    definition('alias_b', 'AliasB', { anyOf: [{ $ref: '#/objectDefinitions/alias_a' }, { type: 'integer' }] }),
    definition('self_list', 'SelfList', { type: 'array', items: { $ref: '#/objectDefinitions/self_list' } }),
  ],
};
