/**
 * Pairs a webhook subscription with the DELETE that removes what it created: `<subscribe path>/{id}`, or
 * the same resource written singular/plural or without a trailing verb (`POST /webhooks/subscribe` →
 * `DELETE /webhooks/{id}`), with exactly one id parameter more than the subscription's own path.
 */
import type { IrApi, IrOperation } from '../../ir/types.js';
import type { WebhookUnsubscribe } from './index.js';
import { pathSegments, type PathSegment } from './schema-view.js';
import { sameResource } from './words.js';

const VERB_SEGMENTS = /^(subscribe|subscriptions?\.create|create|register|add|new)$/i;

export function pairWebhookUnsubscribe(subscribe: IrOperation, api: IrApi): WebhookUnsubscribe | undefined {
  const base = pathSegments(subscribe.path);
  const trimmed = base.length > 1 && base[base.length - 1]!.param === undefined && VERB_SEGMENTS.test(base[base.length - 1]!.text) ? base.slice(0, -1) : undefined;
  let best: { op: IrOperation; idParam: string; rank: number } | undefined;
  for (const op of api.operations) {
    if (op.method !== 'delete') continue;
    const segments = pathSegments(op.path);
    const last = segments[segments.length - 1];
    if (last?.param === undefined) continue;
    const parent = segments.slice(0, -1);
    let rank: number | undefined;
    if (sameSegments(parent, base, false)) rank = 0;
    else if (sameSegments(parent, base, true)) rank = 1;
    else if (trimmed !== undefined && sameSegments(parent, trimmed, true)) rank = 2;
    if (rank !== undefined && (best === undefined || rank < best.rank)) best = { op, idParam: last.param, rank };
  }
  if (best === undefined) return undefined;
  const how = ['is the subscription path plus an id', 'names the same resource plus an id', 'is the subscription resource without its verb, plus an id'][best.rank];
  return { operation: best.op, idParam: best.idParam, reason: `DELETE ${best.op.path} ${how}: it removes the subscription by \`${best.idParam}\`.` };
}

/** Equal segment lists; parameters match any parameter; `loose` lets static segments differ in number. */
function sameSegments(a: readonly PathSegment[], b: readonly PathSegment[], loose: boolean): boolean {
  if (a.length !== b.length) return false;
  return a.every((s, i) => {
    const t = b[i]!;
    if (s.param !== undefined || t.param !== undefined) return s.param !== undefined && t.param !== undefined;
    return loose ? sameResource(s.text, t.text) : s.text === t.text;
  });
}
