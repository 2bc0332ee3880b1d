/**
 * The one door through which text from the spec enters generated TypeScript: string literals (through
 * `quote` in ts-print.ts, which builds on `stringLiteral`) and comments (`docText`, `lineCommentText`), so spec
 * text is always data and never code (issue 6: hostile input stays inert).
 */

/** JSON string literal, hardened for embedding: line/paragraph separators and `</script` escaped. */
export function stringLiteral(text: string): string {
  const json = JSON.stringify(text);
  if (!NEEDS_HARDENING.test(json)) return json;
  return json
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/<(\/script)/gi, '\\u003c$1');
}

const NEEDS_HARDENING = /[\u2028\u2029]|<\/script/i;

/**
 * Text for a JSDoc comment. `*\/` cannot close the comment early; every line break (including
 * U+2028/U+2029) becomes `\n`, which `jsDoc` in ts-print.ts turns into ` * ` lines.
 */
export function docText(text: string): string {
  // Most descriptions hold no `*`, no line break but `\n` and no control character: they are only trimmed.
  if (!COMMENT_SPECIAL.test(text)) return text.trim();
  return withoutControls(text)
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/\/\*/g, '/\\*')
    .trim();
}

const COMMENT_SPECIAL = /[*\r\u2028\u2029\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text for a one-line `//` comment: nothing may end the line early. */
export function lineCommentText(text: string): string {
  return withoutControls(text).replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** C0 controls other than tab and line breaks (a NUL in a spec) would make the source file binary to git and editors. */
export function withoutControls(text: string): string {
  // Almost no text has one: tested first, the usual case returns without building a replacement.
  return CONTROLS.test(text) ? text.replace(CONTROLS_ALL, '') : text;
}

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROLS_ALL = new RegExp(CONTROLS.source, 'g');
