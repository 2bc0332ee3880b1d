import { describe, expect, it } from 'vitest';
import { createContext } from './http-client.js';
import { nextLink } from './pagination.js';
import { json, startServer, type Handler, type Recorded } from './test-server.test.js';
import type { AuthDefinition, ConnectionSettings, ParamBinding, RequestSpec } from './types.js';

const ids = [1, 2, 3, 4, 5, 6, 7];
const records = (from: number, count: number): { id: number }[] => ids.slice(from, from + count).map((id) => ({ id }));

const q = (name: string, field = name): ParamBinding => ({ field, name, in: 'query', style: 'form', explode: true, required: false });

async function collect(
  handler: Handler,
  spec: Omit<RequestSpec, 'method' | 'path' | 'response'> & Partial<RequestSpec>,
  input: Record<string, unknown> = {},
  maxRecords?: number,
  options: { settings?: ConnectionSettings; auth?: AuthDefinition[] } = {},
): Promise<{ got: unknown[]; requests: Recorded[]; url: string }> {
  const server = await startServer(handler);
  const ctx = createContext({ fields: [], auth: options.auth ?? [], baseUrl: { template: server.url, variables: {} } }, options.settings ?? {});
  const full: RequestSpec = { method: 'get', path: '/items', response: { status: '200', kind: 'json' }, ...spec };
  const got: unknown[] = [];
  for await (const record of ctx.paginate(full, input, maxRecords === undefined ? undefined : { maxRecords })) got.push(record);
  return { got, requests: server.requests, url: server.url };
}

const idsOf = (got: unknown[]): number[] => got.map((r) => (r as { id: number }).id);

describe('cursor pagination', () => {
  it('follows next_cursor from the body until it is null', async () => {
    const { got, requests } = await collect(
      (req, res) => {
        const start = Number(new URLSearchParams(req.query).get('cursor') ?? 0);
        json(res, 200, { data: records(start, 3), meta: { next_cursor: start + 3 < ids.length ? String(start + 3) : null } });
      },
      { params: [q('cursor')], itemsPath: ['data'], pagination: { style: 'cursor', cursorParam: 'cursor', cursorIn: 'query', nextCursorPath: ['meta', 'next_cursor'] } },
    );
    expect(idsOf(got)).toEqual(ids);
    expect(requests.map((r) => r.query)).toEqual(['', 'cursor=3', 'cursor=6']);
  });

  it('takes starting_after from the last item while has_more (Stripe)', async () => {
    const { got, requests } = await collect(
      (req, res) => {
        const p = new URLSearchParams(req.query);
        const after = p.get('starting_after');
        const start = after ? ids.indexOf(Number(after.slice(4))) + 1 : 0;
        const limit = Number(p.get('limit'));
        json(res, 200, { object: 'list', data: records(start, limit).map((r) => ({ id: `obj_${r.id}` })), has_more: start + limit < ids.length });
      },
      {
        params: [q('limit')],
        itemsPath: ['data'],
        pagination: { style: 'cursor', cursorParam: 'starting_after', cursorIn: 'query', cursorFromLastItem: 'id', hasMorePath: ['has_more'], limitParam: 'limit' },
      },
      { limit: 3 },
    );
    expect(got).toHaveLength(7);
    expect(requests.map((r) => r.query)).toEqual(['limit=3', 'limit=3&starting_after=obj_3', 'limit=3&starting_after=obj_6']);
  });

  it('puts the cursor in a JSON body (search endpoints)', async () => {
    const { got, requests } = await collect(
      (req, res) => {
        const start = Number((JSON.parse(req.text) as { cursor?: string }).cursor ?? 0);
        json(res, 200, { results: records(start, 4), next: start + 4 < ids.length ? String(start + 4) : '' });
      },
      {
        method: 'post',
        params: [],
        body: { mediaType: 'application/json', encoding: 'json', required: true, mode: 'properties', properties: [{ field: 'query', name: 'query', required: true }] },
        itemsPath: ['results'],
        pagination: { style: 'cursor', cursorParam: 'cursor', cursorIn: 'body', nextCursorPath: ['next'] },
      },
      { query: 'cats' },
    );
    expect(idsOf(got)).toEqual(ids);
    expect(requests.map((r) => r.text)).toEqual(['{"query":"cats"}', '{"query":"cats","cursor":"4"}']);
  });

  it('stops when the server hands back the same cursor again', async () => {
    const { got, requests } = await collect((_, res) => json(res, 200, { data: records(0, 2), next: 'same' }), {
      params: [],
      itemsPath: ['data'],
      pagination: { style: 'cursor', cursorParam: 'cursor', cursorIn: 'query', nextCursorPath: ['next'] },
    });
    expect(requests).toHaveLength(2);
    expect(got).toHaveLength(4);
  });
});

