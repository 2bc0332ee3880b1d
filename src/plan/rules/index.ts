/**
 * The heuristics of the plan stage: one rule per file in this folder, each a small pure function over the IR.
 * The plan builder calls them only through this index, so the contract below is all it relies on.
 */
import type { IrApi, IrOperation, IrSchema } from '../../ir/types.js';
import type { ControlType, PlanPagination } from '../types.js';

export interface ListResponse {
  /** Keys from the response body to the array of records; `[]` when the body is the array. */
  readonly itemsPath: readonly string[];
  /** The schema of one record (may be `{ ref }`). */
  readonly itemSchema: IrSchema;
  /** Status and media type of the response that holds it. */
  readonly status: string;
  readonly mediaType: string;
  readonly reason: string;
}

export interface PollTriggerCandidate {
  readonly mode: 'new' | 'new_or_updated';
  readonly since: {
    readonly param: string;
    readonly format: 'date-time' | 'date' | 'unix' | 'unix_ms';
    readonly via: 'filter' | 'sort';
  };
  readonly sort?: { readonly param: string; readonly value: string };
  /** Record id field (for dedup); `id` when nothing better is known. */
  readonly idField: string;
  /** Record time field (`created_at`, `updated_at`, …) when the record schema has one. */
  readonly timeField?: string;
  readonly reasons: readonly string[];
}

export interface WebhookSubscription {
  /** Keys in the request body to the callback-URL field. */
  readonly urlField: readonly string[];
  /** Keys in the request body to the event filter, and its allowed values when enumerated. */
  readonly eventsField?: { readonly path: readonly string[]; readonly values?: readonly string[] };
  /** Keys in the response body to the created subscription's id. */
  readonly idPath: readonly string[];
  readonly reasons: readonly string[];
}

export interface WebhookUnsubscribe {
  readonly operation: IrOperation;
  /** Path parameter of the DELETE that takes the subscription id. */
  readonly idParam: string;
  readonly reason: string;
}

export type TestRequestChoice =
  | { readonly operation: IrOperation; readonly reasons: readonly string[] }
  | { readonly operation: undefined; readonly reasons: readonly string[] };

export interface DynamicPickListLink {
  /** The list operation whose records fill the pick list. */
  readonly operation: IrOperation;
  readonly list: ListResponse;
  readonly labelField: string;
  readonly valueField: string;
  /** Path/query parameters of the list operation that need a parent id (dependent pick list), by name. */
  readonly parentParams: readonly string[];
  readonly reason: string;
}

export interface Naming {
  /** "Create pet", "List pets", "Search tasks". */
  readonly title: string;
  /** snake_case key, before uniqueness is enforced. */
  readonly key: string;
  readonly reason: string;
}

export { detectListResponse } from './detect-list-response.js';
export { detectPagination } from './detect-pagination.js';
export { detectPollTriggers } from './detect-poll-triggers.js';
export { detectWebhookSubscription } from './detect-webhook-subscription.js';
export { pairWebhookUnsubscribe } from './pair-webhook-unsubscribe.js';
export { chooseTestRequest } from './choose-test-request.js';
export { linkDynamicPickList } from './link-dynamic-pick-list.js';
export { nameOperation } from './name-operation.js';
export { controlTypeFor } from './control-type.js';

/** Signatures, for reference:
 *  detectListResponse(op: IrOperation, api: IrApi): ListResponse | undefined
 *  detectPagination(op: IrOperation, api: IrApi, list: ListResponse): PlanPagination | undefined
 *  detectPollTriggers(op: IrOperation, api: IrApi, list: ListResponse): readonly PollTriggerCandidate[]
 *  detectWebhookSubscription(op: IrOperation, api: IrApi): WebhookSubscription | undefined
 *  pairWebhookUnsubscribe(subscribe: IrOperation, api: IrApi): WebhookUnsubscribe | undefined
 *  chooseTestRequest(api: IrApi): TestRequestChoice
 *  linkDynamicPickList(fieldName: string, schema: IrSchema, op: IrOperation, api: IrApi): DynamicPickListLink | undefined
 *  nameOperation(op: IrOperation, api: IrApi): Naming
 *  controlTypeFor(name: string, schema: IrSchema, api: IrApi): ControlType | undefined
 */
export type RuleSignatures = {
  detectListResponse: (op: IrOperation, api: IrApi) => ListResponse | undefined;
  detectPagination: (op: IrOperation, api: IrApi, list: ListResponse) => PlanPagination | undefined;
  detectPollTriggers: (op: IrOperation, api: IrApi, list: ListResponse) => readonly PollTriggerCandidate[];
  detectWebhookSubscription: (op: IrOperation, api: IrApi) => WebhookSubscription | undefined;
  pairWebhookUnsubscribe: (subscribe: IrOperation, api: IrApi) => WebhookUnsubscribe | undefined;
  chooseTestRequest: (api: IrApi) => TestRequestChoice;
  linkDynamicPickList: (fieldName: string, schema: IrSchema, op: IrOperation, api: IrApi) => DynamicPickListLink | undefined;
  nameOperation: (op: IrOperation, api: IrApi) => Naming;
  controlTypeFor: (name: string, schema: IrSchema, api: IrApi) => ControlType | undefined;
};
