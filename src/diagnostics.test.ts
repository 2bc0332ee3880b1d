import { describe, expect, it } from 'vitest';
import { compareText, pointerJoin, pointerParse } from './diagnostics.js';

describe('pointerParse', () => {
  it.each<[string, { given: string; want: string[] }]>([
    ['root', { given: '', want: [] }],
    ['fragment root', { given: '#', want: [] }],
    ['escaped slash and tilde', { given: '/paths/~1pets~1{id}/get', want: ['paths', '/pets/{id}', 'get'] }],
    ['a plain pointer is not percent-decoded (a key may hold %)', { given: '/paths/~1rate%/get', want: ['paths', '/rate%', 'get'] }],
    ['the fragment form is percent-decoded', { given: '#/components/schemas/a%20b', want: ['components', 'schemas', 'a b'] }],
    ['a broken escape in a fragment is kept', { given: '#/x/%E0%A4%A', want: ['x', '%E0%A4%A'] }],
  ])('%s', (_, { given, want }) => {
    expect(pointerParse(given)).toEqual(want);
  });

  it('round-trips with pointerJoin', () => {
    const tokens = ['paths', '/a/{b}', '~x', '50%'];
    expect(pointerParse(pointerJoin('', ...tokens))).toEqual(tokens);
  });
});

describe('compareText', () => {
  it('sorts numerically and deterministically', () => {
    expect(['a10', 'a2', 'B', 'b', 'a1'].sort(compareText)).toEqual(['a1', 'a2', 'a10', 'b', 'B']);
  });
});
