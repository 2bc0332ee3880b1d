import { describe, expect, it } from 'vitest';
import { UserError } from '../diagnostics.js';
import { hashOptions, parseLock, serializeLock, type Lock } from './lock.js';
import { checkRelativePath } from './safe-path.js';
import { specPathForLock } from './spec-path.js';

const lock: Lock = {
  lockVersion: 1,
  generatorVersion: '0.1.0',
  spec: { path: '../specs/pets.yaml', hash: 'abc' },
  optionsHash: hashOptions({ b: 1, a: { d: 2, c: 3 } }),
  options: { b: 1, a: { d: 2, c: 3 } },
  files: { 'src/z.ts': '1', 'src/a.ts': '2', 'src/action-10.ts': '3', 'src/action-9.ts': '4' },
  deleted: {},
  conflicts: [],
};

describe('lock', () => {
  it('serializes with sorted keys at every depth and reads back what it wrote', () => {
    const text = serializeLock(lock);
    expect(text.indexOf('"a"')).toBeLessThan(text.indexOf('"b"'));
    expect(text.indexOf('"c"')).toBeLessThan(text.indexOf('"d"'));
    expect(Object.keys(JSON.parse(text).files)).toEqual(['src/a.ts', 'src/action-9.ts', 'src/action-10.ts', 'src/z.ts']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseLock(text, 'lock.json')).toEqual(lock);
    expect(serializeLock(parseLock(text, 'lock.json'))).toBe(text);
  });

  it('hashes options regardless of key order', () => {
    expect(hashOptions({ a: 1, b: [1, 2] })).toBe(hashOptions({ b: [1, 2], a: 1 }));
    expect(hashOptions({ a: 1, b: [1, 2] })).not.toBe(hashOptions({ a: 1, b: [2, 1] }));
  });

  it.each([
    ['not JSON', '{', /damaged/],
    ['a missing field', JSON.stringify({ ...lock, files: undefined }), /damaged/],
    ['a newer format', JSON.stringify({ ...lock, lockVersion: 2 }), /newer connector-gen/],
  ])('refuses %s with a UserError', (_name, text, message) => {
    expect(() => parseLock(text, 'lock.json')).toThrow(UserError);
    expect(() => parseLock(text, 'lock.json')).toThrow(message);
  });
});

describe('checkRelativePath', () => {
  it.each([
    ['src/index.ts', undefined],
    ['README.md', undefined],
    ['.gitignore', undefined],
    ['../x.ts', /leaves the output folder/],
    ['a/../../x.ts', /leaves the output folder/],
    ['/etc/passwd', /absolute/],
    ['C:/x.ts', /absolute/],
    ['a\\b.ts', /separator/],
    ['a//b.ts', /empty or "\." segment/],
    ['./a.ts', /empty or "\." segment/],
    ['', /empty/],
    ['.connector-gen/lock.json', /reserved/],
  ])('%j', (given, want) => {
    if (want === undefined) expect(() => checkRelativePath(given)).not.toThrow();
    else expect(() => checkRelativePath(given)).toThrow(want);
  });
});

describe('specPathForLock', () => {
  it.each([
    ['out/pets', 'specs/pets.yaml', '../../specs/pets.yaml'],
    ['out', 'out/spec.json', 'spec.json'],
    ['out', 'https://example.com/openapi.json', 'https://example.com/openapi.json'],
  ])('output %s, spec %s → %s', (dir, spec, want) => {
    expect(specPathForLock(dir, spec)).toBe(want);
  });
});
