/**
 * Detects list endpoints: a GET whose success body is an array of records, or an envelope that holds one
 * (`{ data: [...] }`, `{ items: [...] }`, `{ pets: [...] }`, one level deeper as in `{ data: { items: [...] } }`).
 * An array that is a minor property of a singular record (`{ id, name, tags: [...] }`) is not a list.
 */
import type { IrApi, IrOperation, IrProperty, IrSchema } from '../../ir/types.js';
import type { ListResponse } from './index.js';
import { endsWithParam, isArraySchema, isObjectSchema, lastStaticSegment, successBody, view } from './schema-view.js';
import { sameResource, splitWords } from './words.js';

/** Property names that hold the records of a list in common envelopes (JSON:API, OData, Spring, Elastic…). */
const ENVELOPE_ARRAYS = new Set(['data', 'items', 'results', 'records', 'values', 'value', 'entries', 'content', 'list', 'rows', 'hits', 'objects', 'elements', 'nodes', 'collection', 'resources']);

/** Object properties that may wrap the envelope one level deeper. */
const ENVELOPE_OBJECTS = new Set(['data', 'result', 'results', 'response', 'payload', 'list', 'page', 'collection', 'hits', 'body', 'embedded', '_embedded']);

/** Words of envelope metadata: a property made only of these does not make the body a record. */
const META_WORD = /^(total|count|counts|page|pages|paging|pagination|cursor|cursors|next|prev|previous|limit|offset|more|has|link|links|meta|metadata|size|start|end|last|first|token|kind|etag|object|type|url|uri|href|self|status|ok|success|message|messages|error|errors|warning|warnings|query|took|timed|out|done|max|min|results|result|per|num|number|incomplete|response|request|sort|order|filter|filters|odata|context|continuation|marker|truncated|is|more|items|records|total_count|schema|version|api|code|after|before|since|until|date|time|generated|at|records|skip|top|returned|available|estimated|exact|hit|hits|summary|facets|aggregations|pagelen|len|length|from|to|timeframe|row|expand|names|chunk|position|stream|cursors|pageinfo|info|paging|odata|nextlink|self|total_items|items)$/;

/**
 * Answers kept per API and operation: naming, the action's request, polling triggers and pick lists each ask
 * about the same operation (the IR does not change once built).
 */
const answers = new WeakMap<IrApi, WeakMap<IrOperation, ListResponse | null>>();

export function detectListResponse(op: IrOperation, api: IrApi): ListResponse | undefined {
  let known = answers.get(api);
  if (known === undefined) answers.set(api, (known = new WeakMap()));
  let answer = known.get(op);
  if (answer === undefined) {
    answer = detect(op, api) ?? null;
    known.set(op, answer);
  }
  return answer ?? undefined;
}

function detect(op: IrOperation, api: IrApi): ListResponse | undefined {
  if (op.method !== 'get') return undefined;
  const body = successBody(op);
  if (body === undefined) return undefined;
  const found = findRecords(api, view(api, body.schema), op.path);
  if (found === undefined) return undefined;
  return { itemsPath: found.path, itemSchema: found.items, status: body.response.status, mediaType: body.media.mediaType, reason: found.reason };
}

interface Found {
  readonly path: readonly string[];
  readonly items: IrSchema;
  readonly reason: string;
}

function findRecords(api: IrApi, body: IrSchema, path: string): Found | undefined {
  if (isArraySchema(body)) return { path: [], items: body.items ?? {}, reason: 'The success response body is an array.' };
  if (!isObjectSchema(body)) return undefined;
  // `/me`, `/user`: the caller's own record, whatever arrays it carries.
  if (/^(me|self|myself|whoami|user|account|profile)$/i.test(lastStaticSegment(path) ?? '')) return undefined;
  // `/pets/{petId}` returns one pet, even when that pet carries arrays; only a pure envelope
  // (`{ values: [...], next, pagelen }`) makes a list of a path that ends in a parameter.
  const strict = endsWithParam(path);
  // `/conversations.list` (RPC style) names the resource before the dot.
  const resource = lastStaticSegment(path)?.split('.')[0];
  const top = pickArray(api, body.properties ?? [], resource, strict);
  if (top !== undefined) return { path: [top.prop.name], items: top.items, reason: `The success response holds the records in \`${top.prop.name}\` (${top.why}).` };
  for (const outer of body.properties ?? []) {
    if (!ENVELOPE_OBJECTS.has(outer.name.toLowerCase()) && !(resource !== undefined && sameResource(outer.name, resource))) continue;
    // The envelope object must be the body's point, not one part of a record.
    if (!(body.properties ?? []).every((p) => p === outer || isMeta(api, p))) continue;
    const inner = view(api, outer.schema);
    if (!isObjectSchema(inner)) continue;
    const nested = pickArray(api, inner.properties ?? [], resource, strict);
    if (nested !== undefined) {
      return {
        path: [outer.name, nested.prop.name],
        items: nested.items,
        reason: `The success response holds the records in \`${outer.name}.${nested.prop.name}\` (${nested.why}).`,
      };
    }
  }
  return undefined;
}

