import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConnectorHttpError } from './errors.js';
import { createContext } from './http-client.js';
import { buildAuthorizationUrl, createPkcePair, discoverOpenIdConfiguration, exchangeAuthorizationCode, type OAuth2Auth } from './oauth2.js';
import { json, startServer, type TestServer } from './test-server.test.js';
import type { ConnectionDefinition, ConnectionSettings, RequestSpec } from './types.js';

const me: RequestSpec = { method: 'get', path: '/me', params: [], response: { status: '200', kind: 'json' } };

function oauth(server: TestServer, extra: Partial<OAuth2Auth> = {}): OAuth2Auth {
  return {
    type: 'oauth2',
    key: 'oauth',
    title: 'OAuth2',
    flow: 'authorization_code',
    authorizationUrl: `${server.url}/authorize`,
    tokenUrl: `${server.url}/token`,
    scopes: ['read', 'write'],
    pkce: true,
    clientIdField: 'client_id',
    clientSecretField: 'client_secret',
    ...extra,
  };
}

function connection(server: TestServer, auth: OAuth2Auth): ConnectionDefinition {
  return { fields: [], auth: [auth], baseUrl: { template: server.url, variables: {} } };
}

/** An authorization server and API in one: tokens it issued are the only ones /me accepts. */
async function startProvider(options: { refreshRotates?: boolean; apiAlways401?: boolean } = {}): Promise<{ server: TestServer; valid: Set<string> }> {
  const valid = new Set<string>(['at-valid']);
  let issued = 0;
  const server = await startServer((req, res) => {
    if (req.pathname === '/token') {
      const form = new URLSearchParams(req.text);
      const grant = form.get('grant_type');
      if (grant === 'refresh_token' && form.get('refresh_token') !== 'rt-1') return json(res, 400, { error: 'invalid_grant', refresh_token: form.get('refresh_token') });
      issued += 1;
      const token = `${grant}-${issued}`;
      valid.add(token);
      return json(res, 200, {
        access_token: token,
        token_type: 'Bearer',
        expires_in: 3600,
        ...(grant !== 'client_credentials' && options.refreshRotates !== false ? { refresh_token: `rt-new-${issued}` } : {}),
      });
    }
    if (req.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, { issuer: server.url, authorization_endpoint: `${server.url}/authorize`, token_endpoint: `${server.url}/token` });
    }
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (options.apiAlways401 || !valid.has(token)) return json(res, 401, { error: 'invalid_token' });
    return json(res, 200, { token });
  });
  return { server, valid };
}

