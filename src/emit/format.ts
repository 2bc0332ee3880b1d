/**
 * Prettier at options pinned here. `prettier.format` with explicit options never looks for a user's
 * config file (only `resolveConfig` does, and the generator never calls it), so output is the same on
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
