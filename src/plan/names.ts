/**
 * Names that must be valid everywhere they are used: keys (JS properties, file names, Ruby symbols),
 * TypeScript type names, file names and labels. Everything here is pure; `NameAllocator` instances are
 * created per plan, never shared.
 */

/**
 * A pure string function remembered for the strings it has seen: labels and hints repeat across thousands of
 * fields (GitHub: `id`, `url`, `node_id` in every schema). The memory is capped; past it, nothing more is kept.
 */
function memo<T>(f: (s: string) => T, cap = 50_000): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    const hit = seen.get(s);
    if (hit !== undefined || seen.has(s)) return hit as T;
    const value = f(s);
    if (seen.size < cap) seen.set(s, value);
    return value;
  };
}

/** Splits `petId`, `HTTPServer`, `created_at`, `list-pets`, `Ünïcode` into words; drops what is not a letter or digit. */
export function words(raw: string): string[] {
  // NFKD is the slow part, and plain ASCII has nothing to decompose.
  const ascii = (/^[\x00-\x7f]*$/.test(raw) ? raw : raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([0-9])([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return ascii.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
}

export const snakeCase: (raw: string) => string = memo((raw) =>
  words(raw)
    .map((w) => w.toLowerCase())
    .join('_'),
);

export const pascalCase: (raw: string) => string = memo((raw) =>
  words(raw)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(''),
);

/**
 * Words that must not be a key or field name: JS reserved words (also strict-mode and contextual ones a
 * generated `const` might hit), Ruby keywords (Workato's SDK is Ruby), names that shadow Object.prototype,
 * and `then` (an object with a `then` member is a thenable and breaks `await`).
 */
const RESERVED = new Set(
  (
    'abstract arguments await boolean break byte case catch char class const continue debugger default delete do double ' +
    'else enum eval export extends false final finally float for function goto if implements import in instanceof int ' +
    'interface let long native new null package private protected public return short static super switch synchronized ' +
    'this throw throws transient true try typeof undefined var void volatile while with yield nan infinity ' +
    'alias and begin def defined elsif end ensure module next nil not or redo rescue retry self then undef unless until when ' +
    'constructor prototype proto hasownproperty isprototypeof propertyisenumerable tostring tolocalestring valueof ' +
    'definegetter definesetter lookupgetter lookupsetter'
  ).split(' '),
);

export function isReservedWord(name: string): boolean {
  return RESERVED.has(name.toLowerCase());
}

export const MAX_KEY_LENGTH = 64;

/** FNV-1a, 32 bits, as 8 hex digits: a short stable tag for names that had to be shortened. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A snake_case identifier `[a-z][a-z0-9_]*`, not reserved, at most 64 characters.
 * `kind` is the word used when the raw name has no usable letters (`🐶` → `field`), starts with a digit
 * (`2fa` → `field_2fa`) or is reserved (`class` → `class_field`).
 */
export function safeIdentifier(raw: string, kind: string, maxLength = MAX_KEY_LENGTH): string {
  let s = snakeCase(raw);
  if (s === '') s = kind;
  else if (/^[0-9]/.test(s)) s = `${kind}_${s}`;
  if (isReservedWord(s)) s = `${s}_${kind}`;
  // A long name keeps a readable prefix and a hash of the whole, so two long names that share a prefix differ.
  if (s.length > maxLength) s = `${s.slice(0, maxLength - 9).replace(/_+$/, '')}_${shortHash(raw)}`;
  return s;
}

/** Type names that the generated code imports or that are TypeScript/JS globals. */
const RESERVED_TYPE_NAMES = new Set(
  (
    'Array Boolean Date Error Function Map Number Object Promise Proxy Record Partial Required Readonly Pick Omit ' +
    'Exclude Extract NonNullable ReturnType Parameters Awaited RegExp Set String Symbol WeakMap WeakSet JSON Math ' +
    'Buffer Blob File FormData Headers Request Response URL URLSearchParams Uint8Array ArrayBuffer BigInt Intl ' +
    'Iterator AsyncIterator AsyncGenerator Generator Unknown Any Never Void Null Undefined Infinity NaN Global Globals ' +
    'Field FieldType JsonSchema HttpMethod ParameterLocation ParameterStyle ConnectionSettings AuthDefinition ' +
    'ConnectionField ConnectionDefinition ParamBinding BodyEncoding BodySpec ResponseKind Pagination RequestSpec ' +
    'FileInput BinaryOutput HttpResponse Logger Context ActionDefinition PollResult PollTriggerDefinition ' +
    'WebhookTriggerDefinition TriggerDefinition ObjectDefinition PickListDefinition TestDefinition Connector'
  ).split(' '),
);

/** A PascalCase type name: `[A-Z][A-Za-z0-9]*`, not a global or runtime type, at most 64 characters. */
export function safeTypeName(raw: string, kind: string): string {
  let s = pascalCase(raw);
  const fallback = pascalCase(kind);
  if (s === '') s = fallback;
  else if (/^[0-9]/.test(s)) s = `${fallback}${s}`;
  if (RESERVED_TYPE_NAMES.has(s)) s = `${s}${fallback}`;
  if (s.length > MAX_KEY_LENGTH) s = `${s.slice(0, MAX_KEY_LENGTH - 8)}${shortHash(raw).toUpperCase()}`;
  return s;
}

/** Windows device names and `index` (every generated folder has an index file). */
const RESERVED_FILE_NAMES = new Set(['con', 'prn', 'aux', 'nul', 'index', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`])]);

/** kebab-case file name (no extension) from a safe key. */
export function fileNameFor(key: string, kind: string): string {
  let s = safeIdentifier(key, kind).replace(/_/g, '-');
  if (RESERVED_FILE_NAMES.has(s)) s = `${s}-${kind}`;
  return s;
}

/**
 * Hands out unique names in call order: the first asker gets the name, later ones `name_2`, `name_3`, ….
 * Case-insensitive when asked (file names on macOS and Windows).
 */
export class NameAllocator {
  private readonly used = new Set<string>();
  constructor(
    private readonly separator: string = '_',
    private readonly caseInsensitive = false,
    private readonly maxLength = MAX_KEY_LENGTH,
  ) {}

  private norm(name: string): string {
    return this.caseInsensitive ? name.toLowerCase() : name;
  }

  has(name: string): boolean {
    return this.used.has(this.norm(name));
  }

  /** Marks a name as taken; false when it already was. */
  reserve(name: string): boolean {
    if (this.has(name)) return false;
    this.used.add(this.norm(name));
    return true;
  }

  take(base: string): string {
    if (this.reserve(base)) return base;
    for (let i = 2; ; i++) {
      const suffix = `${this.separator}${i}`;
      const candidate = base.slice(0, this.maxLength - suffix.length) + suffix;
      if (this.reserve(candidate)) return candidate;
    }
  }
}

const ACRONYMS = new Set(
  'id ids url urls uri api ip uuid json html http https sms ssl tls sku oauth xml csv pdf utc iso mfa sso dns vpn cpu ttl sha md5 ssh gpg jwt cc bcc'.split(' '),
);

/** "pet_id" → "Pet ID", "createdAt" → "Created at"; a name with no letters or digits is kept as written. */
export const humanize: (raw: string) => string = memo(humanizeOnce);

function humanizeOnce(raw: string): string {
  const ws = words(raw);
  if (ws.length === 0) return raw.trim() || 'Value';
  return ws
    .map((w, i) => {
      const lower = w.toLowerCase();
      if (ACRONYMS.has(lower)) return lower === 'ids' ? 'IDs' : lower.toUpperCase();
      return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}

const IRREGULAR: Readonly<Record<string, string>> = {
  people: 'person',
  children: 'child',
  men: 'man',
  women: 'woman',
  data: 'data',
  news: 'news',
  series: 'series',
  species: 'species',
  indices: 'index',
  matrices: 'matrix',
  criteria: 'criterion',
};

/** English singular of one lower-case word, good enough for resource names ("categories" → "category"). */
export function singularize(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR[w] !== undefined) return IRREGULAR[w];
  if (/(ss|us|is|ics)$/.test(w)) return w;
  if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + 'y';
  if (/yses$/.test(w)) return w.slice(0, -2) + 'is';
  // batches, branches, boxes, statuses, aliases drop "es"; caches, cases, causes, databases only "s".
  if (/(sses|xes|shes|zzes|[^aeiou]ches|[^aeiou]uses|(ali|bi)ases)$/.test(w)) return w.slice(0, -2);
  if (/s$/.test(w) && w.length > 1) return w.slice(0, -1);
  return w;
}

/** A one-line hint from a description: markdown and HTML removed, first paragraph, at most ~160 characters. */
export function hintFrom(description: string | undefined): string | undefined {
  return description === undefined ? undefined : hintOf(description);
}

const hintOf = memo(hintOnce);

function hintOnce(description: string): string | undefined {
  let text = description
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\*\*|`|^#+\s*/gm, '')
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return undefined;
  if (text.length > 160) {
    const sentence = /^(.{20,160}?[.!?])\s/.exec(text);
    if (sentence) text = sentence[1]!;
    else {
      const cut = text.slice(0, 159);
      text = cut.slice(0, Math.max(cut.lastIndexOf(' '), 100)).trimEnd() + '…';
    }
  }
  return text;
}
