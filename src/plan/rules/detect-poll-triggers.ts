/**
 * Detects polling triggers on a list endpoint: a query parameter that asks "what changed since" (a time
 * filter such as `updated_since`, `created[gte]`, a deepObject `created` with `gte`), or, failing that, a sort
 * parameter that orders by created/updated time. Created-time → "New <resource>" (`new`), modified-time →
 * "New or updated <resource>" (`new_or_updated`); an API may offer both.
 */
import type { IrApi, IrOperation, IrParameter, IrProperty, IrSchema } from '../../ir/types.js';
import type { ListResponse, PollTriggerCandidate } from './index.js';
import { describedAs, endsWithParam, findProperty, idFieldOf, lastStaticSegment, pathSegments, propertiesOf, queryParams, view } from './schema-view.js';
import { singularize, splitWords, squash } from './words.js';

type Mode = PollTriggerCandidate['mode'];
type TimeFormat = PollTriggerCandidate['since']['format'];

interface TimeFilter {
  /** The name to send, with an operator suffix for deepObject parameters (`created[gte]`). */
  readonly param: string;
  readonly format: TimeFormat;
  /** Undefined when the name and description do not say which time it filters on. */
  readonly mode: Mode | undefined;
  /** Words of the filtered field (`updated_at` for `updated_at[gte]`), to find the record's time field. */
  readonly fieldWords: readonly string[];
  /** An exact, well-known name (`updated_since`) rather than one inferred from type and words. */
  readonly strong: boolean;
  readonly why: string;
}

/** Names that always mean "since a time" unless their schema says otherwise. */
const STRONG_NAMES = new Set(['since', 'modifiedsince', 'updatedsince', 'updatedafter', 'createdafter', 'createdsince', 'modifiedafter', 'changedsince', 'sincelastchanged', 'lastmodifiedsince', 'updatedatmin', 'createdatmin', 'modifiedatmin', 'starttime', 'mincreatedat', 'minupdatedat', 'updatedfrom', 'createdfrom', 'changedafter', 'lastupdatedafter']);
/** Operators that set a lower bound (`created[gte]`, `updated_at.gt`, `created__gte`). */
const LOWER_OPS = new Set(['gte', 'gt', 'ge', 'from', 'after', 'since', 'min', 'start', 'greaterthan', 'greaterthanorequal', '>', '>=']);
const AGGREGATE_SEGMENTS = /^(stats|statistics|metrics|analytics|report|reports|reporting|insights|summary|sums|counts|usage|aggregates|aggregations|timeseries)$/i;
/** Words that make a parameter anything but a time (`startHistoryId`, `since_id`, `start_position`). */
const NEVER_TIME_WORDS = /^(id|ids|cursor|token|page|offset|index|position|number|count|version|sequence|seq|row|line|key)$/;
/** Times of events other than creation or change. */
const OTHER_EVENT_WORDS = /^(completed|complete|due|expires|expiry|expiration|expired|disposition|unsubscribed|subscribed|closed|resolved|deleted|archived|campaign|birthday|scheduled|ended|paid|retention|trashed|purged|cancell?ed|canceled|used|accessed|seen|visited|played|viewed|active|login)$/;
const UPPER_WORDS = /^(before|until|till|to|max|end|lt|lte|le|older|through|upto)$/;
const CREATED_WORDS = /^(created|create|creation|added|inserted|new|published|posted|registered|joined|opened|submitted|received)$/;
const UPDATED_WORDS = /^(updated|update|modified|modify|modification|changed|change|edited|last|touched|synced)$/;
const TIME_WORDS = /^(date|time|timestamp|datetime|at|on|ts|created|updated|modified|changed)$/;
const TIME_TEXT = /\b(date|time|timestamp|datetime|iso[ -]?8601|rfc[ -]?3339|unix|epoch|yyyy-mm-dd)\b/;
const NOT_TIME_TEXT = /\b(cursor|token|id|identifier|page|offset)\b/;

