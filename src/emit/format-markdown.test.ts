import { describe, expect, it } from 'vitest';
import { format } from './format.js';
import { formatMarkdown } from './format-markdown.js';

describe('formatMarkdown', () => {
  const cases: [string, { given: string; want: string }][] = [
    ['blank lines between blocks become one', { given: '# T\n\n\n\npara\n\n\n', want: '# T\n\npara\n' }],
    ['a heading is separated from what follows', { given: '## A\npara\n### B\n', want: '## A\n\npara\n\n### B\n' }],
    ['paragraph lines stay together', { given: 'a\nb\n\nc\n', want: 'a\nb\n\nc\n' }],
    [
      'table columns are aligned to the widest cell, at least three wide',
      { given: '| A | Long header |\n| --- | --- |\n| xyzw | b |\n| \\| | |\n', want: '| A    | Long header |\n| ---- | ----------- |\n| xyzw | b           |\n| \\|   |             |\n' },
    ],
    ['wide characters count two columns', { given: '| a |\n| --- |\n| 日本 |\n', want: '| a    |\n| ---- |\n| 日本 |\n' }],
    ['a fenced block is kept as written and set apart', { given: 'text\n```sh\nnpm  i\n\n\nx\n```\nafter\n', want: 'text\n\n```sh\nnpm  i\n\n\nx\n```\n\nafter\n' }],
    ['blanks left by an empty value become one', { given: 'A connector for  (API `1`).\n', want: 'A connector for (API `1`).\n' }],
    ['a list stays tight', { given: 'Intro:\n\n- a\n- b\n', want: 'Intro:\n\n- a\n- b\n' }],
  ];
  it.each(cases)('%s', async (_name, { given, want }) => {
    expect(formatMarkdown(given)).toBe(want);
    expect(await format(want, 'markdown')).toBe(want);
  });
});
