/**
 * The generated package's non-TypeScript files (package.json, tsconfig.json, README.md) from the
 * Handlebars templates in `templates/`. Spec text reaches them only through helpers that encode it for
 * the file at hand: `json` for JSON, `md`/`para`/`cell`/`code` for Markdown. Handlebars never re-reads
 * a value as a template, so spec text holding `{{…}}` comes out as written.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import type { Plan, PlanAuth, PlanField, PlanRequest } from '../plan/types.js';
import type { EmitOptions } from './emit-package.js';
import { formatMarkdown } from './format-markdown.js';
import { withoutControls } from './literal.js';

const TEMPLATE_DIR = new URL('../../templates/', import.meta.url);
export const TEMPLATES = ['package.json', 'tsconfig.json', 'README.md'] as const;
export type TemplateName = (typeof TEMPLATES)[number];
const COMPILE_OPTIONS = { strict: false, noEscape: false };

const require = createRequire(import.meta.url);
/**
 * What `npm run build` precompiled (scripts/build-templates.mjs): beside this module in dist/emit/, absent in src/.
 * Named from the folder above, so that the same path holds from the bundle in dist/bundle/ (scripts/bundle.mjs).
 */
const PRECOMPILED = fileURLToPath(new URL('../emit/templates.cjs', import.meta.url));
export type Precompiled = Partial<Record<TemplateName, { readonly sha256: string; readonly spec: Parameters<typeof Handlebars.template>[0] }>>;

/**
 * Backslash-escapes what could turn spec text into markup in CommonMark/GFM inline text: emphasis, links,
 * HTML, table pipes. (Line-start markers are handled per line in `mdParagraphs`.) Backticks stay (a code span is inert), and so does `_` inside a word,
 * which GFM never reads as emphasis (`auth_type`).
 */
