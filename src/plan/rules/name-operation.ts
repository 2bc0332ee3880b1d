/**
 * Names an operation as a person would: verb + noun with the right number ("Create pet", "List pets",
 * "List board cards"). Sources in order of trust: a short, sensible summary; the operationId; the method
 * and path. The key is snake_case of the operationId when there is one (it survives regeneration), else
 * method + path (`get_pets_pet_id`).
 */
import type { IrApi, IrOperation } from '../../ir/types.js';
import type { Naming } from './index.js';
import { detectListResponse } from './detect-list-response.js';
import { isNoiseSegment, pathSegments } from './schema-view.js';
import { isPlural, pluralize, singularize, splitWords, squash } from './words.js';

const VERBS = new Set([
  'get', 'list', 'create', 'update', 'delete', 'remove', 'add', 'search', 'find', 'fetch', 'retrieve', 'patch', 'put', 'post', 'set',
  'replace', 'upsert', 'send', 'cancel', 'archive', 'unarchive', 'restore', 'move', 'copy', 'clone', 'merge', 'import', 'export',
  'upload', 'download', 'sync', 'check', 'test', 'validate', 'verify', 'approve', 'reject', 'close', 'reopen', 'lock', 'unlock',
  'enable', 'disable', 'start', 'stop', 'pause', 'resume', 'run', 'execute', 'invite', 'assign', 'unassign', 'publish', 'unpublish',
  'subscribe', 'unsubscribe', 'follow', 'unfollow', 'star', 'unstar', 'mark', 'read', 'count', 'query', 'duplicate', 'generate',
  'refresh', 'revoke', 'reset', 'transfer', 'void', 'capture', 'refund', 'confirm', 'attach', 'detach', 'link', 'unlink', 'login',
  'logout', 'ping', 'preview', 'render', 'share', 'convert', 'calculate', 'rename', 'block', 'unblock', 'invalidate', 'schedule',
  'submit', 'trigger', 'watch', 'unwatch', 'edit', 'modify', 'register', 'deregister', 'unregister', 'accept', 'decline', 'complete',
  'finalize', 'pay', 'retry', 'rotate', 'batch', 'bulk', 'insert', 'save', 'load', 'describe', 'show', 'view', 'lookup', 'resolve',
  'rerun', 'dismiss', 'redeliver', 'request', 'authorize', 'exchange', 'estimate', 'apply', 'activate', 'deactivate', 'suspend',
]);
/** Third-person forms a summary may start with ("Returns a pet"). */
const THIRD_PERSON: Record<string, string> = { returns: 'Return', gets: 'Get', lists: 'List', retrieves: 'Retrieve', fetches: 'Fetch', creates: 'Create', updates: 'Update', deletes: 'Delete', removes: 'Remove', adds: 'Add', searches: 'Search', finds: 'Find', sends: 'Send', sets: 'Set', uploads: 'Upload', downloads: 'Download', cancels: 'Cancel', archives: 'Archive', checks: 'Check', replaces: 'Replace', modifies: 'Modify', edits: 'Edit', queries: 'Query', counts: 'Count', marks: 'Mark', moves: 'Move', starts: 'Start', stops: 'Stop', shows: 'Show', provides: 'Get', gives: 'Get' };
const PREPOSITIONS = new Set(['by', 'for', 'in', 'of', 'from', 'with', 'on', 'to', 'at', 'under', 'within', 'per', 'via', 'into', 'as']);
const LIST_VERBS = new Set(['get', 'list', 'fetch', 'retrieve', 'read', 'getall', 'show', 'view', 'return']);
const ACRONYMS: Record<string, string> = { id: 'ID', ids: 'IDs', url: 'URL', urls: 'URLs', uri: 'URI', api: 'API', ip: 'IP', sms: 'SMS', mfa: 'MFA', ssh: 'SSH', gpg: 'GPG', sso: 'SSO', saml: 'SAML', html: 'HTML', json: 'JSON', csv: 'CSV', pdf: 'PDF', dns: 'DNS', ssl: 'SSL', tls: 'TLS', oauth: 'OAuth', uuid: 'UUID', http: 'HTTP', https: 'HTTPS', xml: 'XML', oidc: 'OIDC', jwt: 'JWT', scim: 'SCIM', vpn: 'VPN', cpu: 'CPU', os: 'OS' };
const METHOD_VERB: Record<string, string> = { get: 'get', post: 'create', put: 'update', patch: 'update', delete: 'delete', head: 'check', options: 'get', trace: 'trace' };
const SELF = new Set(['me', 'self', 'whoami', 'myself', 'current', 'currentuser', 'viewer']);

