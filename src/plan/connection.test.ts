import { describe, expect, it } from 'vitest';
import type { IrSecurityScheme, IrServer } from '../ir/types.js';
import { buildPlan } from './build-plan.js';
import { buildConnection } from './connection.js';
import { apiOf, operation, parameter, required } from './__fixtures__/ir.js';
import type { PlanAuth } from './types.js';

/** An auth without its reasons (sentences, checked separately). */
function bare(a: PlanAuth): Record<string, unknown> {
  const { reasons, ...rest } = a;
  expect(reasons.length).toBeGreaterThan(0);
  return rest;
}

function connectionFor(schemes: IrSecurityScheme[], servers: IrServer[] = [{ url: 'https://api.example.com', variables: [] }]) {
  const api = apiOf([operation('get', '/me')], {}, { securitySchemes: schemes, security: schemes.length ? [{ schemes: schemes.map((s) => ({ scheme: s.name, scopes: s.type === 'oauth2' ? ['read'] : [] })) }] : [], servers });
  return buildConnection(api);
}

const flow = { authorizationUrl: 'https://auth.example.com/authorize', tokenUrl: 'https://auth.example.com/token', scopes: { read: 'Read', write: 'Write' } };

describe('auth per scheme type', () => {
  const cases: [string, { given: IrSecurityScheme; auth: Record<string, unknown>[]; fields: [string, string | undefined, boolean][] }][] = [
    [
      'api key in header',
      {
        given: { name: 'key', type: 'apiKey', in: 'header', paramName: 'X-API-Key' },
        auth: [{ type: 'api_key', key: 'key', title: 'API key', in: 'header', paramName: 'X-API-Key', field: 'api_key' }],
        fields: [['api_key', 'password', false]],
      },
    ],
    [
      'api key in query',
      {
        given: { name: 'token', type: 'apiKey', in: 'query', paramName: 'access_token' },
        auth: [{ type: 'api_key', key: 'token', title: 'API key', in: 'query', paramName: 'access_token', field: 'api_key' }],
        fields: [['api_key', 'password', false]],
      },
    ],
    [
      'api key in cookie',
      {
        given: { name: 'c', type: 'apiKey', in: 'cookie', paramName: 'SESSION' },
        auth: [{ type: 'api_key', key: 'c', title: 'API key', in: 'cookie', paramName: 'SESSION', field: 'api_key' }],
        fields: [['api_key', 'password', false]],
      },
    ],
    [
      'http basic',
      {
        given: { name: 'basicAuth', type: 'http', scheme: 'Basic' },
        auth: [{ type: 'basic', key: 'basicAuth', title: 'HTTP basic', usernameField: 'username', passwordField: 'password' }],
        fields: [
          ['username', 'text', false],
          ['password', 'password', false],
        ],
      },
    ],
    [
      'http bearer',
      {
        given: { name: 'bearer', type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        auth: [{ type: 'bearer', key: 'bearer', title: 'Bearer token', tokenField: 'token', bearerFormat: 'JWT' }],
        fields: [['token', 'password', false]],
      },
    ],
    [
      'oauth2 authorization code: PKCE, scopes the operations need, optional secret',
      {
        given: { name: 'oauth', type: 'oauth2', flows: { authorizationCode: flow } },
        auth: [
          {
            type: 'oauth2',
            key: 'oauth',
            title: 'OAuth 2.0 (authorization code)',
            flow: 'authorization_code',
            authorizationUrl: flow.authorizationUrl,
            tokenUrl: flow.tokenUrl,
            scopes: ['read'],
            pkce: true,
            clientIdField: 'client_id',
            clientSecretField: 'client_secret',
          },
        ],
        fields: [
          ['client_id', 'text', false],
          ['client_secret', 'password', true],
        ],
      },
    ],
    [
      'oauth2 client credentials',
      {
        given: { name: 'cc', type: 'oauth2', flows: { clientCredentials: { tokenUrl: flow.tokenUrl, scopes: {} } } },
        auth: [{ type: 'oauth2', key: 'cc', title: 'OAuth 2.0 (client credentials)', flow: 'client_credentials', tokenUrl: flow.tokenUrl, scopes: ['read'], pkce: false, clientIdField: 'client_id', clientSecretField: 'client_secret' }],
        fields: [
          ['client_id', 'text', false],
          ['client_secret', 'password', false],
        ],
      },
    ],
    [
      'oauth2 password: username and password too',
      {
        given: { name: 'pw', type: 'oauth2', flows: { password: { tokenUrl: flow.tokenUrl, scopes: {} } } },
        auth: [
          {
            type: 'oauth2',
            key: 'pw',
            title: 'OAuth 2.0 (password)',
            flow: 'password',
            tokenUrl: flow.tokenUrl,
            scopes: ['read'],
            pkce: false,
            clientIdField: 'client_id',
            clientSecretField: 'client_secret',
            usernameField: 'username',
            passwordField: 'password',
          },
        ],
        fields: [
          ['client_id', 'text', false],
          ['client_secret', 'password', false],
          ['username', 'text', false],
          ['password', 'password', false],
        ],
      },
    ],
    [
      // The flow is not run, but its token is a bearer token: requests carry it (found by the Prism conformance).
      'oauth2 implicit only: a pasted access token, sent as a bearer token',
      {
        given: { name: 'imp', type: 'oauth2', flows: { implicit: flow } },
        auth: [{ type: 'bearer', key: 'imp', title: 'OAuth 2.0 access token (implicit flow)', tokenField: 'token' }],
        fields: [['token', 'password', false]],
      },
    ],
    [
      'OpenID Connect: oauth2 with the discovery URL and openid scope',
      {
        given: { name: 'oidc', type: 'openIdConnect', openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration' },
        auth: [
          {
            type: 'oauth2',
            key: 'oidc',
            title: 'OpenID Connect',
            flow: 'authorization_code',
            scopes: ['openid'],
            pkce: true,
            clientIdField: 'client_id',
            clientSecretField: 'client_secret',
            openIdConnectUrl: 'https://id.example.com/.well-known/openid-configuration',
          },
        ],
        fields: [
          ['client_id', 'text', false],
          ['client_secret', 'password', true],
        ],
      },
    ],
    [
      'mutual TLS: custom',
      {
        given: { name: 'mtls', type: 'mutualTLS' },
        auth: [{ type: 'custom', key: 'mtls', title: 'Mutual TLS', description: 'Mutual TLS: configure the client certificate in the connection code.' }],
        fields: [],
      },
    ],
    [
      'unknown http scheme: custom',
      {
        given: { name: 'digest', type: 'http', scheme: 'digest' },
        auth: [{ type: 'custom', key: 'digest', title: 'HTTP digest', description: "HTTP 'digest' authentication: write how to apply it in the connection code." }],
        fields: [],
      },
    ],
  ];
  it.each(cases)('%s', (_, { given, auth, fields }) => {
    const c = connectionFor([given]);
    expect(c.connection.auth.map(bare)).toEqual(auth);
    expect(c.connection.fields.map((f) => [f.name, f.control_type, f.optional])).toEqual(fields);
    expect(c.connection.authSelector).toBeUndefined();
    const custom = auth.some((a) => a.type === 'custom');
    expect(c.diagnostics.some((d) => d.code === 'unsupported-auth' && d.severity === 'warning')).toBe(custom);
  });

  it('oauth2 with several flows: one auth per flow, each with its own client fields, and a selector', () => {
    const c = connectionFor([{ name: 'oauth', type: 'oauth2', flows: { authorizationCode: flow, clientCredentials: { tokenUrl: flow.tokenUrl, scopes: {} }, implicit: flow } }]);
    expect(c.connection.auth.map((a) => [a.key, a.type === 'oauth2' ? a.flow : a.type])).toEqual([
      ['oauth_authorization_code', 'authorization_code'],
      ['oauth_client_credentials', 'client_credentials'],
    ]);
    expect(c.connection.authSelector).toBe('auth_type');
    expect(c.connection.fields.map((f) => [f.name, f.authType ?? null])).toEqual([
      ['auth_type', null],
      ['client_id', 'oauth_authorization_code'],
      ['client_secret', 'oauth_authorization_code'],
      ['client_credentials_client_id', 'oauth_client_credentials'],
      ['client_credentials_client_secret', 'oauth_client_credentials'],
    ]);
    expect(c.authKeys.get('oauth')).toEqual(['oauth_authorization_code', 'oauth_client_credentials']);
    // The implicit flow is left out with a note, not offered.
    expect(c.diagnostics.map((d) => [d.code, d.severity])).toEqual([['unsupported-auth', 'info']]);
  });
});

describe('several schemes and per-operation security', () => {
  const schemes: IrSecurityScheme[] = [
    { name: 'key', type: 'apiKey', in: 'header', paramName: 'X-Key' },
    { name: 'other_key', type: 'apiKey', in: 'query', paramName: 'k' },
    { name: 'basic', type: 'http', scheme: 'basic' },
    { name: 'unused', type: 'http', scheme: 'bearer' },
  ];
  const api = apiOf(
    [
      operation('get', '/a'),
      operation('get', '/public', { security: [] }),
      operation('get', '/either', { security: [...required('key'), ...required('basic')] }),
      operation('get', '/both', { security: required('key', 'other_key') }),
      operation('get', '/optional', { security: [{ schemes: [] }, ...required('basic')] }),
      operation('get', '/undeclared', { security: required('nope') }),
    ],
    {},
    { securitySchemes: schemes, security: [...required('key'), ...required('other_key'), ...required('basic')] },
  );
  const plan = buildPlan(api);

  it('offers the schemes in use, with an auth_type selector and fields tagged by auth', () => {
    expect(plan.connection.auth.map((a) => [a.key, a.title])).toEqual([
      ['key', 'API key (key)'],
      ['other_key', 'API key (other_key)'],
      ['basic', 'HTTP basic'],
    ]);
    expect(plan.connection.authSelector).toBe('auth_type');
    const selector = plan.connection.fields[0]!;
    expect(selector).toMatchObject({ name: 'auth_type', control_type: 'select', optional: false, default: 'key' });
    expect(selector.options).toEqual([
      ['API key (key)', 'key'],
      ['API key (other_key)', 'other_key'],
      ['HTTP basic', 'basic'],
    ]);
    expect(plan.connection.fields.slice(1).map((f) => [f.name, f.authType])).toEqual([
      ['api_key', 'key'],
      ['other_key_api_key', 'other_key'],
      ['username', 'basic'],
      ['password', 'basic'],
    ]);
  });

  it('request.security: the operation own requirements as auth keys; [] is public; absent follows the connection', () => {
    const security = Object.fromEntries(plan.actions.map((a) => [a.operation.path, a.request.security ?? 'default']));
    expect(security).toEqual({
      '/a': 'default',
      '/public': [],
      '/either': [['key'], ['basic']],
      '/both': [['key', 'other_key']],
      '/optional': [[], ['basic']],
      '/undeclared': 'default',
    });
  });

  it('request.security: credential parameters an operation requires go out with every alternative (Trello: key and token)', () => {
    const keyParam = parameter('X-Key', 'header', undefined, { required: true });
    const tokenParam = parameter('k', 'query', undefined, { required: true });
    const documentSecurity = [...required('key'), ...required('other_key')];
    // As the IR gives them: an operation without its own security carries the document's.
    const inheriting = (path: string, parameters: ReturnType<typeof parameter>[]) => ({ ...operation('get', path, { parameters }), security: documentSecurity });
    const trello = buildPlan(
      apiOf(
        [inheriting('/both-required', [keyParam, tokenParam]), inheriting('/one-required', [tokenParam]), inheriting('/optional-param', [{ ...tokenParam, required: false }])],
        {},
        { securitySchemes: schemes, security: documentSecurity },
      ),
    );
    const security = Object.fromEntries(trello.actions.map((a) => [a.operation.path, a.request.security ?? 'default']));
    expect(security).toEqual({
      '/both-required': [['key', 'other_key']],
      '/one-required': [['key', 'other_key'], ['other_key']],
      '/optional-param': 'default',
    });
  });

  it('offers every declared scheme when none is required anywhere', () => {
    const c = buildConnection(apiOf([operation('get', '/x')], {}, { securitySchemes: schemes }));
    expect(c.connection.auth.map((a) => a.key)).toEqual(['key', 'other_key', 'basic', 'unused']);
  });

  it('no schemes: no auth and no fields', () => {
    const c = buildConnection(apiOf([operation('get', '/x')]));
    expect(c.connection).toEqual({ auth: [], fields: [], baseUrl: { template: 'https://api.example.com/v1', variables: {} } });
  });
});

describe('servers', () => {
  it('server variables become connection fields; enums become selects with options and a default', () => {
    const c = connectionFor(
      [],
      [
        {
          url: 'https://{region}.api.example.com/{basePath}',
          variables: [
            { name: 'region', default: 'eu', enum: ['eu', 'us'], description: 'Data region' },
            { name: 'basePath', default: 'v2' },
          ],
        },
      ],
    );
    expect(c.baseUrl).toBe('https://eu.api.example.com/v2');
    expect(c.connection.baseUrl).toEqual({ template: 'https://{region}.api.example.com/{basePath}', variables: { region: 'region', basePath: 'base_path' } });
    expect(c.connection.fields).toEqual([
      { name: 'region', label: 'Region', type: 'string', optional: true, default: 'eu', hint: 'Data region', control_type: 'select', options: [['eu', 'eu'], ['us', 'us']] },
      { name: 'base_path', label: 'Base path', type: 'string', optional: true, default: 'v2', control_type: 'text' },
    ]);
    expect(c.diagnostics).toEqual([]);
  });

  it('several servers: a server select field, variables of all servers', () => {
    const c = connectionFor(
      [],
      [
        { url: 'https://api.example.com', description: 'Production', variables: [] },
        { url: 'https://{tenant}.sandbox.example.com', variables: [{ name: 'tenant', default: 'demo' }] },
      ],
    );
    expect(c.baseUrl).toBe('https://api.example.com');
    expect(c.connection.baseUrl).toEqual({ template: 'https://api.example.com', variables: { tenant: 'tenant' }, serverField: 'server' });
    expect(c.connection.fields.map((f) => [f.name, f.default, f.options ?? null])).toEqual([
      [
        'server',
        'https://api.example.com',
        [
          ['Production (https://api.example.com)', 'https://api.example.com'],
          ['https://{tenant}.sandbox.example.com', 'https://{tenant}.sandbox.example.com'],
        ],
      ],
      ['tenant', 'demo', null],
    ]);
  });

  it('a relative server URL stays relative, with a diagnostic', () => {
    const c = connectionFor([], [{ url: '/v1', variables: [] }]);
    expect(c.baseUrl).toBe('/v1');
    expect(c.connection.baseUrl.template).toBe('/v1');
    expect(c.diagnostics.map((d) => [d.code, d.severity, d.pointer])).toEqual([['relative-server-url', 'warning', '/servers/0']]);
  });

  it('no server: baseUrl null, with a diagnostic', () => {
    const c = connectionFor([], []);
    expect(c.baseUrl).toBeNull();
    expect(c.diagnostics.map((d) => d.code)).toEqual(['no-server']);
  });

  it('a server variable named like an auth field gets its own name', () => {
    const c = connectionFor([{ name: 'b', type: 'http', scheme: 'basic' }], [{ url: 'https://{username}.example.com', variables: [{ name: 'username', default: 'me' }] }]);
    expect(c.connection.fields.map((f) => f.name)).toEqual(['username', 'password', 'username_2']);
    expect(c.connection.baseUrl.variables).toEqual({ username: 'username_2' });
  });
});
