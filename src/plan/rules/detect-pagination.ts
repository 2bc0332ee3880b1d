/**
 * Detects how a list endpoint pages: cursor (`next_cursor`, `page_token`, `starting_after` + `has_more`),
 * a `Link: <…>; rel="next"` header (RFC 8288), a next URL in the body, offset/limit, or page/per_page —
 * tried in that order, because a server-provided cursor or URL is the most reliable way to the next page.
 */
import { successResponse } from '../../ir/schema-utils.js';
import type { IrApi, IrOperation, IrParameter, IrSchema } from '../../ir/types.js';
import type { PlanPagination } from '../types.js';
import type { ListResponse } from './index.js';
import { describedAs, idFieldOf, isObjectSchema, queryParams, successBody, view } from './schema-view.js';
import { squash } from './words.js';

const CURSOR_PARAMS = ['cursor', 'pagecursor', 'pagetoken', 'pagingtoken', 'nextpagetoken', 'nexttoken', 'continuationtoken', 'continuation', 'startingafter', 'after', 'pageafter', 'startcursor', 'nextcursor', 'marker', 'offset', 'page', 'scrollid'];
const NEXT_CURSOR_FIELDS = ['nextcursor', 'nextpagetoken', 'nexttoken', 'nextpagecursor', 'continuationtoken', 'continuation', 'nextmarker', 'endcursor', 'cursor', 'after', 'next', 'nextpage', 'marker', 'offset', 'scrollid'];
const HAS_MORE_FIELDS = ['hasmore', 'hasnextpage', 'hasnext', 'more', 'moreitems'];
const NEXT_URL_FIELDS = ['next', 'nexturl', 'nextlink', 'nexthref', 'nextpageurl', 'nextpagelink', 'nextrecordsurl', 'odatanextlink', 'nextpage'];
const URL_CONTAINERS = ['links', '_links', 'paging', 'pagination', 'meta', 'link'];
const OFFSET_PARAMS = ['offset', 'skip', 'start', 'startat', 'startindex', 'startposition', 'from', 'firstresult', 'position'];
const LIMIT_PARAMS = ['limit', 'count', 'top', 'maxresults', 'pagesize', 'perpage', 'size', 'pagelimit', 'maxitems', 'take', 'numresults', 'first', 'rows', 'max'];
const TOTAL_FIELDS = ['total', 'totalcount', 'count', 'totalsize', 'totalresults', 'totalitems', 'totalrecords', 'recordcount', 'totalhits'];
const PAGE_PARAMS = ['page', 'pagenumber', 'pagenum', 'pageno', 'pageindex', 'currentpage'];
const PAGE_SIZE_PARAMS = ['perpage', 'pagesize', 'pagelimit', 'limit', 'size', 'count', 'maxresults', 'top', 'rows'];
const TOTAL_PAGES_FIELDS = ['totalpages', 'pagecount', 'pages', 'lastpage', 'numpages', 'pagestotal'];

export function detectPagination(op: IrOperation, api: IrApi, list: ListResponse): PlanPagination | undefined {
  const params = queryParams(op);
  const fields = responseFields(op, api, list);
  return cursorStyle(params, fields, api, list) ?? linkHeader(op) ?? nextUrl(fields) ?? offsetStyle(params, fields) ?? pageStyle(params, fields) ?? linkHeaderElsewhere(op, api, params);
}

/**
 * GitHub declares `Link` on most list responses but not all; a list that takes a cursor or page size
 * and declares nothing else pages the way the rest of the API does.
 */
function linkHeaderElsewhere(op: IrOperation, api: IrApi, params: readonly IrParameter[]): PlanPagination | undefined {
  const paging = params.find((p) => [...CURSOR_PARAMS, ...PAGE_PARAMS, 'perpage', 'before'].includes(squash(p.name)));
  if (paging === undefined) return undefined;
  const other = api.operations.find((o) => o !== op && successResponse(o)?.headers.some((h) => h.name.toLowerCase() === 'link'));
  if (other === undefined) return undefined;
  return { style: 'link_header', reasons: [`\`${paging.name}\` pages the list, and other lists of this API (${other.id}) answer with a \`Link\` header: the next page is its \`rel="next"\` URL.`] };
}

interface Field {
  readonly path: readonly string[];
  readonly schema: IrSchema;
}

