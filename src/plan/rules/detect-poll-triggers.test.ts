import { describe, expect, it } from 'vitest';
import { api, arr, dateTime, int, obj, op, param, ref, str } from './__fixtures__/ir-builders.js';
import { detectListResponse } from './detect-list-response.js';
import { detectPollTriggers } from './detect-poll-triggers.js';
import type { IrOperation, IrSchema } from '../../ir/types.js';

const schemas: Record<string, IrSchema> = {
  Task: obj({ 'gid!': str(), name: str(), created_at: dateTime(), modified_at: dateTime() }),
  Charge: obj({ 'id!': str(), amount: int(), created: int() }),
  Issue: obj({ 'id!': int(), title: str(), created_at: dateTime(), updated_at: dateTime() }),
  Event: obj({ 'uuid!': str(), start_time: dateTime() }),
  Range: obj({ gt: int(), gte: int(), lt: int(), lte: int() }),
  Thing: obj({ id: str(), name: str() }),
  Bounce: obj({ created: int(), email: str(), reason: str() }),
  Call: obj({ sid: str(), date_created: dateTime(), start_time: dateTime() }),
  Stat: obj({ date: str({ format: 'date' }), stats: arr(obj({ opens: int() })) }),
};

type Want = readonly { mode: string; since: Record<string, string>; idField: string; timeField?: string; sort?: Record<string, string> }[];

const list = (path: string, params: IrOperation['parameters'], item: string): IrOperation => op(`GET ${path}`, { params, response: obj({ data: arr(ref(item)) }) });

