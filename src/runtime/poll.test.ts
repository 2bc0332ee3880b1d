import { describe, expect, it } from 'vitest';
import { createContext } from './http-client.js';
import { dedupKey, formatSince, pollSince, type PollClosure, type PollSinceOptions } from './poll.js';
import { json, startServer, type TestServer } from './test-server.test.js';
import type { Context, RequestSpec } from './types.js';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

interface Row {
  id: string;
  updated_at: string;
}

/**
 * A list endpoint with a `updated_since` filter (≥, as most APIs do), pages of `per_page` records
 * (`page` from 1, short last page), sorted oldest first only when asked with `order=asc`.
 */
async function startApi(rows: Row[], perPage = 2, unix = false): Promise<{ server: TestServer; ctx: Context }> {
  const server = await startServer((req, res) => {
    const p = new URLSearchParams(req.query);
    const since = p.get('updated_since');
    const sinceMs = since === null ? -Infinity : unix ? Number(since) * 1000 : Date.parse(since);
    const page = Number(p.get('page') ?? 1);
    const matching = rows.filter((r) => Date.parse(r.updated_at) >= sinceMs);
    const ordered = p.get('order') === 'asc' ? [...matching].sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at)) : [...matching].reverse();
    json(res, 200, { items: ordered.slice((page - 1) * perPage, page * perPage) });
  });
  const ctx = createContext({ fields: [], auth: [], baseUrl: { template: server.url, variables: {} } }, {});
  return { server, ctx };
}

const spec: RequestSpec = {
  method: 'get',
  path: '/records',
  params: [{ field: 'status', name: 'status', in: 'query', style: 'form', explode: true, required: false }],
  response: { status: '200', kind: 'json' },
  itemsPath: ['items'],
  pagination: { style: 'page', pageParam: 'page', firstPage: 1 },
};

const options = (extra: Partial<PollSinceOptions> = {}): PollSinceOptions => ({
  sinceParam: 'updated_since',
  sinceFormat: 'date-time',
  since: at(0),
  idField: 'id',
  timeField: 'updated_at',
  mode: 'new',
  pageLimit: 100,
  sort: { param: 'order', value: 'asc' },
  ...extra,
});

const idsOf = (events: readonly unknown[]): string[] => events.map((e) => (e as Row).id);