/** Properties of the response body up to three levels deep, outside the records themselves. */
function responseFields(op: IrOperation, api: IrApi, list: ListResponse): readonly Field[] {
  const body = successBody(op);
  if (body === undefined) return [];
  const out: Field[] = [];
  const walk = (schema: IrSchema, path: readonly string[], seen: ReadonlySet<string>): void => {
    for (const prop of view(api, schema).properties ?? []) {
      const here = [...path, prop.name];
      if (here.length === list.itemsPath.length && here.every((k, i) => k === list.itemsPath[i])) continue;
      const s = view(api, prop.schema);
      out.push({ path: here, schema: s });
      const refName = prop.schema.ref;
      if (here.length < 3 && isObjectSchema(s) && (refName === undefined || !seen.has(refName))) walk(prop.schema, here, refName ? new Set([...seen, refName]) : seen);
    }
  };
  walk(body.schema, [], new Set());
  return out;
}

const lastKey = (f: Field): string => squash(f.path[f.path.length - 1]!);

/** The first field whose last key is one of `names`, preferring names listed earlier, then shallower fields. */
function findField(fields: readonly Field[], names: readonly string[], accept: (f: Field) => boolean = () => true): Field | undefined {
  for (const name of names) {
    const hits = fields.filter((f) => lastKey(f) === name && accept(f)).sort((a, b) => a.path.length - b.path.length);
    if (hits.length > 0) return hits[0];
  }
  return undefined;
}