export function detectPollTriggers(op: IrOperation, api: IrApi, list: ListResponse): readonly PollTriggerCandidate[] {
  if (op.method !== 'get' || endsWithParam(op.path)) return [];
  // `/stats`, `/metrics/...`, `/reports/...`: rows of aggregates over a time window, not records that appear.
  if (pathSegments(op.path).some((s) => s.param === undefined && s.text.split(/[._-]/).some((w) => AGGREGATE_SEGMENTS.test(w)))) return [];
  const record = propertiesOf(api, list.itemSchema);
  const resource = lastStaticSegment(op.path)?.split('.')[0];
  const foundId = idFieldOf(api, list.itemSchema, resource === undefined ? undefined : singularize(resource));
  // Aggregates (stats rows, metric points) have no id to tell events apart: not a trigger.
  if (foundId === undefined && record.length > 0) return [];
  const idField = foundId ?? 'id';
  const names = queryParams(op).map((p) => p.name);
  const filters = queryParams(op).flatMap((p) => timeFilters(p, api, names));
  const sorts = queryParams(op).flatMap((p) => sortOptions(p, api));
  const out: PollTriggerCandidate[] = [];
  for (const mode of ['new', 'new_or_updated'] as const) {
    const filter = bestFilter(filters, mode, record);
    const sort = sorts.find((s) => s.mode === mode && s.order !== 'desc');
    // `start_time` on a record that has `start_time`: the filter names the field it compares.
    const sameName = filter && findProperty(record, [filter.fieldWords.join('_'), filter.param]);
    const timeField = timeFieldOf(record, mode, filter?.fieldWords) ?? (sameName && /(time|date|at)$/i.test(sameName.name) ? sameName.name : undefined);
    const idReason = `Records are told apart by \`${idField}\`${timeField ? ` and dated by \`${timeField}\`` : ''}.`;
    if (filter !== undefined) {
      out.push({
        mode,
        since: { param: filter.param, format: filter.format, via: 'filter' },
        ...(sort ? { sort: { param: sort.param, value: sort.value } } : {}),
        idField,
        ...(timeField ? { timeField } : {}),
        reasons: [filter.why, ...(sort ? [`\`${sort.param}=${sort.value}\` orders the records by that time.`] : []), idReason],
      });
    } else if (sort !== undefined && timeField !== undefined && !filters.some((f) => f.mode === mode)) {
      // No filter: sort by the time and stop at the high-water mark, comparing the record's own time.
      out.push({
        mode,
        since: { param: sort.param, format: formatOfField(api, record, timeField), via: 'sort' },
        sort: { param: sort.param, value: sort.value },
        idField,
        timeField,
        reasons: [`No time filter, but \`${sort.param}=${sort.value}\` orders the records by ${mode === 'new' ? 'creation' : 'modification'} time, compared with \`${timeField}\`.`, idReason],
      });
    }
  }
  return out;
}

/** The filter for a mode; an unlabelled one (`since`) goes to the mode the record's time fields suggest. */
function bestFilter(filters: readonly TimeFilter[], mode: Mode, record: readonly IrProperty[]): TimeFilter | undefined {
  const rank = (f: TimeFilter): number => (f.strong ? 0 : 2) + (f.format === 'date-time' ? 0 : 1);
  const labelled = filters.filter((f) => f.mode === mode).sort((a, b) => rank(a) - rank(b));
  if (labelled.length > 0) return labelled[0];
  if (filters.some((f) => f.mode !== undefined)) return undefined;
  const loose = filters.filter((f) => f.mode === undefined).sort((a, b) => rank(a) - rank(b))[0];
  if (loose === undefined) return undefined;
  const hasUpdated = timeFieldOf(record, 'new_or_updated') !== undefined;
  const hasCreated = timeFieldOf(record, 'new') !== undefined;
  // `since` usually means "changed since"; `start_time`/`from` usually bound the creation time.
  const sinceLike = /since|after/.test(squash(loose.param));
  // With neither time field, only "new" is safe: "updated" cannot be told apart without a modified time.
  const guess: Mode = sinceLike ? (hasUpdated ? 'new_or_updated' : 'new') : hasCreated || !hasUpdated ? 'new' : 'new_or_updated';
  return guess === mode ? { ...loose, why: `${loose.why} Its description does not say which time it compares; the record's time fields suggest ${mode === 'new' ? 'creation' : 'modification'} time.` } : undefined;
}

