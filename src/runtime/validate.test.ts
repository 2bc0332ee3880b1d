import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './types.js';
import { validateInput } from './validate.js';

const pet: JsonSchema = {
  type: 'object',
  required: ['pet_id', 'name'],
  properties: {
    pet_id: { type: 'integer', minimum: 1 },
    name: { type: 'string', minLength: 1, maxLength: 10 },
    status: { type: 'string', enum: ['available', 'pending', 'sold'] },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, maxItems: 3 },
    owner: { $ref: '#/objectDefinitions/owner' },
    note: { type: ['string', 'null'] },
    legacy: { type: 'string', nullable: true },
    kind: { const: 'pet' },
    born: { type: 'string', format: 'date' },
    seen_at: { type: 'string', format: 'date-time' },
    contact: { type: 'string', format: 'email' },
    homepage: { type: 'string', format: 'uri' },
    weight: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    price: { type: 'number', minimum: 0, exclusiveMinimum: true },
    strict: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
    labels: { type: 'object', additionalProperties: { type: 'integer' } },
    id_or_name: { oneOf: [{ type: 'integer' }, { type: 'string', minLength: 3 }] },
    either: { anyOf: [{ type: 'boolean' }, { type: 'null' }] },
    both: { allOf: [{ type: 'object', required: ['x'] }, { type: 'object', required: ['y'] }] },
  },
};

const definitions: Record<string, JsonSchema> = {
  owner: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' }, friend: { $ref: '#/objectDefinitions/owner' } } },
};

type Case = [string, { value: unknown; want: { path: string; message: string }[] }];
const ok = { pet_id: 1, name: 'Rex' };

const cases: Case[] = [
  ['valid minimal input', { value: ok, want: [] }],
  [
    'valid full input',
    {
      value: {
        ...ok,
        status: 'sold',
        tags: ['a', 'b'],
        owner: { email: 'a@b.co', friend: { email: 'c@d.co' } },
        note: null,
        legacy: null,
        kind: 'pet',
        born: '2020-02-29',
        seen_at: '2024-05-01T10:00:00.123+02:00',
        contact: 'x@y.z',
        homepage: 'https://example.com/a',
        weight: 0.5,
        price: 1,
        strict: { a: 'x' },
        labels: { a: 1 },
        id_or_name: 'abc',
        either: null,
        both: { x: 1, y: 2 },
      },
      want: [],
    },
  ],
  ['missing required fields', { value: {}, want: [{ path: 'pet_id', message: 'missing required field pet_id' }, { path: 'name', message: 'missing required field name' }] }],
  ['not an object', { value: 'x', want: [{ path: '', message: 'input must be an object' }] }],
  ['integer', { value: { ...ok, pet_id: 1.5 }, want: [{ path: 'pet_id', message: 'field pet_id must be an integer' }] }],
  ['minimum', { value: { ...ok, pet_id: 0 }, want: [{ path: 'pet_id', message: 'field pet_id must be at least 1' }] }],
  ['enum', { value: { ...ok, status: 'lost' }, want: [{ path: 'status', message: 'field status must be one of available, pending, sold' }] }],
  ['minLength', { value: { ...ok, name: '' }, want: [{ path: 'name', message: 'field name must be at least 1 characters long' }] }],
  ['maxLength', { value: { ...ok, name: 'abcdefghijk' }, want: [{ path: 'name', message: 'field name must be at most 10 characters long' }] }],
  ['array item pattern', { value: { ...ok, tags: ['ok', 'Bad'] }, want: [{ path: 'tags[1]', message: 'field tags[1] must match the pattern ^[a-z]+$' }] }],
  ['maxItems', { value: { ...ok, tags: ['a', 'b', 'c', 'd'] }, want: [{ path: 'tags', message: 'field tags must have at most 3 items' }] }],
  ['array type', { value: { ...ok, tags: 'a' }, want: [{ path: 'tags', message: 'field tags must be an array' }] }],
  ['$ref through definitions, nested', { value: { ...ok, owner: { friend: {} } }, want: [{ path: 'owner.email', message: 'missing required field owner.email' }, { path: 'owner.friend.email', message: 'missing required field owner.friend.email' }] }],
  ['format in a referenced object', { value: { ...ok, owner: { email: 'nope' } }, want: [{ path: 'owner.email', message: 'field owner.email must be a valid email' }] }],
  ['nullable through a type array', { value: { ...ok, note: 5 }, want: [{ path: 'note', message: 'field note must be a string or null' }] }],
  ['null where not nullable', { value: { ...ok, name: null }, want: [{ path: 'name', message: 'field name must be a string' }] }],
  ['const', { value: { ...ok, kind: 'cat' }, want: [{ path: 'kind', message: 'field kind must be pet' }] }],
  ['date', { value: { ...ok, born: '2020-13-45' }, want: [{ path: 'born', message: 'field born must be a valid date' }] }],
  ['date-time', { value: { ...ok, seen_at: 'yesterday' }, want: [{ path: 'seen_at', message: 'field seen_at must be a valid date-time' }] }],
  ['uri', { value: { ...ok, homepage: 'not a url' }, want: [{ path: 'homepage', message: 'field homepage must be a valid uri' }] }],
  ['exclusiveMinimum (number, 3.1)', { value: { ...ok, weight: 0 }, want: [{ path: 'weight', message: 'field weight must be greater than 0' }] }],
  ['maximum', { value: { ...ok, weight: 101 }, want: [{ path: 'weight', message: 'field weight must be at most 100' }] }],
  ['exclusiveMinimum (boolean, 3.0)', { value: { ...ok, price: 0 }, want: [{ path: 'price', message: 'field price must be greater than 0' }] }],
  ['additionalProperties false', { value: { ...ok, strict: { a: 'x', b: 1 } }, want: [{ path: 'strict.b', message: 'unknown field strict.b' }] }],
  ['additionalProperties schema', { value: { ...ok, labels: { a: 'x' } }, want: [{ path: 'labels.a', message: 'field labels.a must be an integer' }] }],
  ['oneOf, no branch', { value: { ...ok, id_or_name: 'ab' }, want: [{ path: 'id_or_name', message: 'field id_or_name does not match any of the allowed shapes (closest: field id_or_name must be at least 3 characters long)' }] }],
  ['anyOf', { value: { ...ok, either: 'x' }, want: [{ path: 'either', message: 'field either does not match any of the allowed shapes (closest: field either must be a boolean)' }] }],
  ['allOf', { value: { ...ok, both: { x: 1 } }, want: [{ path: 'both.y', message: 'missing required field both.y' }] }],
  ['unknown $ref accepts anything', { value: { ...ok, owner: 1 }, want: [] }],
];

describe('validateInput', () => {
  it.each(cases)('%s', (name, { value, want }) => {
    const defs = name === 'unknown $ref accepts anything' ? {} : definitions;
    expect(validateInput(pet, value, defs)).toEqual(want);
  });

  it('stops on a $ref that points at itself', () => {
    expect(validateInput({ $ref: '#/objectDefinitions/loop' }, 1, { loop: { $ref: '#/objectDefinitions/loop' } })).toEqual([]);
  });
});
