import { describe, expect, it } from 'vitest';
import { settingSecrets } from './auth.js';
import { createContext } from './http-client.js';
import { startServer, type Recorded } from './test-server.test.js';
import type { AuthDefinition, ConnectionDefinition, ConnectionSettings, RequestSpec } from './types.js';

const apiKeyHeader: AuthDefinition = { type: 'api_key', key: 'header_key', title: 'API key (header)', in: 'header', paramName: 'X-API-Key', field: 'api_key' };
const apiKeyQuery: AuthDefinition = { type: 'api_key', key: 'query_key', title: 'API key (query)', in: 'query', paramName: 'api_key', field: 'query_key' };
const apiKeyCookie: AuthDefinition = { type: 'api_key', key: 'cookie_key', title: 'API key (cookie)', in: 'cookie', paramName: 'session', field: 'session_id' };
const basic: AuthDefinition = { type: 'basic', key: 'basic', title: 'Basic', usernameField: 'username', passwordField: 'password' };
const bearer: AuthDefinition = { type: 'bearer', key: 'bearer', title: 'Bearer', tokenField: 'token' };
const oauth: AuthDefinition = {
  type: 'oauth2',
  key: 'oauth',
  title: 'OAuth2',
  flow: 'authorization_code',
  authorizationUrl: 'https://auth.example.com/authorize',
  tokenUrl: 'https://auth.example.com/token',
  scopes: [],
  pkce: false,
  clientIdField: 'client_id',
  clientSecretField: 'client_secret',
};
const custom: AuthDefinition = { type: 'custom', key: 'mtls', title: 'Mutual TLS', description: 'configure a client certificate' };

function connection(url: string, auth: readonly AuthDefinition[], authSelector?: string): ConnectionDefinition {
  return { fields: [], auth, ...(authSelector ? { authSelector } : {}), baseUrl: { template: url, variables: {} } };
}

const spec = (extra: Partial<RequestSpec> = {}): RequestSpec => ({ method: 'get', path: '/me', params: [], response: { status: '200', kind: 'json' }, ...extra });

async function call(auth: readonly AuthDefinition[], settings: ConnectionSettings, extra: Partial<RequestSpec> = {}, selector?: string, input: Record<string, unknown> = {}): Promise<Recorded> {
  const server = await startServer();
  await createContext(connection(server.url, auth, selector), settings).request(spec(extra), input);
  return server.requests[0]!;
}

interface Want {
  readonly authorization?: string;
  readonly apiKey?: string;
  readonly url?: string;
  readonly cookie?: string;
}

function seen(req: Recorded): Want {
  return {
    ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
    ...(req.headers['x-api-key'] !== undefined ? { apiKey: String(req.headers['x-api-key']) } : {}),
    url: req.url,
    ...(req.headers.cookie !== undefined ? { cookie: req.headers.cookie } : {}),
  };
}

type Case = [string, { auth: readonly AuthDefinition[]; settings: ConnectionSettings; extra?: Partial<RequestSpec>; selector?: string; input?: Record<string, unknown>; want: Want }];

