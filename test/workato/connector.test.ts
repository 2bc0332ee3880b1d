/**
 * The generated connector.rb, run: emitted from the fixture plan, checked with `ruby -c`, loaded by the harness
 * and driven against a local server; every test asserts the exact requests the server received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fixturePlan } from './fixtures/plan.js';
import {
  emitToTemp,
  multipartParts,
  ok,
  requireRuby,
  rubySyntaxError,
  runHarness,
  sendJson,
  startRecorder,
  type Recorder,
  type Reply,
  type Step,
} from './ruby.js';

let dir = '';
let connector = '';
let server: Recorder;
let reply: Reply = (_req, res) => sendJson(res, 200, {});

beforeAll(async () => {
  await requireRuby();
  ({ dir, connector } = await emitToTemp(fixturePlan(), 'pets.yaml'));
  server = await startRecorder((req, res) => reply(req, res));
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs steps with API-key auth against the recorder (base URL override → the local server + /v1). */
async function drive(steps: Step[], settings: Record<string, unknown> = {}, handler?: Reply) {
  server.requests.length = 0;
  if (handler) reply = handler;
  const out = await runHarness(connector, { auth_type: 'api_key_header', api_key: 'k-123', base_url: `${server.url}/v1`, ...settings }, steps);
  return { ...out, requests: [...server.requests] };
}

describe('connector.rb from the fixture plan', () => {
  it('is valid Ruby', async () => {
    expect(await rubySyntaxError(connector)).toBe('');
  });

  it('builds the base URI from the server variable (default and selected), or the base_url override', async () => {
    const out = await runHarness(connector, { auth_type: 'api_key_header' }, [{ op: 'base_uri' }]);
    expect(ok(out.results[0])).toBe('https://us.pets.example/v1/');
    const eu = await runHarness(connector, { region: 'eu' }, [{ op: 'base_uri' }]);
    expect(ok(eu.results[0])).toBe('https://eu.pets.example/v1/');
    const override = await runHarness(connector, { base_url: 'http://127.0.0.1:9/x' }, [{ op: 'base_uri' }]);
    expect(ok(override.results[0])).toBe('http://127.0.0.1:9/x/');
  });

  it('runs the test request with the API key header', async () => {
    const { results, requests } = await drive([{ op: 'test' }], {}, (_req, res) => sendJson(res, 200, { id: 1 }));
    expect(ok(results[0])).toEqual({ id: 1 });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/v1/me', query: '' });
    expect(requests[0]?.headers['x-api-key']).toBe('k-123');
  });
});