describe('OAuth2 authorization code: refresh on 401', () => {
  it('refreshes once with the refresh token, hands the new tokens to onTokens, and retries', async () => {
    const { server } = await startProvider();
    const saved: unknown[] = [];
    const settings: ConnectionSettings = { access_token: 'at-expired', refresh_token: 'rt-1', client_id: 'cid', client_secret: 'csecret' };
    const ctx = createContext(connection(server, oauth(server)), settings, { onTokens: (t) => void saved.push(t) });
    expect(await ctx.request(me, {})).toEqual({ token: 'refresh_token-1' });
    expect(server.requests.map((r) => `${r.method} ${r.pathname} ${r.headers.authorization ?? ''}`)).toEqual([
      'GET /me Bearer at-expired',
      'POST /token ',
      'GET /me Bearer refresh_token-1',
    ]);
    expect(Object.fromEntries(new URLSearchParams(server.requests[1]!.text))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'cid',
      client_secret: 'csecret',
    });
    expect(saved).toEqual([{ access_token: 'refresh_token-1', refresh_token: 'rt-new-1', expires_at: expect.any(Number) }]);
    // The context keeps the new token: no second refresh.
    await ctx.request(me, {});
    expect(server.requests).toHaveLength(4);
    expect(server.requests[3]!.headers.authorization).toBe('Bearer refresh_token-1');
  });

  it('keeps the old refresh token when the server does not rotate it', async () => {
    const { server } = await startProvider({ refreshRotates: false });
    const saved: { refresh_token?: string }[] = [];
    const ctx = createContext(connection(server, oauth(server)), { access_token: 'x', refresh_token: 'rt-1', client_id: 'cid' }, { onTokens: (t) => void saved.push(t) });
    await ctx.request(me, {});
    expect(saved[0]?.refresh_token).toBe('rt-1');
  });

  it('refreshes only once when the API still answers 401', async () => {
    const { server } = await startProvider({ apiAlways401: true });
    const ctx = createContext(connection(server, oauth(server)), { access_token: 'at-valid', refresh_token: 'rt-1', client_id: 'cid' });
    const error = await ctx.request(me, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorHttpError);
    expect((error as ConnectorHttpError).status).toBe(401);
    expect(server.requests.map((r) => r.pathname)).toEqual(['/me', '/token', '/me']);
  });

  it('refreshes before the request when expires_at has passed', async () => {
    const { server } = await startProvider();
    const ctx = createContext(connection(server, oauth(server)), { access_token: 'at-valid', refresh_token: 'rt-1', expires_at: 1000, client_id: 'cid' });
    await ctx.request(me, {});
    expect(server.requests.map((r) => r.pathname)).toEqual(['/token', '/me']);
  });

  it('authenticates the client with HTTP basic when the auth says so (RFC 6749 §2.3.1)', async () => {
    const { server } = await startProvider();
    const ctx = createContext(connection(server, oauth(server, { clientAuth: 'basic' })), { access_token: 'old', refresh_token: 'rt-1', client_id: 'c id', client_secret: 's:ecret' });
    await ctx.request(me, {});
    const tokenRequest = server.requests[1]!;
    expect(tokenRequest.headers.authorization).toBe('Basic ' + Buffer.from('c%20id:s%3Aecret').toString('base64'));
    expect(tokenRequest.text).toBe('grant_type=refresh_token&refresh_token=rt-1');
  });

  it('reports a refused refresh without leaking the refresh token or client secret', async () => {
    const { server } = await startProvider();
    const ctx = createContext(connection(server, oauth(server)), { access_token: 'old', refresh_token: 'rt-stolen', client_id: 'cid', client_secret: 'csecret' });
    const error = (await ctx.request(me, {}).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConnectorHttpError);
    expect(error.message).toContain('POST');
    expect(error.message).toContain('→ 400');
    for (const secret of ['rt-stolen', 'csecret', 'old']) expect(error.message).not.toContain(secret);
  });
});

describe('OAuth2 client credentials and password flows', () => {
  it('fetches a client-credentials token once per context and reuses it', async () => {
    const { server } = await startProvider();
    const ctx = createContext(connection(server, oauth(server, { flow: 'client_credentials' })), { client_id: 'cid', client_secret: 'csecret' });
    await Promise.all([ctx.request(me, {}), ctx.request(me, {})]);
    await ctx.request(me, {});
    expect(server.requests.filter((r) => r.pathname === '/token')).toHaveLength(1);
    expect(server.requests[0]!.text).toBe('grant_type=client_credentials&scope=read+write&client_id=cid&client_secret=csecret');
    expect(server.requests.filter((r) => r.pathname === '/me').map((r) => r.headers.authorization)).toEqual([
      'Bearer client_credentials-1',
      'Bearer client_credentials-1',
      'Bearer client_credentials-1',
    ]);
  });

  it('fetches a new client-credentials token after a 401', async () => {
    const { server, valid } = await startProvider();
    const ctx = createContext(connection(server, oauth(server, { flow: 'client_credentials' })), { client_id: 'cid', client_secret: 'csecret' });
    await ctx.request(me, {});
    valid.delete('client_credentials-1');
    expect(await ctx.request(me, {})).toEqual({ token: 'client_credentials-2' });
  });

  it('uses the resource owner credentials in the password flow', async () => {
    const { server } = await startProvider();
    const auth = oauth(server, { flow: 'password', usernameField: 'login', passwordField: 'pw', scopes: [] });
    await createContext(connection(server, auth), { client_id: 'cid', login: 'ann', pw: 'hunter 2' }).request(me, {});
    expect(Object.fromEntries(new URLSearchParams(server.requests[0]!.text))).toEqual({ grant_type: 'password', username: 'ann', password: 'hunter 2', client_id: 'cid' });
  });

  it('resolves a relative token URL against the API base URL', async () => {
    const { server } = await startProvider();
    await createContext(connection(server, oauth(server, { flow: 'client_credentials', tokenUrl: '/token' })), { client_id: 'cid' }).request(me, {});
    expect(server.requests.map((r) => r.pathname)).toEqual(['/token', '/me']);
  });
});