const table: [string, { given: IrOperation; want: Want }][] = [
  [
    'modified_since → new or updated, with the record id and modified time',
    {
      given: list('/tasks', [param('modified_since', dateTime())], 'Task'),
      want: [{ mode: 'new_or_updated', since: { param: 'modified_since', format: 'date-time', via: 'filter' }, idField: 'gid', timeField: 'modified_at' }],
    },
  ],
  [
    'created_after and updated_after → both triggers',
    {
      given: list('/issues', [param('created_after', dateTime()), param('updated_after', dateTime())], 'Issue'),
      want: [
        { mode: 'new', since: { param: 'created_after', format: 'date-time', via: 'filter' }, idField: 'id', timeField: 'created_at' },
        { mode: 'new_or_updated', since: { param: 'updated_after', format: 'date-time', via: 'filter' }, idField: 'id', timeField: 'updated_at' },
      ],
    },
  ],
  [
    'Stripe: deepObject `created` with gte (unix) → created[gte]',
    {
      given: list('/v1/charges', [param('created', { anyOf: [ref('Range'), int()] }, { style: 'deepObject', explode: true })], 'Charge'),
      want: [{ mode: 'new', since: { param: 'created[gte]', format: 'unix', via: 'filter' }, idField: 'id', timeField: 'created' }],
    },
  ],
  [
    'created[gte] written out as a parameter name',
    {
      given: list('/charges', [param('created[gte]', int({ description: 'Unix timestamp' })), param('created[lte]', int())], 'Charge'),
      want: [{ mode: 'new', since: { param: 'created[gte]', format: 'unix', via: 'filter' }, idField: 'id', timeField: 'created' }],
    },
  ],
  [
    'GitHub: bare `since` described as last-updated, with sort=created|updated',
    {
      given: list('/repos/{owner}/{repo}/issues', [param('sort', str({ enum: ['created', 'updated', 'comments'] })), param('since', dateTime({ description: 'Only show results that were last updated after the given time.' }))], 'Issue'),
      want: [
        { mode: 'new', since: { param: 'sort', format: 'date-time', via: 'sort' }, sort: { param: 'sort', value: 'created' }, idField: 'id', timeField: 'created_at' },
        { mode: 'new_or_updated', since: { param: 'since', format: 'date-time', via: 'filter' }, sort: { param: 'sort', value: 'updated' }, idField: 'id', timeField: 'updated_at' },
      ],
    },
  ],
  [
    'Shopify: updated_at_min (a string said to be a date)',
    {
      given: list('/orders.json', [param('updated_at_min', str({ description: 'Show orders last updated at or after date (format: 2014-04-25T16:15:47-04:00).' }))], 'Issue'),
      want: [{ mode: 'new_or_updated', since: { param: 'updated_at_min', format: 'date-time', via: 'filter' }, idField: 'id', timeField: 'updated_at' }],
    },
  ],
  [
    'a sort param alone, ascending value preferred',
    {
      given: list('/issues', [param('order_by', str({ enum: ['-created_at', 'created_at', 'name'] }))], 'Issue'),
      want: [{ mode: 'new', since: { param: 'order_by', format: 'date-time', via: 'sort' }, sort: { param: 'order_by', value: 'created_at' }, idField: 'id', timeField: 'created_at' }],
    },
  ],
  [
    'start_time on events → new',
    { given: list('/events', [param('start_time', dateTime())], 'Event'), want: [{ mode: 'new', since: { param: 'start_time', format: 'date-time', via: 'filter' }, idField: 'uuid', timeField: 'start_time' }] },
  ],
  [
    'a `_since` suffix on an integer described as a unix timestamp',
    { given: list('/issues', [param('changed_since', int({ description: 'Unix timestamp in seconds' }))], 'Issue'), want: [{ mode: 'new_or_updated', since: { param: 'changed_since', format: 'unix', via: 'filter' }, idField: 'id', timeField: 'updated_at' }] },
  ],
  [
    "Twilio: `StartTime>` is the lower bound; the bare `StartTime` is an equality filter",
    {
      given: list('/Calls.json', [param('StartTime', dateTime()), param('StartTime<', dateTime()), param('StartTime>', dateTime())], 'Call'),
      want: [{ mode: 'new', since: { param: 'StartTime>', format: 'date-time', via: 'filter' }, idField: 'sid', timeField: 'date_created' }],
    },
  ],
  [
    'Square: begin_time described in RFC 3339',
    { given: list('/v2/payments', [param('begin_time', str({ description: 'The timestamp for the beginning of the reporting period, in RFC 3339 format.' })), param('end_time', str())], 'Issue'), want: [{ mode: 'new', since: { param: 'begin_time', format: 'date-time', via: 'filter' }, idField: 'id', timeField: 'created_at' }] },
  ],
  // Anti-examples.
  ['Jira startAt is an integer offset, not a unix time', { given: list('/users', [param('startAt', int())], 'Issue'), want: [] }],
  ['Gmail startHistoryId is an id', { given: list('/history', [param('startHistoryId', str({ format: 'uint64', description: 'Returns history records after the specified time.' }))], 'Issue'), want: [] }],
  ['Asana completed_since is the completion time, not creation or change', { given: list('/tasks', [param('completed_since', dateTime())], 'Task'), want: [] }],
  ['stats rows have no id to tell events apart', { given: list('/clients/daily', [param('start_date', str({ format: 'date' }))], 'Stat'), want: [] }],
  ['a /stats path holds aggregates, not records', { given: list('/stats', [param('start_date', str({ format: 'date' }))], 'Issue'), want: [] }],
  [
    'SendGrid bounces: no id, but the email is a natural key',
    { given: list('/suppression/bounces', [param('start_time', int({ description: 'Refers start of the time range in unix timestamp' }))], 'Bounce'), want: [{ mode: 'new', since: { param: 'start_time', format: 'unix', via: 'filter' }, idField: 'email', timeField: 'created' }] },
  ],
  ['an `after` that is a cursor string is pagination, not a time filter', { given: list('/issues', [param('after', str({ description: 'A cursor for pagination' }))], 'Issue'), want: [] }],
  ['GitHub /users `since` is an integer user id, not a time', { given: list('/users', [param('since', int({ description: 'A user ID. Only return users with an ID greater than this ID.' }))], 'Issue'), want: [] }],
  ['Twitter-style since_id is an id', { given: list('/statuses', [param('since_id', str())], 'Issue'), want: [] }],
  ['an upper bound alone (created_before) cannot ask "since"', { given: list('/issues', [param('created_before', dateTime())], 'Issue'), want: [] }],
  ['a list with no time filter and no time sort', { given: list('/issues', [param('limit', int()), param('sort', str({ enum: ['name', 'size'] }))], 'Issue'), want: [] }],
  ['a single-resource GET is not a trigger', { given: op('GET /issues/{id}', { params: [param('since', dateTime())], response: arr(ref('Issue')) }), want: [] }],
  ['a time sort with no time field in the record', { given: list('/things', [param('sort', str({ enum: ['created'] }))], 'Thing'), want: [] }],
  ['a `from` without a time type', { given: list('/issues', [param('from', str())], 'Issue'), want: [] }],
];

describe('detectPollTriggers', () => {
  it.each(table)('%s', (_name, { given, want }) => {
    const a = api([given], schemas);
    const found = detectListResponse(given, a);
    expect(found).toBeDefined();
    const got = detectPollTriggers(given, a, found!);
    expect(got.map(({ reasons: _r, ...rest }) => rest)).toEqual(want);
    for (const c of got) expect(c.reasons.length).toBeGreaterThan(0);
  });

  it('a mutating operation is never a trigger', () => {
    const given = op('POST /issues', { params: [param('since', dateTime())], response: arr(ref('Issue')) });
    const a = api([given], schemas);
    expect(detectPollTriggers(given, a, { itemsPath: [], itemSchema: ref('Issue'), status: '200', mediaType: 'application/json', reason: '' })).toEqual([]);
  });

  it('a since filter without a description goes to the mode the record suggests', () => {
    const given = list('/charges', [param('since', dateTime())], 'Charge');
    const a = api([given], schemas);
    const got = detectPollTriggers(given, a, detectListResponse(given, a)!);
    expect(got.map((c) => c.mode)).toEqual(['new']);
  });
});
