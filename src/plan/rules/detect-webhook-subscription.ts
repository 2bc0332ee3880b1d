/**
 * Detects webhook subscription endpoints: a POST whose request body has a field that takes the URL the API
 * will call back. The field is judged on its type (a string), its format (`uri`), its description and example,
 * and on the operation being about hooks/subscriptions/notifications — never on its name alone: a URL
 * shortener's `url` or a billing `/subscriptions` endpoint are not webhooks.
 */
import type { IrApi, IrOperation, IrSchema } from '../../ir/types.js';
import type { WebhookSubscription } from './index.js';
import { describedAs, endsWithParam, isArraySchema, isObjectSchema, lastStaticSegment, requestBodyMedia, successBody, view } from './schema-view.js';
import { splitWords, squash } from './words.js';

/** Names that are only ever a callback URL. */
const CALLBACK_NAMES = new Set(['callbackurl', 'callbackuri', 'callback', 'targeturl', 'webhookurl', 'webhookuri', 'notificationurl', 'notificationuri', 'notifyurl', 'hookurl', 'postbackurl', 'deliveryurl', 'receiverurl', 'listenerurl', 'pushurl', 'webhook', 'eventurl', 'eventsurl', 'subscriberurl', 'endpointurl', 'payloadurl', 'destinationurl']);
/** Names that take a callback URL only on a hook-ish operation and when the field says it is a URL. */
const GENERIC_NAMES = new Set(['url', 'uri', 'endpoint', 'address', 'target', 'destination']);
const EVENT_NAMES = ['events', 'enabledevents', 'eventtypes', 'eventtype', 'triggers', 'topics', 'topic', 'event', 'eventnames', 'subscribedevents', 'filters', 'changetype', 'actions', 'types'];
/** Words that make an operation about hooks; the weak ones also name billing plans, calendar events, chat channels. */
const STRONG_HOOK_WORDS = /^(hook|hooks|webhook|webhooks|subscribe|callback|callbacks|notification|notifications|notify|listener|listeners|watch|watches)$/;
const WEAK_HOOK_WORDS = /^(subscription|subscriptions|subscriber|subscribers|channel|channels|event|events|trigger|triggers|push|integration|integrations|endpoints)$/;
const NOT_SUBSCRIBING = /^(fire|test|tests|update|verify|verification|ping|pings|publish|send|trigger|execute|validate|preview|stop|delete|remove|info|list|get|read|search|query|historical|resend|retry|redeliver|replay|generate|rotate|enable|disable|complete|cancel|attempts|deliveries|unsubscribe|pause|resume)$/;
const URL_TEXT = /\b(webhooks?|callbacks?|notif(y|ied|ications?)|deliver(ed|y)?|post(ed)? to|events? (will be |are )?sent|http(s)? endpoint|subscri(ber|ption) url|payloads?)\b/;

export function detectWebhookSubscription(op: IrOperation, api: IrApi): WebhookSubscription | undefined {
  // `POST /webhooks/{id}` updates an existing hook; `/webhooks/update`, `/sandbox/fire_webhook`, `/channels/stop`
  // act on one.
  if (op.method !== 'post' || endsWithParam(op.path)) return undefined;
  const lastWords = splitWords(lastStaticSegment(op.path) ?? '');
  if (lastWords.some((w) => NOT_SUBSCRIBING.test(w))) return undefined;
  const media = requestBodyMedia(op);
  if (media?.schema === undefined) return undefined;
  const context = hookContext(op);
  if (context === undefined) return undefined;
  const fields = bodyFields(api, media.schema);
  let best: { field: BodyField; score: number; why: string } | undefined;
  for (const field of fields) {
    const judged = judgeUrlField(field, context.strong);
    if (judged !== undefined && (best === undefined || judged.score > best.score)) best = { field, ...judged };
  }
  if (best === undefined) return undefined;
  const container = best.field.path.slice(0, -1);
  const events = findEvents(api, fields, container);
  const idPath = createdIdPath(op, api);
  return {
    urlField: best.field.path,
    ...(events ? { eventsField: { path: events.path, ...(events.values ? { values: events.values } : {}) } } : {}),
    idPath: idPath.path,
    reasons: [
      `\`${best.field.path.join('.')}\` in the request body takes the callback URL (${best.why}), and the operation is about ${context.why}.`,
      ...(events ? [`\`${events.path.join('.')}\` chooses the events${events.values ? ` (${events.values.length} listed)` : ''}.`] : []),
      idPath.why,
    ],
  };
}

interface Context {
  readonly strong: boolean;
  readonly why: string;
}

/** What makes the operation about hooks: its path, tags, operationId or summary (strong words first). */
function hookContext(op: IrOperation): Context | undefined {
  const sources: [string, string][] = [
    ['path', op.path.replace(/\{[^}]*\}/g, '')],
    ['tags', op.tags.join(' ')],
    ['operationId', op.operationId ?? ''],
    ['summary', op.summary ?? ''],
  ];
  for (const pattern of [STRONG_HOOK_WORDS, WEAK_HOOK_WORDS]) {
    for (const [where, text] of sources) {
      const hit = splitWords(text).find((w) => pattern.test(w));
      if (hit !== undefined) return { strong: pattern === STRONG_HOOK_WORDS, why: `${hit} (${where})` };
    }
  }
  return undefined;
}

interface BodyField {
  readonly path: readonly string[];
  readonly schema: IrSchema;
  readonly required: boolean;
}

