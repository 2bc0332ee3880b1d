import { describe, expect, it } from 'vitest';
import { findConflictMarkers, mergeText, usesCrlf } from './merge.js';

const lines = (...l: string[]): string => l.map((x) => x + '\n').join('');

describe('mergeText', () => {
  const cases: [string, { given: { base: string; yours: string; generated: string }; want: { text: string; conflictLines: number[] } }][] = [
    [
      'your edit and a generator edit far apart are both kept',
      {
        given: {
          base: lines('title: "Get pet"', 'a', 'b', 'c', 'fields: [id]'),
          yours: lines('title: "Fetch one pet"', 'a', 'b', 'c', 'fields: [id]'),
          generated: lines('title: "Get pet"', 'a', 'b', 'c', 'fields: [id, name]'),
        },
        want: { text: lines('title: "Fetch one pet"', 'a', 'b', 'c', 'fields: [id, name]'), conflictLines: [] },
      },
    ],
    [
      'the same change on both sides is not a conflict',
      {
        given: { base: lines('a', 'b'), yours: lines('a', 'B'), generated: lines('a', 'B') },
        want: { text: lines('a', 'B'), conflictLines: [] },
      },
    ],
    [
      'different changes to one line conflict, with base shown',
      {
        given: { base: lines('x', 'a', 'y'), yours: lines('x', 'mine', 'y'), generated: lines('x', 'theirs', 'y') },
        want: {
          text: lines('x', '<<<<<<< yours', 'mine', '||||||| base', 'a', '=======', 'theirs', '>>>>>>> generated', 'y'),
          conflictLines: [2],
        },
      },
    ],
    [
      'lines both sides agree on stay outside the markers',
      {
        given: { base: lines('a'), yours: lines('same', 'mine'), generated: lines('same', 'theirs') },
        want: {
          text: lines('same', '<<<<<<< yours', 'mine', '||||||| base', 'a', '=======', 'theirs', '>>>>>>> generated'),
          conflictLines: [2],
        },
      },
    ],
    [
      'a final newline added by you merges with a change to the last line',
      {
        given: { base: 'a\nb', yours: 'a\nb\n', generated: 'a\nB' },
        want: { text: 'a\nB\n', conflictLines: [] },
      },
    ],
    [
      'a line you appended stays while the generator changes the top',
      {
        given: { base: lines('a', 'b', 'c'), yours: lines('a', 'b', 'c', '// mine'), generated: lines('A', 'b', 'c') },
        want: { text: lines('A', 'b', 'c', '// mine'), conflictLines: [] },
      },
    ],
    [
      'CRLF on disk is kept; the merge itself is line-based',
      {
        given: { base: lines('a', 'b', 'c', 'd'), yours: 'mine\r\nb\r\nc\r\nd\r\n', generated: lines('a', 'b', 'c', 'D') },
        want: { text: 'mine\r\nb\r\nc\r\nD\r\n', conflictLines: [] },
      },
    ],
    [
      'a generated deletion next to nothing you touched applies',
      {
        given: { base: lines('a', 'b', 'c', 'd', 'e'), yours: lines('a', 'b', 'c', 'd', 'E'), generated: lines('a', 'c', 'd', 'e') },
        want: { text: lines('a', 'c', 'd', 'E'), conflictLines: [] },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const result = mergeText(given.base, given.yours, given.generated);
    expect(result.text).toBe(want.text);
    expect(result.conflictLines).toEqual(want.conflictLines);
  });
});

describe('findConflictMarkers', () => {
  const cases: [string, { given: string; want: number[] }][] = [
    ['a full conflict', { given: lines('a', '<<<<<<< yours', 'x', '=======', 'y', '>>>>>>> generated'), want: [2] }],
    ['two conflicts', { given: lines('<<<<<<< yours', '=======', '>>>>>>> generated', 'b', '<<<<<<<', '>>>>>>>'), want: [1, 5] }],
    ['a Markdown heading underline is not a marker', { given: lines('Title', '=======', 'text'), want: [] }],
    ['an opening marker without a close is not counted', { given: lines('<<<<<<< yours', 'x'), want: [] }],
    ['a longer run of < is not a marker', { given: lines('<<<<<<<<', '>>>>>>>>'), want: [] }],
    ['CRLF markers are found', { given: '<<<<<<< yours\r\nx\r\n>>>>>>> generated\r\n', want: [1] }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(findConflictMarkers(given)).toEqual(want);
  });
});

describe('usesCrlf', () => {
  it.each([
    ['a\r\nb\r\n', true],
    ['a\nb\n', false],
    ['a\r\nb\nc\n', false],
    ['', false],
  ] as const)('%j → %s', (given, want) => {
    expect(usesCrlf(given)).toBe(want);
  });
});
