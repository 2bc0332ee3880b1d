/**
 * Prettier at options pinned here: the format every emitted file is in. The emitters print that format
 * directly (ts-print.ts, format-markdown.ts); the tests check them against this. `prettier.format` with
 * explicit options never looks for a user's config file (only `resolveConfig` does), so it is the same on
 * every machine.
 */
import * as prettier from 'prettier';

export type Parser = 'typescript' | 'json' | 'markdown';

const PINNED = {
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: true,
  quoteProps: 'as-needed',
  trailingComma: 'all',
  bracketSpacing: true,
  arrowParens: 'always',
  proseWrap: 'preserve',
  endOfLine: 'lf',
} as const satisfies prettier.Options;

export function format(text: string, parser: Parser): Promise<string> {
  return prettier.format(text, { ...PINNED, parser });
}
