import type { IrApi, IrOperation } from '../../ir/types.js';
import type { WebhookUnsubscribe } from './index.js';

/** The DELETE on `<subscribe path>/{id}`. */
export function pairWebhookUnsubscribe(subscribe: IrOperation, api: IrApi): WebhookUnsubscribe | undefined {
  for (const op of api.operations) {
    const m = op.method === 'delete' && op.path.startsWith(subscribe.path.replace(/\/$/, '') + '/{') ? /\{([^}]+)\}$/.exec(op.path) : null;
    if (m) return { operation: op, idParam: m[1]!, reason: `DELETE ${op.path} removes what ${subscribe.path} creates.` };
  }
  return undefined;
}