describe('pollSince', () => {
  it('keeps a high-water mark across polls, pages through everything new, and never repeats an event', async () => {
    const rows: Row[] = [1, 2, 3, 4, 5].map((n) => ({ id: String(n), updated_at: at(n) }));
    const { server, ctx } = await startApi(rows);

    const first = await pollSince<Row>(ctx, spec, { status: 'open' }, undefined, options());
    expect(idsOf(first.events)).toEqual(['1', '2', '3', '4', '5']);
    expect(first.canPollMore).toBe(false);
    expect(first.nextPoll).toEqual({ since: at(5).replace('.000Z', 'Z'), seen: ['5'] });
    expect(server.requests.map((r) => decodeURIComponent(r.query))).toEqual([
      'status=open&updated_since=2024-05-01T10:00:00Z&order=asc',
      'status=open&updated_since=2024-05-01T10:00:00Z&order=asc&page=2',
      'status=open&updated_since=2024-05-01T10:00:00Z&order=asc&page=3',
    ]);

    // Nothing new: the ≥ filter returns record 5 again, which is not an event again.
    const second = await pollSince<Row>(ctx, spec, { status: 'open' }, first.nextPoll, options());
    expect(second.events).toEqual([]);
    expect(second.nextPoll).toEqual(first.nextPoll);
    expect(decodeURIComponent(server.requests[3]!.query)).toBe('status=open&updated_since=2024-05-01T10:05:00Z&order=asc');

    // A new record at the very same time as the mark, and a later one.
    rows.push({ id: '6', updated_at: at(5) }, { id: '7', updated_at: at(6) });
    const third = await pollSince<Row>(ctx, spec, { status: 'open' }, second.nextPoll, options());
    expect(idsOf(third.events)).toEqual(['6', '7']);
    expect(third.nextPoll).toEqual({ since: '2024-05-01T10:06:00Z', seen: ['7'] });
  });

  it('stops at pageLimit with canPollMore and continues from the saved page', async () => {
    const rows: Row[] = [1, 2, 3, 4, 5].map((n) => ({ id: String(n), updated_at: at(n) }));
    const { server, ctx } = await startApi(rows);
    const first = await pollSince<Row>(ctx, spec, {}, undefined, options({ pageLimit: 2 }));
    expect(idsOf(first.events)).toEqual(['1', '2']);
    expect(first.canPollMore).toBe(true);
    // The window stays where it was until the run ends; the page to continue from is kept.
    expect(first.nextPoll).toMatchObject({ since: '2024-05-01T10:00:00Z', page: { kind: 'params', query: { page: '2' } } });

    const second = await pollSince<Row>(ctx, spec, {}, first.nextPoll, options({ pageLimit: 2 }));
    expect(idsOf(second.events)).toEqual(['3', '4']);
    expect(second.canPollMore).toBe(true);
    const third = await pollSince<Row>(ctx, spec, {}, second.nextPoll, options({ pageLimit: 2 }));
    expect(idsOf(third.events)).toEqual(['5']);
    expect(third.canPollMore).toBe(false);
    expect(third.nextPoll).toEqual({ since: '2024-05-01T10:05:00Z', seen: ['5'] });
    expect(server.requests.map((r) => new URLSearchParams(r.query).get('page'))).toEqual([null, '2', '3']);
  });

  it('emits oldest first when the API lists newest first', async () => {
    const rows: Row[] = [1, 2, 3].map((n) => ({ id: String(n), updated_at: at(n) }));
    const { ctx } = await startApi(rows, 10);
    const result = await pollSince<Row>(ctx, spec, {}, undefined, options({ sort: undefined }));
    expect(idsOf(result.events)).toEqual(['1', '2', '3']);
  });

  it('treats each update as a new event in new_or_updated mode', async () => {
    const rows: Row[] = [{ id: 'a', updated_at: at(1) }];
    const { ctx } = await startApi(rows);
    const first = await pollSince<Row>(ctx, spec, {}, undefined, options({ mode: 'new_or_updated' }));
    expect(first.nextPoll.seen).toEqual([`a@${at(1)}`]);
    rows[0] = { id: 'a', updated_at: at(2) };
    const second = await pollSince<Row>(ctx, spec, {}, first.nextPoll, options({ mode: 'new_or_updated' }));
    expect(second.events).toEqual([{ id: 'a', updated_at: at(2) }]);
  });

  it('drops records older than the mark when the API ignores the filter', async () => {
    const { ctx } = await startApi([{ id: 'old', updated_at: at(-30) }, { id: 'new', updated_at: at(1) }], 10);
    const result = await pollSince<Row>(ctx, spec, {}, undefined, options({ sinceParam: 'ignored_by_api' }));
    expect(idsOf(result.events)).toEqual(['new']);
  });

  it('starts one hour back without a since input, and formats unix seconds', async () => {
    const rows: Row[] = [{ id: 'x', updated_at: new Date(T0 - 30 * 60_000).toISOString() }];
    const { server, ctx } = await startApi(rows, 10, true);
    const result = await pollSince<Row>(ctx, spec, {}, undefined, options({ since: undefined, sinceFormat: 'unix', now: () => T0 }));
    expect(new URLSearchParams(server.requests[0]!.query).get('updated_since')).toBe(String((T0 - 3_600_000) / 1000));
    expect(idsOf(result.events)).toEqual(['x']);
  });

  it('is deterministic given the same answers', async () => {
    const run = async (): Promise<unknown[]> => {
      const rows: Row[] = [3, 1, 2].map((n) => ({ id: String(n), updated_at: at(n) }));
      const { ctx } = await startApi(rows);
      const out: unknown[] = [];
      let closure: PollClosure | undefined;
      for (let i = 0; i < 3; i++) {
        const r = await pollSince<Row>(ctx, spec, {}, closure, options({ pageLimit: 1 }));
        out.push(r);
        closure = r.nextPoll;
      }
      return out;
    };
    expect(await run()).toEqual(await run());
  });
});

describe('formatSince', () => {
  it.each([
    ['date-time', '2024-05-01T10:00:00Z'],
    ['date', '2024-05-01'],
    ['unix', '1714557600'],
    ['unix_ms', '1714557600000'],
  ] as const)('%s', (format, want) => {
    expect(formatSince('2024-05-01T10:00:00.000Z', format)).toBe(want);
  });
});

describe('dedupKey', () => {
  it.each([
    ['new: id only', { record: { id: 7, updated_at: 'u' }, idField: 'id', time: 'updated_at', mode: 'new' as const, want: '7' }],
    ['new_or_updated: id and time', { record: { id: 7, updated_at: 'u' }, idField: 'id', time: 'updated_at', mode: 'new_or_updated' as const, want: '7@u' }],
    ['nested id', { record: { data: { id: 'n' } }, idField: 'data.id', time: undefined, mode: 'new' as const, want: 'n' }],
  ])('%s', (_, { record, idField, time, mode, want }) => {
    expect(dedupKey(record, idField, time, mode)).toBe(want);
  });
});