function findParam(params: readonly IrParameter[], names: readonly string[], accept: (p: IrParameter) => boolean = () => true): IrParameter | undefined {
  for (const name of names) {
    const hit = params.find((p) => squash(p.name) === name && accept(p));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function isTimeLike(p: IrParameter): boolean {
  const f = p.schema.format;
  return f === 'date' || f === 'date-time' || /\b(date|time|timestamp|iso ?8601|rfc ?3339)\b/.test(describedAs(p));
}

const isUrlText = (text: string): boolean => /\b(url|uri|link|href)\b/.test(text);

function isUrlField(f: Field): boolean {
  const s = f.schema;
  if (s.type !== undefined && s.type !== 'string') return false;
  const name = f.path[f.path.length - 1]!;
  const parent = f.path.length > 1 ? squash(f.path[f.path.length - 2]!) : '';
  return (
    s.format === 'uri' ||
    s.format === 'url' ||
    s.format === 'uri-reference' ||
    /(url|link|href)$/i.test(name) ||
    URL_CONTAINERS.includes(parent) ||
    isUrlText(describedAs(s)) ||
    (typeof s.example === 'string' && /^(https?:\/\/|\/)/.test(s.example))
  );
}

function isCursorField(f: Field): boolean {
  const s = f.schema;
  if (s.type !== undefined && s.type !== 'string' && s.type !== 'integer') return false;
  const text = describedAs(s);
  return (
    !(s.format === 'uri' || s.format === 'url') &&
    !/(url|link|href)$/i.test(f.path[f.path.length - 1]!) &&
    !(isUrlText(text) && !/\b(cursor|token)\b/.test(text)) &&
    !(typeof s.example === 'string' && /^https?:\/\//.test(s.example))
  );
}

function cursorStyle(params: readonly IrParameter[], fields: readonly Field[], api: IrApi, list: ListResponse): PlanPagination | undefined {
  const limit = findParam(params, LIMIT_PARAMS);
  const hasMore = findField(fields, HAS_MORE_FIELDS, (f) => f.schema.type === 'boolean' || f.schema.type === undefined);
  const withLimit = limit ? { limitParam: limit.name } : {};
  const withMore = hasMore ? { hasMorePath: hasMore.path } : {};
  // `offset`/`page` are cursors only when the server hands the next value back under the same name (Airtable).
  const param = findParam(params, CURSOR_PARAMS, (p) => {
    if (isTimeLike(p) || p.schema.type === 'boolean') return false;
    const key = squash(p.name);
    if (key === 'offset' || key === 'page') {
      return p.schema.type === 'string' && (/\b(cursor|token)\b/.test(describedAs(p)) || fields.some((f) => lastKey(f) === key && f.schema.type === 'string'));
    }
    return true;
  });
  if (param === undefined) return undefined;
  const key = squash(param.name);
  const next = findField(fields, [key, ...NEXT_CURSOR_FIELDS.filter((n) => n !== key)], isCursorField);
  if (next !== undefined) {
    return {
      style: 'cursor',
      cursorParam: param.name,
      cursorIn: 'query',
      nextCursorPath: next.path,
      ...withMore,
      ...withLimit,
      reasons: [`Cursor pagination: \`${next.path.join('.')}\` in the response is sent back as \`${param.name}\`.`, ...(hasMore ? [`\`${hasMore.path.join('.')}\` says whether more pages follow.`] : [])],
    };
  }
  // Stripe style: the cursor is the id of the last record of the page.
  if (key === 'startingafter' || ((key === 'after' || key === 'pageafter') && hasMore !== undefined)) {
    const id = idFieldOf(api, list.itemSchema) ?? 'id';
    return {
      style: 'cursor',
      cursorParam: param.name,
      cursorIn: 'query',
      cursorFromLastItem: id,
      ...withMore,
      ...withLimit,
      reasons: [`Cursor pagination: \`${param.name}\` takes the \`${id}\` of the last record of the previous page.`, ...(hasMore ? [`\`${hasMore.path.join('.')}\` says whether more pages follow.`] : ['No "more" flag: paging stops at an empty page.'])],
    };
  }
  return undefined;
}

function linkHeader(op: IrOperation): PlanPagination | undefined {
  const header = successResponse(op)?.headers.find((h) => h.name.toLowerCase() === 'link');
  if (header === undefined) return undefined;
  return { style: 'link_header', reasons: ['The response has a `Link` header: the next page is its `rel="next"` URL (RFC 8288).'] };
}

function nextUrl(fields: readonly Field[]): PlanPagination | undefined {
  const strong = findField(fields, NEXT_URL_FIELDS, isUrlField);
  // HAL: `_links.next.href`.
  const href = strong ?? fields.find((f) => f.path.length >= 2 && squash(f.path[f.path.length - 2]!) === 'next' && lastKey(f) === 'href');
  if (href !== undefined) {
    return { style: 'next_url', nextUrlPath: href.path, reasons: [`The response carries the URL of the next page in \`${href.path.join('.')}\`.`] };
  }
  // A bare `next` string with no cursor parameter to feed it to can only be followed as a URL.
  const bare = findField(fields, ['next'], (f) => f.schema.type === 'string' && f.path.length === 1);
  if (bare !== undefined) {
    return { style: 'next_url', nextUrlPath: bare.path, reasons: [`The response has a \`next\` string and no request parameter takes a cursor, so it is followed as the next page's URL.`] };
  }
  return undefined;
}

const isCountParam = (p: IrParameter): boolean => !isTimeLike(p) && (p.schema.type === 'integer' || p.schema.type === 'number' || p.schema.type === undefined || (p.schema.type === 'string' && p.schema.format === undefined && p.schema.enum === undefined));
const isCountField = (f: Field): boolean => f.schema.type === 'integer' || f.schema.type === 'number';

function offsetStyle(params: readonly IrParameter[], fields: readonly Field[]): PlanPagination | undefined {
  const offset = findParam(params, OFFSET_PARAMS, isCountParam);
  if (offset === undefined) return undefined;
  const limit = findParam(params, LIMIT_PARAMS, (p) => p !== offset && isCountParam(p));
  const total = findField(fields, TOTAL_FIELDS, isCountField);
  return {
    style: 'offset',
    offsetParam: offset.name,
    ...(limit ? { limitParam: limit.name } : {}),
    ...(total ? { totalPath: total.path } : {}),
    reasons: [
      `Offset pagination: \`${offset.name}\` skips records${limit ? `, \`${limit.name}\` sets the page size` : ''}.`,
      ...(total ? [`\`${total.path.join('.')}\` gives the total.`] : []),
    ],
  };
}

function pageStyle(params: readonly IrParameter[], fields: readonly Field[]): PlanPagination | undefined {
  const page = findParam(params, PAGE_PARAMS, isCountParam);
  if (page === undefined) return undefined;
  const size = findParam(params, PAGE_SIZE_PARAMS, (p) => p !== page && isCountParam(p));
  const totalPages = findField(fields, TOTAL_PAGES_FIELDS, isCountField);
  const zeroBased = page.schema.minimum === 0 || page.schema.default === 0 || /\b(zero-based|0-based|starts at 0|starting (at|from) 0)\b/.test(describedAs(page));
  const firstPage = zeroBased ? 0 : 1;
  return {
    style: 'page',
    pageParam: page.name,
    ...(size ? { sizeParam: size.name } : {}),
    firstPage,
    ...(totalPages ? { totalPagesPath: totalPages.path } : {}),
    reasons: [
      `Page pagination: \`${page.name}\` counts pages from ${firstPage}${size ? `, \`${size.name}\` sets the page size` : ''}.`,
      ...(totalPages ? [`\`${totalPages.path.join('.')}\` gives the number of pages.`] : []),
    ],
  };
}
