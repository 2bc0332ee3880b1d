import { describe, expect, it } from 'vitest';
import { api, arr, int, obj, op, param, ref, str } from './__fixtures__/ir-builders.js';
import { chooseTestRequest } from './choose-test-request.js';
import type { IrOperation } from '../../ir/types.js';

const pets = arr(ref('Pet'));
const schemas = { Pet: obj({ id: int(), name: str() }) };

const table: [string, { given: IrOperation[]; want: string | undefined }][] = [
  ['an identity endpoint wins over lists', { given: [op('GET /pets', { params: [param('limit', int())], response: pets }), op('GET /me', { response: obj({ id: int() }) })], want: 'GET /me' }],
  ['identity behind a version prefix', { given: [op('GET /rest/api/3/project', { response: pets }), op('GET /rest/api/3/myself', { response: obj({ id: int() }) })], want: 'GET /rest/api/3/myself' }],
  ['/users/me', { given: [op('GET /users', { response: pets }), op('GET /users/me', { response: obj({ id: int() }) })], want: 'GET /users/me' }],
  ['a list with a limit param beats a list without', { given: [op('GET /orders', { response: pets }), op('GET /pets', { params: [param('limit', int())], response: pets })], want: 'GET /pets' }],
  ['any GET without required input when nothing better', { given: [op('GET /pets/{id}', { response: ref('Pet') }), op('GET /status', { response: obj({ ok: str() }) })], want: 'GET /status' }],
  ['a required query parameter with a default can be left out', { given: [op('GET /pets', { params: [param('api-version', str({ default: '2024-01-01' }), { required: true })], response: pets })], want: 'GET /pets' }],
  ['a public GET is used only when nothing else exists', { given: [op('GET /health', { response: obj({ ok: str() }), security: [] }), op('GET /pets', { response: pets })], want: 'GET /pets' }],
  ['shorter paths first among equals', { given: [op('GET /a/b/c', { response: obj({ x: str() }) }), op('GET /a', { response: obj({ x: str() }) })], want: 'GET /a' }],
  ['a summary that says "current user"', { given: [op('GET /pets', { response: pets }), op('GET /', { summary: 'Get the authenticated user', response: obj({ id: int() }) })], want: 'GET /' }],
  ['a required token header is the credential itself', { given: [op('GET /auth.test', { params: [param('token', str(), { in: 'header', required: true })], response: obj({ ok: str() }) }), op('GET /pets/{id}', { response: ref('Pet') })], want: 'GET /auth.test' }],
  // Anti-examples.
  ['"for the authenticated user" does not make a list an identity endpoint', { given: [op('GET /gists', { summary: 'List gists for the authenticated user', response: pets }), op('GET /user', { response: obj({ id: int() }) })], want: 'GET /user' }],
  ['a required tenant header is not a credential', { given: [op('GET /Accounts', { params: [param('xero-tenant-id', str(), { in: 'header', required: true })], response: pets })], want: undefined }],
  ['never a mutating call', { given: [op('POST /pets', { body: obj({ name: str() }) }), op('DELETE /pets/{id}')], want: undefined }],
  ['a GET /logout has side effects', { given: [op('GET /logout'), op('GET /pets/{id}', { response: ref('Pet') })], want: undefined }],
  ['a websocket session is no test', { given: [op('GET /sessions/socket', { response: obj({ url: str() }) })], want: undefined }],
  ['a binary download is no test', { given: [op('GET /report', { response: str({ format: 'binary' }), responseMediaType: 'application/pdf' })], want: undefined }],
  ['every GET needs a path parameter', { given: [op('GET /pets/{id}', { response: ref('Pet') })], want: undefined }],
  ['a required query parameter without a default blocks', { given: [op('GET /search', { params: [param('q', str(), { required: true })], response: pets })], want: undefined }],
];

describe('chooseTestRequest', () => {
  it.each(table)('%s', (_name, { given, want }) => {
    const got = chooseTestRequest(api(given, schemas));
    expect(got.operation?.id).toBe(want);
    expect(got.reasons.length).toBeGreaterThan(0);
  });

  it('says why there is none', () => {
    const got = chooseTestRequest(api([op('GET /pets/{id}', { response: ref('Pet') })], schemas));
    expect(got.reasons[0]).toContain('GET /pets/{id} needs the path parameter `id`');
  });

  it('an API without GETs', () => {
    expect(chooseTestRequest(api([op('POST /x')])).reasons[0]).toContain('no GET');
  });
});