function escapeInline(text: string): string {
  return text.replace(/[\\*[\]<|~&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\$&');
}

function oneLine(text: string): string {
  return withoutControls(text).replace(/\s+/g, ' ').trim();
}

/** The shortest backtick fence that no run of backticks inside `text` can close early (Prettier's choice). */
function fenceFor(text: string): string {
  const runs = new Set((text.match(/`+/g) ?? []).map((run) => run.length));
  let n = 1;
  while (runs.has(n)) n++;
  return '`'.repeat(n);
}

/** A code span as Prettier prints one with this content (CommonMark §6.1: padded when it must be). */
function codeSpan(content: string): string {
  const fence = fenceFor(content);
  const pad = content.startsWith('`') || content.endsWith('`') || (/^ /.test(content) && / $/.test(content) && /[^ ]/.test(content)) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * Rewrites the code spans of a paragraph as Prettier would print them (spec text writes ```x``` for `x`). A span
 * that would run over a line break is made literal text instead, so each line stays as it is.
 */
function normalizeCodeSpans(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    let open = text.indexOf('`', i);
    // A backtick after an odd number of backslashes is escaped text (only our own escapes make one).
    while (open > 0 && isEscaped(text, open)) open = text.indexOf('`', open + 1);
    if (open < 0) break;
    let n = 1;
    while (text[open + n] === '`') n++;
    // The closing run: the next run of exactly n backticks (backslashes do not escape inside a span).
    let close = -1;
    for (let j = open + n; j < text.length; ) {
      const k = text.indexOf('`', j);
      if (k < 0) break;
      let m = 1;
      while (text[k + m] === '`') m++;
      if (m === n) {
        close = k;
        break;
      }
      j = k + m;
    }
    out += text.slice(i, open);
    if (close < 0 || text.slice(open, close).includes('\n')) {
      out += '\\`'.repeat(n);
      i = open + n;
      continue;
    }
    let content = text.slice(open + n, close);
    if (/^ /.test(content) && / $/.test(content) && /[^ ]/.test(content)) content = content.slice(1, -1);
    out += codeSpan(content);
    i = close + n;
  }
  return out + text.slice(i);
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let k = at - 1; k >= 0 && text[k] === '\\'; k--) backslashes++;
  return backslashes % 2 === 1;
}

/** Inline Markdown text on one line. */
export function mdInline(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  // Most cells and titles are names, types and plain words: nothing to collapse, escape or rewrite (GitHub's
  // README: 22,787 of 23,286).
  if (PLAIN_INLINE.test(text) && !LONE_UNDERSCORE.test(text)) return text;
  return normalizeCodeSpans(escapeInline(oneLine(text)));
}

/**
 * Text `mdInline` gives back unchanged: printable ASCII words between single spaces, without the characters
 * escapeInline escapes or a backtick, and with underscores only inside words (LONE_UNDERSCORE).
 */
const PLAIN_INLINE = /^[A-Za-z0-9_.,:;!?'"()/+=@#$%^{}-]+(?: [A-Za-z0-9_.,:;!?'"()/+=@#$%^{}-]+)*$/;
const LONE_UNDERSCORE = /(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/;

/**
 * A paragraph (or several): line structure kept, each line escaped, nothing read as a block marker (a code
 * fence included). Runs of spaces become one, as Prettier would print them (format-markdown.ts relies on it).
 */
export function mdParagraphs(value: unknown): string {
  return withoutControls(String(value ?? ''))
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .split('\n')
    .map((line) => escapeInline(line.replace(/[ \t]+/g, ' ').trim()).replace(/^([-+=#>]|\d+[.)])/, '\\$1').replace(/^`{3,}/, (fence) => '\\`'.repeat(fence.length)))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .split('\n\n')
    .map(normalizeCodeSpans)
    .join('\n\n');
}

/** An inline code span that no backtick in the text can close early (CommonMark §6.1). */
export function mdCode(value: unknown): string {
  return codeSpan(oneLine(String(value ?? '')));
}

function createHandlebars(handlebars: typeof Handlebars): typeof Handlebars {
  const hb = handlebars.create();
  const safe = (text: string) => new hb.SafeString(text);
  hb.registerHelper('json', (value: unknown) => safe(JSON.stringify(value ?? null)));
  hb.registerHelper('md', (value: unknown) => safe(mdInline(value)));
  hb.registerHelper('para', (value: unknown) => safe(mdParagraphs(value)));
  hb.registerHelper('code', (value: unknown) => safe(mdCode(value)));
  // A table cell: inline text, `|` escaped (GFM tables split on it even inside code spans).
  hb.registerHelper('cell', (value: unknown) => safe(mdInline(value)));
  return hb;
}

/**
 * The templates, precompiled at build time where the build's copy is of the same source (only Handlebars'
 * runtime is loaded then), else compiled now.
 */
/** Read synchronously, as the runtime files are (runtime-files.ts). */
export function loadTemplates(): Map<TemplateName, Handlebars.TemplateDelegate> {
  const sources = TEMPLATES.map((name) => readFileSync(new URL(`${name}.hbs`, TEMPLATE_DIR), 'utf8'));
  return templatesFrom(sources, existsSync(PRECOMPILED) ? (require(PRECOMPILED) as Precompiled) : {});
}

/** The templates of `sources` (in TEMPLATES order): precompiled ones where their hash matches, the rest compiled now. */
export function templatesFrom(sources: readonly string[], precompiled: Precompiled): Map<TemplateName, Handlebars.TemplateDelegate> {
  const specs = TEMPLATES.map((name, i) => {
    const built = precompiled[name];
    return built !== undefined && built.sha256 === createHash('sha256').update(sources[i]!).digest('hex') ? built.spec : undefined;
  });
  const runtimeOnly = specs.every((spec) => spec !== undefined);
  const hb = createHandlebars(require(runtimeOnly ? 'handlebars/runtime' : 'handlebars') as typeof Handlebars);
  return new Map(TEMPLATES.map((name, i) => [name, specs[i] !== undefined ? hb.template(specs[i]) : hb.compile(sources[i]!, COMPILE_OPTIONS)]));
}

function requestLine(request: PlanRequest): string {
  return `${request.method.toUpperCase()} ${request.path}`;
}

function authDetail(auth: PlanAuth): string {
  switch (auth.type) {
    case 'api_key':
      return `API key sent in the ${auth.in} ${JSON.stringify(auth.paramName)}, from the field ${JSON.stringify(auth.field)}.`;
    case 'basic':
      return `HTTP basic, from the fields ${JSON.stringify(auth.usernameField)} and ${JSON.stringify(auth.passwordField)}.`;
    case 'bearer':
      return `Bearer token from the field ${JSON.stringify(auth.tokenField)}.`;
    case 'oauth2': {
      const where = auth.openIdConnectUrl
        ? `discovered at ${auth.openIdConnectUrl}`
        : [auth.authorizationUrl && `authorize at ${auth.authorizationUrl}`, auth.tokenUrl && `token at ${auth.tokenUrl}`]
            .filter(Boolean)
            .join(', ');
      const scopes = auth.scopes.length > 0 ? `; scopes ${auth.scopes.join(', ')}` : '';
      return `OAuth 2.0 ${auth.flow.replace('_', ' ')} flow${auth.pkce ? ' with PKCE' : ''} (${where}${scopes}); client ID and secret from ${JSON.stringify(auth.clientIdField)} and ${JSON.stringify(auth.clientSecretField)}. Run \`npx connector-gen oauth2\` to get tokens.`;
    }
    case 'custom':
      return `Not applied automatically: ${auth.description} Edit \`src/runtime/auth.ts\`.`;
  }
}

function typeText(field: PlanField): string {
  return field.type === 'array' && field.of !== undefined ? `array of ${field.of}` : field.type;
}

function inputRows(fields: readonly PlanField[]) {
  return fields.map((f) => ({
    name: f.name,
    type: typeText(f),
    optional: f.optional,
    location: f.location ?? '',
    hint: f.hint ?? '',
  }));
}

/** Where each action's and trigger's file is, in plan order (the README links to them). */
export interface UnitFiles {
  readonly actions: readonly string[];
  readonly triggers: readonly string[];
}

export function templateData(plan: Plan, options: EmitOptions, files?: UnitFiles) {
  return {
    detailed: true,
    packageName: plan.packageName,
    title: plan.title,
    description: plan.description ?? null,
    apiVersion: plan.apiVersion,
    generatorVersion: options.generatorVersion,
    specFile: options.specFile,
    baseUrl: plan.baseUrl,
    baseUrlTemplate: plan.connection.baseUrl.template,
    hasOAuth2: plan.connection.auth.some((a) => a.type === 'oauth2'),
    fields: plan.connection.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.options ? `${f.type} (one of ${f.options.map(([, value]) => value).join(', ')})` : f.type,
      optional: f.optional,
      hint: [f.hint, f.authType !== undefined ? `For ${f.authType} only.` : undefined].filter(Boolean).join(' '),
    })),
    authSelector: plan.connection.authSelector ?? null,
    auths: plan.connection.auth.map((a) => ({ title: a.title, key: a.key, detail: authDetail(a) })),
    test: plan.test ? requestLine(plan.test.request) : null,
    actions: plan.actions.map((a, i) => ({
      title: a.title,
      file: files?.actions[i] ?? null,
      key: `actions.${a.key}`,
      request: requestLine(a.request),
      deprecated: a.deprecated === true,
      description: a.description ?? null,
      inputs: inputRows(a.inputFields),
    })),
    triggers: plan.triggers.map((t, i) => ({
      title: t.title,
      file: files?.triggers[i] ?? null,
      key: `triggers.${t.key}`,
      kind: t.kind,
      request: t.kind === 'poll' ? requestLine(t.request) : t.subscribe ? requestLine(t.subscribe.request) : `${t.operation.method.toUpperCase()} ${t.operation.path}`,
      reasons: t.reasons.join(' '),
      inputs: inputRows(t.inputFields),
    })),
  };
}

/** GitHub shows the first 512,000 bytes of a README and drops the rest. */
export const README_DETAIL_LIMIT = 500_000;

type TemplateData = ReturnType<typeof templateData>;

/**
 * The README, formatted. It details each action and trigger (description, inputs) unless that README would be
 * larger than README_DETAIL_LIMIT bytes; then it lists them one line each, linked to the file that holds those
 * details. GitHub's spec would make a README of 2 MB, three quarters of it out of sight. The texts the details
 * would quote are counted first, so that a README far too large is not written to be thrown away.
 */
export function renderReadme(template: Handlebars.TemplateDelegate, data: TemplateData): string {
  if (quotedLength(data) <= README_DETAIL_LIMIT) {
    const detailed = formatMarkdown(template({ ...data, detailed: true }));
    if (Buffer.byteLength(detailed) <= README_DETAIL_LIMIT) return detailed;
  }
  return formatMarkdown(template({ ...data, detailed: false }));
}

/** The length of the descriptions, reasons and input hints a detailed README would quote (less than it takes). */
function quotedLength(data: TemplateData): number {
  let n = 0;
  for (const unit of [...data.actions, ...data.triggers]) {
    n += 'description' in unit && unit.description !== null ? unit.description.length : 0;
    n += 'reasons' in unit ? unit.reasons.length : 0;
    for (const input of unit.inputs) n += input.hint.length;
  }
  return n;
}
