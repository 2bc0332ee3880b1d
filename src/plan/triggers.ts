/**
 * Triggers from the rules' findings (issue 3): polling triggers on list endpoints with a time filter, webhook
 * triggers from OAS 3.1 `webhooks`, from `callbacks`, and from subscription endpoints. The rules detect;
 * this file assembles, and applies `trigger` overrides (force or forbid).
 */
import { UserError, pointerJoin } from '../diagnostics.js';
import { mergeAllOf, preferredMediaType, successResponse } from '../ir/schema-utils.js';
import type { IrCallback, IrOperation, IrSchema, IrWebhook } from '../ir/types.js';
import type { Mutable, PlanContext } from './context.js';
import { humanize, safeIdentifier, singularize, snakeCase, words } from './names.js';
import { inputSchemaOf, payloadOf, type InputEntry } from './operation-io.js';
import type { TriggerOverride } from './overrides.js';
import {
  detectPollTriggers,
  detectWebhookSubscription,
  pairWebhookUnsubscribe,
  type ListResponse,
  type PollTriggerCandidate,
  type WebhookSubscription,
} from './rules/index.js';
import { toJsonSchema } from './json-schema.js';
import type { PlanField, PlanOperationRef, PlanPagination, PlanPollTrigger, PlanRequest, PlanWebhookTrigger } from './types.js';

/** What the plan builder knows about an operation that became an action, for the triggers made from it. */
export interface ActionContext {
  readonly op: IrOperation;
  readonly entries: readonly InputEntry[];
  readonly request: PlanRequest;
  readonly list?: ListResponse;
  readonly trigger?: TriggerOverride;
  /** Builds the request of another operation (unsubscribe). */
  readonly requestOf: (op: IrOperation) => PlanRequest;
}

/** A trigger before its type and file names are given (those come after renames). */
export type TriggerDraft = Omit<PlanPollTrigger, 'typeName' | 'fileName'> | Omit<PlanWebhookTrigger, 'typeName' | 'fileName'>;

export const POLL_PAGE_LIMIT = 100;

export function operationRef(op: IrOperation): PlanOperationRef {
  return { method: op.method, path: op.path, ...(op.operationId !== undefined ? { operationId: op.operationId } : {}) };
}

/** Every trigger an operation becomes, in order: polling, callbacks, subscription. */
export function triggersForOperation(ctx: PlanContext, a: ActionContext): TriggerDraft[] {
  const override = a.trigger;
  if (override === false) return [];
  const wantPoll = override === 'poll' || override === 'new' || override === 'new_or_updated' || (typeof override === 'object' && override.kind === 'poll');
  const wantWebhook = override === 'webhook' || (typeof override === 'object' && override.kind === 'webhook');
  const out: TriggerDraft[] = [];

  if (!wantWebhook) out.push(...pollTriggers(ctx, a, override));
  if (!wantPoll) {
    for (const cb of a.op.callbacks) out.push(...callbackTriggers(ctx, a, cb));
    if (a.op.callbacks.length === 0) {
      const forced = typeof override === 'object' && override.kind === 'webhook' ? override : undefined;
      const sub: WebhookSubscription | undefined = forced
        ? {
            urlField: forced.urlField.split('.'),
            ...(forced.eventsField !== undefined ? { eventsField: { path: forced.eventsField.split('.') } } : {}),
            idPath: (forced.idPath ?? 'id').split('.').filter((s) => s !== ''),
            reasons: ['Made a webhook trigger by an override (trigger: webhook).'],
          }
        : detectWebhookSubscription(a.op, ctx.api);
      if (sub !== undefined) out.push(subscriptionTrigger(ctx, a, sub));
    }
  }
  if (override === 'webhook' && !out.some((t) => t.kind === 'webhook')) {
    fail(a.op, `trigger 'webhook' is forced, but no callback or subscription URL field was found; give { kind: webhook, urlField: <body field> }`);
  }
  if (wantPoll && !out.some((t) => t.kind === 'poll')) {
    fail(a.op, `trigger '${typeof override === 'object' ? 'poll' : String(override)}' is forced, but no time filter was found; give { kind: poll, since: <query parameter> }`);
  }
  return out;
}

function fail(op: IrOperation, message: string): never {
  const text = `${op.id}: ${message}`;
  throw new UserError(text, [{ code: 'invalid-override', severity: 'error', message: text, pointer: op.pointer }]);
}

// --- Polling ----------------------------------------------------------------------------------------------------

