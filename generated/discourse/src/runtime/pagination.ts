import { ConnectorError } from './errors.js';
import { getPath, isPlainObject } from './json-path.js';
import { scalarText } from './serialize-params.js';
import type { Context, HttpResponse, Pagination, RequestOverrides, RequestSpec } from './types.js';

/** Where the next page is; plain JSON so a poll closure can keep it between polls. */
export type PageState =
  | { readonly kind: 'params'; readonly query?: Readonly<Record<string, string>>; readonly body?: Readonly<Record<string, unknown>>; readonly pageSize?: number }
  | { readonly kind: 'url'; readonly url: string };

export interface Page<T> {
  readonly records: readonly T[];
  /** Undefined on the last page. */
  readonly next: PageState | undefined;
  readonly response: HttpResponse;
}

/** Records of a list response: at `itemsPath`, else the body itself when it is an array, else its only array. */
export function recordsOf(body: unknown, itemsPath: readonly string[] | undefined): unknown[] {
  const value = itemsPath === undefined ? body : getPath(body, itemsPath);
  if (Array.isArray(value)) return value;
  if (itemsPath === undefined && isPlainObject(value)) {
    const arrays = Object.values(value).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0] as unknown[];
  }
  return [];
}

/** RFC 8288 `Link` header: the target of rel="next" (rel may list several types; quoted values may hold , and ;). */
export function nextLink(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  let i = 0;
  while (i < header.length) {
    const open = header.indexOf('<', i);
    if (open < 0) return undefined;
    const close = header.indexOf('>', open);
    if (close < 0) return undefined;
    const target = header.slice(open + 1, close);
    // Parameters run to the next comma outside quotes.
    let j = close + 1;
    let quoted = false;
    while (j < header.length && (quoted || header[j] !== ',')) {
      if (header[j] === '"') quoted = !quoted;
      j += 1;
    }
    const params = header.slice(close + 1, j);
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(params);
    const types = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (types.includes('next')) return target;
    i = j + 1;
  }
  return undefined;
}

function inputValue(spec: RequestSpec, input: Readonly<Record<string, unknown>>, wireName: string | undefined): unknown {
  if (wireName === undefined) return undefined;
  const binding = spec.params.find((p) => p.in === 'query' && p.name === wireName);
  return binding === undefined ? undefined : input[binding.field];
}

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** The request overrides for a page state on top of fixed extra query parameters (poll filters). */
function overridesFor(state: PageState | undefined, extraQuery: Readonly<Record<string, string>> | undefined): RequestOverrides {
  if (state?.kind === 'url') return { url: state.url };
  return { query: { ...extraQuery, ...state?.query }, ...(state?.body ? { body: state.body } : {}) };
}

/** Fetches one page and works out where the next one is (undefined when this was the last). */
export async function fetchPage<T = unknown>(
  ctx: Context,
  spec: RequestSpec,
  input: Readonly<Record<string, unknown>>,
  state: PageState | undefined,
  extraQuery?: Readonly<Record<string, string>>,
): Promise<Page<T>> {
  const response = await ctx.requestRaw(spec, input, overridesFor(state, extraQuery));
  const records = recordsOf(response.body, spec.itemsPath) as T[];
  const pagination = spec.pagination;
  const next = pagination === undefined ? undefined : nextState(pagination, spec, input, state, response, records, extraQuery);
  return { records, next, response };
}