describe('OpenID Connect', () => {
  it('finds the token endpoint in the discovery document', async () => {
    const { server } = await startProvider();
    const auth = oauth(server, { flow: 'client_credentials', tokenUrl: undefined, authorizationUrl: undefined, openIdConnectUrl: `${server.url}/.well-known/openid-configuration` });
    expect(await createContext(connection(server, auth), { client_id: 'cid' }).request(me, {})).toEqual({ token: 'client_credentials-1' });
    expect(server.requests.map((r) => r.pathname)).toEqual(['/.well-known/openid-configuration', '/token', '/me']);
    // OIDC needs the openid scope.
    expect(new URLSearchParams(server.requests[1]!.text).get('scope')).toBe('openid read write');
  });

  it('discovers from an issuer URL', async () => {
    const { server } = await startProvider();
    const doc = await discoverOpenIdConfiguration(server.url + '/');
    expect(doc.token_endpoint).toBe(`${server.url}/token`);
    expect(server.requests[0]!.pathname).toBe('/.well-known/openid-configuration');
  });

  it('rejects a document without endpoints', async () => {
    const server = await startServer((_, res) => json(res, 200, { issuer: 'x' }));
    await expect(discoverOpenIdConfiguration(server.url)).rejects.toThrow(/lacks authorization_endpoint or token_endpoint/);
  });
});

describe('authorization-code helpers for the oauth2 command', () => {
  it('creates an S256 PKCE pair (RFC 7636 §4.1-4.2)', () => {
    const { verifier, challenge } = createPkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(createPkcePair().verifier).not.toBe(verifier);
  });

  it('builds the authorization URL with state, scopes and the PKCE challenge', async () => {
    const { server } = await startProvider();
    const { verifier, challenge } = createPkcePair();
    const url = new URL(buildAuthorizationUrl(oauth(server), { client_id: 'cid' }, 'http://127.0.0.1:8123/oauth/callback', 'st4te', verifier));
    expect(url.origin + url.pathname).toBe(`${server.url}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'http://127.0.0.1:8123/oauth/callback',
      scope: 'read write',
      state: 'st4te',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
  });

  it('exchanges the code (with the verifier) for tokens', async () => {
    const { server } = await startProvider();
    const tokens = await exchangeAuthorizationCode(oauth(server), { client_id: 'cid', client_secret: 'cs' }, 'the-code', 'http://127.0.0.1:8123/cb', 'the-verifier');
    expect(Object.fromEntries(new URLSearchParams(server.requests[0]!.text))).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'http://127.0.0.1:8123/cb',
      code_verifier: 'the-verifier',
      client_id: 'cid',
      client_secret: 'cs',
    });
    expect(tokens).toMatchObject({ access_token: 'authorization_code-1', refresh_token: 'rt-new-1', token_type: 'Bearer' });
    expect(tokens.expires_at).toBeGreaterThan(Date.now() / 1000 + 3500);
  });

  it('reads a form-encoded token answer (older providers)', async () => {
    const server = await startServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' }).end('access_token=abc&scope=repo&token_type=bearer');
    });
    const auth: OAuth2Auth = { ...oauth(server), tokenUrl: `${server.url}/token` };
    expect(await exchangeAuthorizationCode(auth, { client_id: 'cid' }, 'c', 'http://x/cb')).toEqual({ access_token: 'abc', scope: 'repo', token_type: 'bearer' });
  });
});