function pollTriggers(ctx: PlanContext, a: ActionContext, override: TriggerOverride | undefined): TriggerDraft[] {
  let list = a.list;
  let candidates: readonly PollTriggerCandidate[] = list !== undefined ? detectPollTriggers(a.op, ctx.api, list) : [];
  const forced = typeof override === 'object' && override.kind === 'poll' ? override : undefined;
  if (forced !== undefined) {
    if (list === undefined || forced.itemsPath !== undefined) list = forcedList(ctx, a.op, forced.itemsPath);
    if (forced.since !== undefined) {
      const param = a.op.parameters.find((p) => p.in === 'query' && p.name === forced.since);
      if (param === undefined) fail(a.op, `trigger.since '${forced.since}' is not a query parameter of the operation`);
      const s = mergeAllOf(ctx.api, param.schema);
      const format = s.format === 'date' ? 'date' : s.type === 'integer' || s.type === 'number' ? (/ms|milli/i.test(param.name) ? 'unix_ms' : 'unix') : 'date-time';
      candidates = [
        {
          mode: forced.mode ?? 'new',
          since: { param: param.name, format, via: 'filter' },
          idField: forced.idField ?? candidates[0]?.idField ?? 'id',
          ...(forced.timeField !== undefined ? { timeField: forced.timeField } : {}),
          reasons: [`Made a polling trigger by an override: '${param.name}' asks for records since a time.`],
        },
      ];
    } else {
      candidates = candidates.filter((c) => forced.mode === undefined || c.mode === forced.mode).map((c) => ({
        ...c,
        ...(forced.idField !== undefined ? { idField: forced.idField } : {}),
        ...(forced.timeField !== undefined ? { timeField: forced.timeField } : {}),
      }));
    }
  } else if (override === 'new' || override === 'new_or_updated') {
    candidates = candidates.filter((c) => c.mode === override);
  }
  if (list === undefined || candidates.length === 0) return [];

  const { resource, parent } = resourceOf(a.op.path);
  const noun = [...resource, ...(parent !== undefined ? ['in', ...parent] : [])];
  const request: PlanRequest = list === a.list ? a.request : { ...a.request, itemsPath: list.itemsPath };
  const paging = pagingParams(request.pagination);
  const timeParams = new Set(candidates.flatMap((c) => [c.since.param, ...(c.sort ? [c.sort.param] : [])]));
  const kept = a.entries.filter((e) => e.field.location !== undefined && !(e.field.location === 'query' && (paging.has(e.field.wire_name ?? '') || timeParams.has(e.field.wire_name ?? ''))));
  const sinceField = kept.some((e) => e.field.name === 'since') ? 'since_time' : 'since';
  const output = { fields: payloadOf(ctx, list.itemSchema, 'output').fields, json: toJsonSchema(ctx, list.itemSchema, 'output') };

  return candidates.map((c) => {
    const since: PlanField = {
      name: sinceField,
      label: 'Since',
      type: 'date_time',
      optional: true,
      sticky: true,
      hint: `${c.mode === 'new' ? 'Created' : 'Created or updated'} after this time; when empty, starts from an hour ago.`,
    };
    const entries: InputEntry[] = [{ field: since, schema: { type: 'string', format: 'date-time' } }, ...kept];
    const resourceWords = noun.join(' ');
    const trigger: Mutable<Omit<PlanPollTrigger, 'typeName' | 'fileName'>> = {
      kind: 'poll',
      key: safeIdentifier(`${c.mode}_${noun.join('_')}`, 'trigger'),
      title: `${c.mode === 'new' ? 'New' : 'New or updated'} ${resourceWords}`,
      operation: operationRef(a.op),
      request,
      mode: c.mode,
      since: { param: c.since.param, in: 'query', format: c.since.format, via: c.since.via },
      ...(c.sort !== undefined ? { sort: c.sort } : {}),
      idField: c.idField,
      ...(c.timeField !== undefined ? { timeField: c.timeField } : {}),
      inputFields: entries.map((e) => e.field),
      outputFields: output.fields,
      inputSchema: inputSchemaOf(entries),
      outputSchema: output.json,
      pageLimit: POLL_PAGE_LIMIT,
      sinceField,
      reasons: [
        ...c.reasons,
        `${a.op.id} is a list endpoint: ${list.reason}`,
        request.pagination !== undefined ? `Pages through every new record (${request.pagination.style} pagination) before advancing.` : 'The list is not paginated: one request per poll.',
        `Emits at most ${POLL_PAGE_LIMIT} events per poll, oldest first, deduplicated by ${c.idField}${c.mode === 'new_or_updated' && c.timeField ? ` and ${c.timeField}` : ''}.`,
      ],
    };
    if (a.op.description !== undefined || a.op.summary !== undefined) trigger.description = a.op.summary ?? a.op.description;
    return trigger;
  });
}