function nextState(
  p: Pagination,
  spec: RequestSpec,
  input: Readonly<Record<string, unknown>>,
  state: PageState | undefined,
  response: HttpResponse,
  records: readonly unknown[],
  extraQuery: Readonly<Record<string, string>> | undefined,
): PageState | undefined {
  const body = response.body;
  const params = state?.kind === 'params' ? state : undefined;
  switch (p.style) {
    case 'cursor': {
      if (p.hasMorePath !== undefined && getPath(body, p.hasMorePath) === false) return undefined;
      let cursor: unknown;
      if (p.nextCursorPath !== undefined) cursor = getPath(body, p.nextCursorPath);
      else if (p.cursorFromLastItem !== undefined && records.length > 0) cursor = getPath(records[records.length - 1], p.cursorFromLastItem.split('.'));
      if (cursor === undefined || cursor === null || cursor === '' || records.length === 0) return undefined;
      const text = scalarText(cursor);
      const previous = p.cursorIn === 'body' ? params?.body?.[p.cursorParam] : params?.query?.[p.cursorParam];
      // The same cursor twice would fetch the same page forever.
      if (previous === text) return undefined;
      return p.cursorIn === 'body' ? { kind: 'params', body: { [p.cursorParam]: text } } : { kind: 'params', query: { [p.cursorParam]: text } };
    }
    case 'offset': {
      if (records.length === 0) return undefined;
      const offset = numberOf(params?.query?.[p.offsetParam]) ?? numberOf(inputValue(spec, input, p.offsetParam)) ?? 0;
      const limit = numberOf(extraQuery?.[p.limitParam ?? '']) ?? numberOf(inputValue(spec, input, p.limitParam));
      const pageSize = limit ?? params?.pageSize ?? records.length;
      if (records.length < pageSize) return undefined;
      const total = p.totalPath === undefined ? undefined : numberOf(getPath(body, p.totalPath));
      const nextOffset = offset + records.length;
      if (total !== undefined && nextOffset >= total) return undefined;
      return { kind: 'params', query: { [p.offsetParam]: String(nextOffset) }, pageSize };
    }
    case 'page': {
      if (records.length === 0) return undefined;
      const page = numberOf(params?.query?.[p.pageParam]) ?? numberOf(inputValue(spec, input, p.pageParam)) ?? p.firstPage;
      const size = numberOf(extraQuery?.[p.sizeParam ?? '']) ?? numberOf(inputValue(spec, input, p.sizeParam));
      const pageSize = size ?? params?.pageSize ?? records.length;
      if (records.length < pageSize) return undefined;
      const totalPages = p.totalPagesPath === undefined ? undefined : numberOf(getPath(body, p.totalPagesPath));
      // Pages count from `firstPage`; the last page's number is firstPage + totalPages - 1.
      if (totalPages !== undefined && page - p.firstPage + 1 >= totalPages) return undefined;
      return { kind: 'params', query: { [p.pageParam]: String(page + 1) }, pageSize };
    }
    case 'link_header':
    case 'next_url': {
      const target = p.style === 'link_header' ? nextLink(response.headers.link) : getPath(body, p.nextUrlPath);
      if (typeof target !== 'string' || target === '') return undefined;
      const url = new URL(target, response.url).toString();
      if (new URL(url).origin !== new URL(response.url).origin) {
        throw new ConnectorError(`the next page link ${url} leaves the API's origin ${new URL(response.url).origin}; stopped`);
      }
      if (url === response.url || (state?.kind === 'url' && state.url === url)) return undefined;
      return { kind: 'url', url };
    }
  }
}

/** Follows `spec.pagination`, yielding each record; stops at `maxRecords`, the last page, or a repeated page. */
export async function* paginate<T = unknown>(
  ctx: Context,
  spec: RequestSpec,
  input: Readonly<Record<string, unknown>>,
  options: { readonly maxRecords?: number } = {},
): AsyncGenerator<T, void, undefined> {
  const max = options.maxRecords ?? Infinity;
  if (max <= 0) return;
  const seen = new Set<string>();
  let state: PageState | undefined;
  let count = 0;
  for (;;) {
    const page = await fetchPage<T>(ctx, spec, input, state);
    for (const record of page.records) {
      yield record;
      count += 1;
      if (count >= max) return;
    }
    if (page.next === undefined) return;
    const key = JSON.stringify(page.next);
    if (seen.has(key)) return;
    seen.add(key);
    state = page.next;
  }
}
