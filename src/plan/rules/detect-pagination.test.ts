import { describe, expect, it } from 'vitest';
import { api, arr, bool, dateTime, int, obj, op, param, ref, str } from './__fixtures__/ir-builders.js';
import { detectListResponse } from './detect-list-response.js';
import { detectPagination } from './detect-pagination.js';
import type { IrOperation, IrSchema } from '../../ir/types.js';

const schemas: Record<string, IrSchema> = { Pet: obj({ 'id!': str(), name: str() }) };
const pets = arr(ref('Pet'));

// Only the fields that decide the style; reasons are checked separately.
type Want = Record<string, unknown> | undefined;

const table: [string, { given: IrOperation; want: Want }][] = [
  [
    'Stripe: starting_after + has_more, cursor from the last record',
    {
      given: op('GET /v1/customers', { params: [param('limit', int()), param('starting_after'), param('ending_before')], response: obj({ object: str(), data: pets, has_more: bool(), url: str() }) }),
      want: { style: 'cursor', cursorParam: 'starting_after', cursorFromLastItem: 'id', hasMorePath: ['has_more'], limitParam: 'limit' },
    },
  ],
  [
    'Slack: cursor param, next_cursor nested in response_metadata',
    {
      given: op('GET /conversations.list', { params: [param('cursor'), param('limit', int())], response: obj({ ok: bool(), channels: pets, response_metadata: obj({ next_cursor: str() }) }) }),
      want: { style: 'cursor', cursorParam: 'cursor', nextCursorPath: ['response_metadata', 'next_cursor'], limitParam: 'limit' },
    },
  ],
  [
    'Google: pageToken / nextPageToken',
    {
      given: op('GET /files', { params: [param('pageSize', int()), param('pageToken')], response: obj({ nextPageToken: str(), files: pets }) }),
      want: { style: 'cursor', cursorParam: 'pageToken', nextCursorPath: ['nextPageToken'], limitParam: 'pageSize' },
    },
  ],
  [
    'Airtable: a string `offset` handed back by the server is a cursor',
    {
      given: op('GET /bases/{baseId}/records', { params: [param('offset'), param('pageSize', int())], response: obj({ records: pets, offset: str() }) }),
      want: { style: 'cursor', cursorParam: 'offset', nextCursorPath: ['offset'] },
    },
  ],
  [
    'cursor under meta is still a cursor, not a URL',
    {
      given: op('GET /pets', { params: [param('cursor')], response: obj({ data: pets, meta: obj({ next_cursor: str() }) }) }),
      want: { style: 'cursor', nextCursorPath: ['meta', 'next_cursor'] },
    },
  ],
  [
    'GitHub: a Link response header wins over page/per_page',
    {
      given: op('GET /repos/{owner}/{repo}/issues', { params: [param('per_page', int()), param('page', int())], response: pets, responseHeaders: ['Link'] }),
      want: { style: 'link_header' },
    },
  ],
  [
    'OData: @odata.nextLink',
    { given: op('GET /users', { params: [param('$top', int())], response: obj({ '@odata.nextLink': str(), value: pets }) }), want: { style: 'next_url', nextUrlPath: ['@odata.nextLink'] } },
  ],
  [
    'Facebook: paging.next URL',
    {
      given: op('GET /me/posts', { params: [param('limit', int())], response: obj({ data: pets, paging: obj({ cursors: obj({ before: str(), after: str() }), next: str() }) }) }),
      want: { style: 'next_url', nextUrlPath: ['paging', 'next'] },
    },
  ],
  [
    'Facebook with an after param: the cursor comes from paging.cursors.after',
    {
      given: op('GET /me/posts', { params: [param('limit', int()), param('after')], response: obj({ data: pets, paging: obj({ cursors: obj({ before: str(), after: str() }), next: str() }) }) }),
      want: { style: 'cursor', cursorParam: 'after', nextCursorPath: ['paging', 'cursors', 'after'] },
    },
  ],
  [
    'HAL: _links.next.href',
    { given: op('GET /orders', { response: obj({ _embedded: obj({ orders: pets }), _links: obj({ next: obj({ href: str() }) }) }) }), want: { style: 'next_url', nextUrlPath: ['_links', 'next', 'href'] } },
  ],
  [
    'a bare `next` string with no cursor parameter is a URL',
    { given: op('GET /pets', { params: [param('limit', int())], response: obj({ count: int(), next: str(), previous: str(), results: pets }) }), want: { style: 'next_url', nextUrlPath: ['next'] } },
  ],
  [
    'offset/limit with a total',
    {
      given: op('GET /pets', { params: [param('offset', int()), param('limit', int())], response: obj({ items: pets, meta: obj({ total: int() }) }) }),
      want: { style: 'offset', offsetParam: 'offset', limitParam: 'limit', totalPath: ['meta', 'total'] },
    },
  ],
  [
    'OData-style $skip/$top',
    { given: op('GET /people', { params: [param('$skip', int()), param('$top', int())], response: obj({ value: pets }) }), want: { style: 'offset', offsetParam: '$skip', limitParam: '$top' } },
  ],
  [
    'Jira: startAt/maxResults',
    { given: op('GET /rest/api/3/search', { params: [param('startAt', int()), param('maxResults', int())], response: obj({ startAt: int(), maxResults: int(), total: int(), issues: pets }) }), want: { style: 'offset', offsetParam: 'startAt', limitParam: 'maxResults', totalPath: ['total'] } },
  ],
  [
    'DocuSign: start_position/count',
    { given: op('GET /folders', { params: [param('start_position', str()), param('count', str())], response: obj({ folders: pets, totalSetSize: str() }) }), want: { style: 'offset', offsetParam: 'start_position', limitParam: 'count' } },
  ],
  [
    'page/per_page with total_pages',
    {
      given: op('GET /pets', { params: [param('page', int({ minimum: 1 })), param('per_page', int())], response: obj({ data: pets, total_pages: int() }) }),
      want: { style: 'page', pageParam: 'page', sizeParam: 'per_page', firstPage: 1, totalPagesPath: ['total_pages'] },
    },
  ],
  [
    'zero-based page[number]/page[size]',
    { given: op('GET /pets', { params: [param('page[number]', int({ default: 0 })), param('page[size]', int())], response: obj({ data: pets }) }), want: { style: 'page', pageParam: 'page[number]', sizeParam: 'page[size]', firstPage: 0 } },
  ],
  // Anti-examples.
  ['a limit alone is no way to page', { given: op('GET /pets', { params: [param('limit', int())], response: pets }), want: undefined }],
  [
    'an `after` that is a date-time is a time filter, not a cursor',
    { given: op('GET /events', { params: [param('after', dateTime())], response: obj({ data: pets, has_more: bool() }) }), want: undefined },
  ],
  [
    'a `start` date is not an offset',
    { given: op('GET /events', { params: [param('start', str({ format: 'date' })), param('limit', int())], response: pets }), want: undefined },
  ],
  [
    'a `next_url` that is not a string is ignored',
    { given: op('GET /pets', { response: obj({ data: pets, next: bool() }) }), want: undefined },
  ],
];

describe('detectPagination across operations', () => {
  it('a cursor with nothing to read it from follows the Link header the rest of the API declares', () => {
    const given = op('GET /advisories', { params: [param('after'), param('per_page', int())], response: pets });
    const other = op('GET /issues', { params: [param('page', int())], response: pets, responseHeaders: ['Link'] });
    const a = api([given, other], schemas);
    expect(detectPagination(given, a, detectListResponse(given, a)!)).toMatchObject({ style: 'link_header' });
  });
  it('not without a Link header anywhere', () => {
    const given = op('GET /advisories', { params: [param('after'), param('per_page', int())], response: pets });
    const a = api([given], schemas);
    expect(detectPagination(given, a, detectListResponse(given, a)!)).toBeUndefined();
  });
});

describe('detectPagination', () => {
  it.each(table)('%s', (_name, { given, want }) => {
    const a = api([given], schemas);
    const list = detectListResponse(given, a);
    expect(list).toBeDefined();
    const got = detectPagination(given, a, list!);
    if (want === undefined) expect(got).toBeUndefined();
    else {
      expect(got).toMatchObject(want);
      expect(got!.reasons.length).toBeGreaterThan(0);
    }
  });
});
