/**
 * Small readers over IR schemas and paths that several rules share. A "view" of a schema is what a
 * reader of the spec would see: refs followed, allOf merged, and a union narrowed to its one useful branch.
 */
import { mergeAllOf, preferredMediaType, resolveSchema, successResponse } from '../../ir/schema-utils.js';
import type { IrApi, IrMediaType, IrOperation, IrParameter, IrProperty, IrResponse, IrSchema } from '../../ir/types.js';
import { squash } from './words.js';

export function view(api: IrApi, schema: IrSchema | undefined): IrSchema {
  if (schema === undefined) return {};
  let s = mergeAllOf(api, schema);
  // `anyOf: [Thing, null]` or a union whose branches are all objects: look at the first non-null branch.
  for (let depth = 0; depth < 3 && s.type === undefined && s.properties === undefined; depth++) {
    const branches = (s.oneOf ?? s.anyOf ?? []).filter((b) => resolveSchema(api, b).type !== 'null');
    if (branches.length === 0) break;
    s = mergeAllOf(api, branches[0]!);
  }
  return s;
}

export function propertiesOf(api: IrApi, schema: IrSchema | undefined): readonly IrProperty[] {
  return view(api, schema).properties ?? [];
}

/** True when the schema (viewed) is an array, also when only `items` says so. */
export function isArraySchema(s: IrSchema): boolean {
  return s.type === 'array' || (s.type === undefined && s.items !== undefined);
}

/** An object schema (or one that has properties without saying `type`). */
export function isObjectSchema(s: IrSchema): boolean {
  return s.type === 'object' || (s.type === undefined && s.properties !== undefined);
}

/**
 * Each property by its squashed name, the first of each. Kept per list of properties: the rules ask about the
 * same schemas' properties again and again (GitHub: 10 MB of maps made anew for each question).
 */
const byKeyCache = new WeakMap<readonly IrProperty[], Map<string, IrProperty>>();

function propertiesByKey(props: readonly IrProperty[]): Map<string, IrProperty> {
  let byKey = byKeyCache.get(props);
  if (byKey === undefined) {
    byKey = new Map();
    for (const p of props) {
      const key = squash(p.name);
      if (!byKey.has(key)) byKey.set(key, p);
    }
    byKeyCache.set(props, byKey);
  }
  return byKey;
}

/** First property whose name equals one of `names` (ignoring case, `_` and `-`), in the order of `names`. */
export function findProperty(props: readonly IrProperty[], names: readonly string[]): IrProperty | undefined {
  const byKey = propertiesByKey(props);
  for (const name of names) {
    const hit = byKey.get(squash(name));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

export interface BodyMedia {
  readonly response: IrResponse;
  readonly media: IrMediaType;
  readonly schema: IrSchema;
}

/** The success response's preferred media type with a schema. */
export function successBody(op: IrOperation): BodyMedia | undefined {
  const response = successResponse(op);
  if (response === undefined) return undefined;
  const media = preferredMediaType(response.content.filter((m) => m.schema !== undefined));
  if (media?.schema === undefined) return undefined;
  return { response, media, schema: media.schema };
}

/** The request body's preferred media type (json, then forms) with a schema. */
export function requestBodyMedia(op: IrOperation): IrMediaType | undefined {
  const media = preferredMediaType((op.requestBody?.content ?? []).filter((m) => m.schema !== undefined));
  return media?.schema === undefined ? undefined : media;
}

export interface PathSegment {
  /** The segment as written, with a `.json`-style suffix removed from static segments. */
  readonly text: string;
  /** The parameter name when the segment is (or holds) a `{template}`. */
  readonly param?: string;
}

/** The rules split each operation's path many times (GitHub: 1,223 paths, asked about for every id field). */
const segmentsByPath = new Map<string, readonly PathSegment[]>();

export function pathSegments(path: string): readonly PathSegment[] {
  let segments = segmentsByPath.get(path);
  if (segments === undefined) {
    segments = path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => {
        const m = /\{([^}]+)\}/.exec(s);
        return m ? { text: s, param: m[1]! } : { text: s.replace(/\.(json|xml|csv|yaml)$/i, '') };
      });
    // Bounded, so that a huge spec cannot grow it without end.
    if (segmentsByPath.size < 50_000) segmentsByPath.set(path, segments);
  }
  return segments;
}

/** A path like `/pets/{petId}`: it addresses one resource. */
export function endsWithParam(path: string): boolean {
  const segments = pathSegments(path);
  return segments.length > 0 && segments[segments.length - 1]!.param !== undefined;
}

/** Segments that only carry an API version or prefix (`v1`, `api`, `2010-04-01`, `rest`). */
export function isNoiseSegment(text: string): boolean {
  return /^(v\d+([._]\d+)*[a-z]*|api|apis|rest|\d+(\.\d+)*|\d{4}-\d{2}-\d{2})$/i.test(text);
}

/** Last static segment of a path, ignoring version noise: `/v1/boards/{id}/cards` → `cards`. */
export function lastStaticSegment(path: string): string | undefined {
  const statics = pathSegments(path).filter((s) => s.param === undefined && !isNoiseSegment(s.text));
  return statics[statics.length - 1]?.text;
}

export function queryParams(op: IrOperation): readonly IrParameter[] {
  return op.parameters.filter((p) => p.in === 'query');
}

/**
 * The property that identifies a record: an id-like name (`id`, `gid`, `uuid`, `sid`, `<resource>_id`,
 * `PurchaseOrderID`), else another `…_id` property, else a natural key (`number`, `email`, `slug`, `name`).
 */
export function idFieldOf(api: IrApi, itemSchema: IrSchema, resource?: string): string | undefined {
  const props = propertiesOf(api, itemSchema);
  const names = ['id', 'gid', 'uuid', 'guid', '_id', 'sid'];
  if (resource !== undefined) {
    const words = resource.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter((w) => w !== '');
    names.push(`${resource}_id`, `${resource}_uuid`, ...(words.length > 1 ? [`${words[words.length - 1]}_id`] : []));
  }
  // `Report` records identified by `ReportID`.
  if (itemSchema.ref !== undefined) names.push(`${itemSchema.ref}_id`);
  const exact = names.map((n) => props.find((p) => p.name === n)).find((p) => p !== undefined);
  const found = exact ?? findProperty(props, names);
  if (found !== undefined) return found.name;
  const idLike = props.filter((p) => /(^|[a-z0-9_])(id|Id|ID|_id)$/.test(p.name) && p.name.length > 2);
  const other = idLike.find((p) => p.required) ?? idLike[0];
  if (other !== undefined) return other.name;
  return findProperty(props, ['key', 'uid', 'sha', 'number', 'slug', 'email', 'login', 'username', 'uri', 'code', 'name'])?.name;
}

/** Lower-cased text of the description and, when present, the title. */
export function describedAs(s: { readonly description?: string; readonly title?: string }): string {
  return `${s.title ?? ''} ${s.description ?? ''}`.toLowerCase();
}
