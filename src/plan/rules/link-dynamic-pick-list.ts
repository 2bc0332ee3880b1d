/**
 * Links an id input (`project_id`, `{project_gid}`, `idBoard`, `boardId`, the `{id}` of `/boards/{id}`) to
 * the list endpoint of that resource (`GET /projects`), so the user picks a record by name instead of typing
 * an id. When that list needs a parent id (`GET /projects/{project_id}/sections`), the pick list depends on it.
 */
import type { IrApi, IrOperation, IrSchema } from '../../ir/types.js';
import type { DynamicPickListLink, ListResponse } from './index.js';
import { detectListResponse } from './detect-list-response.js';
import { describedAs, findProperty, isNoiseSegment, isObjectSchema, lastStaticSegment, pathSegments, propertiesOf, requestBodyMedia, view } from './schema-view.js';
import { isPlural, sameResource, singularize, splitWords, squash } from './words.js';

const ID_WORDS = new Set(['id', 'gid', 'uuid', 'guid', 'sid', 'key']);
/** Id-shaped names that do not point at a listable resource. */
const NOT_A_RESOURCE = new Set(['external', 'idempotency', 'request', 'correlation', 'trace', 'parent', 'tracking', 'reference', 'ref', 'page', 'next', 'previous', 'cursor', 'client', 'session', 'etag', 'version', 'revision']);
const LABEL_FIELDS = ['name', 'title', 'display_name', 'displayName', 'full_name', 'fullName', 'label', 'email', 'login', 'username', 'summary', 'subject', 'slug', 'description'];
const VALUE_FIELDS = ['id', 'gid', 'uuid', 'guid', 'sid', 'key', '_id'];

/** A GET operation whose path ends in a static segment: what a pick list may list. */
interface Candidate {
  /** Place in the spec (ties between candidates go to the first). */
  readonly index: number;
  readonly op: IrOperation;
  readonly last: string;
  readonly lastWords: readonly string[];
  readonly staticWords: readonly string[];
  readonly normalizedPath: string;
  readonly depth: number;
}

interface CandidateIndex {
  /** By `resourceKey` of the last segment. */
  readonly byLast: ReadonlyMap<string, readonly Candidate[]>;
  /** By word count n, then by `resourceKey` of the last segment's last n words (only for longer segments). */
  readonly bySuffix: ReadonlyMap<number, ReadonlyMap<string, readonly Candidate[]>>;
  /** `detectListResponse` of each candidate, worked out when first needed (null: not a list). */
  readonly lists: Map<IrOperation, ListResponse | null>;
}

function listOf(index: CandidateIndex, candidate: IrOperation, api: IrApi): ListResponse | undefined {
  let list = index.lists.get(candidate);
  if (list === undefined) {
    list = detectListResponse(candidate, api) ?? null;
    index.lists.set(candidate, list);
  }
  return list ?? undefined;
}

/** `sameResource(a, b)` holds exactly when both have the same non-empty key. */
function resourceKey(name: string): string {
  return singularize(squash(name));
}

/**
 * The candidates of an API, indexed once by the resource they list: the rule runs for every id field of every
 * operation, and comparing each with every list operation was quadratic (GitHub: 3 s; Graph beta, 22,000
 * operations: 5 minutes; issue 7). Keyed by the (immutable) IR.
 */
const candidatesByApi = new WeakMap<IrApi, CandidateIndex>();

function candidatesOf(api: IrApi): CandidateIndex {
  let index = candidatesByApi.get(api);
  if (index === undefined) {
    const byLast = new Map<string, Candidate[]>();
    const bySuffix = new Map<number, Map<string, Candidate[]>>();
    const add = <K>(map: Map<K, Candidate[]>, key: K, c: Candidate): void => {
      const list = map.get(key);
      if (list) list.push(c);
      else map.set(key, [c]);
    };
    api.operations.forEach((op, i) => {
      const segments = pathSegments(op.path);
      if (op.method !== 'get' || segments.at(-1)?.param !== undefined) return;
      const last = lastStaticSegment(op.path)?.split('.')[0];
      if (last === undefined) return;
      const lastWords = splitWords(last);
      const c: Candidate = { index: i, op, last, lastWords, staticWords: staticWords(op.path), normalizedPath: normalizedPath(op.path), depth: segments.length };
      if (squash(last) !== '') add(byLast, resourceKey(last), c);
      for (let n = 1; n < lastWords.length; n++) {
        const suffix = lastWords.slice(-n).join('_');
        if (squash(suffix) === '') continue;
        let map = bySuffix.get(n);
        if (!map) bySuffix.set(n, (map = new Map()));
        add(map, resourceKey(suffix), c);
      }
    });
    index = { byLast, bySuffix, lists: new Map() };
    candidatesByApi.set(api, index);
  }
  return index;
}

