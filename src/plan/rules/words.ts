/**
 * Words: splitting identifiers and paths into words, and a small English singular/plural for resource
 * names. Regular rules plus the irregulars API paths actually use; uncountable words stay as they are.
 */

/** `listPets` → [list, pets]; `GetV1UsersUserId` → [get, v1, users, user, id]; `HTTPServer` → [http, server]. */
export function splitWords(text: string): string[] {
  let words = splitCache.get(text);
  if (words === undefined) {
    words = text
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w !== '')
      .map((w) => w.toLowerCase());
    remember(splitCache, text, words);
  }
  // A copy: callers may change the array they get.
  return words.slice();
}

/** Lower-case letters and digits only, for comparing `custom-fields`, `customFields` and `custom_fields`. */
export function squash(text: string): string {
  let squashed = squashCache.get(text);
  if (squashed === undefined) {
    squashed = text.toLowerCase().replace(/[^a-z0-9]/g, '');
    remember(squashCache, text, squashed);
  }
  return squashed;
}

// The rules ask about the same names (parameters, properties, path segments) over and over: planning GitHub
// squashes 476,516 names, 1,850 of them distinct, and splits 36,446 (3,052 distinct); singularize made 18 MB
// of strings and regular expression results. Bounded so that a huge
// spec cannot grow them without end.
const MAX_CACHED = 50_000;
const splitCache = new Map<string, readonly string[]>();
const squashCache = new Map<string, string>();
const singularCache = new Map<string, string>();

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
}

const UNCOUNTABLE = new Set([
  'data', 'metadata', 'news', 'series', 'species', 'info', 'information', 'media', 'equipment', 'feedback',
  'software', 'hardware', 'firmware', 'analytics', 'settings', 'status', 'access', 'audio', 'content', 'music',
  'sms', 'mms', 'staff', 'inventory', 'search', 'me', 'auth', 'health', 'billing', 'traffic', 'usage', 'progress',
  'address', 'bus', 'alias', 'canvas', 'census', 'campus', 'corpus', 'virus', 'radius', 'chassis', 'ssh', 'dns',
]);

// singular → plural
const IRREGULAR: readonly (readonly [string, string])[] = [
  ['person', 'people'],
  ['child', 'children'],
  ['man', 'men'],
  ['woman', 'women'],
  ['index', 'indices'],
  ['matrix', 'matrices'],
  ['vertex', 'vertices'],
  ['appendix', 'appendices'],
  ['criterion', 'criteria'],
  ['datum', 'data'],
  ['analysis', 'analyses'],
  ['basis', 'bases'],
  ['crisis', 'crises'],
  ['thesis', 'theses'],
  ['quiz', 'quizzes'],
  ['leaf', 'leaves'],
  ['life', 'lives'],
  ['knife', 'knives'],
  ['wife', 'wives'],
  ['half', 'halves'],
  ['shelf', 'shelves'],
  ['foot', 'feet'],
  ['tooth', 'teeth'],
  ['goose', 'geese'],
  ['mouse', 'mice'],
  ['ox', 'oxen'],
  ['cookie', 'cookies'],
  ['movie', 'movies'],
  ['die', 'dice'],
];
const PLURAL_OF = new Map(IRREGULAR);
const SINGULAR_OF = new Map(IRREGULAR.map(([s, p]) => [p, s] as const));

/** Singular of one lower- or mixed-case English noun (keeps the case of the first letter). */
export function singularize(word: string): string {
  let singular = singularCache.get(word);
  if (singular === undefined) {
    singular = singularOf(word);
    remember(singularCache, word, singular);
  }
  return singular;
}

function singularOf(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length < 3 || UNCOUNTABLE.has(lower)) return word;
  const irregular = SINGULAR_OF.get(lower);
  if (irregular !== undefined) return matchCase(word, irregular);
  const apply = (cut: number, add: string): string => word.slice(0, word.length - cut) + add;
  if (/(statuses|addresses|aliases|buses|viruses|campuses|canvases|bonuses)$/.test(lower)) return apply(2, '');
  if (/[^aeiou]ies$/.test(lower)) return apply(3, 'y');
  if (/(ches|shes|sses|xes|zzes)$/.test(lower)) return apply(2, '');
  if (/(ss|us|is)$/.test(lower)) return word;
  if (lower.endsWith('s')) return apply(1, '');
  return word;
}

/** Plural of one English noun; a word that already looks plural is kept. */
export function pluralize(word: string): string {
  const lower = word.toLowerCase();
  if (UNCOUNTABLE.has(lower) && !/(status|address|alias|bus|virus|campus|canvas)$/.test(lower)) return word;
  const irregular = PLURAL_OF.get(lower);
  if (irregular !== undefined) return matchCase(word, irregular);
  if (SINGULAR_OF.has(lower)) return word;
  if (isPlural(lower)) return word;
  if (/[^aeiou]y$/.test(lower)) return word.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(lower)) return word + 'es';
  return word + 's';
}

/** True when the word reads as a plural (`pets`, `people`, `statuses`), false for `status`, `address`. */
export function isPlural(word: string): boolean {
  const lower = word.toLowerCase();
  if (SINGULAR_OF.has(lower)) return true;
  if (PLURAL_OF.has(lower) || UNCOUNTABLE.has(lower)) return lower === 'data';
  return singularize(lower) !== lower;
}

/** Singular/plural-insensitive equality of two resource names written in any case style. */
export function sameResource(a: string, b: string): boolean {
  const x = squash(a);
  const y = squash(b);
  return x !== '' && (x === y || singularize(x) === singularize(y));
}

function matchCase(model: string, word: string): string {
  return /^[A-Z]/.test(model) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}
