import { describe, expect, it } from 'vitest';
import { commentText, isSafeName, rubyKey, rubyString, rubyValue } from './ruby.js';

describe('rubyString', () => {
  it.each([
    ['plain', { given: 'Create pet', want: "'Create pet'" }],
    ['quote', { given: "it's", want: "'it\\'s'" }],
    ['backslash', { given: 'a\\b', want: "'a\\\\b'" }],
    ['backslash before quote', { given: "\\'", want: "'\\\\\\''" }],
    ['interpolation stays text', { given: "#{system('x')}", want: "'#{system(\\'x\\')}'" }],
    ['newline kept as is', { given: 'a\nb', want: "'a\nb'" }],
  ])('%s', (_name, { given, want }) => {
    expect(rubyString(given)).toBe(want);
  });
});

describe('names and keys', () => {
  it.each([
    ['snake_case', { given: 'create_pet', safe: true, key: 'create_pet:' }],
    ['leading underscore', { given: '_x1', safe: true, key: '_x1:' }],
    ['keyword is still a label', { given: 'end', safe: true, key: 'end:' }],
    ['capital', { given: 'Pet', safe: false, key: "'Pet' =>" }],
    ['dash', { given: 'a-b', safe: false, key: "'a-b' =>" }],
    ['digit first', { given: '1a', safe: false, key: "'1a' =>" }],
    ['quote', { given: "a'b", safe: false, key: "'a\\'b' =>" }],
    ['END marker', { given: '__END__', safe: false, key: "'__END__' =>" }],
  ])('%s', (_name, { given, safe, key }) => {
    expect(isSafeName(given)).toBe(safe);
    expect(rubyKey(given)).toBe(key);
  });
});

describe('rubyValue', () => {
  it.each([
    ['nil', { given: null, want: 'nil' }],
    ['numbers', { given: [1, -2.5, 1e21, -0, Number.NaN], want: '[1, -2.5, 1e+21, 0, nil]' }],
    ['hash keys quoted', { given: { "k'": true }, want: "{\n  'k\\'' => true\n}" }],
    ['nested', { given: { a: [{ b: 'c' }] }, want: "{\n  'a' => [\n    {\n      'b' => 'c'\n    }\n  ]\n}" }],
    ['empty', { given: [{}, []], want: '[\n  {},\n  []\n]' }],
  ])('%s', (_name, { given, want }) => {
    expect(rubyValue(given)).toBe(want);
  });
});

describe('commentText', () => {
  it('keeps a comment on one line', () => {
    expect(commentText('a\nb\r\u2028c\u0000')).toBe('a b  c ');
  });
});
