import { describe, expect, it } from 'vitest';
import { resolveBaseUrl } from './base-url.js';
import { ConnectorError, ConnectorHttpError } from './errors.js';
import { createContext, type ContextOptions } from './http-client.js';
import { json, startServer, type Handler, type TestServer } from './test-server.test.js';
import type { AuthDefinition, ConnectionDefinition, ConnectionSettings, RequestSpec, ResponseKind } from './types.js';

function connectionFor(url: string, auth: readonly AuthDefinition[] = []): ConnectionDefinition {
  return { fields: [], auth, baseUrl: { template: url, variables: {} } };
}

const get = (kind: ResponseKind = 'json', extra: Partial<RequestSpec> = {}): RequestSpec => ({
  method: 'get',
  path: '/things',
  params: [],
  response: { status: '200', kind },
  ...extra,
});

/** Collects the waits between retries instead of sleeping. */
function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

async function serve(handler: Handler, settings: ConnectionSettings = {}, options: ContextOptions = {}, auth: readonly AuthDefinition[] = []) {
  const server = await startServer(handler);
  const ctx = createContext(connectionFor(server.url, auth), settings, options);
  return { server, ctx };
}

describe('base URL', () => {
  const connection = (extra: Partial<ConnectionDefinition['baseUrl']> = {}, fields: ConnectionDefinition['fields'] = []): ConnectionDefinition => ({
    fields,
    auth: [],
    baseUrl: { template: 'https://{region}.api.example.com/{version}', variables: { region: 'region', version: 'api_version' }, ...extra },
  });
  type Case = [string, { connection: ConnectionDefinition; settings: ConnectionSettings; want: string | RegExp }];
  const cases: Case[] = [
    ['settings.baseUrl overrides, trailing slash dropped', { connection: connection(), settings: { baseUrl: 'http://localhost:4010/' }, want: 'http://localhost:4010' }],
    ['variables filled from settings', { connection: connection(), settings: { region: 'eu', api_version: 'v2' }, want: 'https://eu.api.example.com/v2' }],
    [
      'variables fall back to field defaults',
      {
        connection: connection({}, [
          { name: 'region', label: 'Region', type: 'string', optional: true, default: 'us' },
          { name: 'api_version', label: 'Version', type: 'string', optional: true, default: 'v1' },
        ]),
        settings: {},
        want: 'https://us.api.example.com/v1',
      },
    ],
    [
      'server field selects among several servers',
      { connection: connection({ serverField: 'server' }), settings: { server: 'https://sandbox.example.com/{version}', api_version: 'v3' }, want: 'https://sandbox.example.com/v3' },
    ],
    ['a missing variable names its field', { connection: connection(), settings: { region: 'eu' }, want: /connection field api_version/ }],
    ['a relative server URL asks for baseUrl', { connection: { fields: [], auth: [], baseUrl: { template: '/v1', variables: {} } }, settings: {}, want: /set baseUrl/ }],
  ];
  it.each(cases)('%s', (_, { connection, settings, want }) => {
    if (typeof want === 'string') expect(resolveBaseUrl(connection, settings)).toBe(want);
    else expect(() => resolveBaseUrl(connection, settings)).toThrow(want);
  });

  it('joins a base path and the operation path', async () => {
    const server = await startServer();
    await createContext(connectionFor(server.url + '/api/v1/'), {}).request(get(), {});
    expect(server.requests[0]!.url).toBe('/api/v1/things');
  });
});