function timeFilters(p: IrParameter, api: IrApi, siblings: readonly string[]): TimeFilter[] {
  const schema = view(api, p.schema);
  // deepObject `created` whose schema has `gte`/`gt` (Stripe): send `created[gte]`.
  const opProps = rangeProperties(api, p.schema);
  if (opProps.length > 0) {
    const words = splitWords(p.name);
    const lower = opProps.find((o) => o.name === 'gte') ?? opProps.find((o) => o.name === 'gt') ?? opProps[0]!;
    const format = timeFormat(view(api, lower.schema), words, describedAs(p) + ' ' + describedAs(lower.schema), false);
    if (format === undefined) return [];
    const mode = modeOf(words, describedAs(p));
    return [{ param: `${p.name}[${lower.name}]`, format, mode, fieldWords: words, strong: false, why: `\`${p.name}\` takes range operators: \`${p.name}[${lower.name}]\` asks for records ${describeMode(mode)} a time (${format}).` }];
  }
  const { base, operator } = parseOperator(p.name);
  const words = splitWords(base);
  const allWords = splitWords(p.name);
  // `DateCreated`, `StartTime` beside `DateCreated>`/`StartTime>`: the bare name is an equality filter.
  if (operator === undefined && siblings.some((q) => q !== p.name && parseOperator(q).base === p.name && parseOperator(q).operator !== undefined)) return [];
  if (allWords.some((w) => NEVER_TIME_WORDS.test(w))) return [];
  // `completed_since`, `since_campaign_last_sent`: the time of another event than creation or change.
  if (allWords.some((w) => OTHER_EVENT_WORDS.test(w))) return [];
  if (allWords.some((w) => UPPER_WORDS.test(w)) && !allWords.includes('since') && !allWords.includes('after') && !allWords.includes('from')) return [];
  const strong = STRONG_NAMES.has(squash(p.name));
  let lowerBound: boolean;
  if (operator !== undefined) lowerBound = LOWER_OPS.has(operator) && words.some((w) => TIME_WORDS.test(w) || CREATED_WORDS.test(w) || UPDATED_WORDS.test(w));
  else lowerBound = strong || allWords.some((w) => /^(since|after|from|start|begin|min|newer)$/.test(w));
  if (!lowerBound) return [];
  // A bare `after`/`from`/`start` must say it is a time through its type or description, not just its name.
  const format = timeFormat(schema, operator !== undefined ? words : allWords, describedAs(p), strong);
  if (format === undefined) return [];
  const mode = modeOf(operator !== undefined ? words : allWords, describedAs(p));
  return [{ param: p.name, format, mode, fieldWords: words.filter((w) => !/^(since|after|from|start|begin|min|newer)$/.test(w)), strong, why: `\`${p.name}\` (${format}) asks for records ${describeMode(mode)} a time.` }];
}

/** `created[gte]` → created + gte; `created_at.gt`, `created__gte`, Twilio's `DateCreated>` alike. */
function parseOperator(name: string): { base: string; operator: string | undefined } {
  const m = /^(.+?)(?:\[(\w+)\]|\.(\w+)|__(\w+)|(>=?|<=?))$/.exec(name);
  if (m === null) return { base: name, operator: undefined };
  return { base: m[1]!, operator: (m[2] ?? m[3] ?? m[4] ?? m[5])!.toLowerCase() };
}

function describeMode(mode: Mode | undefined): string {
  return mode === 'new' ? 'created since' : mode === 'new_or_updated' ? 'changed since' : 'since';
}

/** `gte`/`gt`… properties of an object-valued (deepObject) parameter, also inside `anyOf` branches. */
function rangeProperties(api: IrApi, schema: IrSchema): IrProperty[] {
  const resolved = view(api, schema);
  const branches = [resolved, ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])].map((b) => view(api, b));
  for (const b of branches) {
    const ops = (b.properties ?? []).filter((pr) => ['gte', 'gt', 'ge', 'from', 'after', 'since', 'min'].includes(pr.name.toLowerCase()));
    if (ops.length > 0) return ops;
  }
  return [];
}

function timeFormat(schema: IrSchema, words: readonly string[], description: string, strong: boolean): TimeFormat | undefined {
  const s = schema.anyOf || schema.oneOf ? { ...schema, ...((schema.anyOf ?? schema.oneOf)!.find((b) => b.format === 'date-time' || b.format === 'date') ?? {}) } : schema;
  if (s.format === 'date-time') return 'date-time';
  if (s.format === 'date') return 'date';
  if (s.format === 'unix-time' || s.format === 'timestamp') return 'unix';
  const text = `${description} ${describedAs(s)}`;
  const namedTime = words.some((w) => /^(created|updated|modified|changed|time|timestamp|date|at|ts)$/.test(w));
  if (s.type === 'integer' || s.type === 'number') {
    const ms = /\b(milliseconds?|millis|ms)\b/.test(text);
    // `startAt` is an offset: `at` alone does not make a number a time.
    const namedNumericTime = words.some((w) => /^(created|updated|modified|changed|time|timestamp|date|ts)$/.test(w));
    if (/\b(unix|epoch|timestamp|seconds)\b/.test(text) || (namedNumericTime && !NOT_TIME_TEXT.test(text))) return ms ? 'unix_ms' : 'unix';
    return undefined;
  }
  if (s.type !== undefined && s.type !== 'string') return undefined;
  if (s.enum !== undefined) return undefined;
  if (typeof s.example === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T/.test(s.example)) return 'date-time';
    if (/^\d{4}-\d{2}-\d{2}$/.test(s.example)) return 'date';
  }
  if (TIME_TEXT.test(text)) return /\byyyy-mm-dd\b/.test(text) && !/\b(time|hh|thh)\b/.test(text) ? 'date' : 'date-time';
  if ((strong || namedTime) && !NOT_TIME_TEXT.test(text)) return 'date-time';
  return undefined;
}

