/**
 * End to end on a spec with OAuth2 (authorization code + PKCE + refresh), a polling trigger over a cursor-paged,
 * time-filtered list, a form body in bracket style, and a webhook subscription: `connector-gen oauth2` gets the
 * tokens through a real loopback redirect, `exec` polls, refreshes on 401, subscribes and handles a notification.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { json, removeDir, repoRoot, runCli, startServer, tempDir, typecheck, type RecordedRequest, type TestServer } from './helpers.js';

let dir: string;
let pkg: string;
let server: TestServer;
let conn: string;
let validToken = 'at-1';
const tasks = [
  { id: 't1', title: 'Write spec', updated_at: '2026-01-01T10:00:00Z' },
  { id: 't2', title: 'Review', updated_at: '2026-01-01T11:00:00Z' },
  { id: 't3', title: 'Ship', updated_at: '2026-01-01T12:00:00Z' },
];

/** A port nothing listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function form(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

beforeAll(async () => {
  dir = await tempDir('e2e-tasks');
  pkg = path.join(dir, 'pkg');
  const gen = await runCli('generate', path.join(repoRoot, 'test', 'fixtures', 'tasks-api.yaml'), '-o', pkg);
  expect(gen.code).toBe(0);
  server = await startServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.path === '/oauth/authorize') {
      // The "browser" step: the user approves; the server redirects to the loopback redirect URI.
      const to = new URL(url.searchParams.get('redirect_uri')!);
      to.searchParams.set('code', 'code-123');
      to.searchParams.set('state', url.searchParams.get('state')!);
      return void res.writeHead(302, { location: to.toString() }).end();
    }
    if (req.path === '/oauth/token') {
      const f = form(req.body);
      if (f.grant_type === 'authorization_code') return json(res, 200, { access_token: 'at-1', refresh_token: 'rt-1', token_type: 'bearer', expires_in: 3600 });
      if (f.grant_type === 'refresh_token' && f.refresh_token === 'rt-1') return json(res, 200, { access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 });
      return json(res, 400, { error: 'invalid_grant' });
    }
    if (req.headers.authorization !== `Bearer ${validToken}`) return json(res, 401, { error: 'expired token' });
    if (req.method === 'GET' && req.path === '/v2/tasks') {
      const since = url.searchParams.get('updated_since') ?? '';
      const fresh = tasks.filter((t) => t.updated_at >= since);
      // Newest first, two per page, as many APIs answer.
      const sorted = [...fresh].reverse();
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const page = sorted.slice(start, start + 2);
      return json(res, 200, { data: page, next_cursor: start + 2 < sorted.length ? String(start + 2) : null });
    }
    if (req.method === 'POST' && req.path === '/v2/tasks') return json(res, 201, { id: 't9', title: form(req.body).title, updated_at: '2026-01-02T00:00:00Z' });
    if (req.method === 'POST' && req.path === '/v2/webhooks') return json(res, 201, { id: 'wh_1', ...JSON.parse(req.body) });
    if (req.method === 'DELETE' && req.path === '/v2/webhooks/wh_1') return void res.writeHead(204).end();
    return json(res, 404, { error: 'not found' });
  });
  conn = path.join(dir, 'conn.json');
  await writeFile(conn, JSON.stringify({ client_id: 'cid', client_secret: 'csecret', baseUrl: `${server.url}/v2` }));
});

afterAll(async () => {
  await server?.close();
  await removeDir(dir);
});

const requests = (pred: (r: RecordedRequest) => boolean = () => true): RecordedRequest[] => server.requests.filter(pred);

describe('OAuth2, polling and webhooks end to end', () => {
  it('type-checks strictly', async () => {
    expect(await typecheck(pkg)).toBe('');
  });

  it('oauth2 runs the authorization-code flow with PKCE through a loopback redirect and saves the tokens', async () => {
    // The spec's OAuth2 URLs are relative: they resolve against the connection's baseUrl origin.
    await writeFile(conn, JSON.stringify({ client_id: 'cid', client_secret: 'csecret', baseUrl: `${server.url}/v2` }));
    let printed = '';
    const port = await freePort();
    const run = main(['oauth2', pkg, '--connection', conn, '--port', String(port), '--timeout', '30'], {
      out: (t) => (printed += t + '\n'),
      err: (t) => (printed += t + '\n'),
    });
    let authUrl: string | undefined;
    for (let i = 0; i < 200 && !authUrl; i++) {
      authUrl = printed.match(/https?:\/\/\S+\/oauth\/authorize\S*/)?.[0];
      if (!authUrl) await new Promise((r) => setTimeout(r, 50));
    }
    expect(authUrl).toBeDefined();
    const consent = await fetch(authUrl!); // follows the redirect to the CLI's loopback server
    expect(consent.status).toBe(200);
    expect(await run).toBe(0);

    const auth = new URL(authUrl!);
    expect(auth.searchParams.get('response_type')).toBe('code');
    expect(auth.searchParams.get('client_id')).toBe('cid');
    expect(auth.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/oauth/callback`);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('scope')?.split(' ').sort()).toEqual(['tasks.read', 'tasks.write']);
    const [token] = requests((r) => r.path === '/oauth/token');
    const sent = form(token.body);
    expect(sent.grant_type).toBe('authorization_code');
    expect(sent.code).toBe('code-123');
    expect(sent.redirect_uri).toBe(`http://127.0.0.1:${port}/oauth/callback`);
    // PKCE (RFC 7636 §4.6): the verifier sent now hashes to the challenge sent before.
    const challenge = createHash('sha256').update(sent.code_verifier).digest('base64url');
    expect(challenge).toBe(auth.searchParams.get('code_challenge'));
    const saved = JSON.parse(await readFile(conn, 'utf8'));
    expect(saved.access_token).toBe('at-1');
    expect(saved.refresh_token).toBe('rt-1');
    expect(saved.client_id).toBe('cid');
  });

  it('a poll pages through every new record, emits them oldest first and keeps the high-water mark', async () => {
    server.requests.length = 0;
    const input = path.join(dir, 'since.json');
    await writeFile(input, JSON.stringify({ since: '2026-01-01T10:30:00Z' }));
    const first = await runCli('exec', pkg, 'triggers.new_or_updated_task', '--connection', conn, '--input', input);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out.events.map((e: { id: string }) => e.id)).toEqual(['t2', 't3']);
    expect(out.canPollMore).toBe(false);
    expect(out.nextPoll.since).toBe('2026-01-01T12:00:00Z');
    expect(requests().map((r) => `${r.method} ${r.path} ${new URL(r.url, 'http://x').searchParams.get('updated_since')}`)).toEqual([
      'GET /v2/tasks 2026-01-01T10:30:00Z',
    ]);
    expect(requests()[0].headers.authorization).toBe('Bearer at-1');

    // The next poll asks from the high-water mark; t3 comes again (the API filters with >=) and is not re-emitted.
    server.requests.length = 0;
    const closure = path.join(dir, 'closure.json');
    await writeFile(closure, JSON.stringify(out.nextPoll));
    const second = await runCli('exec', pkg, 'triggers.new_or_updated_task', '--connection', conn, '--input', input, '--closure', closure);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).events).toEqual([]);
    expect(new URL(requests()[0].url, 'http://x').searchParams.get('updated_since')).toBe('2026-01-01T12:00:00Z');
  });

  it('an expired token is refreshed once on 401, the request retried, and the new tokens saved', async () => {
    validToken = 'at-2';
    server.requests.length = 0;
    const input = path.join(dir, 'task.json');
    await writeFile(input, JSON.stringify({ title: 'Plan', labels: ['a', 'b'], metadata: { team: 'core' } }));
    const r = await runCli('exec', pkg, 'actions.create_task', '--connection', conn, '--input', input);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).id).toBe('t9');
    expect(requests().map((q) => `${q.method} ${q.path} ${q.headers.authorization ?? ''}`)).toEqual([
      'POST /v2/tasks Bearer at-1',
      'POST /oauth/token ',
      'POST /v2/tasks Bearer at-2',
    ]);
    const posted = requests((q) => q.path === '/v2/tasks')[1];
    expect(posted.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // deepObject encoding (OAS 3 §4.8.15): brackets, as form APIs such as Stripe's expect (`expand[]=a` for scalars).
    expect(decodeURIComponent(posted.body)).toBe('title=Plan&labels[]=a&labels[]=b&metadata[team]=core');
    expect(form(requests((q) => q.path === '/oauth/token')[0].body)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt-1' });
    const saved = JSON.parse(await readFile(conn, 'utf8'));
    expect(saved.access_token).toBe('at-2');
    expect(saved.refresh_token).toBe('rt-2');
  });

  it('a webhook trigger subscribes its URL with the chosen events, unsubscribes, and turns a payload into events', async () => {
    server.requests.length = 0;
    const input = path.join(dir, 'events.json');
    await writeFile(input, JSON.stringify({ events: ['task.created'] }));
    const sub = await runCli('exec', pkg, 'triggers.webhook_event', '--connection', conn, '--input', input, '--subscribe', 'https://hooks.example.net/abc');
    expect(sub.stderr).toBe('');
    expect(sub.code).toBe(0);
    const [post] = requests();
    expect(`${post.method} ${post.path}`).toBe('POST /v2/webhooks');
    expect(JSON.parse(post.body)).toEqual({ url: 'https://hooks.example.net/abc', events: ['task.created'] });
    const subscription = path.join(dir, 'subscription.json');
    await writeFile(subscription, sub.stdout);

    const unsub = await runCli('exec', pkg, 'triggers.webhook_event', '--connection', conn, '--input', input, '--unsubscribe', subscription);
    expect(unsub.code).toBe(0);
    expect(requests().map((q) => `${q.method} ${q.path}`)).toEqual(['POST /v2/webhooks', 'DELETE /v2/webhooks/wh_1']);

    const payload = path.join(dir, 'payload.json');
    await writeFile(payload, JSON.stringify({ type: 'task.created', id: 't1' }));
    const note = await runCli('exec', pkg, 'triggers.webhook_event', '--input', input, '--webhook-payload', payload);
    expect(note.code).toBe(0);
    expect(JSON.parse(note.stdout).events).toEqual([{ type: 'task.created', id: 't1' }]);
  });
});
