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
import { isPlural, pluralize, sameResource, singularize, splitWords, squash } from './words.js';

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
const CRUD_VERBS = new Set(['get', 'list', 'create', 'update', 'delete', 'fetch', 'retrieve', 'post', 'put', 'patch', 'read', 'remove', 'insert']);
const SINGLE_VERBS = new Set(['get', 'create', 'update', 'delete', 'remove', 'replace', 'patch', 'retrieve', 'fetch', 'add', 'insert', 'put', 'post']);
const VERB_ALIASES: Record<string, string> = { post: 'create', put: 'update', patch: 'update', insert: 'create' };
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
    const words = wordsFromOperationId(op.operationId, op, api);
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
function wordsFromOperationId(operationId: string, op: IrOperation, api: IrApi): string[] | undefined {
  // `get-/webhooks/v3/{appId}/settings_getAll`: a path with decorations says no more than the path.
  if (/\/\{|^(get|put|post|delete|patch|head|options)[-_ ]\//i.test(operationId)) return undefined;
  // Google style `drive.drives.create`, `gmail.users.drafts.list`: the API's name, the resource, then the verb.
  const dotted = operationId.split('.').filter((part) => part !== '');
  if (dotted.length >= 2) {
    const title = squash(api.title);
    const last = splitWords(dotted[dotted.length - 1]!);
    // `youtube.youtube.v3.updateCommentThreads`: the API's name and version are no part of the title.
    const kept = dotted.slice(0, -1).filter((part) => !isNoiseSegment(part));
    const named = kept.filter((part) => !(squash(part).length > 2 && title.includes(squash(part))));
    // `tasks.tasks.insert` in "Google Tasks API": the resource happens to be the API's name.
    const middle = named.length > 0 || last.length > 1 ? named : kept.slice(-1);
    if (VERBS.has(last[0]!)) return [last[0]!, ...middle.flatMap((part) => splitWords(part)), ...last.slice(1)];
  }
  // `Recipients_PostRecipientProofFileResourceToken`: a group name, then a full verb phrase.
  const halves = operationId.split('_');
  const phrase = halves.length === 2 && /^[A-Z]/.test(halves[1]!) ? splitWords(halves[1]!) : [];
  const words = (phrase.length > 1 && VERBS.has(phrase[0]!) && !PREPOSITIONS.has(phrase[1]!) ? phrase : splitWords(operationId)).filter((w) => !isNoiseSegment(w));
  if (words.length === 0) return undefined;
  const pathWords = splitWords(op.path.replace(/[{}]/g, '')).filter((w) => !isNoiseSegment(w)).join('');
  const rest = (VERBS.has(words[0]!) || words[0] === op.method ? words.slice(1) : words).join('');
  if (rest === pathWords || rest === '') return undefined;
  const at = words.findIndex((w) => VERBS.has(w));
  if (at < 0) return [METHOD_VERB[op.method] ?? op.method, ...words];
  const verb = words[at]!;
  const before = words.slice(0, at);
  const after = words.slice(at + 1);
  if (before.length === 0) {
    // `listGetFollowers`: the first "verb" is the resource (a Twitter list).
    if (after.length > 1 && VERBS.has(after[0]!) && !PREPOSITIONS.has(after[1]!)) return [after[0]!, verb, ...after.slice(1)];
    // `CreateSinkValidate`: a generic verb in front of the real one.
    const tail = after[after.length - 1];
    if (tail !== undefined && after.length > 1 && CRUD_VERBS.has(verb) && VERBS.has(tail) && !CRUD_VERBS.has(tail)) return [tail, ...after.slice(0, -1)];
    return [verb, ...after];
  }
  // `pets.list` → list pets; `Pets_ListByOwner` → list pets by owner; `issues/create-comment` → create issue comment.
  if (after.length === 0 || PREPOSITIONS.has(after[0]!)) return [verb, ...before, ...after];
  return [verb, ...before.map((w) => singularize(w)), ...after];
}

function wordsFromPath(op: IrOperation, isList: boolean): string[] {
  const segments = pathSegments(op.path).filter((s) => s.param !== undefined || !isNoiseSegment(s.text));
  const last = segments[segments.length - 1];
  if (last === undefined) return [METHOD_VERB[op.method] ?? op.method, 'root'];
  // RPC style: `/conversations.list`, `/admin.inviteRequests.denied.list`, `/chat.postMessage`.
  if (last.param === undefined && last.text.includes('.')) {
    const parts = last.text.split('.');
    const tail = splitWords(parts[parts.length - 1]!);
    if (VERBS.has(tail[0]!)) return [tail[0]!, ...parts.slice(0, -1).flatMap((part) => splitWords(part)), ...tail.slice(1)];
    const words = splitWords(last.text);
    const at = words.findIndex((w) => VERBS.has(w));
    if (at > 0) return [words[at]!, ...words.slice(0, at), ...words.slice(at + 1)];
  }
  const endsWithParam = last.param !== undefined;
  const statics = segments.map((s, i) => ({ s, i })).filter(({ s }) => s.param === undefined);
  const resource = statics[statics.length - 1];
  if (resource === undefined) return [METHOD_VERB[op.method] ?? op.method, 'resource'];
  const resourceWords = splitWords(resource.s.text);
  const owner = statics[statics.length - 2];
  // An action segment after a resource: `POST /pets/{id}/archive`, `POST /tasks/search`,
  // `POST /payment_intents/{intent}/apply_customer_balance`, `POST /messages/list-scheduled.json`.
  if (!endsWithParam && VERBS.has(resourceWords[0]!) && owner !== undefined && (op.method === 'post' || op.method === 'put' || op.method === 'get')) {
    const verb = resourceWords[0]!;
    const rest = resourceWords.slice(1);
    const ownerFollowedByParam = segments[owner.i + 1]?.param !== undefined;
    const ownerWords = splitWords(owner.s.text).map((w, i, all) => (i === all.length - 1 && ownerFollowedByParam ? singularize(w) : w));
    if (rest.length > 0) return ownerFollowedByParam ? [verb, ...rest] : [verb, ...rest, ...ownerWords];
    const grand = statics[statics.length - 3];
    const qualifier = grand !== undefined && segments[grand.i + 1]?.param !== undefined ? splitWords(grand.s.text).map(singularize) : [];
    return [verb, ...qualifier, ...ownerWords];
  }
  if (resourceWords.length === 1 && SELF.has(resourceWords[0]!) && op.method === 'get') return ['get', 'current', 'user'];
  // A parent that owns the collection: `/boards/{id}/cards` → board cards.
  const parent = resource.i > 1 && segments[resource.i - 1]!.param !== undefined && segments[resource.i - 2]!.param === undefined ? segments[resource.i - 2]! : undefined;
  const qualifier = parent === undefined || SELF.has(squash(parent.text)) ? [] : splitWords(parent.text).map(singularize);
  const base = METHOD_VERB[op.method] ?? op.method;
  const v = op.method === 'get' && isList ? 'list' : op.method === 'post' && endsWithParam ? 'update' : base;
  return [v, ...qualifier, ...resourceWords];
}

/**
 * Plural nouns for lists and searches, singular ones for operations on one record; qualifiers singular
 * ("List board cards", not "boards cards"); "by <path parameter>" dropped, the path already says it.
 */
function shapeNumber(words: string[], op: IrOperation, isList: boolean): string[] {
  let [verb, ...noun] = words;
  if (verb === undefined) return words;
  if (isList && LIST_VERBS.has(verb)) verb = 'list';
  if (verb === 'list' || verb === 'search') noun = noun.filter((w, i) => !(i === 0 && w === 'all'));
  noun = dropByPathParams(noun, op);
  const prep = noun.findIndex((w) => PREPOSITIONS.has(w));
  const headEnd = (prep < 0 ? noun.length : prep) - 1;
  // `admin invite requests denied` → `denied admin invite requests`: a participle is no head noun.
  if (headEnd > 0 && /[^e]ed$/.test(noun[headEnd]!)) noun = [noun[headEnd]!, ...noun.slice(0, headEnd), ...noun.slice(headEnd + 1)];
  if (headEnd >= 0) {
    for (let i = 0; i < headEnd; i++) if (isPlural(noun[i]!) && noun[i] !== 'data') noun[i] = singularize(noun[i]!);
    const head = noun[headEnd]!;
    const onOne = !isList && (endsWithParamPath(op.path) || (op.method === 'post' && (verb === 'create' || verb === 'insert' || verb === 'add')));
    if (verb === 'list' || (verb === 'search' && isList)) noun[headEnd] = pluralize(head);
    else if (onOne && SINGLE_VERBS.has(verb) && isPlural(head)) noun[headEnd] = singularize(head);
  }
  verb = VERB_ALIASES[verb] ?? verb;
  return noun.length > 0 ? [verb, ...noun] : [verb, ...lastResourceWords(op)];
}

/** `getActionsBoardByIdAction` on `/actions/{idAction}/board`: "by ID action" only repeats the parameter. */
function dropByPathParams(noun: string[], op: IrOperation): string[] {
  const paramWords = new Set(op.parameters.filter((p) => p.in === 'path').flatMap((p) => splitWords(p.name)));
  const out: string[] = [];
  for (let i = 0; i < noun.length; i++) {
    if (noun[i] === 'by' || noun[i] === 'for') {
      let j = i + 1;
      while (j < noun.length && !PREPOSITIONS.has(noun[j]!) && noun[j] !== 'and') j++;
      const group = noun.slice(i + 1, j);
      if (group.length > 0 && group.every((w) => paramWords.has(w)) && out.length > 0) {
        i = j - 1;
        continue;
      }
    }
    out.push(noun[i]!);
  }
  return out;
}

function lastResourceWords(op: IrOperation): string[] {
  const segment = pathSegments(op.path).filter((s) => s.param === undefined && !isNoiseSegment(s.text)).at(-1);
  return segment === undefined ? [] : splitWords(segment.text);
}

function endsWithParamPath(path: string): boolean {
  return pathSegments(path).at(-1)?.param !== undefined;
}

/** Words → "Sentence case" with acronyms restored. */
function finish(words: readonly string[]): string {
  // `copilot/set-copilot-…`, `nodes.nodes.get`: a word said twice in a row is said once.
  const once = words.filter((w, i) => i < 2 || !sameResource(w, words[i - 1]!));
  const text = once.map((w) => ACRONYMS[w] ?? w).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
