import { describe, expect, it } from 'vitest';
import { api, arr, bool, int, obj, op, ref, str } from './__fixtures__/ir-builders.js';
import { detectListResponse } from './detect-list-response.js';
import type { IrOperation, IrSchema } from '../../ir/types.js';

const schemas: Record<string, IrSchema> = {
  Pet: obj({ 'id!': int(), name: str(), tags: arr(str()) }),
  PetList: { allOf: [{ ref: 'Page' }, obj({ data: arr(ref('Pet')) })] },
  Page: obj({ has_more: bool(), url: str() }),
  PetArray: arr(ref('Pet')),
};

type Want = { itemsPath: readonly string[]; item: IrSchema } | undefined;

const table: [string, { given: IrOperation; want: Want }][] = [
  ['a bare array body', { given: op('GET /pets', { response: arr(ref('Pet')) }), want: { itemsPath: [], item: ref('Pet') } }],
  ['an array reached through a ref', { given: op('GET /pets', { response: ref('PetArray') }), want: { itemsPath: [], item: ref('Pet') } }],
  ['a `data` envelope with metadata', { given: op('GET /pets', { response: obj({ object: str(), data: arr(ref('Pet')), has_more: bool() }) }), want: { itemsPath: ['data'], item: ref('Pet') } }],
  ['an envelope assembled by allOf', { given: op('GET /pets', { response: ref('PetList') }), want: { itemsPath: ['data'], item: ref('Pet') } }],
  ['`items` with a total', { given: op('GET /search/issues', { response: obj({ total_count: int(), incomplete_results: bool(), items: arr(obj({ id: int() })) }) }), want: { itemsPath: ['items'], item: obj({ id: int() }) } }],
  ['an array named after the path resource', { given: op('GET /installation/repositories', { response: obj({ total_count: int(), repositories: arr(ref('Pet')) }) }), want: { itemsPath: ['repositories'], item: ref('Pet') } }],
  ['camelCase resource name matches a kebab path', { given: op('GET /custom-fields', { response: obj({ customFields: arr(ref('Pet')), nextPage: str() }) }), want: { itemsPath: ['customFields'], item: ref('Pet') } }],
  ['nested one level: `{ data: { items: [] } }`', { given: op('GET /pets', { response: obj({ data: obj({ items: arr(ref('Pet')), total: int() }) }) }), want: { itemsPath: ['data', 'items'], item: ref('Pet') } }],
  ['the only array of records in an RPC-style response', { given: op('GET /conversations.list', { response: obj({ ok: bool(), channels: arr(ref('Pet')), response_metadata: obj({ next_cursor: str() }) }) }), want: { itemsPath: ['channels'], item: ref('Pet') } }],
  ['OData `value`', { given: op('GET /users', { response: obj({ '@odata.nextLink': str(), value: arr(ref('Pet')) }) }), want: { itemsPath: ['value'], item: ref('Pet') } }],
  ['a sub-collection under a parent id', { given: op('GET /boards/{id}/cards', { response: arr(ref('Pet')) }), want: { itemsPath: [], item: ref('Pet') } }],
  ['an array body even on a path that ends in a parameter', { given: op('GET /pets/{status}', { response: arr(ref('Pet')) }), want: { itemsPath: [], item: ref('Pet') } }],
  ['Bitbucket: a pure paginated envelope on a path that ends in a parameter', { given: op('GET /repositories/{workspace}', { response: obj({ next: str(), page: int(), pagelen: int(), size: int(), values: arr(ref('Pet')) }) }), want: { itemsPath: ['values'], item: ref('Pet') } }],
  ['Mailchimp: `_links` is metadata, `folders` ends the `campaign-folders` resource', { given: op('GET /campaign-folders', { response: obj({ folders: arr(ref('Pet')), total_items: int(), _links: arr(obj({ rel: str(), href: str() })) }) }), want: { itemsPath: ['folders'], item: ref('Pet') } }],
  ['Square: `device_codes` for `/devices/codes`', { given: op('GET /v2/devices/codes', { response: obj({ device_codes: arr(ref('Pet')), cursor: str(), errors: arr(obj({ code: str() })) }) }), want: { itemsPath: ['device_codes'], item: ref('Pet') } }],
  ['Box: entries with stream positions', { given: op('GET /events', { response: obj({ chunk_size: int(), next_stream_position: str(), entries: arr(ref('Pet')) }) }), want: { itemsPath: ['entries'], item: ref('Pet') } }],
  // Anti-examples.
  ['the caller\'s own record is not a list, even without an id', { given: op('GET /me', { response: obj({ user: obj({ id: int() }), operations: arr(obj({ name: str(), limit: int() })) }) }), want: undefined }],
  ['a record without id on a parameter path is not a list', { given: op('GET /menus/{menu}', { response: obj({ name: str(), items: arr(obj({ sku: str() })) }) }), want: undefined }],
  ['a single-resource GET whose record has arrays is not a list', { given: op('GET /pets/{petId}', { response: ref('Pet') }), want: undefined }],
  ['a singular envelope `{ data: {...} }` is not a list', { given: op('GET /pets/{petId}', { response: obj({ data: ref('Pet') }) }), want: undefined }],
  ['an array as a minor property of a singular object is not a list', { given: op('GET /me', { response: obj({ id: int(), name: str(), emails: arr(obj({ address: str() })) }) }), want: undefined }],
  ['a record with an `items` array is not a list', { given: op('GET /cart', { response: obj({ id: str(), customer: str(), items: arr(obj({ sku: str() })) }) }), want: undefined }],
  ['a POST that returns an array is not a list endpoint', { given: op('POST /pets', { response: arr(ref('Pet')) }), want: undefined }],
  ['a body without schema', { given: op('GET /pets'), want: undefined }],
  ['an object with no arrays', { given: op('GET /stats', { response: obj({ count: int() }) }), want: undefined }],
];

describe('detectListResponse', () => {
  it.each(table)('%s', (_name, { given, want }) => {
    const got = detectListResponse(given, api([given], schemas));
    expect(got && { itemsPath: got.itemsPath, item: got.itemSchema }).toEqual(want);
    if (got) expect(got.reason).not.toBe('');
  });

  it('reports the status and media type that hold the list', () => {
    const given = op('GET /pets', { response: arr(ref('Pet')), status: '206', responseMediaType: 'application/vnd.api+json' });
    expect(detectListResponse(given, api([given], schemas))).toMatchObject({ status: '206', mediaType: 'application/vnd.api+json' });
  });
});