/** Query parameters that only page through results: not for the trigger's user. */
function pagingParams(p: PlanPagination | undefined): Set<string> {
  const out = new Set<string>();
  if (p === undefined) return out;
  for (const k of ['cursorParam', 'offsetParam', 'limitParam', 'pageParam', 'sizeParam'] as const) {
    const v = (p as unknown as Record<string, unknown>)[k];
    if (typeof v === 'string') out.add(v);
  }
  return out;
}

function forcedList(ctx: PlanContext, op: IrOperation, itemsPath: string | undefined): ListResponse {
  const resp = successResponse(op);
  const media = resp !== undefined ? preferredMediaType(resp.content) : undefined;
  if (resp === undefined || media?.schema === undefined) fail(op, 'a polling trigger needs a JSON success response holding the records');
  const path = itemsPath === undefined || itemsPath === '' ? [] : itemsPath.split('.');
  let s = mergeAllOf(ctx.api, media.schema);
  for (const key of path) {
    const prop = s.properties?.find((p) => p.name === key);
    if (prop === undefined) fail(op, `trigger.itemsPath '${itemsPath}': the response has no property '${key}'`);
    s = mergeAllOf(ctx.api, prop.schema);
  }
  if (s.type !== 'array' && s.items === undefined) fail(op, `trigger.itemsPath '${itemsPath ?? ''}' does not lead to an array in the response`);
  return { itemsPath: path, itemSchema: s.items ?? {}, status: resp.status, mediaType: media.mediaType, reason: `The records are at '${itemsPath ?? ''}' (override).` };
}

/** Path segments that name an action on a collection rather than the collection (`/tasks/search`). */
const COLLECTION_VERBS = /^(list|search|find|query|all|recent|latest|filter|lookup|browse|export|history|changes|feed|updated|created|new)$/i;
const NOISE = /^(v\d+(\.\d+)*|api|rest|public|private|internal)$/i;
/** The authenticated user's own collections: `/user/repos` are repos, not user repos. */
const SELF = /^(user|me|my|self|current|account|users)$/i;

/**
 * The resource a list endpoint returns, singular, and the parent it is nested under:
 * `/repos/{owner}/{repo}/issues` → issue in repo; `/tasks/search` → task; `/conversations.list` → conversation.
 */
export function resourceOf(path: string): { readonly resource: string[]; readonly parent?: string[] } {
  const segments = path.split('/').filter((s) => s !== '');
  const name = (seg: string): string[] => {
    // `/categories.json`, `/conversations.list`: the resource is before the dot.
    const base = seg.split('.')[0]!;
    const ws = words(base).map((w) => w.toLowerCase());
    if (ws.length > 0) ws[ws.length - 1] = singularize(ws[ws.length - 1]!);
    return ws;
  };
  let i = segments.length - 1;
  const isUsable = (seg: string): boolean => !seg.includes('{') && !NOISE.test(seg) && !COLLECTION_VERBS.test(seg.split('.')[0]!) && name(seg).length > 0;
  while (i >= 0 && !isUsable(segments[i]!)) i--;
  if (i < 0) return { resource: ['record'] };
  let resource = name(segments[i]!);
  // A static segment right before names the kind: `/code-scanning/alerts` → code scanning alert.
  const before = segments[i - 1];
  const compound = before !== undefined && isUsable(before) && !SELF.test(before);
  if (compound) resource = [...name(before), ...resource];
  // A parent only when a path parameter sits between: `/projects/{id}/tasks`, not `/user/repos`.
  let j = compound ? i - 2 : i - 1;
  let sawParam = false;
  while (j >= 0 && (segments[j]!.includes('{') || NOISE.test(segments[j]!))) {
    if (segments[j]!.includes('{')) sawParam = true;
    j--;
  }
  const parent = sawParam && j >= 0 && isUsable(segments[j]!) ? name(segments[j]!) : undefined;
  return parent !== undefined && parent.join(' ') !== resource.join(' ') ? { resource, parent } : { resource };
}

// --- Webhooks -------------------------------------------------------------------------------------------------

function payloadSchema(op: IrOperation): IrSchema | undefined {
  const rb = op.requestBody;
  return rb !== undefined ? preferredMediaType(rb.content)?.schema : undefined;
}

