import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { docText, lineCommentText, stringLiteral } from './literal.js';
import { data, objectKey, printTs, typeKey } from './ts-print.js';

/** A value printed as a data literal, as the emitters print it (flat when it fits, else broken over lines). */
function print(value: unknown): string {
  return printTs(data(value).doc);
}

/** Evaluates an emitted expression (tests only: this is how we prove it is nothing but data). */
function evaluate(expression: string): unknown {
  return new Function(`"use strict"; return (${expression});`)();
}

describe('data literals', () => {
  const cases: [string, { given: unknown; want: string }][] = [
    ['null', { given: null, want: 'null' }],
    ['number', { given: -1.5, want: '-1.5' }],
    ['negative zero becomes 0', { given: -0, want: '0' }],
    ['non-finite becomes null, as in JSON', { given: Number.POSITIVE_INFINITY, want: 'null' }],
    ['boolean', { given: false, want: 'false' }],
    ['string', { given: "it's", want: '"it\'s"' }],
    ['line separators escaped', { given: 'a\u2028b\u2029c', want: "'a\\u2028b\\u2029c'" }],
    ['script end tag escaped', { given: '</script><SCRIPT', want: "'\\u003c/script><SCRIPT'" }],
    ['template syntax stays in a string', { given: '`${x}`', want: "'`${x}`'" }],
    ['empty array', { given: [], want: '[]' }],
    ['array', { given: [1, 'a'], want: "[1, 'a']" }],
    ['empty object', { given: {}, want: '{}' }],
    ['identifier keys bare, others quoted', { given: { a: 1, 'b-c': 2, '1x': 3 }, want: "{ a: 1, 'b-c': 2, '1x': 3 }" }],
    ['undefined properties left out', { given: { a: undefined, b: 1 }, want: '{ b: 1 }' }],
    ['__proto__ key is computed', { given: JSON.parse('{"__proto__": 1}'), want: "{ ['__proto__']: 1 }" }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(print(given)).toBe(want);
  });

  it('refuses functions', () => {
    expect(() => print(() => 1)).toThrow(/function/);
  });

  it('round-trips any JSON value exactly and runs nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const back = evaluate(print(value));
        expect(back).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any string, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => evaluate(stringLiteral(text)) === text));
  });

  it('keeps an own __proto__ property and the normal prototype', () => {
    const value = evaluate(print(JSON.parse('{"__proto__": {"polluted": true}}'))) as object;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

describe('keys', () => {
  const cases: [string, { given: string; want: [typeProperty: string, objectLiteral: string] }][] = [
    ['identifier', { given: 'name', want: ['name', 'name'] }],
    ['dash', { given: 'x-id', want: ["'x-id'", "'x-id'"] }],
    ['empty', { given: '', want: ["''", "''"] }],
    ['__proto__', { given: '__proto__', want: ['__proto__', "['__proto__']"] }],
    ['comment opener', { given: '*/ x', want: ["'*/ x'", "'*/ x'"] }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect([typeKey(given), objectKey(given)]).toEqual(want);
  });
});

describe('comment text', () => {
  const cases: [string, { given: string; want: string }][] = [
    ['closing sequence neutralized', { given: 'a */ b', want: 'a *\\/ b' }],
    ['opening sequence neutralized', { given: 'a /* b', want: 'a /\\* b' }],
    ['every line break becomes \\n', { given: 'a\r\nb\rc\u2028d\u2029e', want: 'a\nb\nc\nd\ne' }],
    ['trimmed', { given: '  a  ', want: 'a' }],
  ];
  it.each(cases)('docText: %s', (_name, { given, want }) => {
    expect(docText(given)).toBe(want);
  });

  it('docText gives text without markers, odd line breaks or controls the same as the full rewriting', () => {
    // A control character at the end is removed by the full rewriting, which it forces.
    const textOf = (chars: string) => fc.array(fc.constantFrom(...chars.split('')), { maxLength: 24 }).map((cs) => cs.join(''));
    const plain = 'aZ09 /\n\t.-_`';
    fc.assert(
      fc.property(fc.oneof(textOf(plain), textOf(plain + '*\r\u2028\u2029\u0001')), (text) => {
        expect(docText(text)).toBe(docText(text + '\u0001'));
      }),
      { numRuns: 5000 },
    );
  });

  it('lineCommentText keeps a // comment on one line', () => {
    expect(lineCommentText('a\nb\u2028c\r\nd')).toBe('a b c d');
  });
});
