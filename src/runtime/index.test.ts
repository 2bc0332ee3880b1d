import { describe, expect, it } from 'vitest';
import * as runtime from './index.js';
import { json, startServer } from './test-server.test.js';

describe('runtime index', () => {
  it.each([
    'defineConnector',
    'defineAction',
    'definePollTrigger',
    'defineWebhookTrigger',
    'createContext',
    'resolveBaseUrl',
    'validateInput',
    'ConnectorHttpError',
    'ConnectorError',
    'redact',
    'pollSince',
    'dedupKey',
    'runTest',
    'buildAuthorizationUrl',
    'createPkcePair',
    'exchangeAuthorizationCode',
    'discoverOpenIdConfiguration',
    'getPath',
  ])('exports %s', (name) => {
    expect(typeof (runtime as Record<string, unknown>)[name]).toBe('function');
  });

  it('runs the connector test request with the connection auth', async () => {
    const server = await startServer((_, res) => json(res, 200, { me: 'ann' }));
    const connector = runtime.defineConnector({
      title: 'Example',
      connection: {
        fields: [{ name: 'token', label: 'Token', type: 'string', control_type: 'password', optional: false }],
        auth: [{ type: 'bearer', key: 'bearer', title: 'Bearer', tokenField: 'token' }],
        baseUrl: { template: server.url, variables: {} },
      },
      test: { request: { method: 'get', path: '/me', params: [], response: { status: '200', kind: 'json' } } },
      actions: {},
      triggers: {},
      objectDefinitions: {},
      pickLists: {},
    });
    const ctx = runtime.createContext(connector.connection, { token: 't-1' });
    expect(await runtime.runTest(connector, ctx)).toEqual({ me: 'ann' });
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/me' });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer t-1');
    expect(await runtime.runTest({ ...connector, test: null }, ctx)).toBeNull();
  });

  it.each([
    ['plain', { text: 'token abc in abc', secrets: ['abc'], want: 'token [REDACTED] in [REDACTED]' }],
    ['encoded forms', { text: 'q=a%2Bb%2F c="a+b/"', secrets: ['a+b/'], want: 'q=[REDACTED] c="[REDACTED]"' }],
    ['longest first', { text: 'abcdef', secrets: ['abc', 'abcdef'], want: '[REDACTED]' }],
    ['empty secrets ignored', { text: 'x', secrets: [''], want: 'x' }],
  ])('redact: %s', (_, { text, secrets, want }) => {
    expect(runtime.redact(text, secrets)).toBe(want);
  });
});
