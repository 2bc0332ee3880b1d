/**
 * Names that a careless emitter turns into broken or colliding code (issue 6): reserved words, runtime
 * and global names, keys whose camelCase forms collide, file names that differ only by case or that
 * Windows refuses, type names that are not identifiers, and type aliases that refer to each other.
 */
import type { Plan, PlanAction, PlanObjectDefinition } from '../../plan/types.js';
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
  triggers: [],
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
