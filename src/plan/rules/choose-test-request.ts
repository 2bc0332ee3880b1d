/**
 * Chooses the connection's test request: the cheapest safe GET that needs no input, so "test connection"
 * proves the credentials without side effects. Identity endpoints first (`/me`, `/user`, `/whoami`), then
 * small collections that take a limit, then any GET without required input. Never a mutating call, and
 * none at all rather than a bad one.
 */
import type { IrApi, IrOperation, IrParameter } from '../../ir/types.js';
import type { TestRequestChoice } from './index.js';
import { detectListResponse } from './detect-list-response.js';
import { isNoiseSegment, pathSegments, queryParams, successBody } from './schema-view.js';
import { splitWords, squash } from './words.js';

/** Identity endpoints, as the path after any version prefix (`/v1/me`, `/rest/api/3/myself`). */
const IDENTITY = /^(me|user|users\/me|users\/@me|users\/self|users\/current|user\/me|account|accounts\/me|whoami|self|profile|myself|current_?user|userinfo|user\/info|users\/current_?user|account\/info|auth\.test|members\/me|identity|tokeninfo|token\/info|oauth\/me|viewer)$/i;
/** Summaries that describe an identity endpoint whatever its path (`GET /` "Get account info"). */
const IDENTITY_TEXT = /^\s*((get|retrieve|fetch|show|return|view)s?( the| your| my)? (current|authenticated|logged[- ]in|calling) (user|account|member|identity)|(get|retrieve|fetch|show|return)s?( the| your)? (my|current) (account|profile)|(get|retrieve)s? account info(rmation)?|who ?am ?i|(check|test)s? auth(entication)?)\b/i;
const LIMIT_PARAMS = new Set(['limit', 'perpage', 'pagesize', 'count', 'top', 'maxresults', 'size', 'first', 'maxitems', 'pagelimit']);
/** GETs that change state or stream anyway (a GET `/logout` exists in the wild). */
const UNSAFE = /\b(logout|log_?out|signout|sign_?out|revoke|delete|remove|reset|purge|clear|destroy|unsubscribe|disconnect|deactivate|cancel|send|trigger|run|execute|stream|socket|websocket|download|export|sync|generate)\b/i;

interface Scored {
  readonly op: IrOperation;
  readonly tier: number;
  readonly why: string;
  readonly cost: number;
}

export function chooseTestRequest(api: IrApi): TestRequestChoice {
  const gets = api.operations.filter((o) => o.method === 'get');
  if (gets.length === 0) return { operation: undefined, reasons: ['The API has no GET operation, and a test request must not change anything.'] };
  const apiHasAuth = api.securitySchemes.length > 0;
  const credentials = new Set(api.securitySchemes.flatMap((s) => (s.type === 'apiKey' ? [s.paramName.toLowerCase()] : [])));
  if (apiHasAuth) for (const name of ['authorization', 'token', 'access_token', 'api_key', 'apikey', 'api-key', 'x-api-key', 'key']) credentials.add(name);
  const scored: Scored[] = [];
  const refused: string[] = [];
  for (const op of gets) {
    const blocker = blockingInput(op, credentials);
    if (blocker !== undefined) {
      refused.push(`${op.id} needs ${blocker}`);
      continue;
    }
    const words = op.path.replace(/\{[^}]*\}/g, '');
    if (UNSAFE.test(words.replace(/[-/]/g, ' ')) || UNSAFE.test(splitWords(op.operationId ?? '').join(' '))) {
      refused.push(`${op.id} may have side effects or return a stream`);
      continue;
    }
    const body = successBody(op);
    if (body !== undefined && !/json|\*\/\*|text\/plain/.test(body.media.mediaType)) {
      refused.push(`${op.id} returns ${body.media.mediaType}`);
      continue;
    }
    // A public GET proves nothing about the credentials.
    const isPublic = apiHasAuth && op.security.length === 0;
    const rel = relativePath(op.path);
    let tier: number;
    let why: string;
    if (IDENTITY.test(rel) || IDENTITY_TEXT.test(op.summary ?? '')) {
      tier = 0;
      why = `${op.id} is an identity endpoint: it returns who the credentials belong to`;
    } else if (detectListResponse(op, api) !== undefined && queryParams(op).some((p) => LIMIT_PARAMS.has(squash(p.name)))) {
      tier = 1;
      why = `${op.id} lists records and takes a limit, so it can be asked for one`;
    } else {
      tier = 2;
      why = `${op.id} needs no input`;
    }
    if (isPublic) {
      tier += 3;
      why += ', but it is public and so does not check the credentials';
    }
    if (op.deprecated) {
      tier += 3;
      why += ' (deprecated)';
    }
    scored.push({ op, tier, why, cost: pathSegments(op.path).length });
  }
  if (scored.length === 0) {
    return {
      operation: undefined,
      reasons: [`No safe GET can be called without input (${gets.length} GET operation${gets.length === 1 ? '' : 's'}): ${refused.slice(0, 3).join('; ')}${refused.length > 3 ? '; …' : ''}.`],
    };
  }
  // Stable: spec order breaks ties, so regeneration picks the same operation.
  const best = scored.reduce((a, b) => (b.tier < a.tier || (b.tier === a.tier && b.cost < a.cost) ? b : a));
  const limit = queryParams(best.op).find((p) => LIMIT_PARAMS.has(squash(p.name)));
  return {
    operation: best.op,
    reasons: [`${best.why}.`, ...(limit && best.tier % 3 === 1 ? [`Send \`${limit.name}=1\` to keep it cheap.`] : []), `Chosen from ${scored.length} safe GET operation${scored.length === 1 ? '' : 's'} without required input.`],
  };
}

/** What input a GET cannot do without: a path template or a required parameter without a default. */
function blockingInput(op: IrOperation, credentials: ReadonlySet<string>): string | undefined {
  // A required `token` header or `key` query parameter is the credential itself: the connection supplies it.
  const required = op.parameters.filter((p) => p.required && !hasFixedValue(p) && !(p.in !== 'path' && credentials.has(p.name.toLowerCase())));
  const first = required[0];
  if (first !== undefined) return `the ${first.in} parameter \`${first.name}\``;
  if (op.requestBody?.required === true) return 'a request body';
  return undefined;
}

function hasFixedValue(p: IrParameter): boolean {
  return p.schema.default !== undefined || p.schema.enum?.length === 1 || p.schema.const !== undefined;
}

/** The path without version/API prefix segments, lower-cased: `/v1/users/me` → `users/me`. */
function relativePath(path: string): string {
  const segments = pathSegments(path);
  let i = 0;
  while (i < segments.length - 1 && segments[i]!.param === undefined && isNoiseSegment(segments[i]!.text)) i++;
  return segments
    .slice(i)
    .map((s) => s.text)
    .join('/')
    .toLowerCase();
}