/** Body properties up to three levels deep (`url`, `data.target_url`, `data.attributes.url`, `config.url`). */
function bodyFields(api: IrApi, schema: IrSchema): BodyField[] {
  const out: BodyField[] = [];
  const walk = (s: IrSchema, path: readonly string[], seen: ReadonlySet<string>): void => {
    for (const prop of view(api, s).properties ?? []) {
      if (prop.schema.readOnly === true) continue;
      const here = [...path, prop.name];
      const v = view(api, prop.schema);
      out.push({ path: here, schema: v, required: prop.required });
      const refName = prop.schema.ref;
      if (here.length < 3 && isObjectSchema(v) && (refName === undefined || !seen.has(refName))) walk(prop.schema, here, refName ? new Set([...seen, refName]) : seen);
    }
  };
  walk(schema, [], new Set());
  return out;
}

function judgeUrlField(field: BodyField, strongContext: boolean): { score: number; why: string } | undefined {
  const s = field.schema;
  if (s.type !== 'string' && !(s.type === undefined && (s.format === 'uri' || s.format === 'url'))) return undefined;
  if (s.enum !== undefined) return undefined;
  const name = field.path[field.path.length - 1]!;
  const key = squash(name);
  const text = describedAs(s);
  const uriFormat = s.format === 'uri' || s.format === 'url' || s.format === 'iri' || s.format === 'uri-reference';
  const urlExample = typeof s.example === 'string' && /^https?:\/\//.test(s.example);
  const saysCallback = URL_TEXT.test(text);
  const saysUrl = /\b(url|uri|https?)\b/.test(text);
  const evidence = [uriFormat && 'format uri', urlExample && 'example is a URL', saysCallback && 'described as a callback', saysUrl && !saysCallback && 'described as a URL'].filter((e): e is string => typeof e === 'string');
  const score = (base: number): number => base + evidence.length + (field.required ? 1 : 0) - field.path.length * 0.1;
  const strongName = CALLBACK_NAMES.has(key) || (/(callback|webhook|hook|notif)/.test(key) && /(url|uri|endpoint|address)$/.test(key));
  if (strongName) return { score: score(3), why: [`named \`${name}\``, ...evidence].join(', ') };
  let accepted: boolean;
  if (GENERIC_NAMES.has(key)) {
    // On a webhooks endpoint a bare `url` is the callback; `address`/`target` must say they are URLs.
    // Elsewhere (`/subscriptions`, `/events`) the field must say it is where notifications go.
    accepted = strongContext ? key === 'url' || key === 'uri' || evidence.length > 0 : saysCallback;
  } else {
    // `image_url`, `redirect_url`…: only when described as the callback.
    accepted = /(url|uri)$/.test(key) && saysCallback && !NOT_CALLBACK.test(key);
  }
  if (!accepted) return undefined;
  return { score: score(1), why: [`named \`${name}\``, ...(evidence.length ? evidence : ['on a webhooks endpoint'])].join(', ') };
}

const NOT_CALLBACK = /^(image|icon|avatar|logo|photo|picture|thumbnail|redirect|return|success|cancel|failure|website|homepage|home|privacy|terms|support|download|upload|file|source|repo|repository|git|clone|html|api|base|server|proxy|short|long|original|feed|rss|profile|reference|external|docs|documentation)/;

function findEvents(api: IrApi, fields: readonly BodyField[], container: readonly string[]): { path: readonly string[]; values?: readonly string[] } | undefined {
  const candidates = fields.filter((f) => EVENT_NAMES.includes(squash(f.path[f.path.length - 1]!)));
  const near = (f: BodyField): number => (f.path.length - 1 === container.length && container.every((k, i) => f.path[i] === k) ? 0 : f.path.length);
  const ranked = candidates
    .filter((f) => f.schema.type === 'string' || isArraySchema(f.schema))
    .sort((a, b) => near(a) - near(b) || EVENT_NAMES.indexOf(squash(a.path[a.path.length - 1]!)) - EVENT_NAMES.indexOf(squash(b.path[b.path.length - 1]!)));
  const best = ranked[0];
  if (best === undefined) return undefined;
  const enumOf = isArraySchema(best.schema) ? view(api, best.schema.items).enum : best.schema.enum;
  const values = (enumOf ?? []).filter((v): v is string => typeof v === 'string');
  // Generic names (`types`, `actions`, `filters`) count only with enumerated values.
  if (values.length === 0 && ['filters', 'actions', 'types'].includes(squash(best.path[best.path.length - 1]!))) return undefined;
  return values.length > 0 ? { path: best.path, values } : { path: best.path };
}

/** Where the created subscription's id is in the response: `id`, or `id` inside an envelope. */
function createdIdPath(op: IrOperation, api: IrApi): { path: readonly string[]; why: string } {
  const body = successBody(op);
  const ids = ['id', 'gid', 'uuid', 'sid', 'key', 'webhookid', 'subscriptionid', 'hookid', 'webhookuuid', 'subscriptionuuid'];
  if (body !== undefined) {
    const top = view(api, body.schema).properties ?? [];
    for (const id of ids) {
      const hit = top.find((p) => squash(p.name) === id);
      if (hit !== undefined) return { path: [hit.name], why: `The response's \`${hit.name}\` identifies the subscription for unsubscribing.` };
    }
    for (const outer of top) {
      const inner = view(api, outer.schema);
      if (!isObjectSchema(inner)) continue;
      for (const id of ids) {
        const hit = (inner.properties ?? []).find((p) => squash(p.name) === id);
        if (hit !== undefined) return { path: [outer.name, hit.name], why: `The response's \`${outer.name}.${hit.name}\` identifies the subscription for unsubscribing.` };
      }
    }
  }
  return { path: ['id'], why: 'The response does not describe an id; `id` is assumed.' };
}
