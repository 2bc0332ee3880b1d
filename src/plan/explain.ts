/**
 * `connector-gen explain <spec> <operation>`: what one operation became, why, and what would change it.
 */
import { UserError } from '../diagnostics.js';
import type { IrApi, IrOperation } from '../ir/types.js';
import { matchesSelector } from './overrides.js';
import { detectListResponse, detectPollTriggers, detectWebhookSubscription } from './rules/index.js';
import type { Plan, PlanOperationRef } from './types.js';

export interface Explanation {
  readonly operation: {
    readonly id: string;
    readonly method: string;
    readonly path: string;
    readonly operationId?: string;
    readonly tags: readonly string[];
    readonly pointer: string;
  };
  /** One line: what it became. */
  readonly became: string;
  readonly action?: {
    readonly key: string;
    readonly title: string;
    /** `name@location (wire name), optional`. */
    readonly inputs: readonly string[];
    readonly output: string;
    readonly reasons: readonly string[];
  };
  readonly triggers: readonly { readonly key: string; readonly title: string; readonly kind: string; readonly reasons: readonly string[] }[];
  /** Why it is not a trigger, when it is not one. */
  readonly notATrigger?: readonly string[];
  /** Why it was left out, when it was. */
  readonly skipped?: string;
  /** Other parts of the plan that use it (test request, pick lists, unsubscribe). */
  readonly usedBy: readonly string[];
  /** What would change the outcome: the override or spec change, spelled out. */
  readonly toChange: readonly string[];
}

function sameOp(ref: PlanOperationRef, op: IrOperation): boolean {
  return ref.method === op.method && ref.path === op.path;
}

export function explainOperation(plan: Plan, api: IrApi, selector: string): Explanation {
  const matches = api.operations.filter((op) => matchesSelector(op, selector));
  if (matches.length === 0) {
    const needle = selector.toLowerCase();
    const near = api.operations
      .filter((op) => (op.operationId ?? '').toLowerCase().includes(needle) || op.path.toLowerCase().includes(needle))
      .slice(0, 5)
      .map((op) => op.operationId ?? op.id);
    const message = `no operation matches '${selector}' (give an operationId or "METHOD /path")${near.length ? `; did you mean: ${near.join(', ')}?` : ''}`;
    throw new UserError(message, [{ code: 'unknown-operation', severity: 'error', message, pointer: '' }]);
  }
  const op = matches[0]!;
  const sel = op.operationId ?? `${op.method.toUpperCase()} ${op.path}`;
  const action = plan.actions.find((a) => sameOp(a.operation, op));
  const triggers = plan.triggers.filter((t) => sameOp(t.operation, op));
  const skipped = plan.skipped.find((s) => sameOp(s.operation, op));

  const usedBy: string[] = [];
  if (plan.test && plan.test.method === op.method && plan.test.path === op.path) usedBy.push(`the connection test (${plan.test.reasons.join(' ')})`);
  for (const p of plan.pickLists) if (p.kind === 'dynamic' && sameOp(p.operation, op)) usedBy.push(`dynamic pick list ${p.key}`);
  for (const t of plan.triggers) {
    if (t.kind === 'webhook' && t.unsubscribe && sameOp(t.unsubscribe.operation, op)) usedBy.push(`unsubscribe of webhook trigger ${t.key}`);
  }

  const toChange: string[] = [];
  let notATrigger: string[] | undefined;
  if (skipped !== undefined) {
    toChange.push(`Keep it: set operations["${sel}"].exclude: false in the config (wins over include/exclude filters), or remove x-connector-exclude from the operation.`);
  } else {
    toChange.push(`Rename it: x-connector-key / x-connector-title on the operation, or operations["${sel}"].key / .title in the config.`);
    toChange.push(`Leave it out: x-connector-exclude: true on the operation, or operations["${sel}"].exclude: true (or an exclude filter by tag or path) in the config.`);
    toChange.push(`Hide inputs or mark them advanced: operations["${sel}"].hidden / .advanced: [field] in the config, or x-connector-hidden / x-connector-advanced on the parameter or property.`);
    if (triggers.length > 0) {
      toChange.push(`Forbid its triggers: x-connector-trigger: false, or operations["${sel}"].trigger: false.`);
      for (const t of triggers) toChange.push(`Rename or drop trigger ${t.key}: triggers.${t.key}.key / .title / .exclude in the config.`);
    } else {
      notATrigger = whyNotATrigger(op, api);
      if (op.method === 'get') toChange.push(`Make it a polling trigger: operations["${sel}"].trigger: { kind: poll, since: <query parameter>${detectListResponse(op, api) ? '' : ', itemsPath: <path to the records>'} }.`);
      else toChange.push(`Make it a webhook trigger: operations["${sel}"].trigger: { kind: webhook, urlField: <body field that takes the URL> }.`);
    }
  }

  const parts: string[] = [];
  if (action) parts.push(`action ${action.key} ("${action.title}")`);
  for (const t of triggers) parts.push(`${t.kind === 'poll' ? 'polling' : 'webhook'} trigger ${t.key} ("${t.title}")`);
  const became = skipped !== undefined ? `nothing: ${skipped.reason}` : parts.join(', ') || 'nothing';

  return {
    operation: { id: op.id, method: op.method.toUpperCase(), path: op.path, ...(op.operationId !== undefined ? { operationId: op.operationId } : {}), tags: op.tags, pointer: op.pointer },
    became,
    ...(action
      ? {
          action: {
            key: action.key,
            title: action.title,
            inputs: action.inputFields.map(
              (f) => `${f.name}${f.location ? `@${f.location}` : ''}${f.wire_name && f.wire_name !== f.name ? ` (${f.wire_name})` : ''}: ${f.type}${f.optional ? ', optional' : ''}${f.advanced ? ', advanced' : ''}${f.pick_list ? `, pick list ${f.pick_list}` : ''}`,
            ),
            output: `${action.request.response.status} ${action.request.response.mediaType ?? ''} (${action.request.response.kind}${action.outputMode === 'records' ? ', { records }' : ''})`.replace('  ', ' '),
            reasons: action.reasons,
          },
        }
      : {}),
    triggers: triggers.map((t) => ({ key: t.key, title: t.title, kind: t.kind, reasons: t.reasons })),
    ...(notATrigger !== undefined ? { notATrigger } : {}),
    ...(skipped !== undefined ? { skipped: skipped.reason } : {}),
    usedBy,
    toChange,
  };
}

function whyNotATrigger(op: IrOperation, api: IrApi): string[] {
  if (op.method !== 'get') {
    const why = [`${op.method.toUpperCase()} is not a list: only GET list endpoints can poll.`];
    if (op.method === 'post') {
      why.push(
        detectWebhookSubscription(op, api) === undefined
          ? 'Its request body has no field that takes a callback URL, so it is not a webhook subscription.'
          : 'It looks like a webhook subscription, but an override forbids or replaces the trigger.',
      );
    }
    return why;
  }
  const list = detectListResponse(op, api);
  if (list === undefined) return ['Its success response is not a list of records (a single resource, or no array found).'];
  const candidates = detectPollTriggers(op, api, list);
  if (candidates.length === 0) {
    return [`It is a list endpoint (${list.reason}), but it has no way to ask what changed since a time (no since/updated_after/created[gte] filter, no sort by time).`];
  }
  return ['It qualifies as a polling trigger, but an override forbids it or drops it.'];
}