describe('paths', () => {
  const cases: [string, { given: { path: string; params?: RequestSpec['params']; input?: Record<string, unknown> }; want: string }][] = [
    // The OpenAPI Directory keys AWS operations as `/#Action=…`: the `#` is part of the path, not a fragment.
    ['a literal # is percent-encoded so the rest reaches the server', { given: { path: '/#Action=List' }, want: '/%23Action=List' }],
    ['spaces and non-ASCII in the literal path', { given: { path: '/files/my docs/é' }, want: '/files/my%20docs/%C3%A9' }],
    ['existing escapes and sub-delimiters stay', { given: { path: '/a%20b/x:y@z;v=1' }, want: '/a%20b/x:y@z;v=1' }],
    [
      'templates are filled beside encoded literals',
      { given: { path: '/v2/{name}/uploads/#mode=resumable', params: [{ field: 'name', name: 'name', in: 'path', style: 'simple', explode: false, required: true }], input: { name: 'a/b' } }, want: '/v2/a%2Fb/uploads/%23mode=resumable' },
    ],
  ];
  it.each(cases)('%s', async (_, { given, want }) => {
    const server = await startServer();
    await createContext(connectionFor(server.url), {}).request(get('json', { path: given.path, params: given.params ?? [] }), given.input ?? {});
    await server.close();
    expect(server.requests[0]!.url).toBe(want);
  });

  it('refuses a GET body with a message that says what to do, before sending anything', async () => {
    const server = await startServer();
    const spec = get('json', { body: { mediaType: 'application/json', encoding: 'json', required: false, mode: 'properties', properties: [{ field: 'ids', name: 'ids', required: true }] } });
    await expect(createContext(connectionFor(server.url), {}).request(spec, { ids: [1] })).rejects.toThrow(/GET \/things cannot carry a request body/);
    // Without body fields the same GET goes out.
    await createContext(connectionFor(server.url), {}).request(spec, {});
    await server.close();
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });
});

describe('responses', () => {
  type Case = [string, { kind: ResponseKind; status?: number; contentType?: string; body: string | Buffer; method?: RequestSpec['method']; want: unknown }];
  const png = Buffer.from([137, 80, 78, 71, 0]);
  const cases: Case[] = [
    ['JSON', { kind: 'json', contentType: 'application/json; charset=utf-8', body: '{"a":[1,2]}', want: { a: [1, 2] } }],
    ['+json media type', { kind: 'json', contentType: 'application/vnd.api+json', body: '{"data":[]}', want: { data: [] } }],
    ['JSON promised, sent as text/plain', { kind: 'json', contentType: 'text/plain', body: '{"a":1}', want: { a: 1 } }],
    ['JSON promised, not JSON', { kind: 'json', contentType: 'text/html', body: '<p>hi</p>', want: '<p>hi</p>' }],
    ['text', { kind: 'text', contentType: 'text/csv', body: 'a,b\n1,2', want: 'a,b\n1,2' }],
    ['text promised, sent as JSON', { kind: 'text', contentType: 'application/json', body: '{"a":1}', want: '{"a":1}' }],
    ['binary as base64', { kind: 'binary', contentType: 'image/png', body: png, want: { contentType: 'image/png', base64: png.toString('base64'), size: 5 } }],
    ['binary although JSON was promised', { kind: 'json', contentType: 'application/pdf', body: png, want: { contentType: 'application/pdf', base64: png.toString('base64'), size: 5 } }],
    ['204 is null', { kind: 'empty', status: 204, body: '', want: null }],
    ['empty 200 is null', { kind: 'json', contentType: 'application/json', body: '', want: null }],
    ['HEAD is null', { kind: 'json', method: 'head', contentType: 'application/json', body: '', want: null }],
  ];
  it.each(cases)('%s', async (_, { kind, status, contentType, body, method, want }) => {
    const { ctx } = await serve((_, res) => {
      res.writeHead(status ?? 200, contentType ? { 'content-type': contentType } : {}).end(body);
    });
    expect(await ctx.request(get(kind, method ? { method } : {}), {})).toEqual(want);
  });

  it('gives status and lower-case headers with requestRaw', async () => {
    const { ctx } = await serve((_, res) => json(res, 201, { id: 1 }, { 'X-Request-Id': 'r-1' }));
    const raw = await ctx.requestRaw(get(), {});
    expect(raw.status).toBe(201);
    expect(raw.headers['x-request-id']).toBe('r-1');
    expect(raw.body).toEqual({ id: 1 });
  });

  it('asks for the promised media type', async () => {
    const { ctx, server } = await serve((_, res) => json(res, 200, {}));
    await ctx.request(get('json', { response: { status: '200', kind: 'json', mediaType: 'application/hal+json' } }), {});
    await ctx.request(get('json', { accept: ['application/json', 'text/csv'] }), {});
    expect(server.requests.map((r) => r.headers.accept)).toEqual(['application/hal+json', 'application/json, text/csv']);
  });
});