/** OAS 3.1 `webhooks`: the API calls a URL that the user registers outside the API. */
export function webhooksTriggers(ctx: PlanContext, webhook: IrWebhook, op: IrOperation, title: string | undefined, key: string | undefined): TriggerDraft {
  const schema = payloadSchema(op);
  const output = schema !== undefined ? payloadOf(ctx, schema, 'output') : { fields: [], json: { type: 'object' } };
  return {
    kind: 'webhook',
    key: key ?? safeIdentifier(webhook.name, 'trigger'),
    title: title ?? op.summary ?? humanize(webhook.name),
    ...(op.description !== undefined ? { description: op.description } : {}),
    source: 'webhooks',
    operation: { method: op.method, path: webhook.name, ...(op.operationId !== undefined ? { operationId: op.operationId } : {}) },
    inputFields: [],
    outputFields: output.fields,
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    outputSchema: output.json,
    reasons: [
      `OAS 3.1 webhook '${webhook.name}': the API sends ${op.method.toUpperCase()} requests to a URL registered outside the API (OAS 3.1 §4.8.1).`,
      schema !== undefined ? 'The output is the webhook request body.' : 'The webhook declares no body: the output is whatever arrives.',
    ],
  };
}

/** `{$request.body#/callbackUrl}` → body path; `{$request.query.url}` → parameter (OAS 3 §4.8.18 runtime expressions). */
export function parseCallbackExpression(expression: string): { readonly body: string[] } | { readonly param: string } | undefined {
  const m = /^\{\$request\.(body#(\/[^}]*)|query\.([^}]+)|header\.([^}]+))\}$/.exec(expression.trim());
  if (m === null) return undefined;
  if (m[2] !== undefined) {
    const keys = m[2]
      .split('/')
      .slice(1)
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    return keys.length > 0 ? { body: keys } : undefined;
  }
  return { param: (m[3] ?? m[4])! };
}

function callbackTriggers(ctx: PlanContext, a: ActionContext, cb: IrCallback): TriggerDraft[] {
  const where = parseCallbackExpression(cb.expression);
  if (where === undefined) {
    ctx.diagnostics.push({
      code: 'callback-url-unsupported',
      severity: 'info',
      message: `${a.op.id}: callback '${cb.name}' builds its URL from '${cb.expression}', which a trigger cannot fill in; no trigger is made for it.`,
      pointer: pointerJoin(a.op.pointer, 'callbacks', cb.name),
    });
    return [];
  }
  const urlField = 'body' in where ? where.body : [];
  const inputs = withoutUrlField(a, urlField, 'param' in where ? where.param : undefined);
  const unsub = pairWebhookUnsubscribe(a.op, ctx.api);
  return cb.operations.map((cbOp) => {
    const schema = payloadSchema(cbOp);
    const output = schema !== undefined ? payloadOf(ctx, schema, 'output') : { fields: [], json: { type: 'object' } };
    const trigger: Omit<PlanWebhookTrigger, 'typeName' | 'fileName'> = {
      kind: 'webhook',
      key: safeIdentifier(cb.name, 'trigger'),
      title: cbOp.summary ?? humanize(cb.name),
      ...(cbOp.description !== undefined ? { description: cbOp.description } : {}),
      source: 'callback',
      operation: operationRef(a.op),
      subscribe: {
        operation: operationRef(a.op),
        request: a.request,
        urlField,
        idPath: idPathOf(ctx, a.op),
        ...('param' in where ? { urlParam: where.param } : {}),
      },
      ...(unsub !== undefined ? { unsubscribe: { operation: operationRef(unsub.operation), request: a.requestOf(unsub.operation), idParam: unsub.idParam } } : {}),
      inputFields: inputs.map((e) => e.field),
      outputFields: output.fields,
      inputSchema: inputSchemaOf(inputs),
      outputSchema: output.json,
      reasons: [
        `${a.op.id} declares callback '${cb.name}' (${cb.expression}): subscribing calls it with the webhook URL.`,
        unsub !== undefined ? unsub.reason : 'No DELETE pairs with it: unsubscribing is left to the user.',
        schema !== undefined ? 'The output is the callback request body.' : 'The callback declares no body.',
      ],
    };
    return trigger;
  });
}

function subscriptionTrigger(ctx: PlanContext, a: ActionContext, sub: WebhookSubscription): TriggerDraft {
  let inputs = withoutUrlField(a, sub.urlField, undefined);
  let eventsField: { path: readonly string[]; field: string } | undefined;
  if (sub.eventsField !== undefined) {
    const wire = stripEnvelope(a.request, sub.eventsField.path);
    const index = wire.length === 1 ? inputs.findIndex((e) => e.field.location === 'body' && e.field.wire_name === wire[0]) : -1;
    if (index >= 0) {
      const entry = inputs[index]!;
      eventsField = { path: sub.eventsField.path, field: entry.field.name };
      const values = sub.eventsField.values;
      if (entry.field.pick_list === undefined && values !== undefined && values.length > 0) {
        const key = ctx.pickLists.register(values, 'events', `Event types of the ${a.op.id} subscription.`);
        if (key !== undefined) {
          const field = { ...entry.field, pick_list: key, control_type: entry.field.type === 'array' ? ('multiselect' as const) : ('select' as const) };
          inputs = inputs.map((e, i) => (i === index ? { ...e, field } : e));
        }
      }
    }
  }
  const unsub = pairWebhookUnsubscribe(a.op, ctx.api);
  const resource = subscriptionResource(a.op.path);
  return {
    kind: 'webhook',
    key: safeIdentifier(resource ? `${resource}_event` : 'webhook_event', 'trigger'),
    title: resource ? `${humanize(resource)} event` : 'Webhook event',
    ...(a.op.summary !== undefined ? { description: a.op.summary } : {}),
    source: 'subscription',
    operation: operationRef(a.op),
    subscribe: { operation: operationRef(a.op), request: a.request, urlField: sub.urlField, ...(eventsField !== undefined ? { eventsField } : {}), idPath: sub.idPath },
    ...(unsub !== undefined ? { unsubscribe: { operation: operationRef(unsub.operation), request: a.requestOf(unsub.operation), idParam: unsub.idParam } } : {}),
    inputFields: inputs.map((e) => e.field),
    outputFields: [],
    inputSchema: inputSchemaOf(inputs),
    outputSchema: { type: 'object' },
    reasons: [
      ...sub.reasons,
      unsub !== undefined ? unsub.reason : 'No DELETE pairs with it: unsubscribing is left to the user.',
      'The spec does not describe the notification payload: the output is whatever arrives.',
    ],
  };
}

/** Body path without the envelope the runtime adds (`['data', 'url']` with envelope `data` → `['url']`). */
function stripEnvelope(request: PlanRequest, path: readonly string[]): readonly string[] {
  const env = request.body?.envelope ?? [];
  return env.every((k, i) => path[i] === k) ? path.slice(env.length) : path;
}

/** The subscribe operation's inputs minus the one the trigger fills with its webhook URL. */
function withoutUrlField(a: ActionContext, urlField: readonly string[], urlParam: string | undefined): InputEntry[] {
  const wire = stripEnvelope(a.request, urlField);
  return a.entries.filter((e) => {
    if (urlParam !== undefined) return !(e.field.location !== 'body' && e.field.location !== undefined && e.field.wire_name === urlParam);
    return !(wire.length === 1 && e.field.location === 'body' && e.field.wire_name === wire[0]) && !(wire.length === 0 && e.field.location === 'body');
  });
}

/** Where a created subscription's id is: a top-level id-like property of the success response. */
function idPathOf(ctx: PlanContext, op: IrOperation): string[] {
  const resp = successResponse(op);
  const schema = resp !== undefined ? preferredMediaType(resp.content)?.schema : undefined;
  if (schema === undefined) return [];
  const props = mergeAllOf(ctx.api, schema).properties ?? [];
  const id = props.find((p) => /^(id|uuid|gid|subscription_?id|webhook_?id|hook_?id)$/i.test(p.name));
  return id !== undefined ? [id.name] : [];
}

const WEBHOOK_WORDS = /^(webhooks?|hooks?|subscriptions?|subscribe|notifications?|callbacks?|events?|listeners?|v\d+|api)$/i;

/** `/repos/{owner}/{repo}/hooks` → `repo`; `/webhooks` → undefined. */
function subscriptionResource(path: string): string | undefined {
  const statics = path.split('/').filter((s) => s !== '' && !s.includes('{'));
  for (let i = statics.length - 1; i >= 0; i--) {
    const seg = statics[i]!;
    if (WEBHOOK_WORDS.test(seg)) continue;
    const ws = words(seg).map((w) => w.toLowerCase());
    if (ws.length === 0) continue;
    ws[ws.length - 1] = singularize(ws[ws.length - 1]!);
    return snakeCase(ws.join('_'));
  }
  return undefined;
}