describe('offset and page pagination', () => {
  const offsetHandler =
    (withTotal: boolean, data = ids): Handler =>
    (req, res) => {
      const p = new URLSearchParams(req.query);
      const offset = Number(p.get('offset') ?? 0);
      const limit = Number(p.get('limit') ?? 3);
      json(res, 200, { items: data.slice(offset, offset + limit).map((id) => ({ id })), ...(withTotal ? { total: data.length } : {}) });
    };

  it('advances the offset by the records received and stops on a short page', async () => {
    const { got, requests } = await collect(offsetHandler(false), { params: [q('limit')], itemsPath: ['items'], pagination: { style: 'offset', offsetParam: 'offset', limitParam: 'limit' } }, { limit: 3 });
    expect(idsOf(got)).toEqual(ids);
    expect(requests.map((r) => r.query)).toEqual(['limit=3', 'limit=3&offset=3', 'limit=3&offset=6']);
  });

  it('stops at the total without asking for an empty page', async () => {
    const { requests } = await collect(
      offsetHandler(true, [1, 2, 3, 4, 5, 6]),
      { params: [q('limit')], itemsPath: ['items'], pagination: { style: 'offset', offsetParam: 'offset', limitParam: 'limit', totalPath: ['total'] } },
      { limit: 3 },
    );
    expect(requests).toHaveLength(2);
  });

  it('stops on an empty page when the page size is unknown', async () => {
    const { got, requests } = await collect(offsetHandler(false, [1, 2, 3, 4, 5, 6]), { params: [], itemsPath: ['items'], pagination: { style: 'offset', offsetParam: 'offset' } });
    expect(got).toHaveLength(6);
    expect(requests.map((r) => r.query)).toEqual(['', 'offset=3', 'offset=6']);
  });

  it('counts pages from firstPage and stops on a short page (page/per_page)', async () => {
    const { got, requests } = await collect(
      (req, res) => {
        const p = new URLSearchParams(req.query);
        const page = Number(p.get('page') ?? 1);
        const size = Number(p.get('per_page'));
        json(res, 200, records((page - 1) * size, size));
      },
      { params: [q('per_page')], pagination: { style: 'page', pageParam: 'page', sizeParam: 'per_page', firstPage: 1 } },
      { per_page: 3 },
    );
    expect(idsOf(got)).toEqual(ids);
    expect(requests.map((r) => r.query)).toEqual(['per_page=3', 'per_page=3&page=2', 'per_page=3&page=3']);
  });

  it('stops at the total number of pages (zero-based pages)', async () => {
    const { got, requests } = await collect(
      (req, res) => {
        const page = Number(new URLSearchParams(req.query).get('page') ?? 0);
        json(res, 200, { content: records(page * 2, 2), totalPages: 3 });
      },
      { params: [], itemsPath: ['content'], pagination: { style: 'page', pageParam: 'page', firstPage: 0, totalPagesPath: ['totalPages'] } },
    );
    expect(idsOf(got)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(requests).toHaveLength(3);
  });
});

describe('link pagination', () => {
  it('follows RFC 8288 Link rel="next" (absolute, then relative) and re-applies auth once', async () => {
    const { got, requests } = await collect(
      (req, res) => {
        const page = Number(new URLSearchParams(req.query).get('page') ?? 1);
        const host = String(req.headers.host);
        const links = [
          page === 1 ? `<http://${host}/items?page=2&key=k1>; rel="next"` : page === 2 ? '</items?page=3>; rel="next last"' : '',
          '</items?page=1>; rel="first"',
        ].filter(Boolean);
        json(res, 200, records((page - 1) * 3, 3), { link: links.join(', ') });
      },
      { params: [], pagination: { style: 'link_header' } },
      {},
      undefined,
      { settings: { api_key: 'k1' }, auth: [{ type: 'api_key', key: 'k', title: 'Key', in: 'query', paramName: 'key', field: 'api_key' }] },
    );
    expect(idsOf(got)).toEqual(ids);
    expect(requests.map((r) => r.query)).toEqual(['key=k1', 'page=2&key=k1', 'page=3&key=k1']);
  });

  it('follows a next URL in the body, relative or absolute', async () => {
    const { got, requests } = await collect(
      (req, res) => {
        const page = Number(new URLSearchParams(req.query).get('page') ?? 1);
        const next = page === 1 ? '/items?page=2' : page === 2 ? `http://${String(req.headers.host)}/items?page=3` : null;
        json(res, 200, { results: records((page - 1) * 3, 3), links: { next } });
      },
      { params: [], itemsPath: ['results'], pagination: { style: 'next_url', nextUrlPath: ['links', 'next'] } },
    );
    expect(idsOf(got)).toEqual(ids);
    expect(requests.map((r) => r.url)).toEqual(['/items', '/items?page=2', '/items?page=3']);
  });

  it('refuses a next URL on another origin, and never calls it', async () => {
    const other = await startServer();
    const error = await collect((_, res) => json(res, 200, { results: records(0, 2), next: `${other.url}/steal` }), {
      params: [],
      itemsPath: ['results'],
      pagination: { style: 'next_url', nextUrlPath: ['next'] },
    }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/leaves the API's origin/);
    expect(other.requests).toHaveLength(0);
  });

  it.each([
    ['<https://x.test/a?page=2>; rel="next"', 'https://x.test/a?page=2'],
    ['<https://x.test/a?page=1>; rel="prev", <https://x.test/a?page=3>; rel=next', 'https://x.test/a?page=3'],
    ['<https://x.test/a?page=9>; rel="last"', undefined],
    ['<https://x.test/a;b,c?page=2>; title="x, y"; rel="next"', 'https://x.test/a;b,c?page=2'],
  ])('reads Link %s', (header, want) => {
    expect(nextLink(header)).toBe(want);
  });
});

describe('limits', () => {
  it('stops at maxRecords without asking for more pages', async () => {
    const { got, requests } = await collect(
      (req, res) => {
        const start = Number(new URLSearchParams(req.query).get('cursor') ?? 0);
        json(res, 200, { data: records(start, 3), next: String(start + 3) });
      },
      { params: [], itemsPath: ['data'], pagination: { style: 'cursor', cursorParam: 'cursor', cursorIn: 'query', nextCursorPath: ['next'] } },
      {},
      4,
    );
    expect(idsOf(got)).toEqual([1, 2, 3, 4]);
    expect(requests).toHaveLength(2);
  });

  it('yields one page when the operation has no pagination', async () => {
    const { got, requests } = await collect((_, res) => json(res, 200, [{ id: 1 }, { id: 2 }]), { params: [] });
    expect(idsOf(got)).toEqual([1, 2]);
    expect(requests).toHaveLength(1);
  });
});
