import type { IrApi, IrOperation } from '../../ir/types.js';
import type { Naming } from './index.js';

/** Title and key of an operation. */
export function nameOperation(op: IrOperation, _api: IrApi): Naming {
  const raw = op.operationId ?? `${op.method} ${op.path}`;
  const words = raw.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase());
  const title = words.join(' ');
  return { title: title.charAt(0).toUpperCase() + title.slice(1), key: words.join('_'), reason: 'From the operation id or method and path.' };
}