export function nameOperation(op: IrOperation, api: IrApi): Naming {
  const key = keyOf(op);
  const isList = op.method === 'get' && detectListResponse(op, api) !== undefined;
  const summary = op.summary === undefined ? undefined : titleFromSummary(op.summary, isList);
  if (summary !== undefined) return { title: summary, key, reason: `Title from the summary "${op.summary!.trim()}".` };
  const skipped = op.summary === undefined ? '' : ' The summary is too long or not a title.';
  if (op.operationId !== undefined) {
    const words = wordsFromOperationId(op.operationId, op);
    if (words !== undefined) return { title: finish(shapeNumber(words, op, isList)), key, reason: `Title from the operationId \`${op.operationId}\`.${skipped}` };
  }
  return { title: finish(shapeNumber(wordsFromPath(op, isList), op, isList)), key, reason: `Title from the method and path.${skipped}${op.operationId !== undefined ? ' The operationId only repeats the path.' : ''}` };
}

function keyOf(op: IrOperation): string {
  const fromId = op.operationId === undefined ? [] : splitWords(op.operationId);
  const words = fromId.length > 0 ? fromId : [op.method, ...splitWords(op.path)];
  const key = words.join('_');
  return /^[0-9]/.test(key) ? `op_${key}` : key;
}

/** A summary usable as a title, cleaned up, or undefined. */
function titleFromSummary(raw: string, isList: boolean): string | undefined {
  let text = raw.trim().replace(/\s+/g, ' ').replace(/[.:;]+$/, '');
  if (text.length < 3 || text.length > 60 || /[\n{}]|https?:|^\//.test(text) || /^(get|post|put|patch|delete|head|options)\s+\//i.test(text)) return undefined;
  if (!/\s/.test(text)) return undefined; // an identifier such as `listPets` is named like an operationId
  const words = text.split(' ');
  if (words.length > 9 || /^(this|use this|the|endpoint|api|operation|method|an? )\b/i.test(text)) return undefined;
  const first = THIRD_PERSON[words[0]!.toLowerCase()];
  if (first !== undefined) words[0] = first;
  text = words.join(' ');
  // "Returns a list of pets", "Get all pets" → "List pets".
  if (isList) text = text.replace(/^(return|get|retrieve|fetch|list|show)( an?| the)? (list|collection|array) of (all )?(the )?/i, 'List ').replace(/^(get|retrieve|fetch|list|return) all (the )?/i, 'List ');
  return sentenceCase(text);
}

/** Title Case Words → Sentence case words, keeping acronyms and names with inner capitals (GitHub). */
function sentenceCase(text: string): string {
  const words = text.split(' ');
  const alpha = words.filter((w, i) => i > 0 && /^[A-Za-z]+$/.test(w));
  const titled = alpha.filter((w) => /^[A-Z][a-z]*$/.test(w)).length;
  const isTitleCase = titled > 0 && titled >= alpha.length / 2;
  const out = words.map((w, i) => (i > 0 && isTitleCase && /^[A-Z][a-z]*$/.test(w) && w !== 'I' && !(w.toLowerCase() in ACRONYMS) ? w.toLowerCase() : w));
  const joined = out.join(' ');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** Verb-first words from an operationId, or undefined when it only repeats the method and path. */
function wordsFromOperationId(operationId: string, op: IrOperation): string[] | undefined {
  const words = splitWords(operationId).filter((w) => !isNoiseSegment(w));
  if (words.length === 0) return undefined;
  const pathWords = splitWords(op.path.replace(/[{}]/g, '')).filter((w) => !isNoiseSegment(w)).join('');
  const rest = (VERBS.has(words[0]!) || words[0] === op.method ? words.slice(1) : words).join('');
  if (rest === pathWords || rest === '') return undefined;
  const at = words.findIndex((w) => VERBS.has(w));
  if (at < 0) return [METHOD_VERB[op.method] ?? op.method, ...words];
  const verb = words[at]!;
  const before = words.slice(0, at);
  const after = words.slice(at + 1);
  if (before.length === 0) return [verb, ...after];
  // `pets.list` → list pets; `Pets_ListByOwner` → list pets by owner; `issues/create-comment` → create issue comment.
  if (after.length === 0 || PREPOSITIONS.has(after[0]!)) return [verb, ...before, ...after];
  return [verb, ...before.map((w) => singularize(w)), ...after];
}

function wordsFromPath(op: IrOperation, isList: boolean): string[] {
  const segments = pathSegments(op.path).filter((s) => s.param !== undefined || !isNoiseSegment(s.text));
  const last = segments[segments.length - 1];
  if (last === undefined) return [METHOD_VERB[op.method] ?? op.method, 'root'];
  // RPC style: `/conversations.list`, `/chat.postMessage`.
  if (last.param === undefined && last.text.includes('.')) {
    const words = splitWords(last.text);
    const at = words.findIndex((w) => VERBS.has(w));
    if (at > 0) return [words[at]!, ...words.slice(0, at), ...words.slice(at + 1)];
  }
  const endsWithParam = last.param !== undefined;
  const statics = segments.map((s, i) => ({ s, i })).filter(({ s }) => s.param === undefined);
  const resource = statics[statics.length - 1];
  if (resource === undefined) return [METHOD_VERB[op.method] ?? op.method, 'resource'];
  let resourceWords = splitWords(resource.s.text);
  // An action segment after a resource: `POST /pets/{id}/archive`, `POST /tasks/search`.
  let verb: string | undefined;
  let owner = statics[statics.length - 2];
  if (!endsWithParam && VERBS.has(resourceWords[0]!) && resourceWords.length === 1 && owner !== undefined && (op.method === 'post' || op.method === 'put' || op.method === 'get')) {
    verb = resourceWords[0]!;
    const ownerFollowedByParam = segments[owner.i + 1]?.param !== undefined;
    resourceWords = splitWords(owner.s.text).map((w, i, all) => (i === all.length - 1 ? (ownerFollowedByParam ? singularize(w) : w) : w));
    owner = statics[statics.length - 3];
    const qualifier = owner !== undefined && segments[owner.i + 1]?.param !== undefined ? splitWords(owner.s.text).map(singularize) : [];
    return [verb, ...qualifier, ...resourceWords];
  }
  if (resourceWords.length === 1 && SELF.has(resourceWords[0]!) && op.method === 'get') return ['get', 'current', 'user'];
  // A parent that owns the collection: `/boards/{id}/cards` → board cards.
  const parent = resource.i > 1 && segments[resource.i - 1]!.param !== undefined && segments[resource.i - 2]!.param === undefined ? segments[resource.i - 2]! : undefined;
  const qualifier = parent === undefined || SELF.has(squash(parent.text)) ? [] : splitWords(parent.text).map(singularize);
  const base = METHOD_VERB[op.method] ?? op.method;
  const v = op.method === 'get' && isList ? 'list' : op.method === 'post' && endsWithParam ? 'update' : base;
  return [v, ...qualifier, ...resourceWords];
}

/** Plural nouns for lists and searches, singular ones for operations on one record. */
function shapeNumber(words: string[], op: IrOperation, isList: boolean): string[] {
  let [verb, ...noun] = words;
  if (verb === undefined) return words;
  if (isList && LIST_VERBS.has(verb)) verb = 'list';
  if (verb === 'list' || verb === 'search') noun = noun.filter((w, i) => !(i === 0 && w === 'all'));
  const prep = noun.findIndex((w) => PREPOSITIONS.has(w));
  const headEnd = (prep < 0 ? noun.length : prep) - 1;
  if (headEnd >= 0) {
    const head = noun[headEnd]!;
    const onOne = !isList && (endsWithParamPath(op.path) || (op.method === 'post' && verb === 'create'));
    if (verb === 'list' || (verb === 'search' && isList)) noun[headEnd] = pluralize(head);
    else if (onOne && ['get', 'create', 'update', 'delete', 'remove', 'replace', 'patch', 'retrieve', 'fetch', 'add'].includes(verb) && isPlural(head)) noun[headEnd] = singularize(head);
  }
  if (verb === 'post') verb = 'create';
  if (verb === 'put' || verb === 'patch') verb = 'update';
  return [verb, ...noun];
}

function endsWithParamPath(path: string): boolean {
  return pathSegments(path).at(-1)?.param !== undefined;
}

/** Words → "Sentence case" with acronyms restored. */
function finish(words: readonly string[]): string {
  const text = words.map((w) => ACRONYMS[w] ?? w).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
