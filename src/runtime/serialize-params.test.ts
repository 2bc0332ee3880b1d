import { describe, expect, it } from 'vitest';
import { createContext } from './http-client.js';
import { startServer } from './test-server.test.js';
import type { ConnectionDefinition, ParamBinding, ParameterLocation, ParameterStyle, RequestSpec } from './types.js';

// The examples table of OAS 3.1 §4.8.12.4, as received by a real server.
const array = [3, 4, 5];
const object = { role: 'admin', firstName: 'Alex' };

function connectionFor(url: string): ConnectionDefinition {
  return { fields: [], auth: [], baseUrl: { template: url, variables: {} } };
}

function binding(location: ParameterLocation, style: ParameterStyle, explode: boolean, extra: Partial<ParamBinding> = {}): ParamBinding {
  return { field: 'value', name: 'id', in: location, style, explode, required: location === 'path', ...extra };
}

async function send(b: ParamBinding, value: unknown, path = '/items'): Promise<{ url: string; headers: Record<string, string | string[] | undefined> }> {
  const server = await startServer();
  const spec: RequestSpec = { method: 'get', path, params: [b], response: { status: '200', kind: 'json' } };
  await createContext(connectionFor(server.url), {}).request(spec, { value });
  const [req] = server.requests;
  return { url: req!.url, headers: req!.headers };
}

type QueryCase = [string, { style: ParameterStyle; explode: boolean; value: unknown; allowReserved?: boolean; name?: string; want: string }];

const queryCases: QueryCase[] = [
  ['form explode, primitive', { style: 'form', explode: true, value: 5, want: 'id=5' }],
  ['form explode, array', { style: 'form', explode: true, value: array, want: 'id=3&id=4&id=5' }],
  ['form, array', { style: 'form', explode: false, value: array, want: 'id=3,4,5' }],
  ['form explode, object', { style: 'form', explode: true, value: object, want: 'role=admin&firstName=Alex' }],
  ['form, object', { style: 'form', explode: false, value: object, want: 'id=role,admin,firstName,Alex' }],
  ['form, empty string', { style: 'form', explode: true, value: '', want: 'id=' }],
  ['form, boolean', { style: 'form', explode: true, value: false, want: 'id=false' }],
  ['form, absent value is omitted', { style: 'form', explode: true, value: undefined, want: '' }],
  ['form, null is omitted', { style: 'form', explode: true, value: null, want: '' }],
  ['form, reserved characters encoded', { style: 'form', explode: true, value: 'a b&c=d/e?f#g+h', want: 'id=a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh' }],
  ['form, allowReserved keeps :/?[]@ but not & = # +', { style: 'form', explode: true, allowReserved: true, value: 'a b&c=d/e?f#g+h:[x]@y', want: 'id=a%20b%26c%3Dd/e?f%23g%2Bh:[x]@y' }],
  ['form, comma inside an array item is encoded', { style: 'form', explode: false, value: ['a,b', 'c'], want: 'id=a%2Cb,c' }],
  ['form, unicode', { style: 'form', explode: true, value: 'café', want: 'id=caf%C3%A9' }],
  ['spaceDelimited, array', { style: 'spaceDelimited', explode: false, value: array, want: 'id=3%204%205' }],
  ['spaceDelimited, object', { style: 'spaceDelimited', explode: false, value: object, want: 'id=role%20admin%20firstName%20Alex' }],
  ['spaceDelimited explode, array reads like form', { style: 'spaceDelimited', explode: true, value: array, want: 'id=3&id=4&id=5' }],
  ['pipeDelimited, array', { style: 'pipeDelimited', explode: false, value: array, want: 'id=3|4|5' }],
  ['pipeDelimited, object', { style: 'pipeDelimited', explode: false, value: object, want: 'id=role|admin|firstName|Alex' }],
  ['tabDelimited, array', { style: 'tabDelimited', explode: false, value: array, want: 'id=3%094%095' }],
  ['deepObject, object', { style: 'deepObject', explode: true, value: object, want: 'id[role]=admin&id[firstName]=Alex' }],
  [
    'deepObject, nested object and array',
    { style: 'deepObject', explode: true, name: 'filter', value: { status: 'open', created: { gte: 10 }, ids: [1, 2] }, want: 'filter[status]=open&filter[created][gte]=10&filter[ids][]=1&filter[ids][]=2' },
  ],
  ['bracketed name stays readable', { style: 'form', explode: true, name: 'created[gte]', value: 1700000000, want: 'created[gte]=1700000000' }],
];

