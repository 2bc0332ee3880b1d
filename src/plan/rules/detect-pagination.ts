import type { IrApi, IrOperation } from '../../ir/types.js';
import type { PlanPagination } from '../types.js';
import type { ListResponse } from './index.js';

/** Pagination style of a list operation. */
export function detectPagination(op: IrOperation, _api: IrApi, _list: ListResponse): PlanPagination | undefined {
  const offset = op.parameters.find((p) => p.in === 'query' && p.name === 'offset');
  if (offset) return { style: 'offset', offsetParam: offset.name, reasons: ['Has an `offset` query parameter.'] };
  return undefined;
}