function modeOf(words: readonly string[], description: string): Mode | undefined {
  if (words.some((w) => UPDATED_WORDS.test(w))) return 'new_or_updated';
  if (words.some((w) => CREATED_WORDS.test(w))) return 'new';
  if (/\b(updated|modified|changed|edited)\b/.test(description)) return 'new_or_updated';
  if (/\b(created|added)\b/.test(description)) return 'new';
  return undefined;
}

interface SortOption {
  readonly param: string;
  readonly value: string;
  readonly mode: Mode;
  readonly order: 'asc' | 'desc' | undefined;
}

const SORT_PARAMS = new Set(['sort', 'sortby', 'orderby', 'order', 'sortfield', 'sorting', 'sortkey', 'ordering', 'sortorder', 'sorts']);

function sortOptions(p: IrParameter, api: IrApi): SortOption[] {
  if (!SORT_PARAMS.has(squash(p.name))) return [];
  const s = view(api, p.schema);
  const enumValues = (s.enum ?? view(api, s.items).enum ?? []).filter((v): v is string => typeof v === 'string');
  const values = enumValues.length > 0 ? enumValues : [...describedAs(p).matchAll(/[+-]?\b(?:created|updated|modified|date_created|date_updated|date_modified|last_modified)(?:_at|_time|_date|at|time|date)?\b(?:[ :_](?:asc|desc))?/gi)].map((m) => m[0]);
  const out: SortOption[] = [];
  for (const value of values) {
    const words = splitWords(value);
    const mode: Mode | undefined = words.some((w) => UPDATED_WORDS.test(w) && w !== 'last') ? 'new_or_updated' : words.some((w) => /^(created|creation|added|inserted)$/.test(w)) ? 'new' : undefined;
    if (mode === undefined) continue;
    const order = value.startsWith('-') || words.includes('desc') || words.includes('descending') ? 'desc' : value.startsWith('+') || words.includes('asc') || words.includes('ascending') ? 'asc' : undefined;
    out.push({ param: p.name, value, mode, order });
  }
  // Explicitly ascending values first: they read oldest first.
  return out.sort((a, b) => (a.order === 'asc' ? 0 : 1) - (b.order === 'asc' ? 0 : 1));
}

const UPDATED_FIELDS = ['updated_at', 'updatedAt', 'modified_at', 'modifiedAt', 'last_modified', 'lastModified', 'lastModifiedDateTime', 'last_modified_at', 'lastModifiedAt', 'updated', 'modified', 'date_updated', 'dateUpdated', 'date_modified', 'updated_time', 'updatedTime', 'modified_time', 'last_updated', 'lastUpdated', 'changed_at', 'updated_on', 'update_time', 'updateTime', 'modification_date', 'changed'];
const CREATED_FIELDS = ['created_at', 'createdAt', 'created', 'date_created', 'dateCreated', 'createdDateTime', 'created_time', 'createdTime', 'creation_date', 'creationDate', 'created_on', 'create_time', 'createTime', 'creation_time', 'created_date', 'createdDate', 'inserted_at', 'added_at', 'addedAt'];

function timeFieldOf(record: readonly IrProperty[], mode: Mode, hint?: readonly string[]): string | undefined {
  const wanted = mode === 'new' ? /^(created|creation|added|inserted)$/ : /^(updated|modified|changed)$/;
  // `updated_at[gte]` filters on the record's own `updated_at`.
  if (hint !== undefined && hint.some((w) => wanted.test(w))) {
    const named = findProperty(record, [hint.join('_')]);
    if (named !== undefined) return named.name;
  }
  const exact = findProperty(record, mode === 'new' ? CREATED_FIELDS : UPDATED_FIELDS);
  if (exact !== undefined) return exact.name;
  return record.find((p) => {
    const words = splitWords(p.name);
    const dated = p.schema.format === 'date-time' || p.schema.format === 'date' || p.schema.type === 'integer' || words.some((w) => /^(at|time|date|on)$/.test(w));
    return dated && words.some((w) => wanted.test(w));
  })?.name;
}

function formatOfField(api: IrApi, record: readonly IrProperty[], name: string): TimeFormat {
  const s = view(api, record.find((p) => p.name === name)?.schema);
  if (s.format === 'date') return 'date';
  if (s.type === 'integer' || s.type === 'number') return /\b(milliseconds?|ms)\b/.test(describedAs(s)) ? 'unix_ms' : 'unix';
  return 'date-time';
}