/** The candidates whose last segment names `resource`, or ends in words that do, in spec order. */
function candidatesFor(api: IrApi, resource: string, resourceWordCount: number): readonly Candidate[] {
  const index = candidatesOf(api);
  const key = resourceKey(resource);
  const exact = index.byLast.get(key) ?? [];
  const suffix = index.bySuffix.get(resourceWordCount)?.get(key) ?? [];
  if (suffix.length === 0) return exact;
  return [...new Set([...exact, ...suffix])].sort((a, b) => a.index - b.index);
}

export function linkDynamicPickList(fieldName: string, schema: IrSchema, op: IrOperation, api: IrApi): DynamicPickListLink | undefined {
  const s = view(api, schema);
  if ((s.type !== 'string' && s.type !== 'integer' && s.type !== undefined) || s.enum !== undefined || isObjectSchema(s)) return undefined;
  const resource = resourceOf(fieldName, op);
  if (resource === undefined) return undefined;
  const siblings = siblingNames(op, api);
  const siblingIds = new Set(siblings.map(idNameKey).filter((k) => k !== ''));
  const credentials = new Set(api.securitySchemes.flatMap((sc) => (sc.type === 'apiKey' ? [sc.paramName.toLowerCase()] : [])));
  const resourceWords = resource.split('_');
  const ownCollection = collectionPathOf(op.path, fieldName);
  const contextWords = new Set(staticWords(op.path));
  let best: { op: IrOperation; list: ListResponse; parents: string[]; rank: number } | undefined;
  for (const { op: candidate, last, lastWords, ...known } of candidatesFor(api, resource, resourceWords.length)) {
    // `folders` for `folder_id`; `campaign-folders` too, but less surely than the exact name.
    const exact = sameResource(last, resource);
    const suffix = !exact && lastWords.length > resourceWords.length && sameResource(lastWords.slice(-resourceWords.length).join('_'), resource);
    if (!exact && !suffix) continue;
    // A singular last segment (`/metadata_templates/enterprise`) names a scope, not a collection.
    if (!isPlural(lastWords[lastWords.length - 1]!)) continue;
    const list = listOf(candidatesOf(api), candidate, api);
    if (list === undefined) continue;
    const parents = candidate.parameters
      .filter((p) => (p.in === 'path' || (p.in === 'query' && p.required)) && p.schema.default === undefined && !credentials.has(p.name.toLowerCase()) && !/^(token|authorization)$/i.test(p.name))
      .map((p) => ({ name: p.name, in: p.in }));
    // A list that needs this very id, a parent that is not an id, or one the user cannot supply beside this field, cannot fill it.
    if (parents.some((p) => p.name === fieldName || (p.in === 'query' && resourceOf(p.name, candidate) === undefined) || !(siblings.includes(p.name) || siblingIds.has(idNameKey(p.name))))) continue;
    const overlap = known.staticWords.filter((w) => contextWords.has(w) && !resourceWords.includes(w)).length;
    const own = ownCollection !== undefined && known.normalizedPath === ownCollection;
    const rank = (own ? -1000 : 0) + (suffix ? 30 : 0) - overlap * 40 + parents.length * 100 + known.depth;
    if (best === undefined || rank < best.rank) best = { op: candidate, list, parents: parents.map((p) => p.name), rank };
  }
  if (best === undefined) return undefined;
  const props = propertiesOf(api, best.list.itemSchema);
  const byName = /\b(name|slug|login|username|handle)\b/.exec(describedAs(s) + ' ' + describedAs(paramOf(op, fieldName) ?? {}));
  const saysId = /\b(id|identifier|gid|uuid)\b/.test(describedAs(s) + ' ' + describedAs(paramOf(op, fieldName) ?? {}));
  // `{repo}` described as "The name of the repository" takes the name, not the id.
  const value = (byName && !saysId && !ID_WORDS.has(splitWords(fieldName).at(-1) ?? '') ? findProperty(props, [byName[1]!, 'name', 'slug', 'login']) : undefined) ?? findProperty(props, [...VALUE_FIELDS, `${resource}_id`, `${resource}Id`]);
  if (value === undefined) return undefined;
  const label = findProperty(props.filter((p) => p !== value), LABEL_FIELDS) ?? value;
  return {
    operation: best.op,
    list: best.list,
    labelField: label.name,
    valueField: value.name,
    parentParams: best.parents,
    reason: `\`${fieldName}\` names a ${resource}: ${best.op.id} lists them (label \`${label.name}\`, value \`${value.name}\`)${best.parents.length ? `, given ${best.parents.map((p) => `\`${p}\``).join(', ')}` : ''}.`,
  };
}