describe('HTTP errors', () => {
  it('carries status, method, URL and a body excerpt', async () => {
    const { ctx, server } = await serve((_, res) => json(res, 422, { error: 'name is required' }));
    const error = (await ctx.request(get('json', { method: 'post', path: '/pets' }), {}).catch((e: unknown) => e)) as ConnectorHttpError;
    expect(error).toBeInstanceOf(ConnectorHttpError);
    expect(error.message).toBe(`POST ${server.url}/pets → 422 Unprocessable Entity: {"error":"name is required"}`);
    expect([error.status, error.method, error.url, error.bodyExcerpt]).toEqual([422, 'POST', `${server.url}/pets`, '{"error":"name is required"}']);
  });

  it('keeps a non-JSON error body and cuts a long one to 500 characters', async () => {
    const { ctx } = await serve((_, res) => {
      res.writeHead(500, { 'content-type': 'text/html' }).end(`<html><body>${'x'.repeat(2000)}</body></html>`);
    });
    const error = (await ctx.request(get(), {}).catch((e: unknown) => e)) as ConnectorHttpError;
    expect(error.bodyExcerpt.startsWith('<html><body>xxx')).toBe(true);
    expect(error.bodyExcerpt.length).toBeLessThanOrEqual(500);
    expect(error.message).toContain('→ 500 Internal Server Error: <html>');
  });

  it('describes a binary error body instead of printing it', async () => {
    const { ctx } = await serve((_, res) => {
      res.writeHead(400, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0, 1, 2]));
    });
    await expect(ctx.request(get(), {})).rejects.toThrow('(3 bytes of application/octet-stream)');
  });
});

