import { getPath } from './json-path.js';
import { fetchPage, type PageState } from './pagination.js';
import { scalarText } from './serialize-params.js';
import type { Context, PollResult, RequestSpec } from './types.js';

/** What a poll trigger keeps between polls. Plain JSON. */
export interface PollClosure {
  /** High-water mark, ISO 8601: the newest record time seen; the next poll asks for records since then. */
  readonly since: string;
  /** Where an unfinished paging run continues (the last poll stopped at `pageLimit`). */
  readonly page?: PageState | undefined;
  /** Newest record time (ISO) of the unfinished run; becomes `since` when the run ends. */
  readonly runMax?: string;
  /** Dedup keys already emitted at the high-water mark (APIs filter with ≥, so those records come again). */
  readonly seen: readonly string[];
  /** Keys of the records at `runMax` in an unfinished run. */
  readonly markKeys?: readonly string[];
}

export type SinceFormat = 'date-time' | 'date' | 'unix' | 'unix_ms';

export interface PollSinceOptions {
  /** Query parameter that takes the time (`created[gte]`, `since`, `updated_after`). */
  readonly sinceParam: string;
  readonly sinceFormat: SinceFormat;
  /** The user's sticky "since" input (ISO); used on the first poll only. */
  readonly since: string | undefined;
  readonly idField: string;
  /** Record time compared with the high-water mark; without it the mark is the time each run started. */
  readonly timeField?: string;
  readonly mode: 'new' | 'new_or_updated';
  /** Records per poll; the poll stops after the page that reaches it and reports `canPollMore`. */
  readonly pageLimit: number;
  /** Sort parameter and value that list oldest first. */
  readonly sort?: { readonly param: string; readonly value: string };
  /** Clock (tests); default Date.now. */
  readonly now?: () => number;
}

/** Without a since input, the first poll looks back this far. */
export const DEFAULT_LOOKBACK_MS = 60 * 60 * 1000;
/** Dedup keys kept in the closure at most (the newest ones). */
const SEEN_LIMIT = 5000;

function path(field: string): string[] {
  return field.split('.');
}

/** Milliseconds since the epoch of a record's time value: ISO text, or epoch seconds/milliseconds. */
export function timeOf(value: unknown, format?: SinceFormat): number | undefined {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) n = Number(value);
  if (n !== undefined) {
    if (format === 'unix_ms') return n;
    if (format === 'unix') return n * 1000;
    return n < 1e11 ? n * 1000 : n;
  }
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The high-water mark as the API asks for it. */
export function formatSince(sinceIso: string, format: SinceFormat): string {
  const ms = timeOf(sinceIso) ?? 0;
  switch (format) {
    case 'date-time':
      return iso(ms);
    case 'date':
      return iso(ms).slice(0, 10);
    case 'unix':
      return String(Math.floor(ms / 1000));
    case 'unix_ms':
      return String(Math.floor(ms));
  }
}

/** Id for `new`; id and update time for `new_or_updated`, so each update of a record is an event of its own. */
export function dedupKey(record: unknown, idField: string, timeField: string | undefined, mode: 'new' | 'new_or_updated'): string {
  const id = scalarText(getPath(record, path(idField)));
  if (mode === 'new_or_updated' && timeField !== undefined) return `${id}@${scalarText(getPath(record, path(timeField)))}`;
  return id;
}

/**
 * One poll of a list endpoint filtered by time. The first poll starts at the `since` input or, without it,
 * one hour before now (DEFAULT_LOOKBACK_MS). Each poll pages through new records until `pageLimit` is reached
 * (then `canPollMore`, and the closure keeps the page to continue from) or the last page (then the high-water
 * mark moves to the newest record time seen). Records older than the mark or already emitted are skipped;
 * events come oldest first. Given the server's answers, the result is deterministic.
 */
export async function pollSince<R = Record<string, unknown>>(
  ctx: Context,
  spec: RequestSpec,
  input: Readonly<Record<string, unknown>>,
  closure: PollClosure | undefined,
  options: PollSinceOptions,
): Promise<PollResult<R, PollClosure>> {
  const now = options.now ?? Date.now;
  const { timeField, sinceFormat } = options;
  const startIso =
    closure?.since ?? (options.since !== undefined && timeOf(options.since) !== undefined ? iso(timeOf(options.since) as number) : iso(now() - DEFAULT_LOOKBACK_MS));
  const sinceMs = timeOf(startIso) as number;
  const query: Record<string, string> = { [options.sinceParam]: formatSince(startIso, sinceFormat) };
  if (options.sort) query[options.sort.param] = options.sort.value;

  const seen = new Set(closure?.seen ?? []);
  const continuing = closure?.page !== undefined;
  // Without a time field the run's own start time becomes the next mark.
  let runMax = (continuing ? timeOf(closure?.runMax) : undefined) ?? (timeField === undefined ? now() : sinceMs);
  let markKeys = continuing ? [...(closure?.markKeys ?? [])] : [...seen];
  let state = closure?.page;
  const found: { record: R; time: number | undefined }[] = [];
  let more = false;
  for (;;) {
    const page = await fetchPage<R>(ctx, spec, input, state, query);
    for (const record of page.records) {
      const time = timeField === undefined ? undefined : timeOf(getPath(record, path(timeField)), sinceFormat);
      if (time !== undefined && time < sinceMs) continue;
      const key = dedupKey(record, options.idField, timeField, options.mode);
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ record, time });
      if (time === undefined) continue;
      if (time > runMax) {
        runMax = time;
        markKeys = [key];
      } else if (time === runMax) {
        markKeys.push(key);
      }
    }
    const next = page.next;
    if (next === undefined || JSON.stringify(next) === JSON.stringify(state)) break;
    state = next;
    if (found.length >= options.pageLimit) {
      more = true;
      break;
    }
  }

  // Stable: records with equal (or no) times keep the server's order.
  const events = found
    .map((f, index) => ({ ...f, index }))
    .sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity) || a.index - b.index)
    .map((f) => f.record);

  const limit = (keys: Iterable<string>): string[] => [...keys].slice(-SEEN_LIMIT);
  let nextPoll: PollClosure;
  if (more) {
    nextPoll = { since: startIso, page: state, runMax: iso(runMax), seen: limit(seen), markKeys: limit(markKeys) };
  } else if (timeField === undefined) {
    nextPoll = { since: iso(runMax), seen: limit(seen) };
  } else {
    // Only records at the new mark can come again under a ≥ filter; older keys are no longer needed.
    nextPoll = { since: iso(runMax), seen: limit(new Set(markKeys)) };
  }
  return { events, nextPoll, canPollMore: more };
}
