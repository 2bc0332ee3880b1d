import type { IrApi, IrOperation } from '../../ir/types.js';
import type { WebhookSubscription } from './index.js';

/** A POST that registers a callback URL. */
export function detectWebhookSubscription(op: IrOperation, _api: IrApi): WebhookSubscription | undefined {
  if (op.method !== 'post' || !/hook/i.test(op.path)) return undefined;
  const body = op.requestBody?.content[0]?.schema;
  const url = body?.properties?.find((p) => /^(url|callback_url|target_url)$/.test(p.name));
  if (!url) return undefined;
  return { urlField: [url.name], idPath: ['id'], reasons: [`\`${url.name}\` takes the callback URL.`] };
}
