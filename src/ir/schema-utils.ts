/**
 * Helpers over the IR that later stages share: following refs, merging allOf, picking the success
 * response and the preferred media type. All of them are pure and safe on recursive schemas.
 */
import type { IrApi, IrOperation, IrProperty, IrResponse, IrSchema } from './types.js';

export function schemaByName(api: IrApi, name: string): IrSchema | undefined {
  return namedIndex(api).get(name);
}

/** Follows `ref` until a schema that is not a ref; a ref cycle (`A -> B -> A`) ends as an empty schema. */
export function resolveSchema(api: IrApi, schema: IrSchema): IrSchema {
  // The names met so far: the first on its own, a set only for a chain of refs (most schemas have none or one).
  let first: string | undefined;
  let seen: Set<string> | undefined;
  let current = schema;
  while (current.ref !== undefined) {
    if (first === undefined) first = current.ref;
    else {
      seen ??= new Set([first]);
      if (seen.has(current.ref)) return {};
      seen.add(current.ref);
    }
    const next = schemaByName(api, current.ref);
    if (next === undefined) return {};
    // A description written beside the ref is more specific than the target's.
    current = current.description !== undefined && next.description === undefined ? { ...next, description: current.description } : next;
  }
  return current;
}

/**
 * Flattens `allOf` (recursively, through refs) into one object schema: properties merged in order (a later
 * definition of a property replaces the earlier one, `required` is ORed), the outer schema's own keywords win.
 * Branches that were already being merged higher up (a recursive allOf) contribute nothing a second time.
 */
export function mergeAllOf(api: IrApi, schema: IrSchema): IrSchema {
  // What mergeWith gives when there is no allOf to merge, without the set it keeps for one.
  const resolved = resolveSchema(api, schema);
  if (resolved.allOf === undefined || resolved.allOf.length === 0) return resolved;
  return mergeWith(api, schema, new Set());
}

/** allOf chains through this many named schemas are cut: a spec could chain thousands to exhaust the stack. */
const MAX_ALLOF_CHAIN = 64;

function mergeWith(api: IrApi, schema: IrSchema, active: Set<string>): IrSchema {
  let refName: string | undefined;
  if (schema.ref !== undefined) {
    if (active.has(schema.ref) || active.size >= MAX_ALLOF_CHAIN) return {};
    refName = schema.ref;
  }
  const resolved = resolveSchema(api, schema);
  if (resolved.allOf === undefined || resolved.allOf.length === 0) return resolved;
  if (refName !== undefined) active.add(refName);
  try {
    const props = new Map<string, IrProperty>();
    const merged: Record<string, unknown> = {};
    let additional: IrSchema['additionalProperties'];
    let nullable = false;
    const parts = resolved.allOf.map((part) => mergeWith(api, part, active));
    for (const part of [...parts, { ...resolved, allOf: undefined }]) {
      for (const [key, value] of Object.entries(part)) {
        if (value === undefined || key === 'properties' || key === 'allOf' || key === 'ref') continue;
        if (key === 'additionalProperties') additional = value as IrSchema['additionalProperties'];
        else if (key === 'nullable') nullable ||= value === true;
        else if (key === 'extensions') merged.extensions = { ...(merged.extensions as object | undefined), ...(value as object) };
        else merged[key] = value;
      }
      for (const prop of part.properties ?? []) {
        const before = props.get(prop.name);
        // Map.set keeps the first position of a redefined property (order of first mention).
        props.set(prop.name, { name: prop.name, required: prop.required || (before?.required ?? false), schema: prop.schema });
      }
    }
    const out: Record<string, unknown> = { ...merged };
    if (out.type === undefined && props.size > 0) out.type = 'object';
    if (props.size > 0) out.properties = [...props.values()];
    if (additional !== undefined) out.additionalProperties = additional;
    if (nullable) out.nullable = true;
    return out as IrSchema;
  } finally {
    if (refName !== undefined) active.delete(refName);
  }
}

/**
 * The response an action returns: the lowest explicit 2xx status, then a `2XX` range, else `default`.
 */
export function successResponse(op: IrOperation): IrResponse | undefined {
  let best: IrResponse | undefined;
  for (const r of op.responses) {
    if (/^2\d\d$/.test(r.status) && (best === undefined || !/^2\d\d$/.test(best.status) || Number(r.status) < Number(best.status))) best = r;
  }
  return (
    best ??
    op.responses.find((r) => r.status.toUpperCase() === '2XX') ??
    op.responses.find((r) => r.status === 'default')
  );
}

/** json > +json > urlencoded form > multipart > text > `*\/*` > others; ties keep spec order. */
export function preferredMediaType<T extends { mediaType: string }>(content: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const item of content) {
    const rank = mediaTypeRank(item.mediaType);
    if (rank < bestRank) {
      best = item;
      bestRank = rank;
    }
  }
  return best;
}

export function mediaTypeRank(mediaType: string): number {
  const m = mediaType.toLowerCase().split(';')[0]!.trim();
  if (m === 'application/json') return 0;
  if (m.endsWith('+json') || m.endsWith('/json')) return 1;
  if (m === 'application/x-www-form-urlencoded') return 2;
  if (m.startsWith('multipart/')) return 3;
  if (m.startsWith('text/')) return 4;
  if (m === '*/*') return 5;
  return 6;
}

// A memo keyed by object identity, not shared state: the IR is immutable, so an index cannot go stale,
// and it is dropped with its IrApi. Without it every ref lookup would scan thousands of schemas.
const indexes = new WeakMap<IrApi, Map<string, IrSchema>>();

function namedIndex(api: IrApi): Map<string, IrSchema> {
  let index = indexes.get(api);
  if (index === undefined) {
    index = new Map(api.schemas.map((s) => [s.name, s.schema]));
    indexes.set(api, index);
  }
  return index;
}
