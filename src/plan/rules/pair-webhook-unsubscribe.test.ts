import { describe, expect, it } from 'vitest';
import { api, obj, op, str } from './__fixtures__/ir-builders.js';
import { pairWebhookUnsubscribe } from './pair-webhook-unsubscribe.js';
import type { IrOperation } from '../../ir/types.js';

const body = { body: obj({ url: str() }) };

const table: [string, { given: { subscribe: IrOperation; others: IrOperation[] }; want: { path: string; idParam: string } | undefined }][] = [
  ['the DELETE on <subscribe path>/{id}', { given: { subscribe: op('POST /webhooks', body), others: [op('GET /webhooks/{webhook_id}'), op('DELETE /webhooks/{webhook_id}')] }, want: { path: '/webhooks/{webhook_id}', idParam: 'webhook_id' } }],
  ['parent parameters may be named differently', { given: { subscribe: op('POST /repos/{owner}/{repo}/hooks', body), others: [op('DELETE /repos/{owner_name}/{repo}/hooks/{hook_id}')] }, want: { path: '/repos/{owner_name}/{repo}/hooks/{hook_id}', idParam: 'hook_id' } }],
  ['a singular resource path', { given: { subscribe: op('POST /hooks', body), others: [op('DELETE /hook/{id}')] }, want: { path: '/hook/{id}', idParam: 'id' } }],
  ['a subscribe verb segment is dropped', { given: { subscribe: op('POST /webhooks/subscribe', body), others: [op('DELETE /webhooks/{id}')] }, want: { path: '/webhooks/{id}', idParam: 'id' } }],
  ['the exact path wins over a loose match', { given: { subscribe: op('POST /hooks', body), others: [op('DELETE /hook/{id}'), op('DELETE /hooks/{id}')] }, want: { path: '/hooks/{id}', idParam: 'id' } }],
  // Anti-examples.
  ['a DELETE of another resource is not the unsubscribe', { given: { subscribe: op('POST /webhooks', body), others: [op('DELETE /users/{id}')] }, want: undefined }],
  ['a DELETE with two more segments is a sub-resource', { given: { subscribe: op('POST /webhooks', body), others: [op('DELETE /webhooks/{id}/deliveries/{delivery_id}')] }, want: undefined }],
  ['a DELETE on the collection itself takes no id', { given: { subscribe: op('POST /webhooks', body), others: [op('DELETE /webhooks')] }, want: undefined }],
];

describe('pairWebhookUnsubscribe', () => {
  it.each(table)('%s', (_name, { given, want }) => {
    const got = pairWebhookUnsubscribe(given.subscribe, api([given.subscribe, ...given.others]));
    expect(got && { path: got.operation.path, idParam: got.idParam }).toEqual(want);
    if (got) expect(got.reason).toContain(got.idParam);
  });
});
