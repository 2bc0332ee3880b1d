/**
 * Diagnostics are data. Stages return them; only the CLI decides how to show them.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable, kebab-case code, e.g. `invalid-spec`, `ref-outside-root`, `no-test-request`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** JSON pointer into the (bundled) spec, e.g. `/paths/~1pets/get`; empty string for the root. */
  readonly pointer: string;
  /** The file the pointer refers to, when known (absolute path inside the spec's folder). */
  readonly file?: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
}

/**
 * A user's mistake (bad spec, bad config, bad input): the CLI prints the diagnostics and exits non-zero
 * without a stack trace. Anything else thrown is a bug and is shown with its stage and subject.
 */
export class UserError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.name = 'UserError';
    this.diagnostics = diagnostics;
  }
}

/** Wraps an unexpected failure with the stage and subject (e.g. the operation) it happened in. */
export class StageError extends Error {
  constructor(
    readonly stage: 'load' | 'ir' | 'plan' | 'emit' | 'write' | 'exec',
    readonly subject: string,
    cause: unknown,
  ) {
    super(`${stage} failed on ${subject}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StageError';
  }
}

/** JSON pointer escaping, RFC 6901 §3. */
export function pointerEscape(token: string): string {
  // Most tokens (names, indexes) have neither character: returned as they are, without two regex passes.
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerJoin(base: string, ...tokens: readonly (string | number)[]): string {
  return base + tokens.map((t) => '/' + pointerEscape(String(t))).join('');
}

export function pointerParse(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  // RFC 6901 §6: only the URI-fragment form (`#/a%20b`) is percent-encoded; a plain pointer is taken as written.
  const fragment = pointer.startsWith('#');
  const decode = (t: string): string => {
    if (!fragment) return t;
    try {
      return decodeURIComponent(t);
    } catch {
      return t;
    }
  };
  return (fragment ? pointer.slice(1) : pointer)
    .split('/')
    .slice(1)
    .map((t) => decode(t).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The one comparator for every sort in the generator (house style: determinism). */
export const collator = new Intl.Collator('en', { numeric: true });
export const compareText = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