const cases: Case[] = [
  ['api key in a header', { auth: [apiKeyHeader], settings: { api_key: 'k-123' }, want: { apiKey: 'k-123', url: '/me' } }],
  ['api key in the query, encoded', { auth: [apiKeyQuery], settings: { query_key: 'k 1&2' }, want: { url: '/me?api_key=k%201%262' } }],
  ['api key in a cookie', { auth: [apiKeyCookie], settings: { session_id: 'abc' }, want: { url: '/me', cookie: 'session=abc' } }],
  [
    'api key cookie joins cookie parameters',
    {
      auth: [apiKeyCookie],
      settings: { session_id: 'abc' },
      extra: { params: [{ field: 'pref', name: 'pref', in: 'cookie', style: 'form', explode: true, required: false }] },
      input: { pref: 'dark' },
      want: { url: '/me', cookie: 'pref=dark; session=abc' },
    },
  ],
  ['HTTP basic', { auth: [basic], settings: { username: 'ann', password: 'pa:ss' }, want: { authorization: 'Basic ' + Buffer.from('ann:pa:ss').toString('base64'), url: '/me' } }],
  ['HTTP bearer', { auth: [bearer], settings: { token: 't0k' }, want: { authorization: 'Bearer t0k', url: '/me' } }],
  ['OAuth2 with an access token', { auth: [oauth], settings: { access_token: 'at-1' }, want: { authorization: 'Bearer at-1', url: '/me' } }],
  ['custom auth applies nothing', { auth: [custom], settings: { cert: 'x' }, want: { url: '/me' } }],
  ['security [] is public', { auth: [bearer], settings: { token: 't0k' }, extra: { security: [] }, want: { url: '/me' } }],
  ['first configured alternative wins', { auth: [apiKeyHeader, bearer], settings: { token: 't0k' }, extra: { security: [['header_key'], ['bearer']] }, want: { authorization: 'Bearer t0k', url: '/me' } }],
  [
    'all schemes of one alternative are applied',
    { auth: [apiKeyHeader, apiKeyQuery], settings: { api_key: 'h', query_key: 'q' }, extra: { security: [['header_key', 'query_key']] }, want: { apiKey: 'h', url: '/me?api_key=q' } },
  ],
  ['optional auth applied when configured', { auth: [bearer], settings: { token: 't0k' }, extra: { security: [[], ['bearer']] }, want: { authorization: 'Bearer t0k', url: '/me' } }],
  ['optional auth left out when not configured', { auth: [bearer], settings: {}, extra: { security: [[], ['bearer']] }, want: { url: '/me' } }],
  ['connection default: first configured auth', { auth: [basic, bearer], settings: { token: 't0k' }, want: { authorization: 'Bearer t0k', url: '/me' } }],
  [
    'auth selector picks the auth even when another is configured',
    { auth: [bearer, apiKeyHeader], settings: { token: 't0k', api_key: 'k', auth_type: 'header_key' }, selector: 'auth_type', want: { apiKey: 'k', url: '/me' } },
  ],
  [
    'auth selector among per-request alternatives',
    {
      auth: [bearer, apiKeyHeader],
      settings: { token: 't0k', api_key: 'k', auth_type: 'bearer' },
      selector: 'auth_type',
      extra: { security: [['header_key'], ['bearer']] },
      want: { authorization: 'Bearer t0k', url: '/me' },
    },
  ],
  [
    'auth selector: an alternative joining the selected auth with another applies both',
    {
      auth: [apiKeyHeader, apiKeyQuery],
      settings: { api_key: 'h', query_key: 'q', auth_type: 'header_key' },
      selector: 'auth_type',
      extra: { security: [['header_key', 'query_key'], ['bearer']] },
      want: { apiKey: 'h', url: '/me?api_key=q' },
    },
  ],
  [
    'auth selector: the other auth of the alternative is left out without its credentials',
    {
      auth: [apiKeyHeader, apiKeyQuery],
      settings: { api_key: 'h', auth_type: 'header_key' },
      selector: 'auth_type',
      extra: { security: [['header_key', 'query_key']] },
      want: { apiKey: 'h', url: '/me' },
    },
  ],
];

describe('auth', () => {
  it.each(cases)('%s', async (_, { auth, settings, extra, selector, input, want }) => {
    expect(seen(await call(auth, settings, extra, selector, input))).toEqual(want);
  });

  it('explains an OAuth2 authorization-code connection without tokens', async () => {
    const server = await startServer();
    await expect(createContext(connection(server.url, [oauth]), { client_id: 'c' }).request(spec({ security: [['oauth']] }), {})).rejects.toThrow(
      /no access_token or refresh_token.*oauth2 command/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('settingSecrets', () => {
  it('finds password fields, auth-bound fields, tokens and secret-looking names, but not choices', () => {
    const conn: ConnectionDefinition = {
      fields: [
        { name: 'pin', label: 'PIN', type: 'string', control_type: 'password', optional: false },
        { name: 'key_location', label: 'Where', type: 'string', optional: false, options: [['Header', 'header']] },
        { name: 'region', label: 'Region', type: 'string', optional: false },
      ],
      auth: [bearer, basic],
      authSelector: 'auth_type',
      baseUrl: { template: 'https://x.test', variables: {} },
    };
    const settings: ConnectionSettings = {
      pin: '1234',
      key_location: 'header',
      region: 'eu',
      auth_type: 'bearer',
      token: 'tok',
      username: 'ann',
      password: 'pw',
      access_token: 'at',
      webhook_secret: 'ws',
    };
    expect([...settingSecrets(conn, settings)].sort()).toEqual(['1234', 'at', 'pw', 'tok', 'ws']);
  });
});