describe('retries', () => {
  it('waits as long as Retry-After (seconds) says, then succeeds', async () => {
    const { ctx, server } = await serve((_, res, i) => (i === 0 ? json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { ok: 1 })));
    const started = performance.now();
    expect(await ctx.request(get(), {})).toEqual({ ok: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After as an HTTP-date and caps the wait', async () => {
    const { sleep, waits } = recordingSleep();
    const later = new Date(Date.now() + 120_000).toUTCString();
    const { ctx } = await serve(
      (_, res, i) => (i === 0 ? json(res, 503, {}, { 'retry-after': later }) : i === 1 ? json(res, 503, {}, { 'retry-after': '7' }) : json(res, 200, {})),
      {},
      { sleep, maxRetryWaitMs: 60_000 },
    );
    await ctx.request(get(), {});
    expect(waits).toEqual([60_000, 7_000]);
  });

  it('backs off exponentially with full jitter on 502/503/504 without Retry-After', async () => {
    const { sleep, waits } = recordingSleep();
    const { ctx, server } = await serve((_, res, i) => json(res, [502, 503, 504][i] ?? 200, {}), {}, { sleep, random: () => 0.5 });
    await ctx.request(get(), {});
    expect(server.requests).toHaveLength(4);
    expect(waits).toEqual([250, 500, 1000]);
  });

  it('gives up after maxRetries and reports the last answer', async () => {
    const { sleep } = recordingSleep();
    const { ctx, server } = await serve((_, res) => json(res, 503, { down: true }), {}, { sleep, maxRetries: 2 });
    await expect(ctx.request(get(), {})).rejects.toThrow(/→ 503 Service Unavailable/);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry POST unless the spec says so', async () => {
    const { sleep } = recordingSleep();
    const { ctx, server } = await serve((_, res, i) => json(res, i <= 1 ? 429 : 201, {}), {}, { sleep });
    await expect(ctx.request(get('json', { method: 'post' }), {})).rejects.toThrow(/→ 429/);
    expect(server.requests).toHaveLength(1);
    expect(await ctx.request(get('json', { method: 'post', retry: true }), {})).toEqual({});
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a GET when the spec turns retries off', async () => {
    const { sleep } = recordingSleep();
    const { ctx, server } = await serve((_, res) => json(res, 503, {}), {}, { sleep });
    await expect(ctx.request(get('json', { retry: false }), {})).rejects.toThrow(/→ 503/);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a GET after a dropped connection', async () => {
    const { sleep, waits } = recordingSleep();
    const { ctx, server } = await serve((_, res, i) => {
      if (i === 0) res.socket?.destroy();
      else json(res, 200, { again: true });
    }, {}, { sleep });
    expect(await ctx.request(get(), {})).toEqual({ again: true });
    expect(server.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it('does not retry a POST after a dropped connection', async () => {
    const { sleep } = recordingSleep();
    const { ctx, server } = await serve((_, res) => void res.socket?.destroy(), {}, { sleep });
    const error = await ctx.request(get('json', { method: 'post' }), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as Error).message).toMatch(new RegExp(`^POST ${server.url}/things failed: `));
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a request that cannot be sent', async () => {
    const { sleep, waits } = recordingSleep();
    const { ctx, server } = await serve((_, res) => json(res, 200, {}), {}, { sleep });
    const spec = get('json', { params: [{ field: 'h', name: 'X-Note', in: 'header', style: 'simple', explode: false, required: false }] });
    await expect(ctx.request(spec, { h: 'line\nbreak' })).rejects.toThrow(ConnectorError);
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('timeouts', () => {
  it('stops waiting after timeoutMs', async () => {
    const { ctx } = await serve(() => undefined, {}, { timeoutMs: 100, maxRetries: 0 });
    await expect(ctx.request(get(), {})).rejects.toThrow(/GET http:\/\/127\.0\.0\.1:\d+\/things failed: timed out after 100 ms/);
  });

  it('retries an idempotent request that timed out', async () => {
    const { sleep } = recordingSleep();
    const { ctx, server } = await serve((_, res, i) => (i === 0 ? undefined : json(res, 200, { late: false })), {}, { timeoutMs: 150, sleep });
    expect(await ctx.request(get(), {})).toEqual({ late: false });
    expect(server.requests).toHaveLength(2);
  });
});

describe('redaction', () => {
  const secrets = {
    header_key: 'hk-SECRET-1',
    query_key: 'qk+SECRET/2=',
    session: 'ck SECRET 3',
    username: 'ann',
    password: 'pw-SECRET-4',
    token: 'tok-SECRET-5',
    db_password: 'unrelated-SECRET-6',
  };
  const auths: AuthDefinition[] = [
    { type: 'api_key', key: 'h', title: 'H', in: 'header', paramName: 'X-Key', field: 'header_key' },
    { type: 'api_key', key: 'q', title: 'Q', in: 'query', paramName: 'key', field: 'query_key' },
    { type: 'api_key', key: 'c', title: 'C', in: 'cookie', paramName: 'sid', field: 'session' },
    { type: 'basic', key: 'b', title: 'B', usernameField: 'username', passwordField: 'password' },
    { type: 'bearer', key: 't', title: 'T', tokenField: 'token' },
  ];
  const basic64 = Buffer.from('ann:pw-SECRET-4').toString('base64');
  const all = [...Object.entries(secrets).filter(([k]) => k !== 'username').map(([, v]) => v), encodeURIComponent(secrets.query_key), basic64];

  // The server echoes everything it got (URL, auth headers, cookies), as some APIs do in their errors.
  const echo: Handler = (req, res) => json(res, 403, { url: req.url, headers: req.headers, also: secrets.db_password });

  type Case = [string, { security: string[] }];
  const cases: Case[] = [
    ['api keys in header, query and cookie, and basic', { security: ['h', 'q', 'c', 'b'] }],
    ['bearer token', { security: ['t', 'q'] }],
  ];

  it.each(cases)('leaves no secret in the message, URL or excerpt: %s', async (_, { security }) => {
    const lines: string[] = [];
    const { ctx } = await serve(echo, secrets, { log: (l) => lines.push(l) }, auths);
    const error = (await ctx.request(get('json', { security: [security] }), {}).catch((e: unknown) => e)) as ConnectorHttpError;
    expect(error).toBeInstanceOf(ConnectorHttpError);
    expect(error.message).toContain('[REDACTED]');
    for (const text of [error.message, error.url, error.bodyExcerpt, error.stack ?? '', ...lines]) {
      for (const secret of all) expect(text).not.toContain(secret);
    }
    expect(lines.length).toBeGreaterThan(0);
  });

  it('redacts the URL of a network failure', async () => {
    const { ctx } = await serve((_, res) => void res.socket?.destroy(), secrets, { maxRetries: 0 }, auths);
    const error = (await ctx.request(get('json', { security: [['q']] }), {}).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('key=[REDACTED]');
    for (const secret of all) expect(error.message).not.toContain(secret);
  });
});

describe('context', () => {
  it('exposes the connection settings', async () => {
    const server: TestServer = await startServer();
    const settings = { region: 'eu' };
    expect(createContext(connectionFor(server.url), settings).connection).toBe(settings);
  });
});
