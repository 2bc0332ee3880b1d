import { describe, expect, it } from 'vitest';
import { api, arr, bool, int, obj, op, ref, str } from './__fixtures__/ir-builders.js';
import { detectWebhookSubscription } from './detect-webhook-subscription.js';
import type { IrOperation, IrSchema } from '../../ir/types.js';
import type { WebhookSubscription } from './index.js';

const schemas: Record<string, IrSchema> = {
  Webhook: obj({ id: str(), url: str(), enabled_events: arr(str()) }),
  AsanaWebhook: obj({ data: obj({ gid: str(), target: str() }) }),
};

type Want = Omit<WebhookSubscription, 'reasons'> | undefined;

const table: [string, { given: IrOperation; want: Want }][] = [
  [
    'Stripe: url + enabled_events enum on /v1/webhook_endpoints (form body)',
    {
      given: op('POST /v1/webhook_endpoints', {
        bodyMediaType: 'application/x-www-form-urlencoded',
        body: obj({ 'url!': str(), 'enabled_events!': arr(str({ enum: ['charge.succeeded', 'charge.failed'] })), description: str() }),
        response: ref('Webhook'),
      }),
      want: { urlField: ['url'], eventsField: { path: ['enabled_events'], values: ['charge.succeeded', 'charge.failed'] }, idPath: ['id'] },
    },
  ],
  [
    'Asana: `target` described as a URL inside a `data` envelope; id is data.gid',
    {
      given: op('POST /webhooks', { body: obj({ data: obj({ resource: str(), target: str({ description: 'The URL to receive the HTTP POST.' }) }) }), response: ref('AsanaWebhook'), status: '201' }),
      want: { urlField: ['data', 'target'], idPath: ['data', 'gid'] },
    },
  ],
  [
    'GitHub: config.url, events without an enum',
    {
      given: op('POST /repos/{owner}/{repo}/hooks', { body: obj({ name: str(), config: obj({ url: str({ format: 'uri' }), content_type: str(), secret: str() }), events: arr(str()), active: bool() }), response: obj({ id: int() }) }),
      want: { urlField: ['config', 'url'], eventsField: { path: ['events'] }, idPath: ['id'] },
    },
  ],
  [
    'Zapier-style REST hook: target_url + event',
    { given: op('POST /hooks', { body: obj({ target_url: str(), event: str({ enum: ['new_contact'] }) }) }), want: { urlField: ['target_url'], eventsField: { path: ['event'], values: ['new_contact'] }, idPath: ['id'] } },
  ],
  [
    'Microsoft Graph: notificationUrl on /subscriptions (a weak word, a strong name)',
    { given: op('POST /subscriptions', { body: obj({ changeType: str(), notificationUrl: str(), resource: str(), expirationDateTime: str() }), response: obj({ id: str() }) }), want: { urlField: ['notificationUrl'], eventsField: { path: ['changeType'] }, idPath: ['id'] } },
  ],
  [
    'Box: address described as the notified URL, triggers enum',
    {
      given: op('POST /webhooks', { body: obj({ target: obj({ id: str(), type: str() }), address: str({ description: 'The URL that is notified by this webhook' }), triggers: arr(str({ enum: ['FILE.UPLOADED'] })) }), response: obj({ id: str() }) }),
      want: { urlField: ['address'], eventsField: { path: ['triggers'], values: ['FILE.UPLOADED'] }, idPath: ['id'] },
    },
  ],
  [
    'Google Drive watch: a channel address on a notifications tag',
    { given: op('POST /files/{fileId}/watch', { body: obj({ id: str(), type: str(), address: str({ description: 'The address where notifications are delivered for this channel.' }) }) }), want: { urlField: ['address'], idPath: ['id'] } },
  ],
  // Anti-examples.
  ['a billing /subscriptions endpoint without a callback URL field is not a webhook', { given: op('POST /v1/subscriptions', { body: obj({ customer: str(), items: arr(obj({ price: str() })) }), response: obj({ id: str() }) }), want: undefined }],
  ['a `url` on /links (a URL shortener) is not a webhook', { given: op('POST /links', { body: obj({ url: str({ format: 'uri' }), domain: str() }), response: obj({ id: str() }) }), want: undefined }],
  ['a calendar event with a url is not a webhook', { given: op('POST /calendars/{id}/events', { body: obj({ title: str(), url: str({ format: 'uri', description: 'Link to the event page' }) }) }), want: undefined }],
  ['a street address on /events is not a webhook', { given: op('POST /events', { body: obj({ name: str(), address: str({ description: 'Street address of the venue' }) }) }), want: undefined }],
  ['a status callback on a call is not a subscription endpoint', { given: op('POST /Accounts/{AccountSid}/Calls.json', { body: obj({ To: str(), StatusCallback: str({ format: 'uri' }) }) }), want: undefined }],
  ['an avatar_url on /webhooks is not the callback', { given: op('POST /webhooks', { body: obj({ name: str(), avatar_url: str({ format: 'uri' }) }) }), want: undefined }],
  ['Plaid: firing a sandbox webhook is not a subscription', { given: op('POST /sandbox/income/fire_webhook', { body: obj({ webhook: str({ description: 'The URL to which the webhook should be sent.' }) }) }), want: undefined }],
  ['Google: stopping a channel is not a subscription', { given: op('POST /channels/stop', { body: obj({ id: str(), address: str({ description: 'The address where notifications are delivered for this channel.' }) }) }), want: undefined }],
  ['Mandrill: /webhooks/update.json changes an existing hook', { given: op('POST /webhooks/update.json', { body: obj({ id: int(), url: str() }) }), want: undefined }],
  ['a GET is never a subscription', { given: op('GET /webhooks', { params: [] }), want: undefined }],
  ['POST /webhooks/{id} updates a hook', { given: op('POST /webhooks/{id}', { body: obj({ url: str() }) }), want: undefined }],
  ['a url field that is not a string', { given: op('POST /webhooks', { body: obj({ url: obj({ href: int() }) }) }), want: undefined }],
];

describe('detectWebhookSubscription', () => {
  it.each(table)('%s', (_name, { given, want }) => {
    const got = detectWebhookSubscription(given, api([given], schemas));
    if (want === undefined) expect(got).toBeUndefined();
    else {
      const { reasons, ...rest } = got ?? { reasons: [] };
      expect(rest).toEqual(want);
      expect(reasons.length).toBeGreaterThan(0);
    }
  });
});