describe('actions', () => {
  it('list with query styles, header and cookie parameters, following cursor pages up to max_records', async () => {
    const pages: Record<string, unknown> = {
      '': { data: [{ id: 1 }, { id: 2 }], meta: { next: 'c2' } },
      c2: { data: [{ id: 3 }, { id: 4 }], meta: { next: 'c3' } },
    };
    const { results, requests } = await drive(
      [
        {
          op: 'execute',
          action: 'list_pets',
          input: { status: 'available,pending', tag_filter: { tag: 'good', color: 'brown' }, limit: '2', request_id: 'r-1', session: 'abc d', max_records: '3' },
        },
      ],
      {},
      (req, res) => sendJson(res, 200, pages[new URLSearchParams(req.query).get('cursor') ?? '']),
    );
    expect(ok(results[0])).toEqual({ records: [{ id: 1 }, { id: 2 }, { id: 3 }] });
    expect(requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /v1/pets?status=available,pending&filter[tag]=good&filter[color]=brown&limit=2',
      'GET /v1/pets?status=available,pending&filter[tag]=good&filter[color]=brown&limit=2&cursor=c2',
    ]);
    for (const r of requests) {
      expect(r.headers['x-request-id']).toBe('r-1');
      expect(r.headers.cookie).toBe('session=abc%20d');
      expect(r.headers['x-api-key']).toBe('k-123');
    }
  });

  it('JSON body in its envelope, query parameter from a checkbox, sample output', async () => {
    const { results, requests } = await drive(
      [
        { op: 'execute', action: 'create_pet', input: { dry_run: 'true', name: "Rex 'the' dog", status: 'available', photo_urls: ['u1'], owner: { name: 'Ann' } } },
        { op: 'sample_output', action: 'create_pet' },
      ],
      {},
      (_req, res) => sendJson(res, 201, { id: 10, name: 'Rex' }),
    );
    expect(ok(results[0])).toEqual({ id: 10, name: 'Rex' });
    expect(ok(results[1])).toEqual({ id: 10, name: 'Rex', tags: [{ id: 1, name: 'good' }] });
    expect(requests).toHaveLength(1);
    const [r] = requests;
    expect(`${r?.method} ${r?.path}?${r?.query}`).toBe('POST /v1/pets?dry_run=true');
    expect(r?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r?.body.toString() ?? '')).toEqual({ pet: { name: "Rex 'the' dog", status: 'available', photoUrls: ['u1'], owner: { name: 'Ann' } } });
  });

  it('form body with nested object and repeated array keys; path parameter percent-encoded', async () => {
    const { results, requests } = await drive(
      [{ op: 'execute', action: 'update_pet_form', input: { pet_id: 'p 1/2', name: 'Rex Jr', metadata: { color: 'brown' }, tags: ['a', 'b'] } }],
      {},
      (_req, res) => sendJson(res, 200, { id: 1 }),
    );
    expect(ok(results[0])).toEqual({ id: 1 });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v1/pets/p%201%2F2/form', query: '' });
    expect(requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.body.toString()).toBe('name=Rex%20Jr&metadata[color]=brown&tags=a&tags=b');
  });

  it('multipart body with a file part', async () => {
    const { results, requests } = await drive(
      [{ op: 'execute', action: 'upload_photo', input: { pet_id: '7', file: { content: 'PNGDATA', file_name: 'rex.png' }, caption: 'hi' } }],
      {},
      (_req, res) => sendJson(res, 200, { id: 7 }),
    );
    expect(ok(results[0])).toEqual({ id: 7 });
    const r = requests[0];
    expect(`${r?.method} ${r?.path}`).toBe('POST /v1/pets/7/photos');
    expect(r?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const parts = multipartParts(r?.body ?? Buffer.alloc(0), String(r?.headers['content-type']));
    expect(parts).toEqual([
      { name: 'file', filename: 'rex.png', type: 'application/octet-stream', content: 'PNGDATA' },
      { name: 'caption', content: 'hi' },
    ]);
  });

  it('text body and text response; XML body; binary response as base64', async () => {
    const { results, requests } = await drive(
      [
        { op: 'execute', action: 'set_note', input: { pet_id: '7', note: 'Good dog\nvery' } },
        { op: 'execute', action: 'import_pets', input: { document: '<pets/>' } },
        { op: 'execute', action: 'download_photo', input: { pet_id: '7' } },
      ],
      {},
      (req, res) => {
        if (req.path.endsWith('/note')) res.writeHead(200, { 'content-type': 'text/plain' }).end('saved');
        else if (req.path.endsWith('/photo')) res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
        else sendJson(res, 200, { id: 3 });
      },
    );
    expect(ok(results[0])).toEqual({ content: 'saved' });
    expect(ok(results[1])).toEqual({ id: 3 });
    expect(ok(results[2])).toEqual({ contentType: 'image/png', base64: 'iVBORw==', size: 4 });
    expect(requests.map((r) => `${r.method} ${r.path} ${r.headers['content-type'] ?? '-'} ${r.headers.accept}`)).toEqual([
      'PUT /v1/pets/7/note text/plain text/plain',
      'POST /v1/imports application/xml application/json',
      'GET /v1/pets/7/photo - image/png',
    ]);
    expect(requests[0]?.body.toString()).toBe('Good dog\nvery');
    expect(requests[1]?.body.toString()).toBe('<pets/>');
  });

  it('label path style, spaceDelimited and allowReserved query parameters, a colon in the path', async () => {
    const { results, requests } = await drive(
      [{ op: 'execute', action: 'get_report', input: { ids: [1, 2], fields: ['a', 'b'], q: 'x/y?z' } }],
      {},
      (_req, res) => sendJson(res, 200, { ok: true }),
    );
    expect(ok(results[0])).toEqual({ ok: true });
    expect(`${requests[0]?.path}?${requests[0]?.query}`).toBe('/v1/reports/.1,2/v1:render?fields=a%20b&q=x/y?z');
  });

  it('offset, page, Link header and next-URL pagination', async () => {
    const { results, requests } = await drive(
      [
        { op: 'execute', action: 'list_orders', input: { limit: 2, max_records: 5 } },
        { op: 'execute', action: 'list_users', input: { per_page: 1, max_records: 2 } },
        { op: 'execute', action: 'list_events', input: { kinds: ['a', 'b'] } },
        { op: 'execute', action: 'list_logs', input: {} },
      ],
      {},
      (req, res) => {
        const q = new URLSearchParams(req.query);
        if (req.path === '/v1/orders') sendJson(res, 200, q.get('offset') ? { orders: [{ id: 3 }], total: 3 } : { orders: [{ id: 1 }, { id: 2 }], total: 3 });
        else if (req.path === '/v1/users') sendJson(res, 200, { users: [{ id: Number(q.get('page') ?? 1) }], pages: 3 });
        else if (req.path === '/v1/events' && q.get('page') === '2') sendJson(res, 200, [{ id: 2 }]);
        else if (req.path === '/v1/events') sendJson(res, 200, [{ id: 1 }], { link: `<${server.url}/v1/events?page=2>; rel="next", <${server.url}/v1/events?page=9>; rel="last"` });
        else if (req.path === '/v1/logs' && q.get('after')) sendJson(res, 200, { entries: [{ id: 2 }], links: {} });
        else sendJson(res, 200, { entries: [{ id: 1 }], links: { next: '/v1/logs?after=1' } });
      },
    );
    expect(results.map(ok)).toEqual([
      { records: [{ id: 1 }, { id: 2 }, { id: 3 }] },
      { records: [{ id: 1 }, { id: 2 }] },
      { records: [{ id: 1 }, { id: 2 }] },
      { records: [{ id: 1 }, { id: 2 }] },
    ]);
    expect(requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /v1/orders?limit=2',
      'GET /v1/orders?limit=2&offset=2',
      'GET /v1/users?per_page=1',
      'GET /v1/users?per_page=1&page=2',
      'GET /v1/events?kinds=a|b',
      'GET /v1/events?page=2',
      'GET /v1/logs?',
      'GET /v1/logs?after=1',
    ]);
  });

  it('empty 204 response; retries an idempotent request on 503 but not a POST', async () => {
    let failures = 1;
    const { results, requests } = await drive(
      [
        { op: 'execute', action: 'delete_pet', input: { pet_id: '9' } },
        { op: 'execute', action: 'get_pet', input: { pet_id: '9' } },
        { op: 'execute', action: 'create_pet', input: { name: 'x' } },
      ],
      {},
      (req, res) => {
        if (req.method === 'DELETE') res.writeHead(204).end();
        else if (req.method === 'GET' && failures-- > 0) sendJson(res, 503, { error: 'busy' });
        else if (req.method === 'POST') sendJson(res, 503, { error: 'busy' });
        else sendJson(res, 200, { id: 9 });
      },
    );
    expect(ok(results[0])).toEqual({});
    expect(ok(results[1])).toEqual({ id: 9 });
    expect(results[2]?.error).toMatch(/^503/);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v1/pets/9', 'GET /v1/pets/9', 'GET /v1/pets/9', 'POST /v1/pets']);
  });
});
