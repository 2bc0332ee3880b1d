import { describe, expect, it } from 'vitest';
import { NameAllocator, fileNameFor, hintFrom, humanize, isReservedWord, safeIdentifier, safeTypeName, singularize } from './names.js';

const VALID_KEY = /^[a-z][a-z0-9_]*$/;

describe('safeIdentifier', () => {
  const cases: [string, { given: string; want: string }][] = [
    ['camelCase', { given: 'listPets', want: 'list_pets' }],
    ['acronym run', { given: 'HTTPServerURL', want: 'http_server_url' }],
    ['method and path', { given: 'get /pets/{petId}', want: 'get_pets_pet_id' }],
    ['__proto__ is reserved after trimming', { given: '__proto__', want: 'proto_action' }],
    ['constructor', { given: 'constructor', want: 'constructor_action' }],
    ['thenable', { given: 'then', want: 'then_action' }],
    ['JS keyword', { given: 'delete', want: 'delete_action' }],
    ['Ruby keyword', { given: 'elsif', want: 'elsif_action' }],
    ['emoji only', { given: '🐶🐱', want: 'action' }],
    ['digits first', { given: '2fa-setup', want: 'action_2fa_setup' }],
    ['path traversal', { given: '../../etc/passwd', want: 'etc_passwd' }],
    ['accents', { given: 'Ünïcödé', want: 'unicode' }],
    ['spaces and dots', { given: 'pets.list all', want: 'pets_list_all' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    expect(safeIdentifier(given, 'action')).toBe(want);
  });

  it('keeps 400-character names at 64, distinct by a hash of the whole name', () => {
    const a = safeIdentifier('x'.repeat(400) + 'a', 'action');
    const b = safeIdentifier('x'.repeat(400) + 'b', 'action');
    expect(a).toHaveLength(64);
    expect(a).toMatch(VALID_KEY);
    expect(a).not.toBe(b);
  });

  it('never returns a reserved or invalid name', () => {
    for (const raw of ['', ' ', '_', '-', '1', 'class', 'Class', 'NaN', 'undefined', '__defineGetter__', 'a b c', '🙂x', 'x'.repeat(70)]) {
      const s = safeIdentifier(raw, 'field');
      expect(s).toMatch(VALID_KEY);
      expect(s.length).toBeLessThanOrEqual(64);
      expect(isReservedWord(s)).toBe(false);
    }
  });
});

describe('safeTypeName and fileNameFor', () => {
  const types: [string, { given: string; want: string }][] = [
    ['snake', { given: 'list_pets', want: 'ListPets' }],
    ['global type', { given: 'promise', want: 'PromiseAction' }],
    ['runtime type', { given: 'request_spec', want: 'RequestSpecAction' }],
    ['digits first', { given: '123', want: 'Action123' }],
    ['empty', { given: '🐶', want: 'Action' }],
  ];
  it.each(types)('type name: %s', (_, { given, want }) => {
    expect(safeTypeName(given, 'action')).toBe(want);
  });

  const files: [string, { given: string; want: string }][] = [
    ['kebab', { given: 'list_pets', want: 'list-pets' }],
    ['index file of the folder', { given: 'index', want: 'index-action' }],
    ['Windows device', { given: 'con', want: 'con-action' }],
    ['Windows port', { given: 'com1', want: 'com1-action' }],
  ];
  it.each(files)('file name: %s', (_, { given, want }) => {
    expect(fileNameFor(given, 'action')).toBe(want);
  });
});

describe('NameAllocator', () => {
  it('suffixes in call order', () => {
    const a = new NameAllocator();
    expect([a.take('pet'), a.take('pet'), a.take('pet_2'), a.take('pet')]).toEqual(['pet', 'pet_2', 'pet_2_2', 'pet_3']);
  });
  it('is case-insensitive when asked (file systems)', () => {
    const a = new NameAllocator('-', true);
    expect([a.take('Pets'), a.take('pets')]).toEqual(['Pets', 'pets-2']);
  });
  it('keeps suffixed names within the length limit', () => {
    const a = new NameAllocator();
    const long = 'x'.repeat(64);
    a.take(long);
    const second = a.take(long);
    expect(second).toHaveLength(64);
    expect(second.endsWith('_2')).toBe(true);
  });
});

describe('humanize, singularize, hintFrom', () => {
  const labels: [string, string][] = [
    ['pet_id', 'Pet ID'],
    ['createdAt', 'Created at'],
    ['api_url', 'API URL'],
    ['X-Request-Id', 'X request ID'],
    ['user_ids', 'User IDs'],
    ['🐶', '🐶'],
  ];
  it.each(labels)('label of %s', (given, want) => expect(humanize(given)).toBe(want));

  const singulars: [string, string][] = [
    ['pets', 'pet'],
    ['categories', 'category'],
    ['boxes', 'box'],
    ['statuses', 'status'],
    ['status', 'status'],
    ['people', 'person'],
    ['addresses', 'address'],
    ['data', 'data'],
    ['caches', 'cache'],
    ['branches', 'branch'],
    ['analyses', 'analysis'],
    ['cases', 'case'],
    ['databases', 'database'],
    ['causes', 'cause'],
    ['aliases', 'alias'],
  ];
  it.each(singulars)('singular of %s', (given, want) => expect(singularize(given)).toBe(want));

  const hints: [string, string | undefined, string | undefined][] = [
    ['undefined', undefined, undefined],
    ['blank', '  \n ', undefined],
    ['markdown link and bold', 'The **pet** [name](https://x.example).', 'The pet name.'],
    ['first paragraph only', 'First line\ncontinues.\n\nSecond paragraph.', 'First line continues.'],
    ['keeps snake_case words', 'Use created_at to sort.', 'Use created_at to sort.'],
    ['long text: first sentence', 'This is the first sentence and it says enough. ' + 'More words follow here. '.repeat(10), 'This is the first sentence and it says enough.'],
  ];
  it.each(hints)('hint: %s', (_, given, want) => expect(hintFrom(given)).toBe(want));

  it('cuts a long text without sentences to one line under 161 characters', () => {
    const hint = hintFrom('word '.repeat(100))!;
    expect(hint.length).toBeLessThanOrEqual(161);
    expect(hint.endsWith('…')).toBe(true);
    expect(hint).not.toContain('\n');
  });
});