interface Pick {
  readonly prop: IrProperty;
  readonly items: IrSchema;
  readonly why: string;
}

/** Arrays that are metadata of an envelope, never its records. */
const META_ARRAYS = /^(_?links|errors|warnings|warning_?messages|notices|_?embedded|facets|aggregations|included)$/i;

/** The array property that holds the records of an envelope, when the object is an envelope at all. */
function pickArray(api: IrApi, props: readonly IrProperty[], resource: string | undefined, strict: boolean): Pick | undefined {
  const arrays = props
    .map((prop) => ({ prop, schema: view(api, prop.schema) }))
    .filter((a) => isArraySchema(a.schema) && !META_ARRAYS.test(a.prop.name))
    .map((a) => ({ prop: a.prop, items: a.schema.items ?? {} }));
  if (arrays.length === 0) return undefined;
  const hasId = props.some((p) => /^(id|uuid|gid|guid|_id)$/i.test(p.name));
  // Properties that are neither metadata nor the chosen array make the object look like a record.
  const others = (chosen: IrProperty): number => props.filter((p) => p !== chosen && !isMeta(api, p) && !(isArraySchema(view(api, p.schema)) && META_ARRAYS.test(p.name))).length;
  const allowed = (chosen: IrProperty, tolerance: number): boolean => !hasId && others(chosen) <= (strict ? 0 : tolerance);
  const byResource = resource === undefined ? undefined : arrays.find((a) => namesResource(a.prop.name, resource));
  if (byResource !== undefined && allowed(byResource.prop, Infinity)) return { ...byResource, why: `named after the \`${resource}\` resource of the path` };
  const byEnvelope = arrays.find((a) => ENVELOPE_ARRAYS.has(a.prop.name.toLowerCase()));
  if (byEnvelope !== undefined && allowed(byEnvelope.prop, 2)) return { ...byEnvelope, why: 'a common envelope property' };
  // The only array of records among metadata (`{ ok, channels: [...], response_metadata }`).
  const ofRecords = arrays.filter((a) => isRecordSchema(api, a.items));
  if (!strict && ofRecords.length === 1 && allowed(ofRecords[0]!.prop, 0)) return { ...ofRecords[0]!, why: 'the only array of records beside envelope metadata' };
  return undefined;
}

/** `customFields` for `/custom-fields`; `folders` for `/campaign-folders`; `device_codes` for `/devices/codes`. */
function namesResource(name: string, resource: string): boolean {
  if (sameResource(name, resource)) return true;
  const a = splitWords(name);
  const b = splitWords(resource);
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length > 0 && longer.length > shorter.length && sameResource(longer.slice(-shorter.length).join(''), shorter.join(''));
}

function isMeta(api: IrApi, prop: IrProperty): boolean {
  const words = splitWords(prop.name);
  if (words.length > 0 && words.every((w) => META_WORD.test(w))) return true;
  // Nested metadata objects (`response_metadata`, `page_info`) count as metadata when their own keys are.
  const s = view(api, prop.schema);
  return isObjectSchema(s) && (s.properties ?? []).length > 0 && words.some((w) => /^(meta|metadata|paging|pagination|info|links|cursor)$/.test(w));
}

function isRecordSchema(api: IrApi, items: IrSchema): boolean {
  const s = view(api, items);
  return items.ref !== undefined || isObjectSchema(s);
}

