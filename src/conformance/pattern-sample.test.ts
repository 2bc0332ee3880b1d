import { describe, expect, it } from 'vitest';
import { samplePattern } from './pattern-sample.js';

describe('samplePattern', () => {
  const matching: [string, { given: { pattern: string; min?: number; max?: number }; want?: string }][] = [
    ['literal', { given: { pattern: '^abc$' }, want: 'abc' }],
    ['digits with a fixed count', { given: { pattern: '^\\d{4}$' }, want: '0000' }],
    ['class range and plus', { given: { pattern: '^[A-Z]+$' }, want: 'A' }],
    ['alternation takes the first', { given: { pattern: '^(red|green)$' }, want: 'red' }],
    ['non-capturing group with a bounded repeat', { given: { pattern: '^(?:ab){2,3}$' }, want: 'abab' }],
    ['escaped dot', { given: { pattern: '^v\\d+\\.\\d+$' }, want: 'v0.0' }],
    ['negated class', { given: { pattern: '^[^0-9]+$' }, want: 'a' }],
    ['unanchored pattern padded to minLength', { given: { pattern: 'ab', min: 5 } }],
    ['quantifiers grow to reach minLength', { given: { pattern: '^[a-z]+$', min: 6, max: 8 }, want: 'aaaaaa' }],
    ['ISO currency code', { given: { pattern: '^[A-Z]{3}$' }, want: 'AAA' }],
    ['phone number', { given: { pattern: '^\\+[1-9]\\d{1,14}$' }, want: '+10' }],
    ['named group', { given: { pattern: '^(?<year>\\d{4})-(?<month>\\d{2})$' }, want: '0000-00' }],
    ['unicode escape', { given: { pattern: '^\\u0041+$' }, want: 'A' }],
  ];
  it.each(matching)('%s', (_, { given, want }) => {
    const got = samplePattern(given.pattern, given.min, given.max);
    expect(got).toBeDefined();
    expect(new RegExp(given.pattern, 'u').test(got!)).toBe(true);
    if (given.min !== undefined) expect(got!.length).toBeGreaterThanOrEqual(given.min);
    if (given.max !== undefined) expect(got!.length).toBeLessThanOrEqual(given.max);
    if (want !== undefined) expect(got).toBe(want);
  });

  const unsampled: [string, { given: { pattern: string; min?: number; max?: number } }][] = [
    ['lookahead', { given: { pattern: '^(?=.*\\d)[a-z]+$' } }],
    ['backreference', { given: { pattern: '^(a)\\1$' } }],
    ['invalid regular expression', { given: { pattern: '^[a-' } }],
    ['no string of the length asked for', { given: { pattern: '^a{2}$', min: 5 } }],
  ];
  it.each(unsampled)('gives up on a %s', (_, { given }) => {
    expect(samplePattern(given.pattern, given.min, given.max)).toBeUndefined();
  });
});