describe('query parameters', () => {
  it.each(queryCases)('%s', async (_, { style, explode, value, allowReserved, name, want }) => {
    const { url } = await send(binding('query', style, explode, { allowReserved, ...(name ? { name } : {}) }), value);
    expect(url).toBe(want === '' ? '/items' : `/items?${want}`);
  });
});

type PathCase = [string, { style: ParameterStyle; explode: boolean; value: unknown; want: string }];

const pathCases: PathCase[] = [
  ['simple, primitive', { style: 'simple', explode: false, value: 5, want: '5' }],
  ['simple, array', { style: 'simple', explode: false, value: array, want: '3,4,5' }],
  ['simple explode, array', { style: 'simple', explode: true, value: array, want: '3,4,5' }],
  ['simple, object', { style: 'simple', explode: false, value: object, want: 'role,admin,firstName,Alex' }],
  ['simple explode, object', { style: 'simple', explode: true, value: object, want: 'role=admin,firstName=Alex' }],
  ['simple, characters that would change the path', { style: 'simple', explode: false, value: 'a/b c?d#e%f', want: 'a%2Fb%20c%3Fd%23e%25f' }],
  ['label, primitive', { style: 'label', explode: false, value: 5, want: '.5' }],
  ['label, array', { style: 'label', explode: false, value: array, want: '.3,4,5' }],
  ['label explode, array', { style: 'label', explode: true, value: array, want: '.3.4.5' }],
  ['label, object', { style: 'label', explode: false, value: object, want: '.role,admin,firstName,Alex' }],
  ['label explode, object', { style: 'label', explode: true, value: object, want: '.role=admin.firstName=Alex' }],
  ['matrix, primitive', { style: 'matrix', explode: false, value: 5, want: ';id=5' }],
  ['matrix, empty', { style: 'matrix', explode: false, value: '', want: ';id' }],
  ['matrix, array', { style: 'matrix', explode: false, value: array, want: ';id=3,4,5' }],
  ['matrix explode, array', { style: 'matrix', explode: true, value: array, want: ';id=3;id=4;id=5' }],
  ['matrix, object', { style: 'matrix', explode: false, value: object, want: ';id=role,admin,firstName,Alex' }],
  ['matrix explode, object', { style: 'matrix', explode: true, value: object, want: ';role=admin;firstName=Alex' }],
];

describe('path parameters', () => {
  it.each(pathCases)('%s', async (_, { style, explode, value, want }) => {
    const { url } = await send(binding('path', style, explode), value, '/items/{id}');
    expect(url).toBe(`/items/${want}`);
  });

  it('refuses a missing path value before any request', async () => {
    const server = await startServer();
    const spec: RequestSpec = { method: 'get', path: '/items/{id}', params: [binding('path', 'simple', false)], response: { status: '200', kind: 'json' } };
    await expect(createContext(connectionFor(server.url), {}).request(spec, {})).rejects.toThrow('missing required path parameter value');
    expect(server.requests).toHaveLength(0);
  });
});

type HeaderCase = [string, { location: 'header' | 'cookie'; explode: boolean; value: unknown; want: string }];

const headerCases: HeaderCase[] = [
  ['header, primitive', { location: 'header', explode: false, value: 5, want: '5' }],
  ['header, array', { location: 'header', explode: false, value: array, want: '3,4,5' }],
  ['header, object', { location: 'header', explode: false, value: object, want: 'role,admin,firstName,Alex' }],
  ['header explode, object', { location: 'header', explode: true, value: object, want: 'role=admin,firstName=Alex' }],
  ['cookie, primitive', { location: 'cookie', explode: true, value: 5, want: 'id=5' }],
  ['cookie, array', { location: 'cookie', explode: false, value: array, want: 'id=3,4,5' }],
  ['cookie explode, array', { location: 'cookie', explode: true, value: array, want: 'id=3; id=4; id=5' }],
  ['cookie, value with ; and space', { location: 'cookie', explode: true, value: 'a; b', want: 'id=a%3B%20b' }],
  ['cookie, object', { location: 'cookie', explode: false, value: object, want: 'id=role,admin,firstName,Alex' }],
];

describe('header and cookie parameters', () => {
  it.each(headerCases)('%s', async (_, { location, explode, value, want }) => {
    const b = binding(location, location === 'header' ? 'simple' : 'form', explode, location === 'header' ? { name: 'X-Id' } : {});
    const { headers } = await send(b, value);
    expect(location === 'header' ? headers['x-id'] : headers.cookie).toBe(want);
  });

  it('ignores header parameters named Accept, Content-Type or Authorization (OAS 3.1 §4.8.12.1)', async () => {
    const { headers } = await send(binding('header', 'simple', false, { name: 'Authorization' }), 'Bearer nope');
    expect(headers.authorization).toBeUndefined();
  });
});
