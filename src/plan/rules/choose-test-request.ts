import type { IrApi } from '../../ir/types.js';
import type { TestRequestChoice } from './index.js';

/** The cheapest safe GET with no required input. */
export function chooseTestRequest(api: IrApi): TestRequestChoice {
  const op = api.operations.find((o) => o.method === 'get' && !o.parameters.some((p) => p.required));
  if (!op) return { operation: undefined, reasons: ['No GET operation without required input.'] };
  return { operation: op, reasons: [`${op.id} needs no input.`] };
}