/** The resource an id field points at, in singular words joined by `_`, or undefined. */
function resourceOf(fieldName: string, op: IrOperation): string | undefined {
  const words = splitWords(fieldName);
  let resource: string[] | undefined;
  if (words.length > 1 && ID_WORDS.has(words[words.length - 1]!)) resource = words.slice(0, -1);
  else if (words.length > 1 && words[0] === 'id') resource = words.slice(1);
  else {
    // A bare `{id}` names the segment before it; `{customer}` in `/customers/{customer}` or `{repo}` in
    // `/repos/{owner}/{repo}` names a segment of its own path.
    const segments = pathSegments(op.path);
    const at = segments.findIndex((seg) => seg.param === fieldName);
    const before = at > 0 ? segments[at - 1] : undefined;
    if (before !== undefined && before.param === undefined && ID_WORDS.has(squash(fieldName))) resource = splitWords(singularize(before.text.split('.')[0]!));
    else if (at >= 0 && segments.slice(0, at).some((seg) => seg.param === undefined && sameResource(seg.text, fieldName))) resource = splitWords(singularize(fieldName));
  }
  // `/campaign-folders/{folder_id}`: the segment before the parameter names the resource more fully.
  if (resource !== undefined) {
    const segments = pathSegments(op.path);
    const at = segments.findIndex((seg) => seg.param === fieldName);
    const before = at > 0 ? segments[at - 1] : undefined;
    if (before !== undefined && before.param === undefined) {
      const segmentWords = splitWords(singularize(before.text.split('.')[0]!));
      if (segmentWords.length > resource.length && sameResource(segmentWords.slice(-resource.length).join('_'), resource.join('_'))) resource = segmentWords;
    }
  }
  if (resource === undefined || resource.length === 0 || resource.some((w) => NOT_A_RESOURCE.has(w))) return undefined;
  return resource.join('_');
}

/** `/projects/{project_id}/sections/{section_id}` for `section_id` → `/projects/{}/sections`. */
function collectionPathOf(path: string, fieldName: string): string | undefined {
  const segments = pathSegments(path);
  const at = segments.findIndex((seg) => seg.param === fieldName);
  return at > 0 ? segments.slice(0, at).map((seg) => (seg.param !== undefined ? '{}' : seg.text)).join('/') : undefined;
}

function normalizedPath(path: string): string {
  return pathSegments(path).map((seg) => (seg.param !== undefined ? '{}' : seg.text)).join('/');
}

/** Singular words of the static segments of a path, without version noise. */
function staticWords(path: string): string[] {
  return pathSegments(path)
    .filter((seg) => seg.param === undefined && !isNoiseSegment(seg.text))
    .flatMap((seg) => splitWords(seg.text).map(singularize));
}

/** Names the user fills beside this field: the operation's parameters and top-level body properties. */
function siblingNames(op: IrOperation, api: IrApi): string[] {
  const body = requestBodyMedia(op);
  return [...op.parameters.map((p) => p.name), ...propertiesOf(api, body?.schema).map((p) => p.name)];
}

/** `project_gid` and `projectId` name the same parent: both have the key `project` (empty keys never match). */
function idNameKey(name: string): string {
  return splitWords(name).filter((w) => !ID_WORDS.has(w)).join('');
}

function paramOf(op: IrOperation, name: string): { description?: string } | undefined {
  return op.parameters.find((p) => p.name === name);
}
