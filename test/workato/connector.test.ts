/**
 * The generated connector.rb, run: emitted from the fixture plan, checked with `ruby -c`, loaded by the harness
 * and driven against a local server; every test asserts the exact requests the server received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
      [
        { op: 'execute', action: 'upload_photo', input: { pet_id: '7', file: { content: 'PNGDATA', file_name: 'rex.png' }, caption: 'hi' } },
        // Not a declared file field, but given as one (base64): sent as a file part too.
        { op: 'execute', action: 'upload_photo', input: { pet_id: '8', file: 'raw text', caption: { base64: Buffer.from('hi!').toString('base64'), content_type: 'text/plain' } } },
      ],
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
    expect(ok(results[1])).toEqual({ id: 7 });
    const second = requests[1];
    expect(multipartParts(second?.body ?? Buffer.alloc(0), String(second?.headers['content-type']))).toEqual([
      { name: 'file', filename: 'file', type: 'application/octet-stream', content: 'raw text' },
      { name: 'caption', filename: 'caption', type: 'text/plain', content: 'hi!' },
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

describe('authorization', () => {
  const seen = (r: { headers: Record<string, unknown> }): string =>
    ['authorization', 'x-api-key', 'cookie'].map((h) => `${h}=${String(r.headers[h] ?? '')}`).join(' ');

  it.each([
    ['API key in a query parameter', { auth_type: 'api_key_query', query_key: 'q k' }, 'GET /v1/me?api_key=q+k', 'authorization= x-api-key= cookie='],
    ['API key in a cookie', { auth_type: 'api_key_cookie', cookie_key: 'ck' }, 'GET /v1/me?', 'authorization= x-api-key= cookie=sid=ck'],
    ['basic', { auth_type: 'basic', basic_user: 'ann', basic_pass: 's3cret' }, 'GET /v1/me?', `authorization=Basic ${Buffer.from('ann:s3cret').toString('base64')} x-api-key= cookie=`],
    ['bearer', { auth_type: 'bearer', token: 'tok' }, 'GET /v1/me?', 'authorization=Bearer tok x-api-key= cookie='],
    ['implicit (pasted token)', { auth_type: 'implicit', access_token: 'imp' }, 'GET /v1/me?', 'authorization=Bearer imp x-api-key= cookie='],
    ['custom scheme (applied by hand)', { auth_type: 'mtls' }, 'GET /v1/me?', 'authorization= x-api-key= cookie='],
  ])('%s', async (_name, settings, line, headers) => {
    const { results, requests } = await drive([{ op: 'test' }], { api_key: undefined, ...settings }, (_req, res) => sendJson(res, 200, { me: 1 }));
    expect(ok(results[0])).toEqual({ me: 1 });
    expect(requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([line]);
    expect(seen(requests[0] as never)).toBe(headers);
  });

  it('client credentials: acquires a token on connect, applies it, acquires again on 401', async () => {
    let tokens = 0;
    let calls = 0;
    const { results, requests, settings } = await drive(
      [{ op: 'connect' }, { op: 'test' }, { op: 'test' }],
      { auth_type: 'machine', cc_client_id: 'cid', cc_client_secret: 'sec' },
      (req, res) => {
        if (req.path === '/v1/oauth/token') return sendJson(res, 200, { access_token: `at-${++tokens}` });
        // The second call finds the first token expired.
        if (++calls === 2) return sendJson(res, 401, { error: 'expired' });
        return sendJson(res, 200, { me: req.headers.authorization });
      },
    );
    expect(ok(results[1])).toEqual({ me: 'Bearer at-1' });
    expect(ok(results[2])).toEqual({ me: 'Bearer at-2' });
    expect(settings.access_token).toBe('at-2');
    expect(requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization ?? '-'}`)).toEqual([
      'POST /v1/oauth/token -',
      'GET /v1/me Bearer at-1',
      'GET /v1/me Bearer at-1',
      'POST /v1/oauth/token -',
      'GET /v1/me Bearer at-2',
    ]);
    expect(requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.body.toString()).toBe('client_id=cid&client_secret=sec&grant_type=client_credentials&scope=pets%3Aread');
  });

  it('password flow sends the owner credentials to the token endpoint', async () => {
    const { results, requests } = await drive(
      [{ op: 'connect' }, { op: 'test' }],
      { auth_type: 'owner_password', username: 'ann', password: 'pw', pw_client_id: 'c', pw_client_secret: 's' },
      (req, res) => (req.path === '/v1/oauth/token' ? sendJson(res, 200, { access_token: 'pw-token' }) : sendJson(res, 200, { ok: req.headers.authorization })),
    );
    expect(ok(results[1])).toEqual({ ok: 'Bearer pw-token' });
    expect(requests[0]?.body.toString()).toBe('client_id=c&client_secret=s&grant_type=password&password=pw&username=ann');
  });

  it('OAuth 2.0 authorization code with PKCE: authorization URL, code exchange, refresh on 401', async () => {
    let refreshed = false;
    const { results, requests, settings } = await drive(
      [
        { op: 'authorization_url' },
        { op: 'client_id' },
        { op: 'pkce', verifier: 'v3r', challenge: 'ch4' },
        { op: 'acquire', code: 'c0de', redirect_uri: 'https://www.workato.com/oauth/callback', verifier: 'v3r' },
        { op: 'test' },
      ],
      { auth_type: 'oauth', client_id: 'app', client_secret: 'shh' },
      (req, res) => {
        const form = new URLSearchParams(req.body.toString());
        if (req.path === '/v1/oauth/token' && form.get('grant_type') === 'authorization_code') return sendJson(res, 200, { access_token: 'at-1', refresh_token: 'rt-1' });
        if (req.path === '/v1/oauth/token') {
          refreshed = true;
          return sendJson(res, 200, { access_token: 'at-2' });
        }
        if (!refreshed) return sendJson(res, 401, { error: 'expired' });
        return sendJson(res, 200, { me: req.headers.authorization });
      },
    );
    expect(ok(results[0])).toBe('https://auth.pets.example/authorize?response_type=code&scope=pets%3Aread%20pets%3Awrite');
    expect(ok(results[1])).toBe('app');
    expect(ok(results[2])).toEqual({ code_challenge: 'ch4', code_challenge_method: 'S256' });
    expect(ok(results[3])).toEqual({ access_token: 'at-1', refresh_token: 'rt-1' });
    expect(ok(results[4])).toEqual({ me: 'Bearer at-2' });
    expect(settings).toMatchObject({ access_token: 'at-2', refresh_token: 'rt-1' });
    expect(requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization ?? '-'}`)).toEqual([
      'POST /v1/oauth/token -',
      'GET /v1/me Bearer at-1',
      'POST /v1/oauth/token -',
      'GET /v1/me Bearer at-2',
    ]);
    expect(requests[0]?.body.toString()).toBe(
      'client_id=app&client_secret=shh&code=c0de&code_verifier=v3r&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fwww.workato.com%2Foauth%2Fcallback',
    );
    expect(requests[2]?.body.toString()).toBe('client_id=app&client_secret=shh&grant_type=refresh_token&refresh_token=rt-1');
  });
});

describe('triggers', () => {
  it('polls with the since filter, pages within a sweep (closure carried), then moves the high-water mark', async () => {
    const records = {
      first: { data: [{ id: 2, updated_at: '2024-01-02T00:00:00Z' }, { id: 1, updated_at: '2024-01-01T10:00:00Z' }], next_cursor: 'p2' },
      second: { data: [{ id: 3, updated_at: '2024-01-03T00:00:00Z' }] },
    };
    const handler: Reply = (req, res) => {
      const q = new URLSearchParams(req.query);
      if (q.get('cursor') === 'p2') return sendJson(res, 200, records.second);
      if (q.get('updated_since') === '2024-01-01T00:00:00Z') return sendJson(res, 200, records.first);
      return sendJson(res, 200, { data: [] });
    };
    const input = { since: '2024-01-01T00:00:00Z', store_id: 's1' };
    const first = await drive([{ op: 'poll', trigger: 'new_or_updated_pets', input, closure: null }], {}, handler);
    const page1 = ok(first.results[0]) as { events: unknown[]; next_poll: Record<string, unknown>; can_poll_more: boolean };
    expect(page1.events).toEqual([records.first.data[1], records.first.data[0]]);
    expect(page1.can_poll_more).toBe(true);
    expect(page1.next_poll).toMatchObject({ since: '2024-01-01T00:00:00Z', next: { query: { cursor: 'p2' } }, max: '2024-01-02T00:00:00Z' });

    const second = await drive([{ op: 'poll', trigger: 'new_or_updated_pets', input, closure: page1.next_poll }], {}, handler);
    const page2 = ok(second.results[0]) as { events: unknown[]; next_poll: Record<string, unknown>; can_poll_more: boolean };
    expect(page2).toEqual({ events: records.second.data, next_poll: { since: '2024-01-03T00:00:00Z' }, can_poll_more: false });

    const third = await drive([{ op: 'poll', trigger: 'new_or_updated_pets', input, closure: page2.next_poll }], {}, handler);
    expect(ok(third.results[0])).toEqual({ events: [], next_poll: { since: '2024-01-03T00:00:00Z' }, can_poll_more: false });

    expect([...first.requests, ...second.requests, ...third.requests].map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /v1/pets/updates?updated_since=2024-01-01T00%3A00%3A00Z&store_id=s1&limit=2&sort=updated_at',
      'GET /v1/pets/updates?updated_since=2024-01-01T00%3A00%3A00Z&store_id=s1&limit=2&sort=updated_at&cursor=p2',
      'GET /v1/pets/updates?updated_since=2024-01-03T00%3A00%3A00Z&store_id=s1&limit=2&sort=updated_at',
    ]);
    for (const r of [...first.requests, ...second.requests]) expect(r.headers['x-api-key']).toBe('k-123');
  });

  it('dedups by id and updated time', async () => {
    const out = await runHarness(connector, {}, [{ op: 'dedup', trigger: 'new_or_updated_pets', record: { id: 7, updated_at: '2024-01-01T00:00:00Z' } }]);
    expect(ok(out.results[0])).toBe('7@2024-01-01T00:00:00Z');
  });

  it('webhook: subscribes with the callback URL and event filter, unsubscribes with what subscribe returned', async () => {
    const sub = await drive(
      [{ op: 'webhook_subscribe', trigger: 'pet_events', url: 'https://hooks.example/abc', input: { store_id: 's1', label: 'mine', events: 'pet.created,pet.deleted' } }],
      {},
      (_req, res) => sendJson(res, 201, { data: { id: 'wh-9' } }),
    );
    const output = ok(sub.results[0]) as Record<string, unknown>;
    expect(output).toEqual({ id: 'wh-9', input: { store_id: 's1', label: 'mine', events: 'pet.created,pet.deleted' } });
    expect(`${sub.requests[0]?.method} ${sub.requests[0]?.path}?${sub.requests[0]?.query}`).toBe('POST /v1/webhooks?store_id=s1');
    expect(JSON.parse(sub.requests[0]?.body.toString() ?? '')).toEqual({
      data: { label: 'mine', target_url: 'https://hooks.example/abc', events: ['pet.created', 'pet.deleted'] },
    });

    const unsub = await drive([{ op: 'webhook_unsubscribe', trigger: 'pet_events', output }], {}, (_req, res) => res.writeHead(204).end());
    expect(unsub.results[0]?.error).toBeUndefined();
    expect(unsub.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v1/stores/s1/webhooks/wh-9']);

    const note = await runHarness(connector, {}, [
      { op: 'webhook_notification', trigger: 'pet_events', payload: { id: 'e1', type: 'pet.created' } },
      { op: 'webhook_subscribe', trigger: 'adoption', url: 'https://hooks.example/manual' },
    ]);
    expect(note.results.map(ok)).toEqual([{ id: 'e1', type: 'pet.created' }, { webhook_url: 'https://hooks.example/manual' }]);
  });
});

describe('pick lists, object definitions and fields', () => {
  it('static and dynamic pick lists, dependent on a parameter, following pages', async () => {
    const { results, requests } = await drive(
      [
        { op: 'pick_list', key: 'pet_status' },
        { op: 'pick_list', key: 'event_types' },
        { op: 'pick_list', key: 'stores' },
        { op: 'pick_list', key: 'store_pets', args: { store_id: 's 1' } },
      ],
      {},
      (req, res) => {
        if (req.path === '/v1/stores' && req.query === '') return sendJson(res, 200, { data: [{ id: 's1', name: 'One' }], next: 'n2' });
        if (req.path === '/v1/stores') return sendJson(res, 200, { data: [{ id: 's2' }] });
        return sendJson(res, 200, [{ id: 5, name: 'Rex' }]);
      },
    );
    expect(results.map(ok)).toEqual([
      [['Available', 'available'], ['Pending', 'pending'], ['Sold', 'sold']],
      [['Created', 'pet.created'], ['Deleted', 'pet.deleted'], ['Level 1', 1], ['On', true]],
      [['One', 's1'], ['s2', 's2']],
      [['Rex', 5]],
    ]);
    expect(requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual(['GET /v1/stores?', 'GET /v1/stores?cursor=n2', 'GET /v1/stores/s%201/pets?']);
  });

  it('every object definition resolves (no reference loop); a cycle is cut one level deep', async () => {
    const keys = fixturePlan().objectDefinitions.map((d) => d.key);
    const out = await runHarness(connector, {}, [{ op: 'object_definition_keys' }, ...keys.map((key) => ({ op: 'object_definition', key }))]);
    expect(ok(out.results[0])).toEqual(keys);
    const [user] = out.results.slice(1 + keys.indexOf('user')).map(ok) as { name: string; properties?: { name: string; properties?: unknown }[] }[][];
    const friend = user?.find((f) => f.name === 'best_friend');
    expect(friend?.properties?.map((p) => p.name)).toEqual(['id', 'name', 'best_friend', 'pets']);
    expect(friend?.properties?.find((p) => p.name === 'best_friend')?.properties).toBeUndefined();
    const [pet] = out.results.slice(1 + keys.indexOf('pet')).map(ok) as { name: string; properties?: { name: string }[] }[][];
    expect(pet?.find((f) => f.name === 'owner')?.properties?.map((p) => p.name)).toEqual(['id', 'name', 'best_friend', 'pets']);
  });

  it('action and trigger fields resolve with pick lists, toggles and object definitions', async () => {
    const plan = fixturePlan();
    const steps: Step[] = [
      ...plan.actions.flatMap((a) => ['input_fields', 'output_fields'].map((which) => ({ op: 'fields', section: 'actions', key: a.key, which }))),
      ...plan.triggers.flatMap((t) => ['input_fields', 'output_fields'].map((which) => ({ op: 'fields', section: 'triggers', key: t.key, which }))),
    ];
    const out = await runHarness(connector, {}, steps);
    const all = out.results.map(ok) as { name: string }[][];
    expect(all).toHaveLength(steps.length);
    const getPetInput = all[plan.actions.findIndex((a) => a.key === 'get_pet') * 2] as Record<string, unknown>[];
    expect(getPetInput[0]).toEqual({
      name: 'pet_id',
      label: 'Pet id',
      type: 'string',
      pick_list: 'store_pets',
      pick_list_params: { store_id: 'store_id' },
      optional: false,
      toggle_hint: 'Select from list',
      toggle_field: { name: 'pet_id', label: 'Pet id', type: 'string', control_type: 'text', optional: false, toggle_hint: 'Use custom value' },
    });
    const listOutput = all[plan.actions.findIndex((a) => a.key === 'list_pets') * 2 + 1] as { name: string; properties: { name: string }[] }[];
    expect(listOutput[0]?.properties.map((p) => p.name)).toEqual(['id', 'name', 'status', 'owner', 'tags', 'updated_at']);
    const pollInput = all[plan.actions.length * 2] as Record<string, unknown>[];
    expect(pollInput[0]).toMatchObject({ name: 'since', type: 'date_time', sticky: true, optional: true });
  });
});

describe('README and settings example', () => {
  it('explain how to bring the connector into Workato and run it, and list what it has', async () => {
    const { dir: folder, files } = await emitToTemp(fixturePlan(), 'pets.yaml');
    await rm(folder, { recursive: true, force: true });
    const readme = files.get('README.md') ?? '';
    expect(readme).toContain('Tools → Connector SDK');
    expect(readme).toContain('workato push --connector=connector.rb');
    expect(readme).toContain('workato exec test --settings=settings.yaml');
    expect(readme).toContain('workato exec triggers.new_or_updated_pets.poll --settings=settings.yaml --input=input.json --closure=closure.json');
    expect(readme).toContain('workato oauth2 --settings=settings.yaml');
    for (const a of fixturePlan().actions) expect(readme).toContain(`- \`${a.key}\` — ${a.title}`);
    expect(readme).toContain('- `new_or_updated_pets` — New or updated pet (polling)');
    expect(readme).toContain('- `pet_events` — Pet event (webhook, subscribes itself)');
    expect(readme).toContain('- `adoption` — Adoption (webhook, register the URL by hand)');
    expect(readme).toContain('- `GET /internal` — Excluded by configuration');
    const settings = files.get('settings.yaml.example') ?? '';
    expect(settings.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual(
      ['auth_type', 'region', 'api_key', 'query_key', 'cookie_key', 'basic_user', 'basic_pass', 'token', 'client_id', 'client_secret', 'cc_client_id', 'cc_client_secret', 'username', 'password', 'pw_client_id', 'pw_client_secret', 'im_client_id', 'access_token'].map(
        (name) => `"${name}": "${name === 'auth_type' ? 'api_key_header' : name === 'region' ? 'us' : ''}"`,
      ),
    );
  });
});

describe('through the CLI', () => {
  it('generate --target workato writes connector.rb, README.md and the settings example, and regenerates cleanly', async () => {
    const { main } = await import('../../src/cli/main.js');
    const { mkdtemp } = await import('node:fs/promises');
    const { readFile, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const out = await mkdtemp(path.join(tmpdir(), 'workato-cli-'));
    const spec = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'specs', 'petstore-openapi31.yaml');
    const io = { out: () => undefined, err: () => undefined };
    try {
      expect(await main(['generate', spec, '-o', out, '--target', 'workato'], io)).toBe(0);
      const rb = await readFile(path.join(out, 'connector.rb'), 'utf8');
      expect(await rubySyntaxError(path.join(out, 'connector.rb'))).toBe('');
      expect(rb).toContain("title: 'Swagger Petstore'");
      await readFile(path.join(out, 'README.md'), 'utf8');
      await readFile(path.join(out, 'settings.yaml.example'), 'utf8');
      expect(await main(['generate', spec, '-o', out, '--target', 'workato', '--force'], io)).toBe(0);
      expect(await readFile(path.join(out, 'connector.rb'), 'utf8')).toBe(rb);
      // A user's edit inside one action survives regeneration (the write stage merges three ways).
      const edited = rb.replace("get(path + call('query_string', query))", "get(path + call('query_string', query))\n          .headers('X-Mine' => '1')");
      expect(edited).not.toBe(rb);
      await writeFile(path.join(out, 'connector.rb'), edited);
      expect(await main(['generate', spec, '-o', out, '--target', 'workato', '--force'], io)).toBe(0);
      expect(await readFile(path.join(out, 'connector.rb'), 'utf8')).toBe(edited);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('a poll trigger without pagination', () => {
  it('emits at most pageLimit events, oldest first, and asks to poll again from the last one', async () => {
    const base = fixturePlan();
    const poll = base.triggers[0]!;
    if (poll.kind !== 'poll') throw new Error('fixture changed');
    const { pagination: _dropped, ...unpaged } = poll.request;
    const plan = { ...base, triggers: [{ ...poll, request: unpaged }] };
    const { dir: folder, connector: file } = await emitToTemp(plan);
    try {
      const data = [
        { id: 3, updated_at: '2024-01-03T00:00:00Z' },
        { id: 1, updated_at: '2024-01-01T00:00:00Z' },
        { id: 2, updated_at: '2024-01-02T00:00:00Z' },
      ];
      server.requests.length = 0;
      reply = (req, res) => {
        const since = new URLSearchParams(req.query).get('updated_since') ?? '';
        sendJson(res, 200, { data: data.filter((r) => r.updated_at >= since) });
      };
      const settings = { auth_type: 'api_key_header', api_key: 'k', base_url: `${server.url}/v1` };
      const first = await runHarness(file, settings, [{ op: 'poll', trigger: poll.key, input: { since: '2024-01-01T00:00:00Z' } }]);
      const page = ok(first.results[0]) as { next_poll: unknown };
      expect(page).toEqual({ events: [data[1], data[2]], next_poll: { since: '2024-01-02T00:00:00Z' }, can_poll_more: true });
      const second = await runHarness(file, settings, [{ op: 'poll', trigger: poll.key, input: {}, closure: page.next_poll }]);
      expect(ok(second.results[0])).toEqual({ events: [data[2], data[0]], next_poll: { since: '2024-01-03T00:00:00Z' }, can_poll_more: false });
      expect(server.requests.map((r) => new URLSearchParams(r.query).get('updated_since'))).toEqual(['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
